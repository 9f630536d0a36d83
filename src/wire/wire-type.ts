import type { Malformed } from './errors.js';

/**
 * The one shape every wire type has (after dns-packet): `decode` reads `length`
 * bytes at `offset` and never throws, `encode` writes `encodingLength(value)`
 * bytes into `buf` at `offset` (a new array when none is given) and returns it.
 */
export interface WireType<T> {
  decode(buf: Uint8Array, offset?: number, length?: number): T | Malformed;
  encode(value: T, buf?: Uint8Array, offset?: number): Uint8Array;
  encodingLength(value: T): number;
}
