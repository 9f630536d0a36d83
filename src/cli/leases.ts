import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { csvHeader, csvLine, textTable } from '../admin/lease-format.js';
import { leaseRows, type LeaseFilter, type LeaseRow } from '../admin/lease-rows.js';
import type { Cidr, Config } from '../config/types.js';
import { NOTHING_LEARNED, type LearnedMacs } from '../core/learned.js';
import { buildTable } from '../leases/build.js';
import { loadSnapshot } from '../leases/snapshot.js';
import { LeaseTable } from '../leases/table.js';
import { replay } from '../userside/writeback/journal.js';
import { LearnedOverlay } from '../userside/writeback/overlay.js';
import { SNAPSHOT_FILE, WRITEBACK_JOURNAL } from '../server/daemon.js';
import { adminBase, adminJson } from './admin-client.js';
import { ipArg, macArg, UsageError } from './args.js';
import { DEFAULT_CONFIG, EXIT, loadConfigFor, type Io } from './io.js';

export const LEASES_HELP = `Usage: userside-dhcpd leases [filters] [--format table|json|csv]
                            [--config FILE | --admin URL | --snapshot FILE]

Prints the lease table the daemon serves (asked over its admin API), or the one
in a snapshot file when the daemon is stopped.

  --mac MAC        bindings with this MAC (UserSide's or learned here)
  --ip IP          the binding of this address
  --switch S       bindings on this switch (UserSide id, IP or MAC)
  --port N         ... on this port
  --format F       table (aligned columns) | json (an array) | csv  [table]
  --config FILE    read admin.listen from here [${DEFAULT_CONFIG}]
  --admin URL      the admin API, e.g. http://127.0.0.1:9567
  --snapshot FILE  read a snapshot (state_dir/${SNAPSHOT_FILE}) instead; learned
                   MACs come from ${WRITEBACK_JOURNAL} beside it; with --config,
                   subnets are shown

Exit status 0 with at least one row, 1 with none, 2 on bad usage, 3 on a bad config.`;

export async function leasesCommand(args: string[], io: Io): Promise<number> {
  const { values: v } = parseArgs({
    args,
    options: {
      mac: { type: 'string' },
      ip: { type: 'string' },
      switch: { type: 'string' },
      port: { type: 'string' },
      format: { type: 'string', default: 'table' },
      config: { type: 'string' },
      admin: { type: 'string' },
      snapshot: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (v.help) {
    io.out(LEASES_HELP);
    return EXIT.ok;
  }
  if (!['table', 'json', 'csv'].includes(v.format)) throw new UsageError('--format: expected table, json or csv');
  if (v.port !== undefined && !/^\d{1,5}$/.test(v.port)) throw new UsageError('--port: expected a port number');
  const filter: LeaseFilter = {
    ...(v.mac === undefined ? {} : { mac: macArg('mac', v.mac) as number }),
    ...(v.ip === undefined ? {} : { ip: ipArg('ip', v.ip) as number }),
    ...(v.switch === undefined ? {} : { switch: v.switch }),
    ...(v.port === undefined ? {} : { port: Number(v.port) }),
  };
  let config: Config | undefined;
  if (v.config !== undefined || (v.admin === undefined && v.snapshot === undefined)) {
    config = loadConfigFor(v.config ?? DEFAULT_CONFIG, io, { needKey: false });
    if (config === undefined) return EXIT.config;
  }

  let rows: LeaseRow[];
  if (v.snapshot !== undefined) {
    rows = await fromSnapshot(v.snapshot, config, filter);
  } else {
    const q = new URLSearchParams({ format: 'json' });
    for (const k of ['mac', 'ip', 'switch', 'port'] as const) if (v[k] !== undefined) q.set(k, v[k] as string);
    const got = await adminJson<LeaseRow[]>(adminBase(v.admin, config), `/leases?${q}`, io);
    if (typeof got === 'number') return got;
    rows = got;
  }
  print(io, rows, v.format as 'table' | 'json' | 'csv');
  return rows.length > 0 ? EXIT.ok : EXIT.failure;
}

async function fromSnapshot(path: string, config: Config | undefined, filter: LeaseFilter): Promise<LeaseRow[]> {
  const snap = await loadSnapshot(path);
  if (snap === null) throw new UsageError(`--snapshot: no such file: ${path}`);
  // Without a configuration every binding is shown (one catch-all "subnet").
  const subnets: readonly Cidr[] = config?.dhcp.subnets.map((s) => s.cidr) ?? [{ network: 0, prefix: 0, mask: 0, text: '' }];
  const table = new LeaseTable(buildTable(snap.source, subnets, snap.fetchedAt, 'snapshot').data);
  return [...leaseRows({ table, learned: learnedBeside(path) }, subnets, filter)];
}

/** The write-back journal in the snapshot's directory, read-only. */
function learnedBeside(snapshotPath: string): LearnedMacs {
  const path = join(dirname(snapshotPath), WRITEBACK_JOURNAL);
  if (!existsSync(path)) return NOTHING_LEARNED;
  const overlay = new LearnedOverlay();
  for (const e of replay(readFileSync(path, 'utf8')).entries.values()) overlay.set(e.ip, e.mac);
  return overlay;
}

function print(io: Io, rows: LeaseRow[], format: 'table' | 'json' | 'csv'): void {
  if (format === 'json') io.out(JSON.stringify(rows, null, 2));
  else if (format === 'csv') io.out((csvHeader() + rows.map(csvLine).join('')).replace(/\r\n$/, ''));
  else for (const line of textTable(rows)) io.out(line);
}
