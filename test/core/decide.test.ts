import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/types.js';
import { decide } from '../../src/core/decide.js';
import type { Decision } from '../../src/core/decision.js';
import { prepareCore } from '../../src/core/prepare.js';
import { getLeaseTime, getRebindingTime, getRenewalTime, getServerId } from '../../src/wire/accessors.js';
import { FLAG_BROADCAST, MessageType as T, Opt } from '../../src/wire/constants.js';
import { ipToString } from '../../src/wire/ipv4.js';
import { encodeOptionValue } from '../../src/wire/option-catalogue.js';
import { encode } from '../../src/wire/packet.js';
import { BINDINGS, ip, subnet, SWITCHES, tableOf, testConfig } from '../support/fixtures.js';
import { makeRequest, type RequestSpec } from '../support/requests.js';

const S1 = '00:1e:58:00:00:01';
const MAC1 = '02:00:00:00:00:01';
const MAC3 = '02:00:00:00:00:03';
const NEW = '02:00:00:00:00:aa';
const RELAY = '10.0.9.1'; // trusted, not a switch
const SOURCE = { address: ip('10.0.9.1'), port: 67 };

/** What a decision comes to, in a form a table can state. */
function summary(d: Decision): string {
  if (d.kind === 'drop') return `drop ${d.reason}${d.note ? ` (${d.note})` : ''}`;
  const type = { [T.OFFER]: 'OFFER', [T.ACK]: 'ACK', [T.NAK]: 'NAK' }[d.type as 2 | 5 | 6];
  const what = d.type === T.NAK ? (d.reason as string) : ipToString(d.packet.yiaddr);
  return `${type} ${what} → ${ipToString(d.to.address)}:${d.to.port}${d.note ? ` (${d.note})` : ''}`;
}

function run(spec: RequestSpec, config: Config = testConfig(), source = SOURCE): Decision {
  const core = prepareCore(config);
  return decide(makeRequest(spec), source, { table: tableOf(BINDINGS, SWITCHES, config), core, now: 0 });
}

/** Offset of the END option, found by walking the TLVs. */
function endOffset(b: Uint8Array): number {
  let i = 240;
  while (b[i] !== 255) i += b[i] === 0 ? 1 : 2 + (b[i + 1] as number);
  return i;
}

const mode = (match: Config['dhcp']['match']): Config => testConfig({ dhcp: { match } });
const relayed = (port: number, extra: RequestSpec = {}): RequestSpec => ({ giaddr: RELAY, circuit: [100, 0, port], remote: S1, ...extra });

