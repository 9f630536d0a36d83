import { expect } from 'vitest';
import { DecodeError, MALFORMED } from '../../src/wire/errors.js';
import { Options } from '../../src/wire/options.js';
import { DhcpPacket } from '../../src/wire/packet.js';
import { describePacket } from './describe-packet.js';

/** Anything with the wire-type shape: decode / encode / encodingLength. */
export interface Codec<T> {
  decode(buf: Uint8Array, offset?: number, length?: number): unknown;
  encode(value: T, buf?: Uint8Array, offset?: number): Uint8Array;
  encodingLength(value: T): number;
}

/** Packets compare by their picture, option lists by their entries; the rest structurally. */
function comparable(v: unknown): unknown {
  if (v instanceof DhcpPacket) return describePacket(v);
  if (v instanceof Options) return v.entries().map(([code, bytes]) => [code, Buffer.from(bytes).toString('hex')]);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, comparable(x)]));
  }
  return v;
}

/**
 * The one round-trip check used for every wire type and whole packets:
 * encode → length equals encodingLength → decode gives the value back →
 * re-encode gives the same bytes → the same holds at a non-zero offset inside a
 * larger buffer, without touching the bytes around it. Returns the encoding.
 */
export function roundTrip<T>(codec: Codec<T>, value: T): Uint8Array {
  const length = codec.encodingLength(value);
  const bytes = codec.encode(value);
  expect(bytes.length, 'encode writes encodingLength bytes').toBe(length);
  const back = codec.decode(bytes, 0, bytes.length);
  expect(back).not.toBe(MALFORMED);
  expect(back).not.toBeInstanceOf(DecodeError);
  expect(comparable(back)).toEqual(comparable(value));
  expect(Buffer.from(codec.encode(back as T))).toEqual(Buffer.from(bytes));

  const big = new Uint8Array(length + 11).fill(0xee);
  codec.encode(value, big, 7);
  expect(Buffer.from(big.subarray(7, 7 + length))).toEqual(Buffer.from(bytes));
  expect([...big.subarray(0, 7), ...big.subarray(7 + length)].every((b) => b === 0xee), 'bytes around untouched').toBe(true);
  expect(comparable(codec.decode(big, 7, length))).toEqual(comparable(value));
  return bytes;
}
