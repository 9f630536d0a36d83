/**
 * ISC Kea 2.2 as an oracle for plain MAC reservations: the same relayed
 * DISCOVER/REQUEST sent to Kea and to userside-dhcpd must get the same yiaddr,
 * subnet mask, router, DNS servers and lease time.
 *
 *   root ns: test + simulated UserSide (10.203.255.1) ==mgmt veth== usd ns (10.203.255.2)
 *   usd ns:      userside-dhcpd on s0 10.203.2.1          ==veth== cli ns: tu 10.203.2.2
 *   kea ns:      kea-dhcp4 on s0 10.203.3.1               ==veth== cli ns: tk 10.203.3.2
 *   kea-auth ns: kea-dhcp4 (authoritative) on s0 10.203.4.1 ==veth== cli ns: ta 10.203.4.2
 *   cli ns: the relay, 10.203.1.1 (on lo) — the subscribers' router, inside 10.203.1.0/24
 *
 * The relay (test/e2e/kea/relay-exchange.ts: DhcpTestClient run inside the cli
 * namespace) binds 10.203.1.1:67 and relays as a plain relay does: giaddr
 * 10.203.1.1, no option 82, replies to giaddr:67. Kea picks its subnet by giaddr.
 * All servers hold the same 20 reservations (MAC → IP) in 10.203.1.0/24:
 * userside-dhcpd as MAC-only UserSide customers with `match: mac`, Kea as
 * `hw-address` reservations in a subnet without a pool.
 *
 * Compared: yiaddr, option 1, option 3, option 6 and option 51 of every OFFER
 * and ACK, and the outcome (OFFER/ACK/NAK/silence) of every exchange. T1/T2 are
 * not compared: Kea is configured with `calculate-tee-times` (RFC 2131's 0.5
 * and 0.875, which userside-dhcpd sends too) and they are only printed.
 *
 * Kea runs twice: with its default `authoritative: false` (the usual
 * reservations-only deployment, the oracle for the OFFER/ACK comparison) and
 * with `authoritative: true`, which is what userside-dhcpd's default
 * (`dhcp.authoritative: true`) corresponds to. They differ on requests for
 * addresses nobody reserved; the expected differences are asserted below.
 * Needs root and Debian kea-dhcp4-server.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedUserside } from '../../src/simulator/server.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { getLeaseTime, getMessageType, getRebindingTime, getRenewalTime, getServerId } from '../../src/wire/accessors.js';
import { messageTypeName, Opt } from '../../src/wire/constants.js';
import { ipToString } from '../../src/wire/ipv4.js';
import { decode, DhcpPacket, encode } from '../../src/wire/packet.js';
import { ip, mac } from '../support/fixtures.js';
import { until } from '../integration/stack.js';
import { startDaemon, type E2eDaemon } from './daemon.js';
import type { Exchanged, Job, Step, StepResult } from './kea/relay-exchange.js';
import { lines, requireTools, Topology } from './netns.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RELAY_SCRIPT = fileURLToPath(new URL('./kea/relay-exchange.ts', import.meta.url));

const P = 'ue2k';
const RELAY = '10.203.1.1';
const ROUTER = RELAY;
const USD = '10.203.2.1';
const KEA = '10.203.3.1';
const KEA_AUTH = '10.203.4.1';
const LABEL: Record<string, string> = { [KEA]: 'Kea 2.2', [KEA_AUTH]: 'Kea 2.2 authoritative', [USD]: 'userside-dhcpd' };
const DNS = ['10.203.250.53', '10.203.250.54'];
const MASK = '255.255.255.0';
const LEASE = 1800;
/** 20 reservations, addresses not in MAC order. */
const HOSTS = Array.from({ length: 20 }, (_, i) => ({
  mac: `02:6b:ea:00:01:${(i + 1).toString(16).padStart(2, '0')}`,
  ip: `10.203.1.${10 + ((i * 7) % 20) * 11}`,
}));
/** Reserved in both too, used only to see that Kea answers. */
const PROBE = { mac: '02:6b:ea:00:00:fe', ip: '10.203.1.250' };
/** Reserved in neither. */
const STRANGER = '02:6b:ea:00:09:99';
const UNRESERVED_IP = '10.203.1.200';
/** What clients ask for in option 55: dhclient's usual list, none at all, and one without 3 and 6. */
const PRLS: ReadonlyArray<readonly number[] | undefined> = [[1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42, 51, 58, 59], undefined, [1, 28, 51]];

const work = mkdtempSync(join(tmpdir(), 'usd-e2e-kea-'));