describe('decide: DISCOVER, by match mode (SPEC §5)', () => {
  const cases: Array<[string, RequestSpec, string, Config?]> = [
    ['by MAC, no relay', { mac: MAC3 }, 'OFFER 10.10.0.13 → 255.255.255.255:68'],
    ['unknown MAC, no relay', { mac: NEW }, 'drop unknown-client'],
    ['by port: new MAC on a port bound without MAC', relayed(2, { mac: NEW }), 'OFFER 10.10.0.12 → 10.0.9.1:67'],
    ['by port: a new router on a port bound to another MAC gets the port', relayed(1, { mac: NEW }), 'OFFER 10.10.0.11 → 10.0.9.1:67'],
    ['switch by relay address: same port number on another switch', { giaddr: '10.0.2.1', circuit: [1, 0, 1], mac: NEW }, 'OFFER 10.10.0.21 → 10.0.2.1:67'],
    ['switch by RFC 3527 link-selection', { giaddr: RELAY, linkSelection: '10.0.2.1', circuit: [1, 0, 1], mac: NEW }, 'OFFER 10.10.0.21 → 10.0.9.1:67'],
    ['two IPs on a port: the one with this MAC', relayed(4, { mac: '02:00:00:00:00:04' }), 'OFFER 10.10.0.14 → 10.0.9.1:67'],
    ['two IPs on a port: another MAC gets the one without MAC', relayed(4, { mac: NEW }), 'OFFER 10.10.0.15 → 10.0.9.1:67'],
    ['two MAC-bound IPs on a port: a third MAC is ambiguous', { giaddr: '10.0.2.1', circuit: [1, 0, 6], mac: NEW }, 'drop ambiguous-port'],
    ['two MAC-bound IPs on a port: each MAC its own', { giaddr: '10.0.2.1', circuit: [1, 0, 6], mac: '02:00:00:00:00:07' }, 'OFFER 10.10.0.27 → 10.0.2.1:67'],
    ['unbound port, unknown MAC', relayed(9, { mac: NEW }), 'drop unknown-port'],
    ['unbound port, known MAC: port-then-mac falls back to the MAC', relayed(9, { mac: MAC3 }), 'OFFER 10.10.0.13 → 10.0.9.1:67'],
    ['unknown switch', { giaddr: RELAY, circuit: [1, 0, 1], remote: '00:1e:58:ff:ff:ff', mac: NEW }, 'drop unknown-switch'],
    ['circuit-id not in the configured format', { giaddr: RELAY, circuit: 'eth0/1', remote: S1, mac: NEW }, 'drop bad-circuit-id'],
    ['option 82 from an untrusted relay is ignored', { ...relayed(2, { mac: NEW }), giaddr: '192.168.1.1' }, 'drop unknown-client (untrusted-relay)'],
    ['untrusted relay, known MAC: answered by MAC, 82 still ignored', { ...relayed(2, { mac: MAC1 }), giaddr: '192.168.1.1' }, 'OFFER 10.10.0.11 → 192.168.1.1:67 (untrusted-relay)'],
    ['option 82 without giaddr (inserted by the client) is ignored', { circuit: [100, 0, 2], remote: S1, mac: NEW }, 'drop unknown-client (untrusted-relay)'],
    ['malformed option 82 from a trusted relay is ignored', { giaddr: RELAY, raw82: '01 09 0004', mac: MAC3 }, 'OFFER 10.10.0.13 → 10.0.9.1:67 (malformed-option82)'],
    ['mode mac: the port does not count', relayed(2, { mac: NEW }), 'drop unknown-client', mode('mac')],
    ['mode mac: the MAC does', relayed(2, { mac: MAC1 }), 'OFFER 10.10.0.11 → 10.0.9.1:67', mode('mac')],
    ['mode port: no option 82, known MAC', { mac: MAC3 }, 'drop no-relay-info', mode('port')],
    ['mode port: new MAC on a bound port', relayed(1, { mac: NEW }), 'OFFER 10.10.0.11 → 10.0.9.1:67', mode('port')],
    ['mode port-and-mac: port and MAC agree', relayed(1, { mac: MAC1 }), 'OFFER 10.10.0.11 → 10.0.9.1:67', mode('port-and-mac')],
    ['mode port-and-mac: another MAC on the port', relayed(1, { mac: NEW }), 'drop mac-mismatch', mode('port-and-mac')],
    ['mode port-and-mac: port bound without MAC', relayed(2, { mac: NEW }), 'drop mac-mismatch', mode('port-and-mac')],
  ];
  it.each(cases)('%s', (_n, spec, want, config) => expect(summary(run(spec, config))).toBe(want));
});

