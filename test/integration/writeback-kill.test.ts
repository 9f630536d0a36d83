import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { remoteIdMac, vlanModPort } from '../../src/client/build-request.js';
import { DhcpTestClient } from '../../src/client/test-client.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { SimulatedUserside } from '../../src/simulator/server.js';
import { ipToString } from '../../src/wire/ipv4.js';
import { formatMac } from '../../src/wire/mac.js';
import { freeTcpPort, freeUdpPort, LOOP_POOL, until } from './stack.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const N = 1000;

/** SPEC §7: nothing queued is lost across kill -9 or a UserSide outage. */
describe('kill -9 with 1,000 undelivered write-backs', () => {
  const procs: ChildProcess[] = [];
  let sim: SimulatedUserside;
  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await sim?.close();
  });

  function start(config: string): { child: ChildProcess; logs: string[] } {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(child);
    const logs: string[] = [];
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => logs.push(l));
    child.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
    return { child, logs };
  }

  it('delivers every one after the restart', async () => {
    sim = await SimulatedUserside.start({ customers: 1800, switches: 45, seed: 9, pools: [LOOP_POOL] });
    const all = sim.customers;
    const alone = all.filter((c) => c.port !== undefined && all.filter((x) => x.switchId === c.switchId && x.port === c.port).length === 1);
    expect(alone.length).toBeGreaterThanOrEqual(N);
    const targets = alone.slice(0, N);
    const port = await freeUdpPort();
    const dir = mkdtempSync(join(tmpdir(), 'usd-kill-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      `userside:\n  url: ${sim.url}\n  key: ${sim.key}\n  sync_interval: 300s\n` +
        `dhcp:\n  listen: ["127.0.0.1:${port}"]\n  server_id: 127.0.0.1\n  trusted_relays: [127.0.0.0/8]\n  subnets:\n    - cidr: ${LOOP_POOL}\n` +
        `writeback:\n  max_per_second: 500\nstate_dir: ${join(dir, 'state')}\nadmin:\n  listen: 127.0.0.1:${await freeTcpPort()}\nlog:\n  level: warn\n`,
    );
    const journal = join(dir, 'state', 'writeback.journal');

    // 1. The daemon serves from a synced table; then UserSide goes down.
    const first = start(config);
    await until(() => existsSync(join(dir, 'state', 'leases-snapshot.json')), 20_000, 'the first sync');
    await sim.setFault('refuse');

    // 2. 1,000 new routers, each on its own port binding, get their port's IP.
    const client = await DhcpTestClient.open();
    const macOf = (i: number): number => 0x02cc00000000 + i;
    const swMac = new Map(sim.switches.map((s) => [s.id, s.mac]));
    let acked = 0;
    for (let i = 0; i < N; i += 50) {
      const batch = targets.slice(i, i + 50).map((c: SimCustomer, k) =>
        client.dora({ mac: macOf(i + k), relay: { circuitId: vlanModPort(1, 0, c.port as number), remoteId: remoteIdMac(swMac.get(c.switchId ?? '') ?? 0) } }, { host: '127.0.0.1', port }, 3000),
      );
      for (const [k, r] of (await Promise.all(batch)).entries()) if (r.ack?.yiaddr === targets[i + k]?.ip) acked++;
    }
    await client.close();
    expect(acked).toBe(N);

    // 3. Every write-back is in the journal; then kill -9.
    const learnLines = (): number => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"op":"learn"')).length : 0);
    await until(() => learnLines() >= N, 10_000, 'the journal to hold every write-back');
    const killed = new Promise<NodeJS.Signals | null>((resolve) => first.child.once('exit', (_c, s) => resolve(s)));
    first.child.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');
    expect(sim.macWrites).toHaveLength(0);

    // 4. UserSide is back; the restarted daemon delivers what the journal holds.
    await sim.setFault('none');
    const t0 = Date.now();
    const second = start(config);
    const delivered = (): Set<string> => new Set(sim.macWrites.map((w) => w.ip));
    await until(() => delivered().size >= N, 60_000, `every write-back (${delivered().size} so far)`);
    const seconds = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 500));

    const byIp = new Map<string, string[]>();
    for (const w of sim.macWrites) byIp.set(w.ip, [...(byIp.get(w.ip) ?? []), w.mac]);
    const duplicates = [...byIp.values()].filter((macs) => macs.length > 1).length;
    const wrong = targets.filter((c, i) => byIp.get(ipToString(c.ip))?.at(-1) !== formatMac(macOf(i)));
    console.log(`kill -9 test: ${N} ACKed while UserSide was down, ${learnLines()} journal lines; after restart ${delivered().size} delivered in ${seconds.toFixed(1)} s, ${sim.macWrites.length} writes, ${duplicates} duplicates`);
    expect(wrong).toEqual([]);
    expect(duplicates).toBe(0);
    second.child.kill('SIGTERM');
  }, 120_000);
});
