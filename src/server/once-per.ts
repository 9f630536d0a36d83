/**
 * Remembers when a key was last let through, so a log line is written at most
 * once per interval per key (per reason, or per reason and MAC). Bounded: a
 * flood of distinct keys resets the memory rather than growing it.
 */
export class OncePer {
  private readonly last = new Map<string | number, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** True when `key` has not passed within the interval (and records that it passes now). */
  pass(key: string | number, now: number): boolean {
    const t = this.last.get(key);
    if (t !== undefined && now - t < this.intervalMs) return false;
    if (this.last.size >= this.maxKeys) this.last.clear();
    this.last.set(key, now);
    return true;
  }
}
