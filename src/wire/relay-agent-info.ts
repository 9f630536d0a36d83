import { RelaySub } from './constants.js';
import { DecodeError, MALFORMED, type Malformed, type Read } from './errors.js';
import { readIp } from './ipv4.js';
import { Options } from './options.js';
import type { WireType } from './wire-type.js';

/**
 * Option 82, relay agent information (RFC 3046): a sequence of sub-option TLVs
 * with no PAD and no END. The server never re-encodes the option it received:
 * replies echo the original bytes (RFC 3046 §2.2). This decoder is for reading.
 */
export interface RelayAgentInfo {
  /** Sub-options in wire order; a repeated sub-option keeps its first value. */
  readonly sub: Options;
}

/** Allowed sizes of the sub-options that carry numbers or addresses. */
const SUB_LENGTHS: ReadonlyMap<number, readonly number[]> = new Map([
  [RelaySub.LINK_SELECTION, [4]], // RFC 3527 §3
  [RelaySub.SERVER_ID_OVERRIDE, [4]], // RFC 5107 §4
  // RFC 8357 §5.1: empty from the first relay; 2 bytes (downstream port) from a
  // relay that got the message from another relay on a non-default port.
  [RelaySub.RELAY_SOURCE_PORT, [0, 2]],
  [RelaySub.VSS_CONTROL, [0]], // RFC 6607 §3.2
]);

/** Decodes the value of option 82, reporting exactly what is wrong with it. */
export function decodeRelayAgentInfo(buf: Uint8Array, offset = 0, length = buf.length - offset): RelayAgentInfo | DecodeError {
  const sub = new Options();
  sub.sources.push(buf);
  const end = offset + length;
  let i = offset;
  while (i < end) {
    const code = buf[i] as number;
    if (i + 1 >= end) return new DecodeError('truncated-suboption', i - offset, code);
    const len = buf[i + 1] as number;
    if (i + 2 + len > end) return new DecodeError('truncated-suboption', i - offset, code);
    const allowed = SUB_LENGTHS.get(code);
    if (allowed !== undefined && !allowed.includes(len)) return new DecodeError('bad-suboption-length', i - offset, code);
    if (!sub.has(code)) sub.appendNew(code, 0, i + 2, len);
    i += 2 + len;
  }
  return { sub };
}

export const relayAgentInfo: WireType<RelayAgentInfo> = {
  decode(buf, offset = 0, length = buf.length - offset): RelayAgentInfo | Malformed {
    const r = decodeRelayAgentInfo(buf, offset, length);
    return r instanceof DecodeError ? MALFORMED : r;
  },
  encode(value, buf, offset = 0) {
    const out = buf ?? new Uint8Array(relayAgentInfo.encodingLength(value));
    let at = offset;
    for (let e = 0; e < value.sub.size; e++) {
      const len = value.sub.lengthAt(e);
      if (len > 255) throw new RangeError(`option 82 sub-option ${value.sub.codeAt(e)} is longer than 255 bytes`);
      out[at] = value.sub.codeAt(e);
      out[at + 1] = len;
      value.sub.copyValue(e, out, at + 2);
      at += 2 + len;
    }
    return out;
  },
  encodingLength(value) {
    let n = 0;
    for (let e = 0; e < value.sub.size; e++) n += 2 + value.sub.lengthAt(e);
    return n;
  },
};

/** Builds option 82 contents from [sub-option, value] pairs (for tests and the test client). */
export function relayAgentInfoOf(pairs: ReadonlyArray<readonly [number, Uint8Array]>): RelayAgentInfo {
  const sub = new Options();
  for (const [code, value] of pairs) sub.set(code, value);
  return { sub };
}

function subBytes(info: RelayAgentInfo, code: number): Uint8Array | undefined {
  return info.sub.get(code);
}

function subIp(info: RelayAgentInfo, code: number): Read<number> {
  const e = info.sub.find(code);
  if (e < 0) return undefined;
  return info.sub.lengthAt(e) === 4 ? readIp(info.sub.sourceAt(e), info.sub.startAt(e)) : MALFORMED;
}

/** Sub-option 1 (RFC 3046 §2.1.1): opaque, parsed by circuit-id.ts. */
export const circuitId = (info: RelayAgentInfo): Uint8Array | undefined => subBytes(info, RelaySub.CIRCUIT_ID);
/** Sub-option 2 (RFC 3046 §2.1.2): opaque, parsed by remote-id.ts. */
export const remoteId = (info: RelayAgentInfo): Uint8Array | undefined => subBytes(info, RelaySub.REMOTE_ID);
/** Sub-option 5 (RFC 3527): the subnet the client is on, when giaddr is not. */
export const linkSelection = (info: RelayAgentInfo): Read<number> => subIp(info, RelaySub.LINK_SELECTION);
/** Sub-option 11 (RFC 5107): the address to put in option 54 instead of ours. */
export const serverIdOverride = (info: RelayAgentInfo): Read<number> => subIp(info, RelaySub.SERVER_ID_OVERRIDE);
/** Sub-option 6 (RFC 3993): NVT ASCII subscriber id. */
export function subscriberId(info: RelayAgentInfo): Read<string> {
  const v = subBytes(info, RelaySub.SUBSCRIBER_ID);
  if (v === undefined) return undefined;
  return v.length === 0 ? MALFORMED : Buffer.from(v).toString('latin1');
}
/** Sub-option 9 (RFC 4243): enterprise-numbered vendor data, kept raw. */
export const vendorSpecific = (info: RelayAgentInfo): Uint8Array | undefined => subBytes(info, RelaySub.VENDOR_SPECIFIC);
/** Sub-option 151 (RFC 6607): virtual subnet selection, kept raw (type byte + VPN id). */
export function vss(info: RelayAgentInfo): Read<Uint8Array> {
  const v = subBytes(info, RelaySub.VSS);
  if (v === undefined) return undefined;
  return v.length === 0 ? MALFORMED : v;
}
/** Sub-option 152 (RFC 6607): VSS control, a flag. */
export const vssControl = (info: RelayAgentInfo): boolean => info.sub.has(RelaySub.VSS_CONTROL);
/**
 * Sub-option 19 (RFC 8357 §5.1): the relay sent from a port other than 67 and
 * wants the reply on the UDP source port of the datagram it sent.
 */
export const hasRelaySourcePort = (info: RelayAgentInfo): boolean => info.sub.has(RelaySub.RELAY_SOURCE_PORT);
/** The downstream relay's port carried in sub-option 19 by a second relay, if any. */
export function downstreamSourcePort(info: RelayAgentInfo): Read<number> {
  const e = info.sub.find(RelaySub.RELAY_SOURCE_PORT);
  if (e < 0 || info.sub.lengthAt(e) === 0) return undefined;
  if (info.sub.lengthAt(e) !== 2) return MALFORMED;
  const src = info.sub.sourceAt(e);
  const at = info.sub.startAt(e);
  return ((src[at] as number) << 8) | (src[at + 1] as number);
}
