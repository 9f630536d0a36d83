/**
 * Scapy as the access switches' relay: 50 switch ports identified by a
 * vlan-mod-port circuit-id and the switch MAC as remote-id, then 100 crafted
 * hostile packets. `scapy_relay.py` builds and dissects the packets (scapy)
 * and speaks from a UDP socket bound to the relay's address, port 67.
 *
 *   root ns: test + simulated UserSide (10.202.0.1) ==mgmt veth== srv ns: daemon, admin 10.202.0.2:9567
 *   srv ns: DHCP on s0 10.212.0.1/24 ==veth== rly ns: r0 10.212.0.2/24, scapy_relay.py
 *
 * Every port gives giaddr 10.212.0.2 and the same port numbers recur on each
 * switch: only the remote-id tells the switches apart. Needs root and Debian
 * packages (see `.ci/run`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reasonsOf } from '../../src/core/reasons.js';
import type { SimCustomer, SimSwitch } from '../../src/simulator/generate.js';
import { SimulatedUserside } from '../../src/simulator/server.js';
import { until } from '../integration/stack.js';
import { ip, mac } from '../support/fixtures.js';
import { readPcapUdp } from '../support/pcap.js';
import { startDaemon, type E2eDaemon } from './daemon.js';
import { lines, requireTools, Topology } from './netns.js';

const P = 'ue2s';
const SCRIPT = fileURLToPath(new URL('./scapy_relay.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const SERVER = '10.212.0.1';
const RELAY = '10.212.0.2';
const SWITCHES = 5;
const PORTS = 10;

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** How UserSide binds a port: to the MAC the client has, to no MAC, or to another (replaced) router. */
type Kind = 'same-mac' | 'no-mac' | 'other-mac';
interface PortCase {
  readonly sw: number;
  readonly port: number;
  readonly vlan: number;
  readonly switchMac: string;
  readonly clientMac: string;
  readonly ip: string;
  readonly kind: Kind;
  readonly boundMac?: string;
}

const switchMac = (sw: number): string => `00:1e:58:5c:00:${hex2(sw)}`;
const CASES: PortCase[] = [];
for (let sw = 1; sw <= SWITCHES; sw++) {
  for (let port = 1; port <= PORTS; port++) {
    const kind = (['same-mac', 'no-mac', 'other-mac'] as const)[(sw * PORTS + port) % 3] as Kind;
    const clientMac = `02:5c:${hex2(sw)}:00:00:${hex2(port)}`;
    const boundMac = kind === 'same-mac' ? clientMac : kind === 'other-mac' ? `02:5c:${hex2(sw)}:00:ff:${hex2(port)}` : undefined;
    CASES.push({ sw, port, vlan: 100 + sw, switchMac: switchMac(sw), clientMac, ip: `10.232.0.${sw * 20 + port}`, kind, ...(boundMac ? { boundMac } : {}) });
  }
}
const UNBOUND_PORT = 99;
const SENTINEL_MAC = '02:ba:d0:ff:ff:ff';

/** Option 82 as a vlan-mod-port switch sends it, written independently of the script. */
const option82Hex = (vlan: number, port: number, swMac: string): string =>
  `0106` + `0004${vlan.toString(16).padStart(4, '0')}00${hex2(port)}` + `0208` + `0006${swMac.replace(/:/g, '')}`;

interface Reply {
  xid: number;
  type: string | number | null;
  yiaddr: string;
  serverId: string | null;
  lease: number | null;
  opt82: string | null;
  opt82Last: boolean;
}
interface DoraResult {
  switchMac: string;
  vlan: number;
  port: number;
  clientMac: string;
  sent82: string;
  offer: Reply | null;
  ack: Reply | null;
}
type Expectation = { decode: string } | { type: number | null; drop?: string; nak?: string; note?: string };
interface HostileReport {
  seed: number;
  packets: Array<{ name: string; len: number; xid: number | null; expect: Expectation }>;
  replies: Reply[];
}

/** Prometheus text → samples. */
function samples(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  const out: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels[l[1] as string] = l[2] as string;
    out.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return out;
}

/** Counter values by label value, for one metric and label. */
function byLabel(text: string, name: string, label: string): Record<string, number> {
  const r: Record<string, number> = {};
  for (const s of samples(text)) if (s.name === name && s.labels[label] !== undefined) r[s.labels[label] as string] = s.value;
  return r;
}

const delta = (after: Record<string, number>, before: Record<string, number>, keys: readonly string[]): Record<string, number> =>
  Object.fromEntries(keys.map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));

