import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildTable } from '../../src/leases/build.js';
import { Syncer } from '../../src/leases/syncer.js';
import type { BuildReport, FromWorker, ToWorker } from '../../src/leases/worker-protocol.js';
import type { Binding } from '../../src/userside/types.js';
import { cidr, ip } from '../support/fixtures.js';

const SUBNETS = [cidr('10.10.0.0/16')];
const bindings = (n: number): Binding[] => Array.from({ length: n }, (_, i) => ({ customerId: String(i), ip: ip('10.10.0.10') + i }));

/** A stand-in for the worker thread: answers from a script of outcomes. */
class FakeThread {
  snapshot: Binding[] | null = null;
  next: Array<Binding[] | { error: string }> = [];
  saved = 0;
  async request(msg: Omit<ToWorker, 'id'>): Promise<FromWorker> {
    if (msg.type === 'save-snapshot') {
      this.saved++;
      return { type: 'saved', id: 0, bytes: 1 };
    }
    const from = msg.type === 'load-snapshot' ? this.snapshot : (this.next.shift() ?? { error: 'nothing scripted' });
    if (from === null) return { type: 'no-snapshot', id: 0 };
    if ('error' in from) return { type: 'error', id: 0, reason: 'network', message: from.error };
    const built = buildTable({ bindings: from, switches: null }, SUBNETS, 0, msg.type === 'sync' ? 'sync' : 'snapshot');
    const report: BuildReport = {
      origin: built.data.origin, records: from.length, bindings: built.data.count, switches: 0, switchesWithoutAddress: 0,
      rejected: {}, samples: [], fetchMs: 1, buildMs: 1, fetchedAt: 0,
    };
    return { type: 'table', id: 0, data: built.data, report };
  }
}

function syncer(thread: FakeThread, maxShrink = 0.5): Syncer {
  return new Syncer({
    thread,
    source: { url: 'http://127.0.0.1:1/api.php', key: 'k', timeoutMs: 1000, maxResponseBytes: 1e6, devices: 'never', fields: {} },
    subnets: SUBNETS,
    intervalMs: 60_000,
    maxShrink,
    snapshotPath: '/nonexistent/snap.json',
    log: pino({ level: 'silent' }),
  });
}

describe('Syncer', () => {
  it('serves the snapshot at start until a sync succeeds', async () => {
    const t = new FakeThread();
    t.snapshot = bindings(10);
    const s = syncer(t);
    expect(await s.loadSnapshot()).toBe(true);
    expect(s.table?.size).toBe(10);
    expect(s.table?.data.origin).toBe('snapshot');
  });

  it('no snapshot: no table until the first sync', async () => {
    const s = syncer(new FakeThread());
    expect(await s.loadSnapshot()).toBe(false);
    expect(s.table).toBeNull();
  });

  it('swaps in an accepted table and saves a snapshot of it', async () => {
    const t = new FakeThread();
    t.next = [bindings(100)];
    const s = syncer(t);
    const out = await s.sync();
    expect(out).toMatchObject({ ok: true, bindings: 100, previous: null });
    expect(s.table?.size).toBe(100);
    expect(t.saved).toBe(1);
    expect(s.status.lastSuccessAt).not.toBeNull();
  });

  it('a failed sync keeps the old table serving', async () => {
    const t = new FakeThread();
    t.next = [bindings(100), { error: 'connection refused' }];
    const s = syncer(t);
    await s.sync();
    const before = s.table;
    expect(await s.sync()).toMatchObject({ ok: false, reason: 'network' });
    expect(s.table).toBe(before);
    expect(s.status.consecutiveFailures).toBe(1);
    expect(s.status.lastFailure?.reason).toBe('network');
  });

  it('the shrink guard refuses a table that lost more than max_shrink; a forced sync accepts it', async () => {
    const t = new FakeThread();
    t.next = [bindings(100), bindings(49), bindings(49)];
    const s = syncer(t, 0.5);
    await s.sync();
    const refused = await s.sync();
    expect(refused).toMatchObject({ ok: false, reason: 'shrink-guard' });
    expect(s.table?.size).toBe(100);
    expect(await s.sync(true)).toMatchObject({ ok: true, bindings: 49, previous: 100 });
    expect(s.table?.size).toBe(49);
  });

  it('a table at exactly the limit passes', async () => {
    const t = new FakeThread();
    t.next = [bindings(100), bindings(50)];
    const s = syncer(t, 0.5);
    await s.sync();
    expect(await s.sync()).toMatchObject({ ok: true, bindings: 50 });
  });

  it('concurrent syncs share the one in flight', async () => {
    const t = new FakeThread();
    t.next = [bindings(5), bindings(6)];
    const s = syncer(t);
    const [a, b] = await Promise.all([s.sync(), s.sync()]);
    expect(a).toBe(b);
    expect(t.next).toHaveLength(1);
  });
});