function keaConfig(dir: string, authoritative: boolean): string {
  return JSON.stringify(
    {
      Dhcp4: {
        'interfaces-config': { interfaces: ['s0'], 'dhcp-socket-type': 'udp' },
        'lease-database': { type: 'memfile', persist: true, name: join(dir, 'kea-leases4.csv'), 'lfc-interval': 0 },
        authoritative,
        'host-reservation-identifiers': ['hw-address'],
        'valid-lifetime': LEASE,
        'calculate-tee-times': true,
        subnet4: [
          {
            id: 1,
            subnet: '10.203.1.0/24',
            // no pools: reservations only
            'option-data': [
              { name: 'routers', data: ROUTER },
              { name: 'domain-name-servers', data: DNS.join(', ') },
            ],
            reservations: [...HOSTS, PROBE].map((h) => ({ 'hw-address': h.mac, 'ip-address': h.ip })),
          },
        ],
        loggers: [{ name: 'kea-dhcp4', output_options: [{ output: 'stdout' }], severity: 'INFO' }],
      },
    },
    null,
    2,
  );
}

/** What a reply says, as text ('-' when absent); null for silence. */
interface Seen {
  type: string;
  yiaddr: string;
  mask: string;
  router: string;
  dns: string;
  lease: string;
  serverId: string;
  t1: string;
  t2: string;
  codes: string;
}
const COMPARED = ['yiaddr', 'mask', 'router', 'dns', 'lease'] as const;

function packet(hex: string): DhcpPacket {
  const p = decode(Buffer.from(hex, 'hex'));
  if (!(p instanceof DhcpPacket)) throw new Error(`undecodable: ${hex}`);
  return p;
}

function ips(p: DhcpPacket, code: number): string {
  const v = p.options.get(code);
  if (v === undefined) return '-';
  const out: string[] = [];
  for (let i = 0; i + 4 <= v.length; i += 4) out.push(`${v[i]}.${v[i + 1]}.${v[i + 2]}.${v[i + 3]}`);
  return v.length % 4 === 0 ? out.join(' ') : `malformed(${Buffer.from(v).toString('hex')})`;
}

function seen(hex: string | null): Seen | null {
  if (hex === null) return null;
  const p = packet(hex);
  const num = (v: unknown): string => (typeof v === 'number' ? String(v) : '-');
  const codes: number[] = [];
  for (let e = 0; e < p.options.size; e++) codes.push(p.options.codeAt(e));
  const sid = getServerId(p);
  const mt = getMessageType(p);
  return {
    type: messageTypeName(typeof mt === 'number' ? mt : undefined),
    yiaddr: ipToString(p.yiaddr),
    mask: ips(p, Opt.SUBNET_MASK),
    router: ips(p, Opt.ROUTERS),
    dns: ips(p, Opt.DNS_SERVERS),
    lease: num(getLeaseTime(p)),
    serverId: typeof sid === 'number' ? ipToString(sid) : '-',
    t1: num(getRenewalTime(p)),
    t2: num(getRebindingTime(p)),
    codes: codes.sort((a, b) => a - b).join(','),
  };
}

/** 'offer → ack', 'silent', 'nak', ... */
const outcome = (ex: readonly Exchanged[]): string => ex.map((e) => seen(e.reply)?.type ?? 'silent').join(' → ');

/** The request as sent, without option 54 (which names the server it went to). */
function withoutServerId(hex: string): string {
  const p = packet(hex);
  p.options.delete(Opt.SERVER_ID);
  return Buffer.from(encode(p)).toString('hex');
}


/** One line of a comparison: the case, then a column per server. */
type Row = Record<string, string>;
function table(rows: readonly Row[], servers: readonly string[]): string {
  const keys = ['case', 'reply', 'field', ...servers];
  const head: Row = { case: 'case', reply: 'reply', field: 'field', ...Object.fromEntries(servers.map((s) => [s, LABEL[s] ?? s])) };
  const all = [head, ...rows];
  const w = keys.map((k) => Math.max(...all.map((r) => (r[k] ?? '').length)));
  return all.map((r) => keys.map((k, i) => (r[k] ?? '').padEnd(w[i] as number)).join('  ')).join('\n');
}

