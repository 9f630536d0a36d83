import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { UsersideError } from '../../../src/userside/errors.js';
import type { SendMac, SendResult } from '../../../src/userside/writeback/send.js';
import { WriteBack, type WriteBackOptions } from '../../../src/userside/writeback/writeback.js';
import { RateLimit } from '../../../src/userside/writeback/rate-limit.js';
import { buildTable } from '../../../src/leases/build.js';
import { LeaseTable } from '../../../src/leases/table.js';
import { cidr, ip, mac } from '../../support/fixtures.js';

/** A UserSide stand-in: records what it accepts; can be down or refuse. */
class FakeUserside {
  mode: 'up' | 'down' | 'error' = 'up';
  readonly accepted: Array<[string, string]> = [];
  attempts = 0;
  readonly send: SendMac = async (i, m): Promise<SendResult> => {
    this.attempts++;
    if (this.mode === 'down') throw new UsersideError('network', 'connection refused', { attempts: 1 });
    if (this.mode === 'error') return { ok: false, permanent: 'No customer with this IP' };
    this.accepted.push([i, m]);
    return { ok: true };
  };
}

const logs: Array<Record<string, unknown>> = [];
const log = pino({ level: 'info' }, { write: (s: string) => logs.push(JSON.parse(s) as Record<string, unknown>) });

async function open(us: FakeUserside, journalPath = join(mkdtempSync(join(tmpdir(), 'usd-wb-')), 'wb.journal'), over: Partial<WriteBackOptions> = {}) {
  const wb = await WriteBack.open({ journalPath, send: us.send, enabled: true, maxPerSecond: 1000, retry: { minMs: 5, maxMs: 20 }, log, ...over });
  wb.start();
  return { wb, journalPath };
}

