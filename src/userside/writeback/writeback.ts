import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import type { LeaseTable } from '../../leases/table.js';
import { ipToString } from '../../wire/ipv4.js';
import { formatMac } from '../../wire/mac.js';
import { Journal, type Entry } from './journal.js';
import { LearnedOverlay } from './overlay.js';
import { RateLimit } from './rate-limit.js';
import type { SendMac } from './send.js';

export interface WriteBackOptions {
  readonly journalPath: string;
  readonly send: SendMac;
  /** writeback.enabled: false only logs what would be sent. */
  readonly enabled: boolean;
  readonly maxPerSecond: number;
  readonly concurrency?: number;
  /** Backoff between attempts: capped exponential with jitter. */
  readonly retry?: { readonly minMs: number; readonly maxMs: number };
  readonly log: Logger;
  readonly now?: () => number;
}

export interface WriteBackStats {
  /** Learned, on disk, not yet delivered (queued or in flight). */
  pending: number;
  inFlight: number;
  delivered: number;
  /** ERROR answers: never retried. */
  dropped: number;
  /** Attempts that failed and will be retried. */
  retries: number;
  /** MACs known to UserSide by the last sync, no longer held here. */
  confirmed: number;
}

type Tracked = Entry & { durable: boolean };

/**
 * Writes MACs newly seen on port bindings back to UserSide, durably (SPEC §7):
 * learned → journal (fsync) → delivered with retries until UserSide answers,
 * one write per address (the latest MAC wins), at most `maxPerSecond`. The
 * learned MACs overlay the lease table at once, across restarts, until a sync
 * shows UserSide holds them.
 */
export class WriteBack {
  readonly learned = new LearnedOverlay();
  readonly stats: WriteBackStats = { pending: 0, inFlight: 0, delivered: 0, dropped: 0, retries: 0, confirmed: 0 };
  private readonly entries: Map<number, Tracked>;
  private readonly queue = new Set<number>();
  private readonly inFlight = new Set<number>();
  private readonly rate: RateLimit;
  private readonly abort = new AbortController();
  private readonly concurrency: number;
  private readonly now: () => number;
  private seq: number;
  private lastRetryLog = 0;
  private readonly wouldSend = new Set<string>();

  private constructor(
    private readonly opts: WriteBackOptions,
    private readonly journal: Journal | null,
    entries: Map<number, Entry>,
    lastSeq: number,
  ) {
    this.now = opts.now ?? Date.now;
    this.rate = new RateLimit(opts.maxPerSecond, this.now);
    this.concurrency = opts.concurrency ?? 4;
    this.seq = lastSeq;
    this.entries = new Map([...entries].map(([ip, e]) => [ip, { ...e, durable: true }]));
    for (const e of this.entries.values()) {
      this.learned.set(e.ip, e.mac);
      if (e.state === 'pending') this.queue.add(e.ip);
    }
    this.stats.pending = this.queue.size;
  }

  /** Replays the journal; entries still pending are delivered once `start()` is called. */
  static async open(opts: WriteBackOptions): Promise<WriteBack> {
    if (!opts.enabled) return new WriteBack(opts, null, new Map(), 0);
    const { journal, replayed } = await Journal.open(opts.journalPath);
    const self = new WriteBack(opts, journal, replayed.entries, replayed.lastSeq);
    journal.live = () => self.entries.values();
    if (replayed.entries.size > 0 || replayed.skipped > 0) {
      opts.log.info({ pending: self.stats.pending, learned: replayed.entries.size, skippedLines: replayed.skipped }, 'write-back journal replayed');
    }
    return self;
  }

  start(): void {
    this.pump();
  }

  /**
   * After an ACK gave `ip` to `mac` on a port binding. Returns at once: the
   * overlay knows the MAC now; the journal write and the delivery follow.
   */
  learn(ip: number, mac: number): void {
    if (this.entries.get(ip)?.mac === mac || (!this.journal && this.learned.macFor(ip) === mac)) return;
    this.learned.set(ip, mac);
    if (this.journal === null) {
      const key = `${ip}/${mac}`;
      if (!this.wouldSend.has(key)) {
        if (this.wouldSend.size > 100_000) this.wouldSend.clear();
        this.wouldSend.add(key);
        this.opts.log.info({ ip: ipToString(ip), mac: formatMac(mac) }, 'write-back disabled: would send set_mac_by_ip');
      }
      return;
    }
    const previous = this.entries.get(ip);
    if (previous?.state === 'pending' && previous.durable) this.stats.pending--;
    const e: Tracked = { ip, mac, seq: ++this.seq, state: 'pending', at: this.now(), durable: false };
    this.entries.set(ip, e);
    // Counted as pending, and handed to delivery, only once it is on disk.
    void this.journal.learn(e).then(() => {
      e.durable = true;
      if (this.entries.get(ip) !== e || e.state !== 'pending') return;
      this.stats.pending++;
      this.queue.add(ip);
      this.pump();
    }, (err: unknown) => this.opts.log.error({ ip: ipToString(ip), err: String(err) }, 'write-back journal write failed'));
  }

