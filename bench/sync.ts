/**
 * npm run bench:sync — one sync of 200,000 bindings on 10,000 switches from the
 * simulated UserSide (in a process of its own): fetch + parse + normalise +
 * build + swap, while this process keeps answering DHCP. Reports the sync time,
 * peak RSS of this process (worker thread included) and the longest event-loop
 * stall (perf_hooks.monitorEventLoopDelay) seen while packets were answered.
 * Baseline, same run: fetching the raw answer and JSON.parse-ing it on the main
 * thread (what a naive daemon would do).
 * Last line: `sync 200k: X s, rss Y MB, max stall Z ms` (targets: 2 s, 400 MB, 50 ms).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { remoteIdMac, vlanModPort } from '../src/client/build-request.js';
import { DhcpTestClient } from '../src/client/test-client.js';
import { MessageType } from '../src/wire/constants.js';
import { encode } from '../src/wire/packet.js';
import { cidr, ip, subnet, testConfig } from '../test/support/fixtures.js';

// The daemon as installed: the compiled build (`npm run build` first), so the sync
// worker runs plain JavaScript, not TypeScript through tsx as in the tests.
const distDaemon = fileURLToPath(new URL('../dist/server/daemon.js', import.meta.url));
const { Daemon } = (await import(distDaemon)) as typeof import('../src/server/daemon.js');

const CUSTOMERS = Number(process.argv[2] ?? 200_000);
const SWITCHES = Number(process.argv[3] ?? 10_000);
const ROUNDS = 3;

async function startSimulator(): Promise<{ url: string; key: string; stop: () => void }> {
  const cli = fileURLToPath(new URL('../src/simulator/cli.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--customers', String(CUSTOMERS), '--switches', String(SWITCHES)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const info = JSON.parse(line) as { url: string; key: string };
  return { ...info, stop: () => child.kill('SIGTERM') };
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

const sim = await startSimulator();
const config = testConfig({
  userside: { url: sim.url, key: sim.key, timeoutMs: 60_000, devices: 'never' },
  dhcp: {
    listen: [{ host: '127.0.0.1', port: 0 }],
    serverId: ip('127.0.0.1'),
    trustedRelays: [cidr('127.0.0.0/8')],
    subnets: [subnet('10.0.0.0/8')],
  },
  stateDir: mkdtempSync(join(tmpdir(), 'usd-bench-sync-')),
});

// Baseline: the naive way, fetch and JSON.parse on a main thread — in a child
// process, so its garbage does not count in this process's peak RSS.
const baseline = await new Promise<string>((resolve) => {
  const script = `const t0 = performance.now(); const r = await fetch(process.argv[1]); const text = await r.text(); const t1 = performance.now();
JSON.parse(text); const t2 = performance.now();
console.log('baseline: fetch ' + Math.round(text.length / 1048576) + ' MB in ' + Math.round(t1 - t0) + ' ms, JSON.parse on a main thread ' + Math.round(t2 - t1) + ' ms (a stall that long)');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, `${sim.url}?key=${sim.key}&cat=customer&action=get_ip_port_device_commutation`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.on('exit', () => resolve(out.trim()));
});
console.log(baseline);

const daemon = await Daemon.start({ ...config, userside: { ...config.userside, syncIntervalMs: 3_600_000 } }, pino({ level: 'warn' }));
const server = daemon.server.addresses()[0] as { host: string; port: number };
while (daemon.syncer.table === null) await new Promise((r) => setTimeout(r, 50));
await daemon.syncer.sync(); // the first sync (a warm-up) completes, snapshot included
console.log(`warm-up sync: ${daemon.syncer.table.size} bindings on ${daemon.syncer.table.switchCount} switches`);

// DHCP load while syncing: DISCOVERs for real bindings, as a relay, a few hundred a second.
const client = await DhcpTestClient.open();
const table = daemon.syncer.table;
let sent = 0;
const answered = (): number => client.received.length;
const load = setInterval(() => {
  for (let i = 0; i < 20; i++) {
    const b = (sent * 7919) % table.size;
    const s = table.switchOf(b);
    const req = client.build({
      type: MessageType.DISCOVER,
      mac: table.mac(b) >= 0 ? table.mac(b) : 0x02aa00000000 + b,
      relay: s >= 0 && table.port(b) >= 0 ? { circuitId: vlanModPort(1, 0, table.port(b)), remoteId: remoteIdMac(table.switchMac(s)) } : {},
    });
    client.sendRaw(encode(req), server);
    sent++;
  }
}, 20);

// Same-run baseline for stalls: the same DHCP load for 3 s with no sync running.
{
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  await new Promise((r) => setTimeout(r, 3000));
  h.disable();
  console.log(`baseline: longest event-loop stall with DHCP load and no sync: ${(h.max / 1e6).toFixed(1)} ms (p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms)`);
}

// Peak RSS while syncing, sampled (maxRSS below covers the whole run).
let sampledPeak = 0;
const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())), 10);
console.log(`rss before the measured syncs: ${mb(process.memoryUsage.rss())} MB`);
const times: number[] = [];
let maxStall = 0;
for (let round = 0; round < ROUNDS; round++) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const before = answered();
  const sentBefore = sent;
  const outcome = await daemon.syncer.sync(true);
  h.disable();
  if (!outcome.ok) throw new Error(`sync failed: ${outcome.message}`);
  const swapMs = daemon.syncer.status.lastDurationMs ?? NaN;
  times.push(swapMs);
  const stall = h.max / 1e6;
  const p99 = h.percentile(99) / 1e6;
  maxStall = Math.max(maxStall, stall);
  console.log(
    `round ${round + 1}: ${outcome.bindings} bindings, fetch ${Math.round(outcome.report.fetchMs)} ms + build ${Math.round(outcome.report.buildMs)} ms in the worker, ` +
      `swapped after ${Math.round(swapMs)} ms; ${sent - sentBefore} DISCOVERs sent, ${answered() - before} answered; longest stall ${stall.toFixed(1)} ms (p99 ${p99.toFixed(1)} ms)`,
  );
}
clearInterval(load);
clearInterval(sampler);
console.log(`rss sampled during the measured syncs: peak ${mb(sampledPeak)} MB; now ${mb(process.memoryUsage.rss())} MB`);
await new Promise((r) => setTimeout(r, 200));
console.log(`DHCP during the syncs: ${sent} sent, ${answered()} answered`);
await client.close();
await daemon.stop();
sim.stop();

const rss = process.resourceUsage().maxRSS * 1024;
const worst = Math.max(...times);
console.log(`sync 200k: ${(worst / 1000).toFixed(2)} s, rss ${mb(rss)} MB, max stall ${maxStall.toFixed(1)} ms`);
