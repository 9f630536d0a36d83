import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ipToString, parseIp } from '../../wire/ipv4.js';
import { formatMac, parseMac } from '../../wire/mac.js';

/**
 * The write-back queue on disk: an append-only journal of JSON lines, fsync'd
 * in batches (group commit), replayed at start and compacted when it has grown
 * well past what it describes. Nothing acknowledged as durable is lost to a
 * kill -9; a torn last line (the crash came mid-write) is skipped.
 *
 *   {"op":"learn","seq":7,"ip":"10.10.0.5","mac":"00:11:22:33:44:55","at":1700000000000}
 *   {"op":"sent","seq":7,"ip":"10.10.0.5"}       UserSide said OK
 *   {"op":"dropped","seq":7,"ip":"10.10.0.5"}    UserSide said ERROR: never retried
 *   {"op":"forget","seq":7,"ip":"10.10.0.5"}     a sync shows UserSide has it
 */
export type EntryState = 'pending' | 'sent';

export interface Entry {
  readonly ip: number;
  readonly mac: number;
  readonly seq: number;
  state: EntryState;
  readonly at: number;
}

type Op = 'learn' | 'sent' | 'dropped' | 'forget';
interface Line {
  op: Op;
  seq: number;
  ip: string;
  mac?: string;
  at?: number;
}

export interface Replayed {
  readonly entries: Map<number, Entry>;
  readonly lines: number;
  /** Lines that did not parse (a torn last write). */
  readonly skipped: number;
  readonly lastSeq: number;
}

export function replay(text: string): Replayed {
  const entries = new Map<number, Entry>();
  let lines = 0;
  let skipped = 0;
  let lastSeq = 0;
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    lines++;
    let l: Line;
    try {
      l = JSON.parse(raw) as Line;
    } catch {
      skipped++;
      continue;
    }
    const ip = parseIp(String(l.ip));
    if (ip === undefined || typeof l.seq !== 'number') {
      skipped++;
      continue;
    }
    lastSeq = Math.max(lastSeq, l.seq);
    const current = entries.get(ip);
    if (l.op === 'learn') {
      const mac = parseMac(String(l.mac));
      if (mac === undefined) skipped++;
      else entries.set(ip, { ip, mac, seq: l.seq, state: 'pending', at: Number(l.at) || 0 });
    } else if (current?.seq === l.seq) {
      if (l.op === 'sent') current.state = 'sent';
      else entries.delete(ip);
    }
  }
  return { entries, lines, skipped, lastSeq };
}

const learnLine = (e: Entry): string => JSON.stringify({ op: 'learn', seq: e.seq, ip: ipToString(e.ip), mac: formatMac(e.mac), at: e.at });
const opLine = (op: Op, e: Entry): string => JSON.stringify({ op, seq: e.seq, ip: ipToString(e.ip) });

export class Journal {
  private queue: string[] = [];
  private waiters: Array<() => void> = [];
  private flushing: Promise<void> | null = null;
  private lines: number;

  /** The entries compaction keeps: set by the owner of the entries. */
  live: () => Iterable<Entry> = () => [];

  private constructor(
    private readonly path: string,
    private fh: FileHandle,
    lines: number,
    /** Compact when the file has this many lines more than twice the live entries. */
    private readonly slack: number,
  ) {
    this.lines = lines;
  }

  /** Opens (creating) the journal and replays it. */
  static async open(path: string, slack = 1000): Promise<{ journal: Journal; replayed: Replayed }> {
    await mkdir(dirname(path), { recursive: true });
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const replayed = replay(text);
    // A torn last line must not glue itself to the next record.
    const fh = await open(path, 'a', 0o640);
    if (text !== '' && !text.endsWith('\n')) await fh.write('\n');
    return { journal: new Journal(path, fh, replayed.lines, slack), replayed };
  }

  get lineCount(): number {
    return this.lines;
  }

  learn(e: Entry): Promise<void> {
    return this.append(learnLine(e));
  }
  sent(e: Entry): Promise<void> {
    return this.append(opLine('sent', e));
  }
  dropped(e: Entry): Promise<void> {
    return this.append(opLine('dropped', e));
  }
  forget(e: Entry): Promise<void> {
    return this.append(opLine('forget', e));
  }

  /** Resolves once the line is on disk (written and fsync'd with its batch). */
  private append(line: string): Promise<void> {
    this.queue.push(line);
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.flushing ??= this.flushLoop();
    return done;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        const waiters = this.waiters;
        this.queue = [];
        this.waiters = [];
        await this.fh.write(`${batch.join('\n')}\n`);
        await this.fh.datasync();
        this.lines += batch.length;
        for (const w of waiters) w();
        if (this.needsCompaction()) await this.compact();
      }
    } finally {
      this.flushing = null;
    }
  }

  private needsCompaction(): boolean {
    let live = 0;
    for (const e of this.live()) live += e.state === 'sent' ? 2 : 1;
    return this.lines > 2 * live + this.slack;
  }

  /** Rewrites the journal as just the live entries: temp file, fsync, rename, fsync the directory. */
  async compact(): Promise<void> {
    const rows: string[] = [];
    for (const e of this.live()) {
      rows.push(learnLine(e));
      if (e.state === 'sent') rows.push(opLine('sent', e));
    }
    const tmp = `${this.path}.compact-${process.pid}`;
    const out = await open(tmp, 'w', 0o640);
    try {
      if (rows.length > 0) await out.write(`${rows.join('\n')}\n`);
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, this.path);
    const dir = await open(dirname(this.path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    await this.fh.close();
    this.fh = await open(this.path, 'a', 0o640);
    this.lines = rows.length;
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.fh.close();
  }
}
