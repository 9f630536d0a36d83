import type { ApiKey } from './api-key.js';
import type { ConfigFile } from './schema.js';
import type { Config } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The validated file (snake_case, as written) → the `Config` the daemon uses. */
export function toConfig(file: ConfigFile, apiKey: ApiKey, env: Env): Config {
  const { userside: u, dhcp: d } = file;
  return {
    userside: {
      url: u.url,
      key: apiKey.key,
      keySource: apiKey.source,
      syncIntervalMs: u.sync_interval,
      timeoutMs: u.timeout,
      maxShrink: u.max_shrink,
      devices: u.devices,
      fields: u.fields,
      maxResponseBytes: u.max_response_bytes,
    },
    dhcp: {
      listen: d.listen,
      serverId: d.server_id,
      authoritative: d.authoritative,
      match: d.match,
      trustedRelays: d.trusted_relays,
      option82: { circuitId: d.option82.circuit_id, remoteId: d.option82.remote_id },
      leaseTime: d.lease_time,
      subnets: d.subnets.map((s) => ({
        cidr: s.cidr,
        routers: s.routers,
        dns: s.dns,
        ...(s.domain === undefined ? {} : { domain: s.domain }),
        ...(s.lease_time === undefined ? {} : { leaseTime: s.lease_time }),
        options: s.options,
      })),
      clientPort: d.client_port,
      broadcastAddress: d.broadcast_address,
    },
    writeback: { enabled: file.writeback.enabled, maxPerSecond: file.writeback.max_per_second },
    stateDir: file.state_dir ?? defaultStateDir(env),
    admin: { listen: file.admin.listen, staleAfterMs: file.admin.stale_after },
    log: { level: file.log.level },
  };
}

/** systemd's StateDirectory= sets STATE_DIRECTORY (colon-separated when several). */
function defaultStateDir(env: Env): string {
  const first = env['STATE_DIRECTORY']?.split(':')[0];
  return first !== undefined && first !== '' ? first : './state';
}