describe('decide: REQUEST in each client state (RFC 2131 §4.3.2)', () => {
  const nonAuth = testConfig({ dhcp: { authoritative: false } });
  const cases: Array<[string, RequestSpec, string, Config?]> = [
    ['SELECTING us, right address', { type: T.REQUEST, mac: MAC3, serverId: '10.0.0.1', requested: '10.10.0.13' }, 'ACK 10.10.0.13 → 255.255.255.255:68'],
    ['SELECTING us through the relay', relayed(2, { type: T.REQUEST, mac: NEW, serverId: '10.0.0.1', requested: '10.10.0.12' }), 'ACK 10.10.0.12 → 10.0.9.1:67'],
    ['SELECTING us, wrong address: NAK to the relay', relayed(1, { type: T.REQUEST, mac: MAC1, serverId: '10.0.0.1', requested: '10.10.0.99' }), 'NAK wrong-address → 10.0.9.1:67'],
    ['SELECTING us, wrong address, not authoritative: silent', { type: T.REQUEST, mac: MAC3, serverId: '10.0.0.1', requested: '10.10.0.99' }, 'drop wrong-address', nonAuth],
    ['SELECTING another server: silent', { type: T.REQUEST, mac: MAC3, serverId: '10.0.0.2', requested: '10.10.0.13' }, 'drop wrong-server'],
    ['SELECTING us, unknown client: NAK', { type: T.REQUEST, mac: NEW, serverId: '10.0.0.1', requested: '10.10.0.13' }, 'NAK unknown-client → 255.255.255.255:68'],
    ['SELECTING without option 50', { type: T.REQUEST, mac: MAC3, serverId: '10.0.0.1' }, 'drop no-requested-address'],
    ['INIT-REBOOT, right address', { type: T.REQUEST, mac: MAC3, requested: '10.10.0.13' }, 'ACK 10.10.0.13 → 255.255.255.255:68'],
    ['INIT-REBOOT, wrong address: NAK', { type: T.REQUEST, mac: MAC3, requested: '10.99.0.1' }, 'NAK wrong-address → 255.255.255.255:68'],
    ['INIT-REBOOT, wrong address, not authoritative: silent', { type: T.REQUEST, mac: MAC3, requested: '10.99.0.1' }, 'drop wrong-address', nonAuth],
    ['INIT-REBOOT, no record of the client: silent', { type: T.REQUEST, mac: NEW, requested: '10.10.0.13' }, 'drop unknown-client'],
    ['RENEWING: unicast, no option 82, MAC is the binding\'s → ACK to ciaddr:68', { type: T.REQUEST, mac: MAC1, ciaddr: '10.10.0.11' }, 'ACK 10.10.0.11 → 10.10.0.11:68'],
    ['RENEWING a port binding without MAC (Kea NAKs this)', { type: T.REQUEST, mac: NEW, ciaddr: '10.10.0.12' }, 'ACK 10.10.0.12 → 10.10.0.12:68'],
    ['RENEWING an address bound to another MAC: NAK, broadcast', { type: T.REQUEST, mac: NEW, ciaddr: '10.10.0.11' }, 'NAK mac-mismatch → 255.255.255.255:68'],
    ['RENEWING an unbound address: NAK', { type: T.REQUEST, mac: NEW, ciaddr: '10.10.0.99' }, 'NAK unknown-client → 255.255.255.255:68'],
    ['REBINDING through the relay from the port\'s new router', relayed(1, { type: T.REQUEST, mac: NEW, ciaddr: '10.10.0.11' }), 'ACK 10.10.0.11 → 10.0.9.1:67'],
    ['REQUEST with neither ciaddr nor option 50', { type: T.REQUEST, mac: MAC3 }, 'drop no-requested-address'],
  ];
  it.each(cases)('%s', (_n, spec, want, config) => expect(summary(run(spec, config))).toBe(want));
});

describe('decide: INFORM, DECLINE, RELEASE and what is not a request', () => {
  const cases: Array<[string, RequestSpec, string]> = [
    ['INFORM: ACK to ciaddr', { type: T.INFORM, mac: NEW, ciaddr: '10.10.0.50' }, 'ACK 0.0.0.0 → 10.10.0.50:68'],
    ['INFORM from outside every subnet', { type: T.INFORM, mac: NEW, ciaddr: '192.168.5.5' }, 'drop unknown-subnet'],
    ['DECLINE', { type: T.DECLINE, mac: MAC3, requested: '10.10.0.13' }, 'drop declined'],
    ['RELEASE', { type: T.RELEASE, mac: MAC3, ciaddr: '10.10.0.13' }, 'drop released'],
    ['a BOOTREPLY', { op: 2, mac: MAC3 }, 'drop not-a-request'],
    ['no option 53 (BOOTP)', { type: null, mac: MAC3 }, 'drop malformed'],
    ['an OFFER sent to the server', { type: T.OFFER, mac: MAC3 }, 'drop not-a-request'],
    ['message type 18', { type: 18, mac: MAC3 }, 'drop unsupported-message'],
  ];
  it.each(cases)('%s', (_n, spec, want) => expect(summary(run(spec))).toBe(want));

  it('no table loaded yet', () => {
    const d = decide(makeRequest({ mac: MAC3 }), SOURCE, { table: null, core: prepareCore(testConfig()), now: 0 });
    expect(summary(d)).toBe('drop no-table');
  });
});