  /**
   * After each accepted sync: forget what UserSide now holds (sent or not:
   * nothing left to write), and sent MACs UserSide has since replaced. Only
   * data fetched after an entry was learned says anything about it; a
   * snapshot says nothing.
   */
  reconcile(table: LeaseTable): void {
    if (table.data.origin !== 'sync') return;
    for (const e of [...this.entries.values()]) {
      if (e.at >= table.data.builtAt) continue;
      const b = table.byIp(e.ip);
      const theirs = b < 0 ? -1 : table.mac(b);
      const confirmed = theirs === e.mac;
      if (confirmed || (e.state === 'sent' && (b < 0 || theirs >= 0))) {
        if (confirmed) this.stats.confirmed++;
        this.forget(e);
      }
    }
  }

  /** Pending entries, oldest first (for tests and the admin view). */
  pendingEntries(): Array<{ ip: number; mac: number; at: number }> {
    return [...this.entries.values()].filter((e) => e.state === 'pending').map(({ ip, mac, at }) => ({ ip, mac, at }));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.journal?.close();
  }

  private forget(e: Tracked): void {
    if (e.state === 'pending' && e.durable) this.stats.pending--;
    this.entries.delete(e.ip);
    this.queue.delete(e.ip);
    this.learned.delete(e.ip);
    void this.journal?.forget(e);
  }

  private pump(): void {
    if (this.abort.signal.aborted) return;
    for (const ip of this.queue) {
      if (this.inFlight.size >= this.concurrency) return;
      this.queue.delete(ip);
      if (this.inFlight.has(ip)) continue; // re-queued when the delivery in flight ends
      this.inFlight.add(ip);
      this.stats.inFlight = this.inFlight.size;
      void this.deliver(ip).finally(() => {
        this.inFlight.delete(ip);
        this.stats.inFlight = this.inFlight.size;
        const e = this.entries.get(ip);
        if (e?.state === 'pending' && e.durable) this.queue.add(ip);
        this.pump();
      });
    }
  }

  private async deliver(ip: number): Promise<void> {
    const signal = this.abort.signal;
    let outcome: { e: Tracked; permanent?: string } | null;
    try {
      outcome = await pRetry(
        async () => {
          await this.rate.take(signal);
          if (signal.aborted) throw new AbortError('stopping');
          // Read the entry at each attempt: the latest MAC for this address wins.
          const e = this.entries.get(ip);
          if (e === undefined || e.state !== 'pending' || !e.durable) return null;
          const r = await this.opts.send(ipToString(ip), formatMac(e.mac));
          return r.ok ? { e } : { e, permanent: r.permanent };
        },
        {
          retries: Number.POSITIVE_INFINITY,
          factor: 2,
          minTimeout: this.opts.retry?.minMs ?? 1_000,
          maxTimeout: this.opts.retry?.maxMs ?? 60_000,
          randomize: true,
          signal,
          onFailedAttempt: ({ error, attemptNumber }) => {
            this.stats.retries++;
            if (this.now() - this.lastRetryLog >= 60_000) {
              this.lastRetryLog = this.now();
              this.opts.log.warn({ ip: ipToString(ip), attempt: attemptNumber, pending: this.stats.pending, error: error.message }, 'write-back to UserSide failed; retrying (logged once a minute)');
            }
          },
        },
      );
    } catch {
      return; // stopped: the entry stays in the journal for the next start
    }
    if (outcome === null) return;
    const { e, permanent } = outcome;
    const current = this.entries.get(ip) === e;
    if (permanent === undefined) {
      this.stats.delivered++;
      this.opts.log.info({ ip: ipToString(ip), mac: formatMac(e.mac) }, 'written back to UserSide');
      if (!current) return; // a newer MAC arrived meanwhile: it is queued
      e.state = 'sent';
      this.stats.pending--;
      await this.journal?.sent(e);
    } else {
      this.stats.dropped++;
      this.opts.log.error({ ip: ipToString(ip), mac: formatMac(e.mac), userside: permanent }, 'UserSide refused the write-back; not retried');
      if (!current) return;
      this.stats.pending--;
      this.entries.delete(ip);
      this.learned.delete(ip);
      await this.journal?.dropped(e);
    }
  }
}