async function settle(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const A = mac('02:00:00:00:00:0a');
const B = mac('02:00:00:00:00:0b');
const C = mac('02:00:00:00:00:0c');
const IP = ip('10.10.0.5');

describe('write-back', () => {
  it('a learned MAC is sent once, as set_mac_by_ip ip=dotted mac=colon; the overlay knows it at once', async () => {
    const us = new FakeUserside();
    const { wb } = await open(us);
    wb.learn(IP, A);
    expect(wb.learned.macFor(IP)).toBe(A);
    expect(wb.learned.ipFor(A)).toBe(IP);
    await settle(() => wb.stats.delivered === 1);
    wb.learn(IP, A);
    wb.learn(IP, A);
    await new Promise((r) => setTimeout(r, 50));
    expect(us.accepted).toEqual([['10.10.0.5', '02:00:00:00:00:0a']]);
    expect(wb.stats).toMatchObject({ pending: 0, delivered: 1, dropped: 0 });
    await wb.stop();
  });

  it('the MAC changes twice before delivery: only the latest is delivered', async () => {
    const us = new FakeUserside();
    us.mode = 'down';
    const { wb } = await open(us);
    wb.learn(IP, A);
    await settle(() => us.attempts > 0);
    wb.learn(IP, B);
    wb.learn(IP, C);
    await settle(() => wb.stats.pending === 1);
    us.mode = 'up';
    await settle(() => wb.stats.delivered >= 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(us.accepted).toEqual([['10.10.0.5', '02:00:00:00:00:0c']]);
    expect(wb.learned.macFor(IP)).toBe(C);
    expect(wb.learned.ipFor(A)).toBeUndefined();
    await wb.stop();
  });

  it('UserSide down for a while: retried until delivered', async () => {
    const us = new FakeUserside();
    us.mode = 'down';
    const { wb } = await open(us);
    for (let i = 0; i < 5; i++) wb.learn(IP + i, A + i);
    await settle(() => us.attempts >= 15);
    expect(wb.stats.pending).toBe(5);
    expect(wb.stats.retries).toBeGreaterThanOrEqual(10);
    us.mode = 'up';
    await settle(() => wb.stats.delivered === 5);
    expect(us.accepted).toHaveLength(5);
    expect(wb.stats.pending).toBe(0);
    await wb.stop();
  });

  it('an ERROR answer is permanent: tried once, dropped, counted, logged with IP, MAC and UserSide\'s text', async () => {
    const us = new FakeUserside();
    us.mode = 'error';
    const { wb } = await open(us);
    wb.learn(IP, A);
    await settle(() => wb.stats.dropped === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(us.attempts).toBe(1);
    expect(wb.learned.macFor(IP)).toBeUndefined();
    expect(logs.some((l) => l.msg === 'UserSide refused the write-back; not retried' && l.ip === '10.10.0.5' && l.mac === '02:00:00:00:00:0a' && l.userside === 'No customer with this IP')).toBe(true);
    await wb.stop();
  });

  it('what was queued survives a restart and is delivered then; the overlay survives too', async () => {
    const us = new FakeUserside();
    us.mode = 'down';
    const first = await open(us);
    for (let i = 0; i < 20; i++) first.wb.learn(IP + i, A + i);
    await settle(() => first.wb.stats.pending === 20); // on disk
    await first.wb.stop();
    us.mode = 'up';
    const second = await open(us, first.journalPath);
    expect(second.wb.learned.macFor(IP + 7)).toBe(A + 7);
    await settle(() => second.wb.stats.delivered === 20);
    expect(new Set(us.accepted.map(([i]) => i)).size).toBe(20);
    // delivered, but kept in the overlay until a sync confirms
    expect(second.wb.learned.size).toBe(20);
    await second.wb.stop();
  });

  it('a sync showing UserSide holds the MAC drops it from the overlay and the journal', async () => {
    const us = new FakeUserside();
    const { wb, journalPath } = await open(us);
    wb.learn(IP, A);
    wb.learn(IP + 1, B);
    await settle(() => wb.stats.delivered === 2);
    const synced = (origin: 'sync' | 'snapshot', builtAt: number) =>
      new LeaseTable(
        buildTable(
          { bindings: [{ customerId: '1', ip: IP, mac: A }, { customerId: '2', ip: IP + 1 }], switches: null },
          [cidr('10.10.0.0/16')],
          builtAt,
          origin,
        ).data,
      );
    wb.reconcile(synced('snapshot', Date.now() + 1000)); // a snapshot says nothing
    wb.reconcile(synced('sync', 0)); // data older than the learning says nothing
    expect(wb.learned.size).toBe(2);
    wb.reconcile(synced('sync', Date.now() + 1000));
    expect(wb.learned.macFor(IP)).toBeUndefined(); // confirmed
    expect(wb.learned.macFor(IP + 1)).toBe(B); // UserSide has no MAC there yet: keep
    expect(wb.stats.confirmed).toBe(1);
    await wb.stop();
    expect(readFileSync(journalPath, 'utf8')).toMatch(/"op":"forget"/);
  });

  it('writeback.enabled: false logs what would be sent and sends nothing', async () => {
    const us = new FakeUserside();
    const { wb } = await open(us, undefined, { enabled: false });
    wb.learn(IP, A);
    wb.learn(IP, A);
    await new Promise((r) => setTimeout(r, 30));
    expect(us.attempts).toBe(0);
    expect(wb.learned.macFor(IP)).toBe(A);
    expect(logs.filter((l) => l.msg === 'write-back disabled: would send set_mac_by_ip' && l.ip === '10.10.0.5')).toHaveLength(1);
    await wb.stop();
  });
});

describe('rate limit', () => {
  it('lets starts through evenly at the configured rate, no burst', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const rl = new RateLimit(20); // one start every 50 ms
      const started: number[] = [];
      const all = Array.from({ length: 5 }, () => rl.take().then(() => started.push(Date.now() - 1_000_000)));
      await vi.advanceTimersByTimeAsync(1000);
      await Promise.all(all);
      expect(started).toEqual([0, 50, 100, 150, 200]);
    } finally {
      vi.useRealTimers();
    }
  });
});