describe('Kea 2.2 as an oracle for MAC reservations', () => {
  let topo: Topology;
  let sim: SimulatedUserside;
  let daemon: E2eDaemon;
  let cli: string;
  let keaVersion = '';
  const keas: Array<{ name: string; child: ReturnType<Topology['spawn']>; log: ReturnType<typeof lines> }> = [];
  const started = Date.now();
  let jobs = 0;
  const notes: string[] = [];

  /** Plays `steps` from the relay in the cli namespace against `servers`, in that order. */
  async function relay(steps: readonly Step[], servers: readonly string[], timeoutMs = 2000): Promise<StepResult[]> {
    const job: Job = { relay: RELAY, servers, timeoutMs, steps };
    const file = join(work, `job-${++jobs}.json`);
    writeFileSync(file, JSON.stringify(job));
    const { stdout } = await run('ip', ['netns', 'exec', cli, process.execPath, '--import', 'tsx', RELAY_SCRIPT, file], { cwd: ROOT, timeout: 150_000, maxBuffer: 16 << 20 });
    const results = JSON.parse(stdout) as StepResult[];
    expect(results).toHaveLength(steps.length);
    return results;
  }

  const of = (r: StepResult | undefined, server: string): Exchanged[] => {
    const ex = r?.[server];
    if (!ex) throw new Error(`no result for ${server}`);
    return ex;
  };

  /** kea-dhcp4 in the foreground in namespace `name`, on s0 = `address`; resolves once it OFFERs to the probe MAC. */
  async function startKea(name: string, address: string, cliIf: string, cliAddr: string, authoritative: boolean): Promise<void> {
    const ns = await topo.ns(name);
    await topo.veth({ ns, ifname: 's0', addr: `${address}/24` }, { ns: cli, ifname: cliIf, addr: `${cliAddr}/24` });
    await topo.sh(ns, `ip route add 10.203.1.0/24 via ${cliAddr}`);
    const dir = join(work, name);
    mkdirSync(dir);
    const conf = join(dir, 'kea-dhcp4.json');
    writeFileSync(conf, keaConfig(dir, authoritative));
    const env = { ...process.env, KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir };
    await run('ip', ['netns', 'exec', ns, 'kea-dhcp4', '-t', conf], { env }).catch((e: { stdout?: string; message: string }) => {
      throw new Error(`Kea rejects its configuration: ${e.stdout || e.message}`);
    });
    const child = topo.spawn(ns, 'kea-dhcp4', ['-c', conf], { env });
    const log = lines(child);
    keas.push({ name, child, log });
    const [probe] = await relay([{ kind: 'await-offer', server: address, mac: PROBE.mac, withinMs: 30_000 }], [address]);
    const answer = seen(of(probe, address)[0]?.reply ?? null);
    if (answer?.type !== 'offer') throw new Error(`Kea (${name}) did not answer (exit ${child.exitCode}):\n${log.all.join('\n')}`);
    expect(answer.yiaddr).toBe(PROBE.ip);
  }

  beforeAll(async () => {
    requireTools({ 'kea-dhcp4': 'kea-dhcp4-server' });
    keaVersion = execFileSync('kea-dhcp4', ['-V'], { encoding: 'utf8' }).split('\n')[0]?.trim() ?? '';
    topo = await Topology.create(P);
    const usd = await topo.ns('usd');
    cli = await topo.ns('cli');
    await topo.veth({ ns: '', ifname: `${P}-mg`, addr: '10.203.255.1/30' }, { ns: usd, ifname: 'mg0', addr: '10.203.255.2/30' });
    await topo.veth({ ns: usd, ifname: 's0', addr: `${USD}/24` }, { ns: cli, ifname: 'tu', addr: '10.203.2.2/24' });
    await topo.sh(cli, `ip addr add ${RELAY}/32 dev lo`);
    await topo.sh(usd, 'ip route add 10.203.1.0/24 via 10.203.2.2');

    // userside-dhcpd: the same 20 (+1) bindings as MAC-only UserSide customers.
    sim = await SimulatedUserside.start({ customers: 1, switches: 1, host: '10.203.255.1' });
    sim.setCustomers([...HOSTS, PROBE].map((h, i): SimCustomer => ({ customerId: `k${i + 1}`, ip: ip(h.ip), mac: mac(h.mac), kind: 'mac-only' })));
    daemon = await startDaemon(
      topo,
      usd,
      (stateDir) => `userside:
  url: ${sim.url}
  key: ${sim.key}
dhcp:
  listen: ["0.0.0.0:67"]
  server_id: ${USD}
  match: mac
  lease_time: ${LEASE}
  subnets:
    - cidr: 10.203.1.0/24
      routers: [${ROUTER}]
      dns: [${DNS.join(', ')}]
state_dir: ${stateDir}
admin:
  listen: 10.203.255.2:9567
log:
  level: info
`,
      'http://10.203.255.2:9567',
    );
    expect((await daemon.call('/leases')) as unknown[]).toHaveLength(HOSTS.length + 1);

    await startKea('kea', KEA, 'tk', '10.203.3.2', false);
    await startKea('kea-auth', KEA_AUTH, 'ta', '10.203.4.2', true);
  }, 150_000);

  afterAll(async () => {
    for (const k of keas) {
      if (k.child.exitCode === null && k.child.signalCode === null) {
        k.child.kill('SIGTERM');
        await until(() => k.child.exitCode !== null || k.child.signalCode !== null, 5000, 'Kea to stop').catch(() => k.child.kill('SIGKILL'));
      }
    }
    await topo?.destroy();
    await sim?.close();
    for (const k of keas) writeFileSync(join(work, `${k.name}.log`), `${k.log.all.join('\n')}\n`);
    if (daemon) writeFileSync(join(work, 'daemon.log'), `${daemon.logs.all.join('\n')}\n`);
    console.log(`kea-oracle: Kea ${keaVersion}; ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${work}${notes.length ? `\n${notes.join('\n')}` : ''}`);
  });

  it('every reserved MAC gets the same OFFER and ACK from Kea and userside-dhcpd: yiaddr, mask, router, DNS and lease time', async () => {
    const servers = [KEA, USD];
    const steps: Step[] = HOSTS.map((h, i) => {
      const prl = PRLS[i % PRLS.length];
      return { kind: 'dora', mac: h.mac, xid: 0x6b0a0000 + i, ...(prl ? { prl } : {}) };
    });
    const results = await relay(steps, servers);
    const mismatches: Row[] = [];
    const wrongOracle: Row[] = [];
    const configured: Partial<Record<keyof Seen, string>> = { mask: MASK, router: ROUTER, dns: DNS.join(' '), lease: String(LEASE) };
    HOSTS.forEach((h, i) => {
      const k = of(results[i], KEA);
      const u = of(results[i], USD);
      const name = `${h.mac} (option 55 ${PRLS[i % PRLS.length] ? `[${PRLS[i % PRLS.length]?.join(',')}]` : 'absent'})`;
      // identical requests: the same DISCOVER bytes; REQUESTs equal but for option 54
      expect(u[0]?.request).toBe(k[0]?.request);
      if (k[1] && u[1]) expect(withoutServerId(u[1].request)).toBe(withoutServerId(k[1].request));
      if (outcome(k) !== outcome(u)) mismatches.push({ case: name, reply: '-', field: 'outcome', [KEA]: outcome(k), [USD]: outcome(u) });
      for (const step of [0, 1]) {
        const ks = seen(k[step]?.reply ?? null);
        const us = seen(u[step]?.reply ?? null);
        if (!ks || !us) continue;
        const reply = ks.type === us.type ? ks.type : `${ks.type}/${us.type}`;
        for (const f of COMPARED) if (ks[f] !== us[f]) mismatches.push({ case: name, reply, field: f, [KEA]: ks[f], [USD]: us[f] });
        // each answer comes from the server it was sent to (no cross-talk on the shared xid)
        expect(ks.serverId).toBe(KEA);
        expect(us.serverId).toBe(USD);
        // and the oracle itself says what was configured
        for (const [f, v] of Object.entries({ yiaddr: h.ip, ...configured }) as Array<[keyof Seen, string]>) {
          if (ks[f] !== v) wrongOracle.push({ case: name, reply: ks.type, field: f, [KEA]: ks[f], [USD]: `(configured: ${v})` });
        }
        if (step === 1 && i < PRLS.length) {
          notes.push(`ACK for ${name}, not compared: T1 Kea ${ks.t1} / usd ${us.t1}; T2 Kea ${ks.t2} / usd ${us.t2}; options Kea [${ks.codes}] / usd [${us.codes}]`);
        }
      }
      expect(outcome(k), `Kea for ${name}`).toBe('offer → ack');
    });
    if (mismatches.length > 0) console.log(`Kea and userside-dhcpd differ:\n${table(mismatches, servers)}`);
    if (wrongOracle.length > 0) console.log(`Kea did not answer as configured:\n${table(wrongOracle, servers)}`);
    expect(wrongOracle).toEqual([]);
    expect(mismatches).toEqual([]);
  });

  it('a MAC reserved in neither: no OFFER from anyone; REQUESTs get the outcomes asserted here, expected differences included', async () => {
    const servers = [KEA, KEA_AUTH, USD];
    const taken = (HOSTS[0] as (typeof HOSTS)[number]).ip;
    const results = await relay(
      [
        { kind: 'dora', mac: STRANGER, xid: 0x6b0b0001 },
        { kind: 'request', mac: STRANGER, xid: 0x6b0b0002, requested: UNRESERVED_IP, names: 'self' },
        { kind: 'request', mac: STRANGER, xid: 0x6b0b0003, requested: UNRESERVED_IP, names: 'none' },
        { kind: 'request', mac: STRANGER, xid: 0x6b0b0004, requested: taken, names: 'self' },
        { kind: 'request', mac: STRANGER, xid: 0x6b0b0005, requested: taken, names: 'none' },
      ],
      servers,
    );
    const what = [
      'DISCOVER',
      `SELECTING REQUEST for ${UNRESERVED_IP} (reserved for nobody)`,
      `INIT-REBOOT REQUEST for ${UNRESERVED_IP} (reserved for nobody)`,
      `SELECTING REQUEST for ${taken} (reserved for another MAC)`,
      `INIT-REBOOT REQUEST for ${taken} (reserved for another MAC)`,
    ];
    const got: Row[] = what.map((w, i) => ({ case: `${STRANGER} ${w}`, reply: '-', field: 'outcome', ...Object.fromEntries(servers.map((s) => [s, outcome(of(results[i], s))])) }));
    console.log(`MAC reserved nowhere, outcomes:\n${table(got, servers)}`);
    for (const r of got) notes.push(`${r.case}: ${servers.map((s) => `${LABEL[s]} ${r[s]}`).join(', ')}`);
    // columns: Kea (default, non-authoritative), Kea authoritative, userside-dhcpd (authoritative by default)
    expect(got.map((r) => servers.map((s) => r[s]))).toEqual([
      ['silent', 'silent', 'silent'],
      // Expected difference: Kea drops a SELECTING REQUEST for an address in no pool and no
      // reservation whether authoritative or not (DHCP4_UNKNOWN_ADDRESS_REQUESTED, debug level
      // only); userside-dhcpd NAKs it (README: SELECTING naming us without a binding → NAK).
      ['silent', 'silent', 'nak'],
      // Expected difference: authoritative Kea NAKs an INIT-REBOOT from a client it has no
      // record of (DHCP4_PACKET_NAK_0002); userside-dhcpd stays silent as RFC 2131 §4.3.2 says
      // ("If the DHCP server has no record of this client, then it MUST remain silent").
      ['silent', 'nak', 'silent'],
      // An address reserved for someone else: every server NAKs the SELECTING REQUEST.
      ['nak', 'nak', 'nak'],
      // As two rows up: only authoritative Kea NAKs an INIT-REBOOT from a client it does not know.
      ['silent', 'nak', 'silent'],
    ]);
  });

  it('a reserved MAC after its DORA: INIT-REBOOT for its own address is ACKed alike, for another address NAKed by all; a REQUEST naming another server is ignored by all', async () => {
    const servers = [KEA, KEA_AUTH, USD];
    const h = HOSTS[3] as (typeof HOSTS)[number];
    const [dora, right, wrong, other] = await relay(
      [
        { kind: 'dora', mac: h.mac, xid: 0x6b0c0001 },
        { kind: 'request', mac: h.mac, xid: 0x6b0c0002, requested: h.ip, names: 'none' },
        { kind: 'request', mac: h.mac, xid: 0x6b0c0003, requested: UNRESERVED_IP, names: 'none' },
        { kind: 'request', mac: h.mac, xid: 0x6b0c0004, requested: h.ip, names: '10.203.9.9' },
      ],
      servers,
    );
    const cases = [
      ['DORA', dora, 'offer → ack'],
      ['INIT-REBOOT, own address', right, 'ack'],
      [`INIT-REBOOT, ${UNRESERVED_IP}`, wrong, 'nak'],
      ['REQUEST naming server 10.203.9.9', other, 'silent'],
    ] as const;
    const rows: Row[] = [];
    for (const [what, r, want] of cases) {
      const outcomes = Object.fromEntries(servers.map((s) => [s, outcome(of(r, s))]));
      if (new Set(Object.values(outcomes)).size > 1) rows.push({ case: what, reply: '-', field: 'outcome', ...outcomes });
      expect(outcomes[KEA], `Kea, ${what}`).toBe(want);
      const k = seen(of(r, KEA).at(-1)?.reply ?? null);
      for (const s of [KEA_AUTH, USD]) {
        const o = seen(of(r, s).at(-1)?.reply ?? null);
        if (k?.type === 'ack' && o?.type === 'ack') for (const f of COMPARED) if (k[f] !== o[f]) rows.push({ case: what, reply: 'ack', field: f, [KEA]: k[f], [s]: o[f] });
      }
      if (k?.type === 'ack') expect(k.yiaddr).toBe(h.ip);
    }
    if (rows.length > 0) console.log(`Kea and userside-dhcpd differ:\n${table(rows, servers)}`);
    expect(rows).toEqual([]);
  });
});
