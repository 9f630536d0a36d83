import type { Logger } from 'pino';
import type { Cidr } from '../config/types.js';
import type { SyncReason } from '../core/reasons.js';
import { LeaseTable } from './table.js';
import type { BuildReport, FromWorker, SourceSettings, ToWorker } from './worker-protocol.js';

/** Where the server reads the live table: one property, swapped in one assignment. */
export interface TableHolder {
  readonly table: LeaseTable | null;
}

export type SyncOutcome =
  | { readonly ok: true; readonly bindings: number; readonly previous: number | null; readonly report: BuildReport }
  | { readonly ok: false; readonly reason: SyncReason; readonly message: string };

export interface SyncStatus {
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastDurationMs: number | null;
  lastFailure: { reason: SyncReason; message: string; at: number } | null;
  consecutiveFailures: number;
  lastReport: BuildReport | null;
}

/** What a reload may change. */
export interface SyncSettings {
  readonly source: SourceSettings;
  readonly subnets: readonly Cidr[];
  readonly intervalMs: number;
  readonly maxShrink: number;
}

export interface SyncerOptions extends SyncSettings {
  readonly thread: { request(msg: DistributiveOmit<ToWorker, 'id'>): Promise<FromWorker> };
  readonly snapshotPath: string;
  readonly log: Logger;
  /** Called after each accepted table (metrics). */
  readonly onTable?: (table: LeaseTable, report: BuildReport) => void;
  readonly onFailure?: (reason: SyncReason) => void;
  readonly random?: () => number;
  readonly now?: () => number;
}
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

const FIRST_RETRY_MS = 2_000;

/**
 * Keeps the lease table fresh (SPEC §4): periodic syncs with jitter, a forced
 * path, the shrink guard, one-assignment swaps, a snapshot after each accepted
 * sync, and the snapshot served at start until UserSide answers.
 */
export class Syncer implements TableHolder {
  table: LeaseTable | null = null;
  readonly status: SyncStatus = {
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastDurationMs: null,
    lastFailure: null,
    consecutiveFailures: 0,
    lastReport: null,
  };
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<SyncOutcome> | null = null;
  private readonly random: () => number;
  private readonly now: () => number;

  private settings: SyncSettings;

  constructor(private readonly opts: SyncerOptions) {
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? Date.now;
    this.settings = { source: opts.source, subnets: opts.subnets, intervalMs: opts.intervalMs, maxShrink: opts.maxShrink };
  }

  /** New settings (SIGHUP); they apply from the next sync or snapshot load. */
  reconfigure(settings: SyncSettings): void {
    this.settings = settings;
  }

  /**
   * Serves the snapshot, if there is one, until the first sync succeeds. With
   * `replace`, rebuilds the table from it even when one is served (new subnets).
   */
  async loadSnapshot(replace = false): Promise<boolean> {
    const reply = await this.opts.thread.request({ type: 'load-snapshot', path: this.opts.snapshotPath, subnets: this.settings.subnets });
    if (reply.type === 'no-snapshot') {
      this.opts.log.info({ path: this.opts.snapshotPath }, 'no snapshot yet: waiting for the first sync');
      return false;
    }
    if (reply.type !== 'table') {
      const message = reply.type === 'error' ? reply.message : 'unexpected reply';
      this.opts.log.error({ path: this.opts.snapshotPath, reason: 'snapshot' }, `snapshot not loaded: ${message}`);
      return false;
    }
    if (this.table !== null && !replace) return false; // a sync won the race
    this.swap(new LeaseTable(reply.data), reply.report);
    this.opts.log.info(
      { bindings: reply.report.bindings, switches: reply.report.switches, fetchedAt: new Date(reply.report.fetchedAt).toISOString() },
      'serving the snapshot until UserSide answers',
    );
    return true;
  }

  /** One sync now. Concurrent calls share the sync in flight; a forced one runs after it. */
  async sync(force = false): Promise<SyncOutcome> {
    while (this.running) {
      const outcome = await this.running;
      if (!force) return outcome;
    }
    this.running = this.syncNow(force);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** No more syncs; one in flight may still finish, quietly. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.sync().then(() => this.schedule(this.nextDelay()));
    }, delayMs);
    this.timer.unref();
  }

  /** ±10% jitter so many daemons do not hit UserSide in step; faster retries after failures. */
  private nextDelay(): number {
    const f = this.status.consecutiveFailures;
    const interval = this.settings.intervalMs;
    const base = f === 0 ? interval : Math.min(interval, FIRST_RETRY_MS * 2 ** (f - 1));
    return Math.round(base * (0.9 + 0.2 * this.random()));
  }

  private async syncNow(force: boolean): Promise<SyncOutcome> {
    const started = this.now();
    this.status.lastAttemptAt = started;
    const { source, subnets, maxShrink } = this.settings;
    const reply = await this.opts.thread.request({ type: 'sync', source, subnets });
    if (reply.type !== 'table') {
      const reason = reply.type === 'error' ? reply.reason : 'worker-failed';
      const message = reply.type === 'error' ? reply.message : 'unexpected reply from the sync worker';
      return this.failed(reason, message);
    }
    const report = reply.report;
    const previous = this.table?.size ?? null;
    if (!force && previous !== null && report.bindings < (1 - maxShrink) * previous) {
      return this.failed(
        'shrink-guard',
        `refused a table of ${report.bindings} bindings (was ${previous}; userside.max_shrink ${maxShrink}); force a sync to accept it`,
      );
    }
    this.swap(new LeaseTable(reply.data), report);
    this.status.lastSuccessAt = this.now();
    this.status.lastDurationMs = this.status.lastSuccessAt - started;
    this.status.consecutiveFailures = 0;
    this.status.lastFailure = null;
    this.opts.log.info(
      {
        bindings: report.bindings,
        previous,
        records: report.records,
        switches: report.switches,
        rejected: report.rejected,
        fetchMs: Math.round(report.fetchMs),
        buildMs: Math.round(report.buildMs),
        bytes: report.bytes,
        forced: force || undefined,
      },
      'sync accepted',
    );
    if (report.samples.length > 0) this.opts.log.warn({ samples: report.samples }, 'UserSide records rejected (first few)');
    if (report.switchesWithoutAddress > 0) {
      this.opts.log.warn({ switches: report.switchesWithoutAddress }, 'switches with bindings but no IP or MAC: their ports cannot be matched');
    }
    const saved = await this.opts.thread.request({ type: 'save-snapshot', path: this.opts.snapshotPath });
    if (saved.type === 'error') this.opts.log.error({ path: this.opts.snapshotPath, reason: 'snapshot' }, `snapshot not saved: ${saved.message}`);
    return { ok: true, bindings: report.bindings, previous, report };
  }

  private swap(table: LeaseTable, report: BuildReport): void {
    this.table = table;
    this.status.lastReport = report;
    this.opts.onTable?.(table, report);
  }

  private failed(reason: SyncReason, message: string): SyncOutcome {
    if (this.stopped) return { ok: false, reason, message }; // shutting down: the worker was stopped on purpose
    this.status.consecutiveFailures++;
    this.status.lastFailure = { reason, message, at: this.now() };
    this.opts.onFailure?.(reason);
    this.opts.log.warn(
      { reason, failures: this.status.consecutiveFailures, serving: this.table?.size ?? 0 },
      `sync failed, the current table keeps serving: ${message}`,
    );
    return { ok: false, reason, message };
  }
}
