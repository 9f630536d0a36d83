import {
  BOOTREPLY,
  BOOTREQUEST,
  CHADDR_LENGTH,
  CHADDR_OFFSET,
  ETHERNET_HLEN,
  FILE_LENGTH,
  FILE_OFFSET,
  HTYPE_ETHERNET,
  MAGIC_COOKIE,
  MIN_PACKET_LENGTH,
  Opt,
  OPTIONS_OFFSET,
  Overload,
  SNAME_LENGTH,
  SNAME_OFFSET,
} from './constants.js';
import { DecodeError } from './errors.js';
import { readIp, writeIp } from './ipv4.js';
import { optionLengthOk } from './option-lengths.js';
import { Options } from './options.js';
import { allocBytes, copyBytes } from './bytes.js';

const ZERO_CHADDR = new Uint8Array(CHADDR_LENGTH);

/**
 * One DHCP message (RFC 2131 §2). Addresses are unsigned 32-bit numbers.
 * `chaddr`, `sname` and `file` are references into a byte array at an offset so a
 * decoded packet shares the received buffer instead of copying it: a decoded
 * packet is valid only while that buffer is not reused. `sname`/`file` null means
 * all zero (and is what a packet whose fields carried overloaded options gets).
 */
export class DhcpPacket {
  op: number = BOOTREQUEST;
  htype: number = HTYPE_ETHERNET;
  hlen: number = ETHERNET_HLEN;
  hops = 0;
  xid = 0;
  secs = 0;
  flags = 0;
  ciaddr = 0;
  yiaddr = 0;
  siaddr = 0;
  giaddr = 0;
  chaddr: Uint8Array = ZERO_CHADDR;
  chaddrAt = 0;
  sname: Uint8Array | null = null;
  snameAt = 0;
  file: Uint8Array | null = null;
  fileAt = 0;
  options: Options = new Options();

  /** The 16-byte chaddr field as a view. */
  chaddrBytes(): Uint8Array {
    return this.chaddr.subarray(this.chaddrAt, this.chaddrAt + CHADDR_LENGTH);
  }
  snameBytes(): Uint8Array {
    return this.sname === null ? new Uint8Array(SNAME_LENGTH) : this.sname.subarray(this.snameAt, this.snameAt + SNAME_LENGTH);
  }
  fileBytes(): Uint8Array {
    return this.file === null ? new Uint8Array(FILE_LENGTH) : this.file.subarray(this.fileAt, this.fileAt + FILE_LENGTH);
  }
}

// ---------------------------------------------------------------------------
// decode

// Which option codes this decode has seen: a generation stamp per code avoids
// clearing a table per packet. Safe because decode is synchronous.
const seenStamp = new Uint32Array(256);
let stamp = 0;
// RFC 3396 instances of a repeated option, gathered and joined once at the end so
// thousands of split instances cost linear time, not quadratic.
let repeats: Map<number, number[]> | null = null;

/**
 * Decodes a DHCP message. Never throws: returns the packet or a DecodeError with
 * a stable code. The packet refers to `buf` (see DhcpPacket).
 */
