/**
 * npm run bench:codec — the per-packet codec work of one relayed DISCOVER:
 * decode it, read option 82 (circuit-id vlan-mod-port, remote-id switch MAC) and
 * option 61, build the matching OFFER and encode it. A same-run baseline (a
 * plain Buffer copy of the request) shows how noisy the machine is right now.
 * Last line: `codec: N decode+encode/s` (target on one core: >= 500,000/s).
 */
import { clientMac, getClientId, getRelayAgentInfo } from '../src/wire/accessors.js';
import { parseVlanModPort } from '../src/wire/circuit-id.js';
import { MessageType, Opt } from '../src/wire/constants.js';
import { decode, DhcpPacket, encode } from '../src/wire/packet.js';
import { encodeOptionValue } from '../src/wire/option-catalogue.js';
import { RelaySub } from '../src/wire/constants.js';
import {
  newReplyFromRequest,
  withAll,
  withLeaseTime,
  withMessageType,
  withOption,
  withRenewalTimes,
  withServerId,
  withYourIp,
} from '../src/wire/reply.js';
import { parseRemoteIdMac } from '../src/wire/remote-id.js';

// A udhcpc DISCOVER as a D-Link switch relays it: circuit-id vlan 100 / unit 0 /
// port 5, remote-id the switch's MAC (option82.md, first row).
const DISCOVER = ((): Buffer => {
  const head = Buffer.alloc(240);
  head.set([1, 1, 6, 1], 0); // BOOTREQUEST, Ethernet, hops 1
  head.writeUInt32BE(0x0a0b0c0d, 4); // xid
  head.set([10, 10, 0, 9], 24); // giaddr: the switch
  head.set([2, 0, 0, 0, 6, 1], 28); // chaddr
  head.writeUInt32BE(0x63825363, 236);
  const options = Buffer.from(
    '350101' + '39020240' + '370701030 60c0f1c2a'.replace(/ /g, '') + '3c0c756468637020312e33352e30' + '3d0701020000000601' +
      '5212' + '01060004006400 05'.replace(/ /g, '') + '0208' + '0006001e58aabbcc' + 'ff',
    'hex',
  );
  return Buffer.concat([head, options, Buffer.alloc(Math.max(0, 300 - 240 - options.length))]);
})();

const bytesOf = (code: number, v: unknown): Uint8Array => {
  const r = encodeOptionValue(code, v);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
};
// Subnet options are encoded once at start-up, as the server does.
const MASK = bytesOf(Opt.SUBNET_MASK, '255.255.0.0');
const ROUTERS = bytesOf(Opt.ROUTERS, ['10.10.0.1']);
const DNS = bytesOf(Opt.DNS_SERVERS, ['10.0.0.53', '10.0.0.54']);
const OFFERED = 0x0a0a0105;
// What the server makes once per configuration: constant modifiers.
const OFFER = withMessageType(MessageType.OFFER);
const SERVER_ID = withServerId(0x0a000001);
const SUBNET = withAll(
  withLeaseTime(3600),
  withRenewalTimes(3600),
  withOption(Opt.SUBNET_MASK, MASK),
  withOption(Opt.ROUTERS, ROUTERS),
  withOption(Opt.DNS_SERVERS, DNS),
);

let sink = 0;

function codecOnce(buf: Buffer): void {
  const req = decode(buf);
  if (!(req instanceof DhcpPacket)) throw new Error('bench packet does not decode');
  const info = getRelayAgentInfo(req);
  if (typeof info !== 'object') throw new Error('no option 82');
  const sub = info.sub;
  const c = sub.find(RelaySub.CIRCUIT_ID);
  const r = sub.find(RelaySub.REMOTE_ID);
  const port = parseVlanModPort(sub.sourceAt(c), sub.startAt(c), sub.lengthAt(c));
  const sw = parseRemoteIdMac(sub.sourceAt(r), sub.startAt(r), sub.lengthAt(r));
  const cid = getClientId(req);
  if (!port.ok || !sw.ok || typeof cid !== 'object') throw new Error('bench packet does not parse');
  const offer = newReplyFromRequest(req, OFFER, withYourIp(OFFERED), SERVER_ID, SUBNET);
  const out = encode(offer);
  sink += out.length + port.port + (sw.mac & 1) + clientMac(req);
}

function copyOnce(buf: Buffer): void {
  const out = Buffer.allocUnsafe(buf.length);
  buf.copy(out);
  sink += out.length;
}

/** Operations per second of `fn` over about `ms` milliseconds. */
function rate(fn: (b: Buffer) => void, ms: number): number {
  let n = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < until) {
    for (let i = 0; i < 1000; i++) fn(DISCOVER);
    n += 1000;
    now = process.hrtime.bigint();
  }
  return (n * 1e9) / Number(now - start);
}

// Sanity: the OFFER decodes and carries what was asked.
codecOnce(DISCOVER);
for (let i = 0; i < 1_000_000; i++) codecOnce(DISCOVER); // warm up the JIT (tiers up late)
for (let i = 0; i < 1_000_000; i++) copyOnce(DISCOVER);

const rounds = 7;
const codec: number[] = [];
const copy: number[] = [];
for (let i = 0; i < rounds; i++) {
  copy.push(rate(copyOnce, 300));
  codec.push(rate(codecOnce, 1000));
}
const best = (xs: number[]): number => Math.max(...xs);
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
console.log(`baseline: Buffer copy of the ${DISCOVER.length}-byte request: ${fmt(best(copy))}/s (best of ${rounds})`);
console.log(`codec rounds: ${codec.map(fmt).join(', ')} /s`);
console.log(`codec cost = ${(best(copy) / best(codec)).toFixed(1)} buffer copies`);
if (sink === 0) console.log('');
console.log(`codec: ${fmt(best(codec)).replace(/,/g, '')} decode+encode/s`);
