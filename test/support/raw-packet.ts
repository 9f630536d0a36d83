/**
 * Builds request bytes by hand, including broken ones, without going through the
 * encoder under test.
 */
export interface RawPacketSpec {
  op?: number;
  htype?: number;
  hlen?: number;
  hops?: number;
  xid?: number;
  flags?: number;
  ciaddr?: string;
  giaddr?: string;
  chaddr?: string; // "02:00:00:00:00:01"
  sname?: number[]; // bytes at 44 (up to 64)
  file?: number[]; // bytes at 108 (up to 128)
  cookie?: number[];
  /** Raw options area bytes after the cookie, END and all (nothing is added). */
  options: number[];
}

const ip = (text: string): number[] => text.split('.').map(Number);

export function rawPacket(spec: RawPacketSpec): Buffer {
  const head = Buffer.alloc(240);
  head[0] = spec.op ?? 1;
  head[1] = spec.htype ?? 1;
  head[2] = spec.hlen ?? 6;
  head[3] = spec.hops ?? 0;
  head.writeUInt32BE(spec.xid ?? 0x12345678, 4);
  head.writeUInt16BE(spec.flags ?? 0, 10);
  head.set(ip(spec.ciaddr ?? '0.0.0.0'), 12);
  head.set(ip(spec.giaddr ?? '0.0.0.0'), 24);
  head.set(Buffer.from((spec.chaddr ?? '02:00:00:00:00:01').replace(/:/g, ''), 'hex'), 28);
  if (spec.sname) head.set(spec.sname, 44);
  if (spec.file) head.set(spec.file, 108);
  head.set(spec.cookie ?? [99, 130, 83, 99], 236);
  return Buffer.concat([head, Buffer.from(spec.options)]);
}

/** `[code, len, ...value]` for one option. */
export const opt = (code: number, ...value: number[]): number[] => [code, value.length, ...value];
export const END = 255;
