import { Netmask } from 'netmask';
import { ipToString } from '../wire/ipv4.js';
import { formatDuration } from './duration.js';
import { ConfigError, issueLine } from './errors.js';
import type { CircuitIdFormat, Config, HostPort, SubnetConfig } from './types.js';

/**
 * What `check-config` and start-up print: the problems of a file, or a short
 * summary of a good one. Neither ever shows the API key.
 */

/** `FILE: N problems`, then one indented `path: problem (line L)` per problem. */
export function formatConfigError(err: unknown, file: string): string {
  if (!(err instanceof ConfigError)) {
    const message = err instanceof Error ? err.message : String(err);
    return `${file}: 1 problem\n  ${message}`;
  }
  const count = err.issues.length;
  const lines = err.issues.map((issue) => `  ${issueLine(issue)}${issue.line === undefined ? '' : ` (line ${issue.line})`}`);
  return [`${file}: ${count} ${count === 1 ? 'problem' : 'problems'}`, ...lines].join('\n');
}

const KEY_SOURCES: Readonly<Record<Config['userside']['keySource'], string>> = {
  key: 'written in the config (userside.key)',
  key_file: 'read from a file (userside.key_file)',
  env: 'from the environment (USERSIDE_API_KEY)',
  none: 'not found (not needed by this command)',
};

/** A few lines describing what the daemon will do with this configuration. */
export function describeConfig(cfg: Config): string[] {
  const { userside: u, dhcp: d } = cfg;
  return [
    `UserSide: ${urlWithoutSecrets(u.url)}, sync every ${formatDuration(u.syncIntervalMs)}, timeout ${formatDuration(u.timeoutMs)}, switch list: ${u.devices}`,
    `API key: ${KEY_SOURCES[u.keySource]}`,
    `DHCP: listen on ${d.listen.map(hostPort).join(', ')}, server id ${ipToString(d.serverId)}, ${d.authoritative ? 'authoritative' : 'not authoritative'}`,
    `match: ${d.match}; option 82: circuit-id ${circuitId(d.option82.circuitId)}, remote-id ${d.option82.remoteId}`,
    `trusted relays: ${d.trustedRelays.length === 0 ? 'none (option 82 is ignored on every packet)' : d.trustedRelays.map((c) => c.text).join(', ')}`,
    ...d.subnets.map((s) => `subnet ${subnetLine(s, d.leaseTime)}`),
    `write-back to UserSide: ${cfg.writeback.enabled ? `on, at most ${cfg.writeback.maxPerSecond}/s` : 'off (logged only)'}`,
    `state dir: ${cfg.stateDir}`,
    `admin HTTP: ${hostPort(cfg.admin.listen)}; log level: ${cfg.log.level}`,
  ];
}

function subnetLine(s: SubnetConfig, defaultLease: number): string {
  // The CIDR is validated strictly at load; netmask only does the arithmetic.
  const block = new Netmask(s.cidr.text);
  const parts = [`${s.cidr.text} (hosts ${block.first}-${block.last}, broadcast ${block.broadcast})`, `routers ${list(s.routers)}`, `dns ${list(s.dns)}`];
  if (s.domain !== undefined) parts.push(`domain ${s.domain}`);
  parts.push(`lease ${s.leaseTime ?? defaultLease}s`);
  if (s.options.size > 0) parts.push(`options ${[...s.options.keys()].join(', ')}`);
  return parts.join(', ');
}

const list = (ips: readonly number[]): string => (ips.length === 0 ? 'none' : ips.map(ipToString).join(' '));
const hostPort = (hp: HostPort): string => `${hp.host}:${hp.port}`;
const circuitId = (f: CircuitIdFormat): string => (f.kind === 'regex' ? `regex ${f.regex}` : f.kind);

/** Scheme, host and path only: no user:password, no query. */
function urlWithoutSecrets(text: string): string {
  try {
    const url = new URL(text);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
