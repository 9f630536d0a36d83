import { mkdtempSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, replay, type Entry } from '../../../src/userside/writeback/journal.js';
import { ip, mac } from '../../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'usd-journal-'));
const entry = (i: string, m: string, seq: number): Entry => ({ ip: ip(i), mac: mac(m), seq, state: 'pending', at: seq });

describe('write-back journal', () => {
  it('replays learn, sent, dropped and forget; the latest learn per address wins', () => {
    const text = [
      '{"op":"learn","seq":1,"ip":"10.10.0.1","mac":"02:00:00:00:00:01","at":1}',
      '{"op":"learn","seq":2,"ip":"10.10.0.2","mac":"02:00:00:00:00:02","at":2}',
      '{"op":"learn","seq":3,"ip":"10.10.0.3","mac":"02:00:00:00:00:03","at":3}',
      '{"op":"learn","seq":4,"ip":"10.10.0.4","mac":"02:00:00:00:00:04","at":4}',
      '{"op":"sent","seq":2,"ip":"10.10.0.2"}',
      '{"op":"dropped","seq":3,"ip":"10.10.0.3"}',
      '{"op":"forget","seq":4,"ip":"10.10.0.4"}',
      '{"op":"learn","seq":5,"ip":"10.10.0.1","mac":"02:00:00:00:00:11","at":5}',
      '{"op":"sent","seq":1,"ip":"10.10.0.1"}', // an older delivery: does not mark the newer MAC sent
      '',
    ].join('\n');
    const r = replay(text);
    expect([...r.entries.values()].map((e) => [e.ip, e.mac, e.state])).toEqual([
      [ip('10.10.0.1'), mac('02:00:00:00:00:11'), 'pending'],
      [ip('10.10.0.2'), mac('02:00:00:00:00:02'), 'sent'],
    ]);
    expect(r.lastSeq).toBe(5);
  });

  it('a torn last line (kill -9 mid-write) is skipped, and the next record starts on a line of its own', async () => {
    const path = join(dir, 'torn.journal');
    writeFileSync(path, '{"op":"learn","seq":1,"ip":"10.10.0.1","mac":"02:00:00:00:00:01","at":1}\n{"op":"learn","seq":2,"ip":"10.1');
    const { journal, replayed } = await Journal.open(path);
    expect(replayed.entries.size).toBe(1);
    expect(replayed.skipped).toBe(1);
    await journal.learn(entry('10.10.0.9', '02:00:00:00:00:09', 3));
    await journal.close();
    expect(replay(readFileSync(path, 'utf8')).entries.size).toBe(2);
  });

  it('appends are on disk when their promise resolves (batched)', async () => {
    const path = join(dir, 'batch.journal');
    const { journal } = await Journal.open(path);
    await Promise.all(Array.from({ length: 500 }, (_, i) => journal.learn(entry(`10.10.${i >> 8}.${i & 255}`, '02:00:00:00:00:01', i + 1))));
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(500);
    await journal.close();
  });

  it('compaction keeps the file bounded over 100,000 entries', async () => {
    const path = join(dir, 'compact.journal');
    const live = new Map<number, Entry>();
    const { journal } = await Journal.open(path, 1000);
    journal.live = () => live.values();
    let maxBytes = 0;
    for (let i = 0; i < 100_000; i++) {
      // learn, deliver, then a sync confirms: each address passes through the journal
      const e = entry(`10.${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`, '02:00:00:00:00:01', i + 1);
      live.set(e.ip, e);
      const p1 = journal.learn(e);
      if (i % 10 !== 0) {
        live.delete(e.ip);
        void journal.forget(e);
      }
      if (i % 1000 === 999) {
        await p1;
        maxBytes = Math.max(maxBytes, statSync(path).size);
      }
    }
    await journal.close();
    const r = replay(readFileSync(path, 'utf8'));
    expect(r.entries.size).toBe(10_000); // every tenth stays learned
    expect([...r.entries.keys()].sort()).toEqual([...live.keys()].sort());
    // 100,000 learns + 90,000 forgets would be ~17 MB; compaction keeps it near the live set.
    expect(maxBytes).toBeLessThan(3_000_000);
  });

  it('survives a journal appended to by an older run, blank lines included', () => {
    const path = join(dir, 'old.journal');
    writeFileSync(path, '');
    appendFileSync(path, '\n\n{"op":"learn","seq":1,"ip":"10.10.0.1","mac":"02:00:00:00:00:01","at":1}\n\n');
    expect(replay(readFileSync(path, 'utf8')).entries.size).toBe(1);
  });
});