export function decode(buf: Uint8Array, offset = 0, length = buf.length - offset): DhcpPacket | DecodeError {
  const end = offset + length;
  if (length < OPTIONS_OFFSET) return new DecodeError('short-packet', length);
  if (readIp(buf, offset + OPTIONS_OFFSET - 4) !== MAGIC_COOKIE) return new DecodeError('bad-cookie', OPTIONS_OFFSET - 4);
  const op = buf[offset] as number;
  if (op !== BOOTREQUEST && op !== BOOTREPLY) return new DecodeError('bad-op', 0);
  if (buf[offset + 1] !== HTYPE_ETHERNET) return new DecodeError('unsupported-htype', 1);
  if (buf[offset + 2] !== ETHERNET_HLEN) return new DecodeError('bad-hlen', 2);

  const p = new DhcpPacket();
  p.op = op;
  p.hops = buf[offset + 3] as number;
  p.xid = readIp(buf, offset + 4);
  p.secs = ((buf[offset + 8] as number) << 8) | (buf[offset + 9] as number);
  p.flags = ((buf[offset + 10] as number) << 8) | (buf[offset + 11] as number);
  p.ciaddr = readIp(buf, offset + 12);
  p.yiaddr = readIp(buf, offset + 16);
  p.siaddr = readIp(buf, offset + 20);
  p.giaddr = readIp(buf, offset + 24);
  p.chaddr = buf;
  p.chaddrAt = offset + CHADDR_OFFSET;

  if (++stamp === 0xffffffff) {
    seenStamp.fill(0);
    stamp = 1;
  }
  repeats = null;
  const opts = p.options;
  opts.sources.push(buf); // source 0: every option's bytes are in the datagram
  const err = walkOptions(buf, offset, offset + OPTIONS_OFFSET, end, opts, false);
  if (err !== null) return err;

  // RFC 2131 §4.1: options first, then `file`, then `sname` when option 52 says so.
  if (repeated(Opt.OVERLOAD)) return new DecodeError('bad-overload', 0, Opt.OVERLOAD);
  let overload = 0;
  const oe = opts.find(Opt.OVERLOAD);
  if (oe >= 0) {
    overload = opts.lengthAt(oe) === 1 ? (opts.sourceAt(oe)[opts.startAt(oe)] as number) : 0;
    if (overload < Overload.FILE || overload > Overload.BOTH) return new DecodeError('bad-overload', opts.startAt(oe) - offset, Opt.OVERLOAD);
  }
  if (overload & Overload.FILE) {
    const e = walkOptions(buf, offset, offset + FILE_OFFSET, offset + FILE_OFFSET + FILE_LENGTH, opts, true);
    if (e !== null) return e;
  } else {
    p.file = buf;
    p.fileAt = offset + FILE_OFFSET;
  }
  if (overload & Overload.SNAME) {
    const e = walkOptions(buf, offset, offset + SNAME_OFFSET, offset + SNAME_OFFSET + SNAME_LENGTH, opts, true);
    if (e !== null) return e;
  } else {
    p.sname = buf;
    p.snameAt = offset + SNAME_OFFSET;
  }
  if (repeats !== null) joinRepeats(buf, opts, repeats);

  for (let e = 0; e < opts.size; e++) {
    const code = opts.codeAt(e);
    if (!optionLengthOk(code, opts.lengthAt(e))) return new DecodeError('bad-option-length', opts.startAt(e) - offset, code);
  }
  return p;
}

/**
 * Bounds-checked TLV walk of one options area [start, end). PAD is a single
 * byte (RFC 2132 §3.1); the area must be closed by END (§3.2).
 */
function walkOptions(
  buf: Uint8Array,
  base: number,
  start: number,
  end: number,
  opts: Options,
  overloadArea: boolean,
): DecodeError | null {
  let i = start;
  while (i < end) {
    const code = buf[i] as number;
    if (code === Opt.PAD) {
      i++;
      continue;
    }
    if (code === Opt.END) return null;
    if (i + 1 >= end) return new DecodeError('truncated-option', i - base, code);
    const len = buf[i + 1] as number;
    const valueAt = i + 2;
    if (valueAt + len > end) return new DecodeError('truncated-option', i - base, code);
    // RFC 2131 §4.1: option 52 may only appear in the options field; one inside
    // sname/file would chain overloads.
    if (overloadArea && code === Opt.OVERLOAD) return new DecodeError('bad-overload', i - base, code);
    if (seenStamp[code] !== stamp) {
      seenStamp[code] = stamp;
      opts.appendNew(code, 0, valueAt, len);
    } else {
      addRepeat(opts, code, valueAt, len);
    }
    i = valueAt + len;
  }
  return new DecodeError('missing-end', end - base);
}

function repeated(code: number): boolean {
  return repeats !== null && repeats.has(code);
}

function addRepeat(opts: Options, code: number, start: number, length: number): void {
  repeats ??= new Map();
  let parts = repeats.get(code);
  if (parts === undefined) {
    const e = opts.find(code);
    parts = [opts.startAt(e), opts.lengthAt(e)];
    repeats.set(code, parts);
  }
  parts.push(start, length);
}

/** RFC 3396 §7: the instances of a split option are concatenated in order. */
function joinRepeats(buf: Uint8Array, opts: Options, all: Map<number, number[]>): void {
  for (const [code, parts] of all) {
    let total = 0;
    for (let i = 1; i < parts.length; i += 2) total += parts[i] as number;
    const joined = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < parts.length; i += 2) {
      const len = parts[i + 1] as number;
      copyBytes(buf, parts[i] as number, joined, at, len);
      at += len;
    }
    opts.set(code, joined, 0, total);
  }
}

// ---------------------------------------------------------------------------
// encode

/** Bytes the options take on the wire, RFC 3396 splitting included. */
function optionsLength(opts: Options): number {
  const meta = opts.meta;
  let n = 0;
  for (let i = 0; i < meta.length; i += 4) {
    if (!encodable(meta[i] as number)) continue;
    const len = meta[i + 3] as number;
    n += len <= 255 ? len + 2 : len + 2 * Math.ceil(len / 255);
  }
  return n;
}