async function untilAsync(cond: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const TYPE_LABELS = ['unknown', 'discover', 'offer', 'request', 'decline', 'ack', 'nak', 'release', 'inform'];
const M = 'userside_dhcpd_';

describe('scapy as the switches\' relay', () => {
  const work = mkdtempSync(join(tmpdir(), 'usd-e2e-scapy-'));
  const pcap = join(work, 'server-link.pcap');
  let topo: Topology;
  let sim: SimulatedUserside;
  let daemon: E2eDaemon;
  let srv: string;
  let rly: string;
  let captureDone: Promise<void> = Promise.resolve();

  /** Runs the script in the relay namespace with `spec` and returns its JSON. */
  const script = async <T>(cmd: 'dora' | 'hostile', spec: unknown): Promise<T> => {
    const file = join(work, `${cmd}-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify(spec));
    const out = await topo.sh(rly, `${PYTHON} ${SCRIPT} ${cmd} ${file}`);
    return JSON.parse(out) as T;
  };
  const dora = (cases: readonly PortCase[]): Promise<{ results: DoraResult[] }> =>
    script('dora', { server: SERVER, giaddr: RELAY, ports: cases.map((c) => ({ switchMac: c.switchMac, vlan: c.vlan, port: c.port, clientMac: c.clientMac })) });
  const metrics = async (): Promise<string> => (await daemon.call('/metrics')) as string;

  beforeAll(async () => {
    requireTools({ [PYTHON]: 'python3-scapy', tshark: 'tshark', tcpdump: 'tcpdump', ip: 'iproute2' });
    try {
      execFileSync(PYTHON, ['-c', 'import scapy.all'], { stdio: 'ignore' });
    } catch {
      throw new Error('python3 cannot import scapy: apt-get install -y python3-scapy');
    }
    topo = await Topology.create(P);
    srv = await topo.ns('srv');
    rly = await topo.ns('rly');
    await topo.veth({ ns: '', ifname: `${P}-mg`, addr: '10.202.0.1/30' }, { ns: srv, ifname: 'mg0', addr: '10.202.0.2/30' });
    await topo.veth({ ns: srv, ifname: 's0', addr: `${SERVER}/24` }, { ns: rly, ifname: 'r0', addr: `${RELAY}/24` });

    sim = await SimulatedUserside.start({ customers: 1, switches: 1, host: '10.202.0.1' });
    // Switch IPs are nowhere near the relay's address: the remote-id must find them.
    const switches: SimSwitch[] = Array.from({ length: SWITCHES }, (_, i) => ({ id: `${700 + i + 1}`, ip: ip(`10.254.77.${i + 1}`), mac: mac(switchMac(i + 1)), name: `access-${i + 1}` }));
    sim.setSwitches(switches);
    const customers: SimCustomer[] = CASES.map((c) => ({
      customerId: `scapy-${c.sw}-${c.port}`,
      ip: ip(c.ip),
      ...(c.boundMac ? { mac: mac(c.boundMac) } : {}),
      switchId: `${700 + c.sw}`,
      port: c.port,
      vlan: c.vlan,
      kind: c.boundMac ? 'mac+port' : 'port-only',
    }));
    sim.setCustomers(customers);

    daemon = await startDaemon(
      topo,
      srv,
      (stateDir) => `userside:
  url: ${sim.url}
  key: ${sim.key}
dhcp:
  listen: ["0.0.0.0:67"]
  server_id: ${SERVER}
  match: port-then-mac
  trusted_relays: [${RELAY}]
  option82:
    circuit_id: vlan-mod-port
    remote_id: mac
  lease_time: 600
  subnets:
    - cidr: 10.232.0.0/24
      routers: [10.232.0.1]
      dns: [10.212.0.53]
      domain: scapy.isp.example
state_dir: ${stateDir}
admin:
  listen: 10.202.0.2:9567
log:
  level: info
`,
      'http://10.202.0.2:9567',
    );
  }, 120_000);

  let failed = false;
  beforeEach(({ onTestFailed }) => onTestFailed(() => void (failed = true)));

  afterAll(async () => {
    await topo?.destroy();
    await sim?.close();
    // the capture and the scripts' specs stay for a look when something failed
    if (failed) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  });

  it('50 ports with vlan-mod-port circuit-ids and switch-MAC remote-ids each get the IP UserSide binds to their switch and port', async () => {
    // --immediate-mode: packets reach the file as they come, not when a ring block fills.
    const capture = topo.spawn(srv, 'tcpdump', ['-i', 's0', '--immediate-mode', '-U', '-n', '-w', pcap, 'udp port 67 or udp port 68']);
    const captureOut = lines(capture);
    captureDone = new Promise((resolve) => capture.once('exit', () => resolve()));
    await until(() => captureOut.all.some((l) => l.includes('listening on')) || capture.exitCode !== null, 10_000, 'tcpdump to listen');
    expect(capture.exitCode, captureOut.all.join('\n')).toBeNull();

    const { results } = await dora(CASES);
    // Every reply the script got crossed s0: stop once the capture file holds them all.
    const received = results.reduce((n, r) => n + (r.offer ? 1 : 0) + (r.ack ? 1 : 0), 0);
    const captured = (): number => {
      try {
        return readPcapUdp(readFileSync(pcap)).filter((d) => d.srcIp === SERVER && d.srcPort === 67).length;
      } catch {
        return 0; // a record being written
      }
    };
    await until(() => captured() >= received, 10_000, 'tcpdump to write the replies');
    capture.kill('SIGINT');
    await captureDone;

    expect(results).toHaveLength(CASES.length);
    const rows = results.map((r, i) => {
      const c = CASES[i] as PortCase;
      const want82 = option82Hex(c.vlan, c.port, c.switchMac);
      return {
        port: `${c.sw}/${c.port} ${c.kind}`,
        sent82: r.sent82 === want82,
        offered: r.offer?.yiaddr ?? null,
        acked: r.ack?.type === 'ack' ? r.ack.yiaddr : `${r.ack?.type ?? 'nothing'}`,
        offer82: r.offer?.opt82 === want82 && r.offer.opt82Last,
        ack82: r.ack?.opt82 === want82 && r.ack.opt82Last,
        serverId: `${r.offer?.serverId}/${r.ack?.serverId}`,
        lease: r.ack?.lease ?? null,
      };
    });
    expect(rows).toEqual(
      CASES.map((c) => ({ port: `${c.sw}/${c.port} ${c.kind}`, sent82: true, offered: c.ip, acked: c.ip, offer82: true, ack82: true, serverId: `${SERVER}/${SERVER}`, lease: 600 })),
    );
    expect(new Set(results.map((r) => r.ack?.yiaddr)).size).toBe(50);
    // Found by switch port each time (never by MAC); the ACK learned the MAC where UserSide had another or none.
    const how = [];
    for (const c of CASES) {
      const events = (await daemon.call(`/events?mac=${c.clientMac}`)) as Array<{ request: string; answer: string; by?: string; learned?: boolean }>;
      how.push(events.filter((e) => e.answer !== 'drop').map((e) => `${e.request}→${e.answer} by ${e.by}${e.learned ? ', learned' : ''}`));
    }
    expect(how).toEqual(CASES.map((c) => ['discover→offer by port', `request→ack by port${c.kind === 'same-mac' ? '' : ', learned'}`]));

    // Write-backs: one per port whose binding had another MAC or none, with the client's MAC.
    const learning = CASES.filter((c) => c.kind !== 'same-mac');
    await until(() => learning.every((c) => sim.macWrites.some((w) => w.ip === c.ip)), 30_000, 'the write-backs to reach UserSide');
    for (const c of CASES) {
      const writes = sim.macWrites.filter((w) => w.ip === c.ip).map((w) => ({ mac: w.mac.toLowerCase(), skip: w.skipInternalApi }));
      expect(writes, `${c.sw}/${c.port} ${c.kind}`).toEqual(c.kind === 'same-mac' ? [] : [{ mac: c.clientMac, skip: true }]);
    }
    expect(sim.macWrites).toHaveLength(learning.length);

    const m = await metrics();
    const sent = byLabel(m, `${M}replies_sent_total`, 'type');
    expect([sent['offer'], sent['ack'], sent['nak']]).toEqual([50, 50, 0]);
  });

  it('tshark dissects every reply on the server link with no malformed packet or expert error', async () => {
    await captureDone;
    const verbose = execFileSync('tshark', ['-r', pcap, '-V', '-Y', `dhcp && ip.src == ${SERVER}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
    const offers = verbose.match(/^Dynamic Host Configuration Protocol \(Offer\)/gm) ?? [];
    const acks = verbose.match(/^Dynamic Host Configuration Protocol \(ACK\)/gm) ?? [];
    expect(offers.length).toBeGreaterThanOrEqual(50);
    expect(acks.length).toBeGreaterThanOrEqual(50);
    expect(verbose).not.toMatch(/Malformed Packet/);
    expect(verbose).not.toMatch(/Expert Info \(Error/);
    // the relay information is dissected in every reply, switch MAC included
    expect((verbose.match(/Agent Circuit ID: 0004/g) ?? []).length).toBe(offers.length + acks.length);
    expect(verbose).toMatch(/Agent Remote ID: 0006001e585c0005/);
  });

  it('100 crafted malformed packets: the daemon stays up, counts each by reason, and still answers a relayed DORA', async () => {
    const pidOf = (): number => {
      const pids = execFileSync('ip', ['netns', 'pids', srv], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
      const daemonPids = pids.filter((pid) => {
        try {
          const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          return cmd.some((a) => a.endsWith('cli/bin.ts')) && cmd.includes('run');
        } catch {
          return false;
        }
      });
      expect(daemonPids, `daemon processes in ${srv}`).toHaveLength(1);
      return daemonPids[0] as number;
    };
    const state = (pid: number): string => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0] ?? '?';
    const startTime = (text: string): number | undefined => samples(text).find((s) => s.name === 'process_start_time_seconds')?.value;
    const udpStats = async (): Promise<Record<string, number>> => {
      const rows = (await topo.sh(srv, 'cat /proc/net/snmp')).split('\n').filter((l) => l.startsWith('Udp:'));
      const [names, values] = rows.map((l) => l.split(/\s+/).slice(1));
      return Object.fromEntries((names ?? []).map((n, i) => [n, Number(values?.[i])]));
    };

    const pid = pidOf();
    const before = await metrics();
    const udpBefore = await udpStats();
    const seed = Math.floor(Math.random() * 2 ** 31);
    const bound = CASES[0] as PortCase;
    const report = await script<HostileReport>('hostile', {
      server: SERVER,
      giaddr: RELAY,
      seed,
      total: 100,
      switchMac: bound.switchMac,
      vlan: bound.vlan,
      boundPort: bound.port,
      boundIp: bound.ip,
      unboundPort: UNBOUND_PORT,
      sentinelMac: SENTINEL_MAC,
    });
    const why = `seed ${seed}`;
    expect(report.packets, why).toHaveLength(100);

    // The last packet is a DISCOVER from SENTINEL_MAC: once /events has it, every
    // datagram sent before it on that socket has been handled and counted.
    await untilAsync(async () => ((await daemon.call(`/events?mac=${SENTINEL_MAC}`)) as unknown[]).length > 0, 15_000, 'the sentinel to be handled');
    const after = await metrics();
    const udpAfter = await udpStats();

    // What the generator says each packet should cost.
    const decodeReasons = reasonsOf('decode') as string[];
    const decisionReasons = reasonsOf('decision') as string[];
    const want = {
      drops: Object.fromEntries([...decodeReasons, ...decisionReasons].map((r) => [r, 0])) as Record<string, number>,
      naks: Object.fromEntries(decisionReasons.map((r) => [r, 0])) as Record<string, number>,
      notes: { 'untrusted-relay': 0, 'malformed-option82': 0 } as Record<string, number>,
      received: Object.fromEntries(TYPE_LABELS.map((t) => [t, 0])) as Record<string, number>,
      sent: { offer: 0, ack: 0, nak: 0 } as Record<string, number>,
      sendErrors: 0,
    };
    let undecodable = 0;
    for (const { expect: e } of report.packets) {
      if ('decode' in e) {
        undecodable++;
        want.drops[e.decode] = (want.drops[e.decode] ?? 0) + 1;
        want.received['unknown'] = (want.received['unknown'] ?? 0) + 1;
        continue;
      }
      // No option 53, or a type outside 1-8: counted as "unknown".
      const label = e.type === null || e.type < 1 || e.type > 8 ? 'unknown' : (TYPE_LABELS[e.type] as string);
      want.received[label] = (want.received[label] ?? 0) + 1;
      if (e.drop) want.drops[e.drop] = (want.drops[e.drop] ?? 0) + 1;
      if (e.nak) {
        want.naks[e.nak] = (want.naks[e.nak] ?? 0) + 1;
        want.sent['nak'] = (want.sent['nak'] ?? 0) + 1;
      }
      if (e.note) want.notes[e.note] = (want.notes[e.note] ?? 0) + 1;
    }
    // no option 53, or a type outside 1-8: counted as "unknown"
    const typeUnknown = report.packets.filter((p) => !('decode' in p.expect) && (p.expect.type === null || p.expect.type < 1 || p.expect.type > 8)).length;

    const got = {
      drops: delta(byLabel(after, `${M}packets_dropped_total`, 'reason'), byLabel(before, `${M}packets_dropped_total`, 'reason'), Object.keys(want.drops)),
      naks: delta(byLabel(after, `${M}naks_total`, 'reason'), byLabel(before, `${M}naks_total`, 'reason'), Object.keys(want.naks)),
      notes: delta(byLabel(after, `${M}option82_ignored_total`, 'reason'), byLabel(before, `${M}option82_ignored_total`, 'reason'), Object.keys(want.notes)),
      received: delta(byLabel(after, `${M}packets_received_total`, 'type'), byLabel(before, `${M}packets_received_total`, 'type'), TYPE_LABELS),
      sent: delta(byLabel(after, `${M}replies_sent_total`, 'type'), byLabel(before, `${M}replies_sent_total`, 'type'), ['offer', 'ack', 'nak']),
      sendErrors: (samples(after).find((x) => x.name === `${M}send_errors_total`)?.value ?? NaN) - (samples(before).find((x) => x.name === `${M}send_errors_total`)?.value ?? NaN),
    };
    const nonzero = (r: Record<string, number>): string => Object.entries(r).filter(([, n]) => n !== 0).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(
      `hostile packets (seed ${seed}): ${undecodable} undecodable, ${report.packets.length - undecodable} decodable\n` +
        `  dropped: ${nonzero(got.drops)}\n  NAKed: ${nonzero(got.naks)}\n  option 82 ignored: ${nonzero(got.notes)}\n  received: ${nonzero(got.received)} (sum ${Object.values(got.received).reduce((a, b) => a + b, 0)})`,
    );
    const table = report.packets.map((p) => `${JSON.stringify(p.expect)} ${p.len} B: ${p.name}`).join('\n');
    expect(udpAfter['RcvbufErrors'] ?? 0, 'datagrams lost in the socket buffer: the counts below would be off').toBe(udpBefore['RcvbufErrors'] ?? 0);
    expect(got, `${why}\n${table}`).toEqual(want);
    // The brief's two totals, spelled out.
    const decodeDrops = decodeReasons.reduce((n, r) => n + (got.drops[r] ?? 0), 0);
    expect(undecodable).toBeGreaterThan(40);
    expect(decodeDrops, why).toBe(undecodable);
    expect(got.received['unknown'], why).toBe(undecodable + typeUnknown);
    // every datagram sent is counted as received, under some type
    expect(Object.values(got.received).reduce((a, b) => a + b, 0)).toBe(report.packets.length);
    // Decode error kinds from the README all occur (option 82 contents are a note, not a decode drop).
    for (const r of ['short-packet', 'bad-cookie', 'bad-op', 'unsupported-htype', 'bad-hlen', 'truncated-option', 'missing-end', 'bad-option-length', 'bad-overload']) {
      expect(got.drops[r], r).toBeGreaterThan(0);
    }

    // The two NAKs came back to the relay, option 82 echoed byte for byte and last.
    const nakXids = report.packets.filter((p) => 'nak' in p.expect).map((p) => p.xid);
    const naks = report.replies.filter((r) => r.type === 'nak');
    expect(naks.map((r) => r.xid).sort()).toEqual([...nakXids].sort());
    expect(naks.every((r) => r.opt82Last && r.serverId === SERVER)).toBe(true);
    expect(naks.map((r) => r.opt82).sort()).toEqual(
      [option82Hex(bound.vlan, UNBOUND_PORT, bound.switchMac), option82Hex(bound.vlan, bound.port, bound.switchMac)].sort(),
    );
    expect(report.replies.filter((r) => r.type !== 'nak')).toEqual([]);

    // Still the same process, still healthy, still serving.
    expect(pidOf()).toBe(pid);
    expect(state(pid)).not.toMatch(/[ZX]/);
    expect(startTime(after)).toBe(startTime(before));
    const health = await fetch(`${daemon.admin}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
    const again = [CASES[7] as PortCase, CASES[23] as PortCase, CASES[41] as PortCase];
    const { results } = await dora(again);
    expect(results.map((r) => [r.offer?.yiaddr, r.ack?.type, r.ack?.yiaddr])).toEqual(again.map((c) => [c.ip, 'ack', c.ip]));
    // Nothing hostile was learned or written back.
    expect(sim.macWrites).toHaveLength(CASES.filter((c) => c.kind !== 'same-mac').length);
    expect(daemon.logs.all.filter((l) => l.includes('internal-error'))).toEqual([]);
  });
});
