import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './worker-protocol.js';

type Request = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

/**
 * The daemon's side of the sync worker: one request at a time, answered by a
 * promise. If the thread dies, pending requests fail with `worker-failed` and
 * the next request starts a new thread.
 */
export class SyncThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: FromWorker) => void>();
  private idleTimer: NodeJS.Timeout | null = null;

  /**
   * @param idleMs the thread is ended after this long without a request, so the
   * heap a sync grew (a few hundred MB for 200k bindings) goes back to the
   * system between syncs; the next request starts a new thread (tens of ms).
   */
  constructor(private readonly idleMs = 2_000) {}

  request(msg: Request): Promise<FromWorker> {
    const id = this.nextId++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const w = this.ensure();
    w.ref(); // keep the process alive while a request is out
    return new Promise<FromWorker>((resolve) => {
      this.pending.set(id, resolve);
      w.postMessage({ ...msg, id });
    });
  }

  /** Ends an idle thread (its heap goes with it). */
  private retire(w: Worker): void {
    if (this.worker !== w || this.pending.size > 0) return;
    this.worker = null;
    void w.terminate();
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
    this.failAll('the sync worker was stopped');
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = spawnWorker();
    w.on('message', (reply: FromWorker) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) {
        w.unref();
        this.idleTimer = setTimeout(() => this.retire(w), this.idleMs);
        this.idleTimer.unref();
      }
      resolve?.(reply);
    });
    w.on('error', (e) => {
      if (this.worker === w) this.worker = null;
      this.failAll(`the sync worker failed: ${e.message}`);
    });
    w.on('exit', () => {
      if (this.worker !== w) return; // retired on purpose
      this.worker = null;
      this.failAll('the sync worker exited');
    });
    w.unref();
    this.worker = w;
    return w;
  }

  private failAll(message: string): void {
    for (const [id, resolve] of this.pending) resolve({ type: 'error', id, reason: 'worker-failed', message });
    this.pending.clear();
  }
}

/**
 * Compiled, the worker is sync-worker.js beside this file. Run from the
 * TypeScript sources (tsx, vitest), the thread first registers tsx's loader —
 * loaders are per thread and `execArgv: ['--import', 'tsx']` does not reach it.
 */
function spawnWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sync-worker.js', import.meta.url));
  const entry = JSON.stringify(new URL('./sync-worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`, { eval: true });
}
