import { copyBytes, EMPTY_BYTES } from './bytes.js';

/**
 * The options of one packet, kept raw and in wire order.
 *
 * Each option is a reference (source array, start, length) rather than a
 * `subarray` view: making a view costs as much as decoding the whole header, and
 * most options of a request are never read. Typed readers live in accessors.ts.
 * RFC 2131 §4.1 / RFC 3396: an option appears once logically; `decode` joins
 * repeated instances before they reach here.
 */
export class Options {
  /**
   * Quadruples: code, source index, start, length. Read directly only by the
   * codec's own loops (packet.ts); everything else goes through the methods.
   */
  readonly meta: number[] = [];
  readonly sources: Uint8Array[] = [];

  get size(): number {
    return this.meta.length >> 2;
  }

  /** Entry index of `code`, or -1. */
  find(code: number): number {
    const meta = this.meta;
    for (let i = 0; i < meta.length; i += 4) if (meta[i] === code) return i >> 2;
    return -1;
  }

  has(code: number): boolean {
    return this.find(code) >= 0;
  }

  codeAt(entry: number): number {
    return this.meta[entry << 2] as number;
  }
  sourceAt(entry: number): Uint8Array {
    return this.sources[this.meta[(entry << 2) + 1] as number] as Uint8Array;
  }
  startAt(entry: number): number {
    return this.meta[(entry << 2) + 2] as number;
  }
  lengthAt(entry: number): number {
    return this.meta[(entry << 2) + 3] as number;
  }

  /** The value as a view (allocates; the hot path reads through accessors instead). */
  get(code: number): Uint8Array | undefined {
    const e = this.find(code);
    if (e < 0) return undefined;
    const start = this.startAt(e);
    return this.sourceAt(e).subarray(start, start + this.lengthAt(e));
  }

  /** Sets `code` to bytes [start, start+length) of `source`, replacing any value in place. */
  set(code: number, source: Uint8Array, start = 0, length = source.length - start): this {
    let si = this.sources.length - 1;
    if (si < 0 || this.sources[si] !== source) si = this.sources.push(source) - 1;
    const e = this.find(code);
    if (e < 0) {
      this.meta.push(code, si, start, length);
    } else {
      const m = e << 2;
      this.meta[m + 1] = si;
      this.meta[m + 2] = start;
      this.meta[m + 3] = length;
    }
    return this;
  }

  /**
   * Appends an option known not to be present yet (the decoder knows), with
   * its bytes in `sources[sourceIndex]`: no search, no check.
   */
  appendNew(code: number, sourceIndex: number, start: number, length: number): void {
    this.meta.push(code, sourceIndex, start, length);
  }

  /** Copies option `code` from `other` without copying its bytes; a no-op when absent. */
  copyFrom(other: Options, code: number): this {
    const e = other.find(code);
    if (e >= 0) this.set(code, other.sourceAt(e), other.startAt(e), other.lengthAt(e));
    return this;
  }

  delete(code: number): boolean {
    const e = this.find(code);
    if (e < 0) return false;
    this.meta.splice(e << 2, 4);
    return true;
  }

  codes(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.meta.length; i += 4) out.push(this.meta[i] as number);
    return out;
  }

  /** [code, value view] pairs in order; for tests, dumps and tools. */
  entries(): Array<[number, Uint8Array]> {
    return this.codes().map((code) => [code, this.get(code) ?? EMPTY_BYTES]);
  }

  /** Writes the value of entry `e` into `dst` at `offset`. */
  copyValue(e: number, dst: Uint8Array, offset: number): void {
    copyBytes(this.sourceAt(e), this.startAt(e), dst, offset, this.lengthAt(e));
  }
}
