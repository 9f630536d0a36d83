import type { Cidr } from '../config/types.js';
import type { RecordReason, SyncReason } from '../core/reasons.js';
import type { FieldName, RecordShape } from '../userside/types.js';
import type { TableData } from './table.js';

/** Messages between the daemon and its sync worker thread. */

/** What the worker needs to fetch from UserSide. */
export interface SourceSettings {
  readonly url: string;
  readonly key: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly devices: 'auto' | 'always' | 'never';
  readonly fields: Partial<Record<FieldName, readonly string[]>>;
  /** Retry schedule for network errors and 5xx (the client's defaults when absent). */
  readonly retry?: { readonly retries: number; readonly minBackoffMs: number; readonly maxBackoffMs: number };
}

export type ToWorker =
  | { readonly type: 'sync'; readonly id: number; readonly source: SourceSettings; readonly subnets: readonly Cidr[] }
  | { readonly type: 'load-snapshot'; readonly id: number; readonly path: string; readonly subnets: readonly Cidr[] }
  | { readonly type: 'save-snapshot'; readonly id: number; readonly path: string };

/** How a table came about: logged, exported as metrics, shown by `probe`. */
export interface BuildReport {
  readonly origin: 'sync' | 'snapshot';
  /** Records in the answer (or snapshot), accepted or not. */
  readonly records: number;
  readonly bindings: number;
  readonly switches: number;
  readonly switchesWithoutAddress: number;
  readonly rejected: Partial<Record<RecordReason, number>>;
  readonly samples: ReadonlyArray<{ readonly reason: string; readonly record: string }>;
  readonly shape?: RecordShape;
  readonly bytes?: number;
  readonly fetchMs: number;
  readonly buildMs: number;
  readonly fetchedAt: number;
}

export type FromWorker =
  | { readonly type: 'table'; readonly id: number; readonly data: TableData; readonly report: BuildReport }
  | { readonly type: 'no-snapshot'; readonly id: number }
  | { readonly type: 'saved'; readonly id: number; readonly bytes: number }
  | { readonly type: 'error'; readonly id: number; readonly reason: SyncReason; readonly message: string };
