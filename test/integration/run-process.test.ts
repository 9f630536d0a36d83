import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DhcpTestClient } from '../../src/client/test-client.js';
import { remoteIdMac, vlanModPort } from '../../src/client/build-request.js';
import { SimulatedUserside } from '../../src/simulator/server.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { freeTcpPort, freeUdpPort, LOOP_POOL, until } from './stack.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

/** `userside-dhcpd run` as operators start it: a process, a config file, signals. */
describe('userside-dhcpd run (a real process)', () => {
  let sim: SimulatedUserside;
  let child: ChildProcess;
  const lines: Array<Record<string, unknown>> = [];
  let raw = '';
  let port: number;
  let config: string;
  let configText: string;

  beforeAll(async () => {
    sim = await SimulatedUserside.start({ customers: 60, switches: 3, seed: 2, pools: [LOOP_POOL], key: 'SECRET-key-do-not-log-4711' });
    port = await freeUdpPort();
    const dir = mkdtempSync(join(tmpdir(), 'usd-run-'));
    config = join(dir, 'config.yaml');
    configText = [
        'userside:',
        `  url: ${sim.url}`,
        `  key: ${sim.key}`,
        '  sync_interval: 60s',
        'dhcp:',
        `  listen: ["127.0.0.1:${port}"]`,
        '  server_id: 127.0.0.1',
        '  trusted_relays: [127.0.0.0/8]',
        '  subnets:',
        `    - cidr: ${LOOP_POOL}`,
        '      routers: [127.77.0.1]',
        `state_dir: ${join(dir, 'state')}`,
        'admin:',
        `  listen: 127.0.0.1:${await freeTcpPort()}`,
        'log:',
        '  level: debug',
        '',
      ].join('\n');
    writeFileSync(config, configText);
    child = spawn(process.execPath, ['--import', 'tsx', BIN, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => {
      raw += `${l}\n`;
      try {
        lines.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        lines.push({ msg: l });
      }
    });
    child.stderr?.on('data', (d: Buffer) => (raw += d.toString()));
    child.on('exit', (code) => (raw += `[exited with ${code}]`));
    await until(() => lines.some((l) => l.msg === 'sync accepted') || child.exitCode !== null, 20_000, 'the first sync');
    if (child.exitCode !== null) throw new Error(`the daemon exited: ${raw}`);
  }, 30_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await sim.close();
  });

  it('serves DHCP from the synced table', async () => {
    const client = await DhcpTestClient.open();
    try {
      const c = sim.customers.find((x) => x.kind === 'mac+port') as SimCustomer;
      expect((await client.dora({ mac: c.mac as number, relay: {} }, { host: '127.0.0.1', port })).ack?.yiaddr).toBe(c.ip);
    } finally {
      await client.close();
    }
  });

  it('SIGUSR2 forces a sync', async () => {
    const before = lines.filter((l) => l.msg === 'sync accepted').length;
    child.kill('SIGUSR2');
    await until(() => lines.filter((l) => l.msg === 'sync accepted').length > before, 10_000, 'the forced sync');
    expect(lines.some((l) => l.msg === 'sync accepted' && l.forced === true)).toBe(true);
  });

  it('SIGHUP with a broken configuration keeps the running one and logs why', async () => {
    writeFileSync(config, configText.replace('server_id: 127.0.0.1', 'server_id: 127.0.0'));
    child.kill('SIGHUP');
    await until(() => lines.some((l) => l.msg === 'SIGHUP: configuration not reloaded, keeping the running one'), 10_000, 'the refusal');
    const refusal = lines.find((l) => l.msg === 'SIGHUP: configuration not reloaded, keeping the running one');
    expect(JSON.stringify(refusal?.problems)).toContain('dhcp.server_id');
    expect(child.exitCode).toBeNull();
  });

  it('SIGHUP with a good configuration applies it', async () => {
    writeFileSync(config, configText.replace('trusted_relays: [127.0.0.0/8]', 'trusted_relays: [127.0.0.0/8]\n  authoritative: false'));
    child.kill('SIGHUP');
    await until(() => lines.some((l) => l.msg === 'configuration reloaded'), 10_000, 'the reload');
    // not authoritative now: a REQUEST for a wrong address gets silence, not a NAK
    const client = await DhcpTestClient.open();
    try {
      const c = sim.customers.find((x) => x.kind === 'mac-only') as SimCustomer;
      const req = client.build({ mac: c.mac as number, type: 3, requested: (c.ip + 7) >>> 0, relay: {} });
      expect(await client.exchange(req, { host: '127.0.0.1', port }, 400)).toBeNull();
    } finally {
      await client.close();
    }
  });

  it('errors are logged (UserSide down: sync and write-back failures)', async () => {
    await sim.setFault('refuse');
    child.kill('SIGUSR2');
    await until(() => lines.some((l) => typeof l.msg === 'string' && (l.msg as string).startsWith('sync failed')), 20_000, 'a sync failure');
    const client = await DhcpTestClient.open();
    try {
      const c = sim.customers.find((x) => x.kind === 'port-only') as SimCustomer;
      const sw = sim.switches.find((s) => s.id === c.switchId);
      const relay = { circuitId: vlanModPort(1, 0, c.port as number), remoteId: remoteIdMac(sw?.mac ?? 0) };
      expect((await client.dora({ mac: 0x02ab00000001, relay }, { host: '127.0.0.1', port })).ack).not.toBeNull();
    } finally {
      await client.close();
    }
    await until(() => lines.some((l) => typeof l.msg === 'string' && (l.msg as string).startsWith('write-back to UserSide failed')), 20_000, 'a write-back failure');
    await sim.setFault('none');
  });

  it('SIGTERM closes the sockets and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.some((l) => l.msg === 'stopping')).toBe(true);
  });

  it('never logged the API key, at debug level, errors included', () => {
    expect(raw.length).toBeGreaterThan(500);
    expect(lines.some((l) => l.level === 50 || l.level === 40)).toBe(true); // errors and warnings were written
    expect(lines.some((l) => l.msg === 'decision')).toBe(true); // debug was on
    expect(raw).not.toContain(sim.key);
  });
});