/**
 * PAD/END are structure, not options; 52 describes a layout this encoder never
 * produces (it writes every option into the options field).
 */
function encodable(code: number): boolean {
  return code !== Opt.PAD && code !== Opt.END && code !== Opt.OVERLOAD;
}

export function encodingLength(p: DhcpPacket): number {
  return Math.max(MIN_PACKET_LENGTH, OPTIONS_OFFSET + optionsLength(p.options) + 1);
}

/**
 * Encodes `p` into `buf` at `offset` (a new buffer when none is given) and
 * returns the buffer; `encodingLength(p)` bytes are written. Option 53 goes
 * first and 82 last (RFC 3046 §2.1: relays expect it last); values over 255
 * bytes are split (RFC 3396); the packet is padded to 300 bytes (RFC 1542).
 */
export function encode(p: DhcpPacket, buf?: Uint8Array, offset = 0): Uint8Array {
  const length = encodingLength(p);
  const out = buf ?? allocBytes(length);
  const o = offset;
  out[o] = p.op;
  out[o + 1] = p.htype;
  out[o + 2] = p.hlen;
  out[o + 3] = p.hops;
  writeIp(out, o + 4, p.xid);
  out[o + 8] = p.secs >>> 8;
  out[o + 9] = p.secs;
  out[o + 10] = p.flags >>> 8;
  out[o + 11] = p.flags;
  writeIp(out, o + 12, p.ciaddr);
  writeIp(out, o + 16, p.yiaddr);
  writeIp(out, o + 20, p.siaddr);
  writeIp(out, o + 24, p.giaddr);
  copyBytes(p.chaddr, p.chaddrAt, out, o + CHADDR_OFFSET, CHADDR_LENGTH);
  if (p.sname === null && p.file === null) {
    zero(out, o + SNAME_OFFSET, o + FILE_OFFSET + FILE_LENGTH);
  } else {
    writeField(p.sname, p.snameAt, out, o + SNAME_OFFSET, SNAME_LENGTH);
    writeField(p.file, p.fileAt, out, o + FILE_OFFSET, FILE_LENGTH);
  }
  writeIp(out, o + OPTIONS_OFFSET - 4, MAGIC_COOKIE);

  const opts = p.options;
  const meta = opts.meta;
  let at = o + OPTIONS_OFFSET;
  const first = opts.find(Opt.MESSAGE_TYPE) << 2;
  const last = opts.find(Opt.RELAY_AGENT_INFO) << 2;
  if (first >= 0) at = writeOption(opts, first, out, at);
  for (let i = 0; i < meta.length; i += 4) {
    if (i === first || i === last || !encodable(meta[i] as number)) continue;
    at = writeOption(opts, i, out, at);
  }
  if (last >= 0) at = writeOption(opts, last, out, at);
  out[at++] = Opt.END;
  zero(out, at, o + length);
  return out;
}

// Buffer#fill validates its arguments at a cost comparable to the fill itself.
const fillBytes = Uint8Array.prototype.fill;
function zero(out: Uint8Array, from: number, to: number): void {
  if (to > from) fillBytes.call(out, 0, from, to);
}

function writeField(src: Uint8Array | null, srcAt: number, out: Uint8Array, at: number, length: number): void {
  if (src === null) zero(out, at, at + length);
  else copyBytes(src, srcAt, out, at, length);
}

/** Writes the option whose quadruple starts at `opts.meta[i]`. */
function writeOption(opts: Options, i: number, out: Uint8Array, at: number): number {
  const meta = opts.meta;
  const code = meta[i] as number;
  const len = meta[i + 3] as number;
  const src = opts.sources[meta[i + 1] as number] as Uint8Array;
  let from = meta[i + 2] as number;
  if (len <= 255) {
    out[at] = code;
    out[at + 1] = len;
    copyBytes(src, from, out, at + 2, len);
    return at + 2 + len;
  }
  // RFC 3396 §5: split into consecutive instances of at most 255 bytes.
  let left = len;
  while (left > 0) {
    const n = left > 255 ? 255 : left;
    out[at] = code;
    out[at + 1] = n;
    copyBytes(src, from, out, at + 2, n);
    at += 2 + n;
    from += n;
    left -= n;
  }
  return at;
}

/** The packet as a wire type (same shape as every other type in src/wire). */
export const packet = { decode, encode, encodingLength } as const;
