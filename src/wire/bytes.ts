/** Byte helpers shared by the codec. Plain loops: option values are short. */

export const EMPTY_BYTES = new Uint8Array(0);

/** Copies `length` bytes; a loop beats `set(subarray())` for the short values options hold. */
export function copyBytes(src: Uint8Array, srcStart: number, dst: Uint8Array, dstStart: number, length: number): void {
  if (length > 64) {
    dst.set(src.subarray(srcStart, srcStart + length), dstStart);
    return;
  }
  for (let i = 0; i < length; i++) dst[dstStart + i] = src[srcStart + i] as number;
}

/** A plain Uint8Array copy of [start, end), even when `src` is a Buffer. */
export function copyOf(src: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  copyBytes(src, start, out, 0, end - start);
  return out;
}

export function toHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i++) out += (bytes[i] as number).toString(16).padStart(2, '0');
  return out;
}

/** Reads `12ab...` (spaces and colons allowed); `undefined` if not an even run of hex digits. */
export function fromHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Latin-1 view of bytes: lossless, one char per byte, for ASCII protocol text. */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i] as number);
  return out;
}

// Replies are carved from a shared slab, as Buffer.allocUnsafe does, but as plain
// Uint8Array views: constructing Buffer's subclass costs more than the encoding.
// Contents are not zeroed: the encoder writes every byte it returns.
const SLAB_SIZE = 64 * 1024;
let slab = new ArrayBuffer(SLAB_SIZE);
let slabOffset = 0;

export function allocBytes(length: number): Uint8Array {
  if (length > SLAB_SIZE >>> 3) return new Uint8Array(length);
  if (slabOffset + length > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabOffset = 0;
  }
  const out = new Uint8Array(slab, slabOffset, length);
  slabOffset = (slabOffset + length + 7) & ~7;
  return out;
}
