import { MALFORMED, type Malformed } from './errors.js';
import { readIp, writeIp } from './ipv4.js';
import { copyBytes, copyOf, latin1 } from './bytes.js';
import type { WireType } from './wire-type.js';

/** Value types of DHCP options (RFC 2132 §2 and the RFCs of each option). */

function fixed<T>(size: number, read: (b: Uint8Array, o: number) => T, write: (b: Uint8Array, o: number, v: T) => void): WireType<T> {
  return {
    decode(buf, offset = 0, length = buf.length - offset): T | Malformed {
      return length === size ? read(buf, offset) : MALFORMED;
    },
    encode(value, buf = new Uint8Array(size), offset = 0) {
      write(buf, offset, value);
      return buf;
    },
    encodingLength: () => size,
  };
}

export const uint8 = fixed<number>(1, (b, o) => b[o] as number, (b, o, v) => {
  b[o] = v;
});
export const uint16 = fixed<number>(2, (b, o) => ((b[o] as number) << 8) | (b[o + 1] as number), (b, o, v) => {
  b[o] = v >>> 8;
  b[o + 1] = v;
});
export const uint32 = fixed<number>(4, readIp, writeIp);
/** RFC 2132 §3.4 time offset is signed. */
export const int32 = fixed<number>(4, (b, o) => readIp(b, o) | 0, writeIp);
/** An IPv4 address as an unsigned 32-bit number. */
export const ipv4 = uint32;

/** A list of IPv4 addresses: at least one, length a multiple of 4 (RFC 2132 §3.5). */
export const ipv4List: WireType<readonly number[]> = {
  decode(buf, offset = 0, length = buf.length - offset) {
    if (length === 0 || length % 4 !== 0) return MALFORMED;
    const out: number[] = [];
    for (let i = 0; i < length; i += 4) out.push(readIp(buf, offset + i));
    return out;
  },
  encode(value, buf = new Uint8Array(value.length * 4), offset = 0) {
    value.forEach((ip, i) => writeIp(buf, offset + i * 4, ip));
    return buf;
  },
  encodingLength: (value) => value.length * 4,
};

/**
 * NVT ASCII text (RFC 2132 §2), decoded byte-for-char (Latin-1) so nothing is
 * lost. Trailing NULs are dropped: many clients NUL-terminate (RFC 2132 says
 * they should not). Empty text is malformed: every text option has minimum length 1.
 */
export const text: WireType<string> = {
  decode(buf, offset = 0, length = buf.length - offset) {
    let end = offset + length;
    while (end > offset && buf[end - 1] === 0) end--;
    return end === offset ? MALFORMED : latin1(buf, offset, end);
  },
  encode(value, buf = new Uint8Array(Buffer.byteLength(value, 'utf8')), offset = 0) {
    const bytes = Buffer.from(value, 'utf8');
    copyBytes(bytes, 0, buf, offset, bytes.length);
    return buf;
  },
  encodingLength: (value) => Buffer.byteLength(value, 'utf8'),
};

/** Opaque bytes (client-id, vendor data, sub-option values). */
export const bytes: WireType<Uint8Array> = {
  decode: (buf, offset = 0, length = buf.length - offset) => copyOf(buf, offset, offset + length),
  encode(value, buf = new Uint8Array(value.length), offset = 0) {
    copyBytes(value, 0, buf, offset, value.length);
    return buf;
  },
  encodingLength: (value) => value.length,
};

/** A list of option codes (RFC 2132 §9.8 parameter request list); may be empty. */
export const codeList: WireType<readonly number[]> = {
  decode: (buf, offset = 0, length = buf.length - offset) => Array.from(buf.subarray(offset, offset + length)),
  encode(value, buf = new Uint8Array(value.length), offset = 0) {
    value.forEach((c, i) => (buf[offset + i] = c));
    return buf;
  },
  encodingLength: (value) => value.length,
};

/** RFC 2132 §9.14: a type byte then the identifier (type 1: a hardware address). */
export interface ClientId {
  readonly type: number;
  readonly id: Uint8Array;
}
export const clientId: WireType<ClientId> = {
  decode(buf, offset = 0, length = buf.length - offset) {
    if (length < 2) return MALFORMED;
    return { type: buf[offset] as number, id: copyOf(buf, offset + 1, offset + length) };
  },
  encode(value, buf = new Uint8Array(1 + value.id.length), offset = 0) {
    buf[offset] = value.type;
    copyBytes(value.id, 0, buf, offset + 1, value.id.length);
    return buf;
  },
  encodingLength: (value) => 1 + value.id.length,
};

/** One RFC 3442 route: destination/prefix via router. */
export interface ClasslessRoute {
  readonly destination: number;
  readonly prefix: number;
  readonly router: number;
}

/**
 * RFC 3442 §3: each route is the prefix length, the significant octets of the
 * destination (ceil(prefix/8) of them), then the router. Note RFC 3442 §3: a
 * client that gets option 121 ignores option 3, so include the default route.
 */
export const classlessRoutes: WireType<readonly ClasslessRoute[]> = {
  decode(buf, offset = 0, length = buf.length - offset) {
    const out: ClasslessRoute[] = [];
    let i = offset;
    const end = offset + length;
    if (length === 0) return MALFORMED;
    while (i < end) {
      const prefix = buf[i] as number;
      if (prefix > 32) return MALFORMED;
      const significant = (prefix + 7) >> 3;
      if (i + 1 + significant + 4 > end) return MALFORMED;
      let destination = 0;
      for (let k = 0; k < 4; k++) destination = destination * 256 + (k < significant ? (buf[i + 1 + k] as number) : 0);
      out.push({ destination, prefix, router: readIp(buf, i + 1 + significant) });
      i += 1 + significant + 4;
    }
    return out;
  },
  encode(value, buf, offset = 0) {
    const out = buf ?? new Uint8Array(classlessRoutes.encodingLength(value));
    let i = offset;
    for (const r of value) {
      const significant = (r.prefix + 7) >> 3;
      out[i++] = r.prefix;
      for (let k = 0; k < significant; k++) out[i++] = r.destination >>> (24 - 8 * k);
      writeIp(out, i, r.router);
      i += 4;
    }
    return out;
  },
  encodingLength: (value) => value.reduce((n, r) => n + 1 + ((r.prefix + 7) >> 3) + 4, 0),
};

/** A flag option: present means true, no value bytes (e.g. RFC 4039 rapid commit). */
export const flag: WireType<true> = {
  decode: (_buf, offset = 0, length = _buf.length - offset) => (length === 0 ? true : MALFORMED),
  encode: (_value, buf = new Uint8Array(0)) => buf,
  encodingLength: () => 0,
};
