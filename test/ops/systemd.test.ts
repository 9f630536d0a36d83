/**
 * The systemd unit (`systemd/userside-dhcpd.service`, SPEC §8): `systemd-analyze
 * verify` must be clean, `systemd-analyze security --offline=true` must rate it at
 * an overall exposure of 2.0 or less, and the unit must keep the properties the
 * daemon and the operator rely on. Needs `systemd-analyze` from the Debian package
 * `systemd` (`npm run test:ops`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, EXIT } from '../../src/cli/io.js';
import { DEFAULT_KEY_FILE } from '../../src/config/api-key.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const UNIT = join(ROOT, 'systemd', 'userside-dhcpd.service');
const MAX_EXPOSURE = 2.0;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs systemd-analyze; a missing binary fails the test (never skips) and names the package. */
function systemdAnalyze(args: readonly string[]): Run {
  const r = spawnSync('systemd-analyze', args, {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, SYSTEMD_COLORS: '0', SYSTEMD_PAGER: 'cat', SYSTEMD_LOG_COLOR: '0' },
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new Error('systemd-analyze not found: install the Debian package "systemd" (apt-get install systemd)');
    }
    throw r.error;
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const show = (r: Run): string => `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** section -> key -> every assigned value, in order (systemd allows repeated keys). */
type Unit = Map<string, Map<string, string[]>>;

function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  // Backslash-newline continues a line.
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = new Map();
      unit.set(header[1] as string, section);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || !section) throw new Error(`unparsable unit line: ${raw}`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    section.set(key, [...(section.get(key) ?? []), value]);
  }
  return unit;
}

const unit = parseUnit(readFileSync(UNIT, 'utf8'));
const service = unit.get('Service') ?? new Map<string, string[]>();
/** All values of a [Service] key. */
const all = (key: string): string[] => service.get(key) ?? [];
/** The single value of a [Service] key (fails when absent or repeated). */
function one(key: string): string {
  const values = all(key);
  expect(values, `[Service] ${key}= must be set exactly once`).toHaveLength(1);
  return values[0] as string;
}
const isTrue = (v: string | undefined): boolean => v !== undefined && /^(yes|true|on|1)$/i.test(v);

describe('systemd unit: systemd-analyze', () => {
  it('verify is clean (no output on stderr, exit 0)', () => {
    const r = systemdAnalyze(['verify', UNIT]);
    expect(r.stderr, show(r)).toBe('');
    expect(r.status, show(r)).toBe(0);
  });

  it(`security --offline=true: overall exposure <= ${MAX_EXPOSURE}`, () => {
    const r = systemdAnalyze(['security', '--offline=true', '--no-pager', UNIT]);
    expect(r.status, show(r)).toBe(0);
    const m = /Overall exposure level for \S+: (\d+(?:\.\d+)?)/.exec(r.stdout);
    expect(m, `no "Overall exposure level" in:\n${show(r)}`).not.toBeNull();
    const exposure = Number((m as RegExpExecArray)[1]);
    const open = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('✗'))
      .map((l) => `  ${l.replace(/\s{2,}/g, '  ').trim()}`);
    console.log(`systemd-analyze security: overall exposure ${exposure} (max ${MAX_EXPOSURE})\n${open.join('\n')}`);
    expect(exposure).toBeLessThanOrEqual(MAX_EXPOSURE);
  });
});

describe('systemd unit: properties', () => {
  it('runs as a non-root user', () => {
    const dynamic = isTrue(all('DynamicUser').at(-1));
    const user = all('User').at(-1);
    expect(dynamic || user !== undefined, 'DynamicUser=yes or User= must be set').toBe(true);
    if (user !== undefined) expect(['root', '0']).not.toContain(user);
    expect(all('Group').filter((g) => g === 'root' || g === '0')).toEqual([]);
  });

  it('holds CAP_NET_BIND_SERVICE and nothing else', () => {
    expect(all('CapabilityBoundingSet')).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(all('AmbientCapabilities')).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(isTrue(all('NoNewPrivileges').at(-1)) || isTrue(all('DynamicUser').at(-1))).toBe(true);
  });

  it('gets a state directory (exported as $STATE_DIRECTORY) and a configuration directory', () => {
    expect(one('StateDirectory')).toBe('userside-dhcpd');
    expect(one('ConfigurationDirectory')).toBe('userside-dhcpd');
  });

  it('reads the config the daemon defaults to, from its ConfigurationDirectory', () => {
    const exec = one('ExecStart').split(/\s+/);
    expect(exec.slice(0, 2)).toEqual(['/usr/bin/node', '/opt/userside-dhcpd/dist/cli/bin.js']);
    expect(existsSync(join(ROOT, 'src/cli/bin.ts')), 'dist/cli/bin.js is built from src/cli/bin.ts').toBe(true);
    expect(exec.slice(2)).toEqual(['run', '--config', DEFAULT_CONFIG]);
    expect(dirname(DEFAULT_CONFIG)).toBe(`/etc/${one('ConfigurationDirectory')}`);
  });

  it("passes the API key with LoadCredential= where the daemon's default key_file looks", () => {
    const [name, source] = one('LoadCredential').split(':');
    expect(source).toBe('/etc/userside-dhcpd/userside-api-key');
    // systemd puts credential NAME of unit U at /run/credentials/U/NAME.
    expect(DEFAULT_KEY_FILE).toBe(`/run/credentials/${basename(UNIT)}/${name}`);
  });

  it('is Type=notify with NotifyAccess=all (readiness comes from a systemd-notify child)', () => {
    expect(one('Type')).toBe('notify');
    expect(one('NotifyAccess')).toBe('all');
    expect(one('TimeoutStartSec')).toMatch(/^\d+(min|m)$/);
  });

  it('restarts on failure, reloads with SIGHUP, stops with SIGTERM', () => {
    expect(one('Restart')).toBe('on-failure');
    expect(one('RestartSec')).toMatch(/^\d+s?$/);
    expect(one('RestartPreventExitStatus').split(/\s+/).map(Number).sort()).toEqual([EXIT.usage, EXIT.config].sort());
    expect(one('ExecReload')).toBe('/bin/kill -HUP $MAINPID');
    expect(one('KillSignal')).toBe('SIGTERM');
  });

  it('keeps what Node.js needs: JIT memory, the notify socket, IPv4, memory protection keys', () => {
    expect(all('MemoryDenyWriteExecute').filter(isTrue)).toEqual([]);
    const families = all('RestrictAddressFamilies').join(' ').split(/\s+/);
    expect(families).toEqual(expect.arrayContaining(['AF_INET', 'AF_UNIX']));
    expect(families.some((f) => f.startsWith('~'))).toBe(false);
    const filters = all('SystemCallFilter');
    expect(filters[0]?.split(/\s+/)).toEqual(expect.arrayContaining(['@system-service', '@pkey']));
    expect(one('SystemCallErrorNumber')).toBe('EPERM');
    // A user namespace takes CAP_NET_BIND_SERVICE away from the host's network: no port 67.
    expect(all('PrivateUsers').filter(isTrue)).toEqual([]);
    expect(all('PrivateNetwork').filter(isTrue)).toEqual([]);
    // DHCP clients and relays come from anywhere.
    expect(all('IPAddressDeny')).toEqual([]);
  });

  it('has the hardening the exposure figure rests on', () => {
    expect(one('ProtectSystem')).toBe('strict');
    for (const key of [
      'ProtectHome',
      'PrivateTmp',
      'PrivateDevices',
      'ProtectKernelTunables',
      'ProtectKernelModules',
      'ProtectKernelLogs',
      'ProtectControlGroups',
      'ProtectClock',
      'ProtectHostname',
      'RestrictNamespaces',
      'RestrictRealtime',
      'RestrictSUIDSGID',
      'LockPersonality',
    ]) {
      expect(isTrue(one(key)), `${key}=yes`).toBe(true);
    }
    expect(one('ProtectProc')).toBe('invisible');
    expect(one('ProcSubset')).toBe('pid');
    expect(one('SystemCallArchitectures')).toBe('native');
    expect(one('UMask')).toBe('0077');
  });
});
