import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DhcpTestClient } from '../../src/client/test-client.js';
import { SimulatedUserside } from '../../src/simulator/server.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { freeUdpPort, LOOP_POOL, until } from './stack.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

/** `userside-dhcpd run` as operators start it: a process, a config file, signals. */
describe('userside-dhcpd run (a real process)', () => {
  let sim: SimulatedUserside;
  let child: ChildProcess;
  const lines: Array<Record<string, unknown>> = [];
  let raw = '';
  let port: number;

  beforeAll(async () => {
    sim = await SimulatedUserside.start({ customers: 60, switches: 3, seed: 2, pools: [LOOP_POOL], key: 'SECRET-key-do-not-log-4711' });
    port = await freeUdpPort();
    const dir = mkdtempSync(join(tmpdir(), 'usd-run-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
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
        'log:',
        '  level: debug',
        '',
      ].join('\n'),
    );
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

  it('SIGTERM closes the sockets and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.some((l) => l.msg === 'stopping')).toBe(true);
  });

  it('never logged the API key, even at debug level', () => {
    expect(raw.length).toBeGreaterThan(500);
    expect(raw).not.toContain(sim.key);
  });
});