describe('decide: what the replies carry', () => {
  const reply = (spec: RequestSpec, config?: Config) => {
    const d = run(spec, config);
    if (d.kind !== 'reply') throw new Error(summary(d));
    return d;
  };

  it('OFFER: server id, lease and T1/T2 of the binding\'s subnet, mask, router, DNS, domain', () => {
    const p = reply({ mac: MAC3 }).packet;
    expect(getServerId(p)).toBe(ip('10.0.0.1'));
    expect([getLeaseTime(p), getRenewalTime(p), getRebindingTime(p)]).toEqual([3600, 1800, 3150]);
    expect(ipToString(Buffer.from(p.options.get(Opt.SUBNET_MASK) as Uint8Array).readUInt32BE(0))).toBe('255.255.0.0');
    expect(ipToString(Buffer.from(p.options.get(Opt.ROUTERS) as Uint8Array).readUInt32BE(0))).toBe('10.10.0.1');
    expect(Buffer.from(p.options.get(Opt.DOMAIN_NAME) as Uint8Array).toString()).toBe('isp.example');
    const other = reply({ mac: '02:00:00:00:00:08' }).packet;
    expect(getLeaseTime(other)).toBe(600);
  });

  it('option 55: extras only when asked for; everything when there is no option 55', () => {
    const mtu = encodeOptionValue(26, 1500);
    if (!mtu.ok) throw new Error(mtu.error);
    const config = testConfig({ dhcp: { subnets: [subnet('10.10.0.0/16', { options: new Map([[26, mtu.bytes]]) })] } });
    expect(reply({ mac: MAC3, prl: [1, 3, 6] }, config).packet.options.has(26)).toBe(false);
    expect(reply({ mac: MAC3, prl: [1, 3, 6, 26] }, config).packet.options.has(26)).toBe(true);
    expect(reply({ mac: MAC3, prl: [1, 3, 6, 28] }, config).packet.options.has(Opt.BROADCAST_ADDRESS)).toBe(true);
    expect(reply({ mac: MAC3 }, config).packet.options.has(26)).toBe(true);
  });

  it('option 57: optional options give way, required ones stay', () => {
    const big = encodeOptionValue(43, `hex:${'ab'.repeat(300)}`);
    if (!big.ok) throw new Error(big.error);
    const config = testConfig({ dhcp: { subnets: [subnet('10.10.0.0/16', { options: new Map([[43, big.bytes]]) })] } });
    const p = reply({ mac: MAC3, prl: [1, 3, 43], maxSize: 576 }, config).packet;
    expect(p.options.has(43)).toBe(false);
    expect(p.options.has(Opt.SUBNET_MASK)).toBe(true);
    expect(encode(p).length).toBeLessThanOrEqual(548);
    expect(reply({ mac: MAC3, prl: [1, 3, 43], maxSize: 1500 }, config).packet.options.has(43)).toBe(true);
  });

  it('option 82 echoed byte for byte and last, 61 echoed, on OFFER and NAK', () => {
    const spec = relayed(1, { mac: MAC1, clientId: '01020000000001' });
    for (const s of [spec, { ...spec, type: T.REQUEST, serverId: '10.0.0.1', requested: '10.10.0.99' }]) {
      const d = reply(s);
      const req = makeRequest(s);
      expect(Buffer.from(d.packet.options.get(82) as Uint8Array)).toEqual(Buffer.from(req.options.get(82) as Uint8Array));
      expect(Buffer.from(d.packet.options.get(61) as Uint8Array).toString('hex')).toBe('01020000000001');
      const bytes = encode(d.packet);
      const end = endOffset(bytes);
      const opt82 = req.options.get(82) as Uint8Array;
      expect(Buffer.from(bytes.subarray(end - opt82.length - 2, end)).toString('hex')).toBe(`52${opt82.length.toString(16).padStart(2, '0')}${Buffer.from(opt82).toString('hex')}`);
    }
  });

  it('NAK through a relay: broadcast bit, no address, message says why', () => {
    const d = reply(relayed(1, { type: T.REQUEST, mac: MAC1, serverId: '10.0.0.1', requested: '10.10.0.99' }));
    expect(d.packet.flags & FLAG_BROADCAST).toBe(FLAG_BROADCAST);
    expect(d.packet.yiaddr).toBe(0);
    expect(d.packet.options.has(Opt.LEASE_TIME)).toBe(false);
    expect(Buffer.from(d.packet.options.get(Opt.MESSAGE) as Uint8Array).toString()).toMatch(/not its binding/);
  });

  it('ACK to a renewal carries ciaddr; ACK to INFORM has no address and no lease time', () => {
    expect(reply({ type: T.REQUEST, mac: MAC1, ciaddr: '10.10.0.11' }).packet.ciaddr).toBe(ip('10.10.0.11'));
    const inf = reply({ type: T.INFORM, mac: NEW, ciaddr: '10.10.0.50' }).packet;
    expect(inf.ciaddr).toBe(ip('10.10.0.50'));
    expect(inf.yiaddr).toBe(0);
    expect(inf.options.has(Opt.LEASE_TIME)).toBe(false);
    expect(inf.options.has(Opt.SUBNET_MASK)).toBe(true);
  });

  it('RFC 5107: a trusted relay\'s server-id override goes in option 54 and is accepted back', () => {
    const offer = reply(relayed(2, { mac: NEW, serverIdOverride: '10.0.9.1' }));
    expect(getServerId(offer.packet)).toBe(ip('10.0.9.1'));
    const ack = run(relayed(2, { type: T.REQUEST, mac: NEW, serverIdOverride: '10.0.9.1', serverId: '10.0.9.1', requested: '10.10.0.12' }));
    expect(summary(ack)).toBe('ACK 10.10.0.12 → 10.0.9.1:67');
  });

  it('RFC 8357: a relay that asks gets the reply on its source port, trusted or not', () => {
    const src = { address: ip(RELAY), port: 3067 };
    const core = prepareCore(testConfig());
    const table = tableOf(BINDINGS, SWITCHES);
    const d1 = decide(makeRequest(relayed(2, { mac: NEW, relayPort: true })), src, { table, core, now: 0 });
    expect(summary(d1)).toBe('OFFER 10.10.0.12 → 10.0.9.1:3067');
    const d2 = decide(makeRequest({ ...relayed(2, { mac: MAC3, relayPort: true }), giaddr: '192.168.1.1' }), src, { table, core, now: 0 });
    expect(summary(d2)).toBe('OFFER 10.10.0.13 → 192.168.1.1:3067 (untrusted-relay)');
  });

  it('explain: a trace says how the switch and port were found and why', () => {
    const trace: string[] = [];
    const core = prepareCore(testConfig());
    decide(makeRequest(relayed(4, { mac: NEW })), SOURCE, { table: tableOf(BINDINGS, SWITCHES), core, now: 0 }, trace);
    expect(trace.join('\n')).toMatch(/circuit-id: port 4, vlan 100, module 0\nremote-id: switch MAC 00:1e:58:00:00:01 → switch 100\nswitch 100 port 4: 10.10.0.14 \(MAC 02:00:00:00:00:04\), 10.10.0.15 \(MAC none\)/);
  });
});
