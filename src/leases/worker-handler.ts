import { performance } from 'node:perf_hooks';
import { UsersideClient } from '../userside/client.js';
import { UsersideError } from '../userside/errors.js';
import { fetchBindings } from '../userside/fetch-bindings.js';
import type { Cidr } from '../config/types.js';
import type { RecordReason } from '../core/reasons.js';
import { buildTable, type TableSource } from './build.js';
import { collectGarbage } from './collect-garbage.js';
import { loadSnapshot, saveSnapshot, SnapshotError } from './snapshot.js';
import { transferList } from './table.js';
import type { BuildReport, FromWorker, SourceSettings, ToWorker } from './worker-protocol.js';

/**
 * The sync work, run in the worker thread (sync-worker.ts) so that fetching,
 * JSON parsing, normalising and building never stall packet handling. Kept
 * free of worker_threads so tests can also call it directly.
 */
export class WorkerHandler {
  /** The records of the last table built, kept for save-snapshot. */
  private last: { source: TableSource; fetchedAt: number } | null = null;

  async handle(msg: ToWorker): Promise<{ reply: FromWorker; transfer: ArrayBuffer[] }> {
    try {
      switch (msg.type) {
        case 'sync':
          return await this.sync(msg.id, msg.source, msg.subnets);
        case 'load-snapshot':
          return await this.loadSnapshot(msg.id, msg.path, msg.subnets);
        case 'save-snapshot': {
          if (this.last === null) return plain({ type: 'error', id: msg.id, reason: 'snapshot', message: 'no table to save' });
          const { source, fetchedAt } = this.last;
          this.last = null; // 200k records are not kept in memory once on disk
          const bytes = await saveSnapshot(msg.path, source, fetchedAt);
          collectGarbage();
          return plain({ type: 'saved', id: msg.id, bytes });
        }
      }
    } catch (e) {
      if (e instanceof UsersideError) return plain({ type: 'error', id: msg.id, reason: e.reason, message: e.message });
      if (e instanceof SnapshotError) return plain({ type: 'error', id: msg.id, reason: 'snapshot', message: e.message });
      return plain({ type: 'error', id: msg.id, reason: 'worker-failed', message: (e as Error)?.message ?? String(e) });
    }
  }

  private async sync(id: number, settings: SourceSettings, subnets: readonly Cidr[]) {
    const t0 = performance.now();
    const client = new UsersideClient({
      url: settings.url,
      key: settings.key,
      timeoutMs: settings.timeoutMs,
      maxResponseBytes: settings.maxResponseBytes,
      ...settings.retry,
    });
    // The data is at least as new as the moment we asked for it.
    const fetchedAt = Date.now();
    const fetched = await fetchBindings(client, { devices: settings.devices, fields: settings.fields, afterParse: collectGarbage });
    const t1 = performance.now();
    const source: TableSource = { bindings: fetched.result.bindings, switches: fetched.switches };
    const built = buildTable(source, subnets, fetchedAt, 'sync');
    this.last = { source, fetchedAt };
    const report: BuildReport = {
      origin: 'sync',
      records: fetched.result.total,
      bindings: built.data.count,
      switches: built.data.switchCount,
      switchesWithoutAddress: built.switchesWithoutAddress,
      rejected: merge(fetched.result.rejected, built.rejected),
      samples: fetched.result.samples.map((s) => ({ reason: s.reason, record: JSON.stringify(s.record)?.slice(0, 300) ?? String(s.record) })),
      shape: fetched.result.shape,
      ...(fetched.bytes === undefined ? {} : { bytes: fetched.bytes }),
      fetchMs: t1 - t0,
      buildMs: performance.now() - t1,
      fetchedAt,
    };
    return { reply: { type: 'table', id, data: built.data, report } as FromWorker, transfer: transferList(built.data) };
  }

  private async loadSnapshot(id: number, path: string, subnets: readonly Cidr[]) {
    const t0 = performance.now();
    const snap = await loadSnapshot(path);
    if (snap === null) return plain({ type: 'no-snapshot', id });
    const t1 = performance.now();
    const built = buildTable(snap.source, subnets, snap.fetchedAt, 'snapshot');
    this.last = { source: snap.source, fetchedAt: snap.fetchedAt };
    const report: BuildReport = {
      origin: 'snapshot',
      records: snap.source.bindings.length,
      bindings: built.data.count,
      switches: built.data.switchCount,
      switchesWithoutAddress: built.switchesWithoutAddress,
      rejected: built.rejected,
      samples: [],
      fetchMs: t1 - t0,
      buildMs: performance.now() - t1,
      fetchedAt: snap.fetchedAt,
    };
    return { reply: { type: 'table', id, data: built.data, report } as FromWorker, transfer: transferList(built.data) };
  }
}

function plain(reply: FromWorker): { reply: FromWorker; transfer: ArrayBuffer[] } {
  return { reply, transfer: [] };
}

function merge(a: Partial<Record<RecordReason, number>>, b: Partial<Record<RecordReason, number>>): Partial<Record<RecordReason, number>> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b) as Array<[RecordReason, number]>) out[k] = (out[k] ?? 0) + v;
  return out;
}
