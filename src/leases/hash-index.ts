/**
 * An open-addressing hash index from integer keys (up to 2^53) to int32 values,
 * in two typed arrays. The lease table's indexes are built in the sync worker and
 * handed to the main thread without copying (the arrays are transferred), and
 * hold 200,000 bindings without giving the garbage collector 200,000 objects.
 */
export interface HashIndexData {
  readonly keys: Float64Array;
  /** value + 1; 0 marks an empty slot. */
  readonly slots: Int32Array;
  readonly bits: number;
}

const EMPTY = 0;

/** Multiplicative hash of a 53-bit integer into `bits` bits. */
function slotOf(key: number, bits: number): number {
  const lo = key >>> 0;
  const hi = (key / 4294967296) >>> 0;
  return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> (32 - bits);
}

/** Capacity at least twice the entry count keeps probe runs short. */
export function newHashIndex(entries: number): HashIndexData {
  let bits = 4;
  while (1 << bits < entries * 2) bits++;
  return { keys: new Float64Array(1 << bits), slots: new Int32Array(1 << bits), bits };
}

/** Inserts `key → value` unless the key is present; returns the value now held. */
export function hashInsert(index: HashIndexData, key: number, value: number): number {
  const s = hashSlot(index, key);
  if (index.slots[s] !== EMPTY) return (index.slots[s] as number) - 1;
  index.keys[s] = key;
  index.slots[s] = value + 1;
  return value;
}

/** The slot holding `key`, or the empty slot where it would go. */
export function hashSlot(index: HashIndexData, key: number): number {
  const mask = (1 << index.bits) - 1;
  let s = slotOf(key, index.bits);
  while (index.slots[s] !== EMPTY && index.keys[s] !== key) s = (s + 1) & mask;
  return s;
}

/** The value for `key`, or -1. */
export function hashGet(index: HashIndexData, key: number): number {
  const mask = (1 << index.bits) - 1;
  let s = slotOf(key, index.bits);
  for (;;) {
    const v = index.slots[s] as number;
    if (v === EMPTY) return -1;
    if (index.keys[s] === key) return v - 1;
    s = (s + 1) & mask;
  }
}

export function hashBuffers(index: HashIndexData): ArrayBuffer[] {
  return [index.keys.buffer as ArrayBuffer, index.slots.buffer as ArrayBuffer];
}
