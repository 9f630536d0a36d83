import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { reasonsOf } from '../core/reasons.js';
import type { Syncer } from '../leases/syncer.js';
import type { BuildReport } from '../leases/worker-protocol.js';
import type { PacketCounters } from '../server/counters.js';
import type { WriteBack } from '../userside/writeback/writeback.js';
import { messageTypeName } from '../wire/constants.js';

export const METRIC_PREFIX = 'userside_dhcpd_';

export interface MetricsSources {
  readonly counters: PacketCounters;
  readonly syncer: Syncer;
  readonly writeback: WriteBack;
  readonly version: string;
}

/** Label values are bounded: message type names and catalogued reason codes only. */
const TYPE_NAMES = Array.from({ length: 9 }, (_, t) => messageTypeName(t));

/**
 * The daemon's Prometheus metrics (SPEC §8). Packet counts live in plain
 * counters bumped on the hot path (server/counters.ts) and are copied into
 * prom-client when scraped; no label ever holds a MAC or an IP.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Observed per packet by the server: time spent in decide(). */
  readonly decisionSeconds: Histogram;
  private readonly syncSeconds: Histogram;
  private readonly syncFailures: Counter<'reason'>;

  constructor(private readonly src: MetricsSources) {
    const r = [this.registry];
    const name = (n: string): string => `${METRIC_PREFIX}${n}`;
    const c = src.counters;

    new Counter({
      name: name('packets_received_total'),
      help: 'DHCP requests received, by message type (unknown: undecodable, no option 53, or a type the server does not handle).',
      labelNames: ['type'],
      registers: r,
      collect() {
        this.reset();
        TYPE_NAMES.forEach((t, i) => this.inc({ type: t }, c.received[i] as number));
      },
    });
    new Counter({
      name: name('replies_sent_total'),
      help: 'Replies sent, by message type.',
      labelNames: ['type'],
      registers: r,
      collect() {
        this.reset();
        for (const t of ['offer', 'ack', 'nak']) this.inc({ type: t }, c.sent[TYPE_NAMES.indexOf(t)] as number);
      },
    });
    const byReason = (counts: Map<string, number>, reasons: readonly string[]) =>
      function (this: Counter<'reason'>) {
        this.reset();
        for (const reason of reasons) this.inc({ reason }, counts.get(reason as never) ?? 0);
      };
    new Counter({
      name: name('packets_dropped_total'),
      help: 'Requests answered with silence, by reason (undecodable packets included).',
      labelNames: ['reason'],
      registers: r,
      collect: byReason(c.drops as Map<string, number>, [...reasonsOf('decode'), ...reasonsOf('decision')]),
    });
    new Counter({
      name: name('naks_total'),
      help: 'Requests refused with a DHCPNAK, by reason.',
      labelNames: ['reason'],
      registers: r,
      collect: byReason(c.naks as Map<string, number>, reasonsOf('decision')),
    });
    new Counter({
      name: name('option82_ignored_total'),
      help: 'Requests whose option 82 was not believed (untrusted relay, malformed), answered or not.',
      labelNames: ['reason'],
      registers: r,
      collect: byReason(c.notes as Map<string, number>, ['untrusted-relay', 'malformed-option82']),
    });
    new Counter({
      name: name('send_errors_total'),
      help: 'Replies the socket failed to send.',
      registers: r,
      collect() {
        this.reset();
        this.inc(c.sendErrors);
      },
    });
    this.decisionSeconds = new Histogram({
      name: name('decision_duration_seconds'),
      help: 'Time to decide one request (decode and send excluded).',
      buckets: [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 1e-3, 1e-2],
      registers: r,
    });

    const table = () => src.syncer.table;
    new Gauge({
      name: name('bindings'),
      help: 'Bindings in the lease table being served.',
      registers: r,
      collect() {
        this.set(table()?.size ?? 0);
      },
    });
    new Gauge({
      name: name('switches'),
      help: 'Switches in the lease table being served.',
      registers: r,
      collect() {
        this.set(table()?.switchCount ?? 0);
      },
    });
    new Gauge({
      name: name('learned_macs'),
      help: 'MACs learned here and not yet confirmed by a UserSide sync.',
      registers: r,
      collect() {
        this.set(src.writeback.learned.size);
      },
    });
    new Gauge({
      name: name('table_fetched_timestamp_seconds'),
      help: 'When the data of the table being served was fetched from UserSide.',
      registers: r,
      collect() {
        const t = table();
        if (t) this.set(t.data.builtAt / 1000);
      },
    });
    new Gauge({
      name: name('last_sync_success_timestamp_seconds'),
      help: 'When the last sync was accepted.',
      registers: r,
      collect() {
        const at = src.syncer.status.lastSuccessAt;
        if (at !== null) this.set(at / 1000);
      },
    });
    this.syncSeconds = new Histogram({
      name: name('sync_duration_seconds'),
      help: 'Accepted syncs: from the request to UserSide to the new table serving.',
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers: r,
    });
    this.syncFailures = new Counter({
      name: name('sync_failures_total'),
      help: 'Failed syncs, by reason (the previous table kept serving).',
      labelNames: ['reason'],
      registers: r,
    });
    for (const reason of reasonsOf('sync')) this.syncFailures.inc({ reason }, 0);
    new Gauge({
      name: name('records_rejected'),
      help: 'UserSide records rejected by the last accepted sync, by reason.',
      labelNames: ['reason'],
      registers: r,
      collect() {
        const rejected = src.syncer.status.lastReport?.rejected ?? {};
        for (const reason of reasonsOf('record')) this.set({ reason }, (rejected as Record<string, number>)[reason] ?? 0);
      },
    });
    new Gauge({
      name: name('writeback_pending'),
      help: 'MACs learned and on disk, not yet accepted by UserSide.',
      registers: r,
      collect() {
        this.set(src.writeback.stats.pending);
      },
    });
    new Counter({
      name: name('writeback_results_total'),
      help: 'Write-back outcomes: delivered, dropped (UserSide said ERROR), retried (attempt failed), confirmed (a sync showed UserSide has it).',
      labelNames: ['outcome'],
      registers: r,
      collect() {
        this.reset();
        const s = src.writeback.stats;
        this.inc({ outcome: 'delivered' }, s.delivered);
        this.inc({ outcome: 'dropped' }, s.dropped);
        this.inc({ outcome: 'retried' }, s.retries);
        this.inc({ outcome: 'confirmed' }, s.confirmed);
      },
    });
    new Gauge({
      name: name('build_info'),
      help: 'Always 1; labels say which build is running.',
      labelNames: ['version', 'node'],
      registers: r,
    }).set({ version: src.version, node: process.version }, 1);
    collectDefaultMetrics({ register: this.registry });
    // prom-client names three gauges with a counter's _total suffix, which
    // `promtool check metrics` rejects; they say little a DHCP operator needs.
    for (const bad of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) this.registry.removeSingleMetric(bad);
  }

  /** Called by the syncer for each accepted table. */
  onTable(report: BuildReport): void {
    if (report.origin === 'sync') this.syncSeconds.observe((report.fetchMs + report.buildMs) / 1000);
  }

  onSyncFailure(reason: string): void {
    this.syncFailures.inc({ reason });
  }
}
