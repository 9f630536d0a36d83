import fc from 'fast-check';
import * as acc from '../../src/wire/accessors.js';
import { DECODE_ERROR_CODES, DecodeError } from '../../src/wire/errors.js';
import { decode, DhcpPacket, encode } from '../../src/wire/packet.js';
import { circuitId, decodeRelayAgentInfo, remoteId } from '../../src/wire/relay-agent-info.js';
import { parseVlanModPort, regexCircuitIdParser } from '../../src/wire/circuit-id.js';
import { parseRemoteIdMac } from '../../src/wire/remote-id.js';
import { allVectors } from './vectors.js';

/**
 * The codec's fuzz properties, shared by `npm test` (100,000+ cases) and
 * `npm run fuzz` (1,000,000+). `checkBytes` throws when an invariant breaks.
 */

const KNOWN_CODES = new Set<string>(DECODE_ERROR_CODES);
const asciiPort = regexCircuitIdParser('(?<port>\\d+)$');

/** Everything a server does with untrusted bytes, checked. */
export function checkBytes(bytes: Uint8Array): 'packet' | 'error' {
  const p = decode(bytes);
  if (p instanceof DecodeError) {
    if (!KNOWN_CODES.has(p.code)) throw new Error(`unknown decode error code ${p.code}`);
    return 'error';
  }
  if (!(p instanceof DhcpPacket)) throw new Error('decode returned neither a packet nor a DecodeError');
  readEverything(p);
  // encode(decode(x)) is stable: what we write, we read back and write the same.
  const once = encode(p);
  const again = decode(once);
  if (!(again instanceof DhcpPacket)) throw new Error(`re-decode failed: ${(again as DecodeError).message}`);
  const twice = encode(again);
  if (!Buffer.from(once).equals(Buffer.from(twice))) throw new Error('encode(decode(encode(decode(x)))) differs from encode(decode(x))');
  return 'packet';
}

function readEverything(p: DhcpPacket): void {
  acc.getMessageType(p);
  acc.getRequestedIp(p);
  acc.getServerId(p);
  acc.getLeaseTime(p);
  acc.getRenewalTime(p);
  acc.getRebindingTime(p);
  acc.getParameterRequestList(p);
  acc.getMaxMessageSize(p);
  acc.getClientId(p);
  acc.getHostname(p);
  acc.getVendorClassId(p);
  acc.getOverload(p);
  acc.clientMac(p);
  const raw = p.options.get(82);
  if (raw !== undefined) {
    const info = decodeRelayAgentInfo(raw);
    if (!(info instanceof DecodeError)) {
      const c = circuitId(info);
      if (c) {
        parseVlanModPort(c, 0, c.length);
        asciiPort(c, 0, c.length);
      }
      const r = remoteId(info);
      if (r) parseRemoteIdMac(r);
    }
  }
}

const GOLDEN = [...allVectors().values()].map((b) => Uint8Array.from(b));

/** Random bytes, mostly short of a header, some long. */
export const randomBytes = fc.uint8Array({ minLength: 0, maxLength: 700 });

/** A valid header and cookie, then random option bytes: gets past the first guards. */
export const headerThenRandomOptions = fc
  .tuple(fc.constantFrom(...GOLDEN), fc.uint8Array({ minLength: 0, maxLength: 400 }), fc.boolean())
  .map(([golden, tail, withEnd]) => {
    const out = new Uint8Array(240 + tail.length + (withEnd ? 1 : 0));
    out.set(golden.subarray(0, 240));
    out.set(tail, 240);
    if (withEnd) out[out.length - 1] = 255;
    return out;
  });

type Mutation =
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }) },
);

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  // Mutations land mostly in the options area, where the parser has most to do.
  const at = bytes.length === 0 ? 0 : m.at % 4 === 0 ? m.at % bytes.length : 236 + (m.at % Math.max(1, bytes.length - 236));
  const b = Buffer.from(bytes);
  switch (m.kind) {
    case 'set':
      if (at < b.length) b[at] = m.value;
      return b;
    case 'insert':
      return Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
    case 'delete':
      return Buffer.concat([b.subarray(0, at), b.subarray(at + m.count)]);
    case 'truncate':
      return b.subarray(0, at);
    case 'duplicate':
      return Buffer.concat([b.subarray(0, at + m.count), b.subarray(at, at + m.count), b.subarray(at + m.count)]);
  }
}

/** A golden packet with 1–6 mutations. */
export const mutatedGolden = fc
  .tuple(fc.constantFrom(...GOLDEN), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([g, ms]) => ms.reduce(apply, g));

/** Well-formed TLVs with random codes and values, split instances, and overload into sname/file. */
const tlv = fc.record({ code: fc.integer({ min: 1, max: 254 }), value: fc.uint8Array({ minLength: 0, maxLength: 40 }), split: fc.nat({ max: 3 }) });

function tlvBytes(list: ReadonlyArray<{ code: number; value: Uint8Array; split: number }>): number[] {
  const out: number[] = [];
  for (const { code, value, split } of list) {
    const cut = split === 0 || value.length < 2 ? value.length : Math.ceil(value.length / (split + 1));
    for (let i = 0; i < value.length || i === 0; i += Math.max(cut, 1)) {
      const part = value.subarray(i, i + Math.max(cut, 1));
      out.push(code, part.length, ...part);
      if (value.length === 0) break;
    }
  }
  return out;
}

export const structuredOptions = fc
  .tuple(fc.constantFrom(...GOLDEN), fc.array(tlv, { maxLength: 12 }), fc.array(tlv, { maxLength: 3 }), fc.array(tlv, { maxLength: 2 }), fc.nat({ max: 3 }))
  .map(([golden, main, inFile, inSname, overload]) => {
    const head = Buffer.from(golden.subarray(0, 240));
    const file = tlvBytes(inFile.filter((t) => t.code !== 52));
    const sname = tlvBytes(inSname.filter((t) => t.code !== 52));
    const useFile = (overload & 1) !== 0 && file.length < 127;
    const useSname = (overload & 2) !== 0 && sname.length < 63;
    if (useFile) head.set([...file, 255], 108);
    if (useSname) head.set([...sname, 255], 44);
    const body = tlvBytes(main.filter((t) => t.code !== 52));
    if (useFile || useSname) body.push(52, 1, (useFile ? 1 : 0) | (useSname ? 2 : 0));
    body.push(255);
    return Uint8Array.from([...head, ...body]);
  });

export const ARBITRARIES = { randomBytes, headerThenRandomOptions, mutatedGolden, structuredOptions } as const;
