import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ipToString, parseIp } from '../wire/ipv4.js';
import { formatMac, parseMac } from '../wire/mac.js';
import type { Binding, SwitchRecord } from '../userside/types.js';
import type { TableSource } from './build.js';

/**
 * The table's source records on disk, so the daemon serves at boot while
 * UserSide is down (SPEC §4). JSON, one row per binding with human-readable
 * addresses, so `jq` and `userside-dhcpd leases --snapshot` can read it.
 */
export const SNAPSHOT_FORMAT = 'userside-dhcpd-snapshot';
const COLUMNS = ['customer_id', 'ip', 'mac', 'switch', 'port', 'vlan', 'switch_ip', 'switch_mac'] as const;
type Row = [string, string, string | null, string | null, number | null, number | null, string | null, string | null];

interface SnapshotFile {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: 1;
  /** When UserSide gave these records (ms since epoch). */
  readonly fetchedAt: number;
  readonly columns: typeof COLUMNS;
  readonly bindings: unknown[];
  readonly switches: Array<{ id: string; ip: string | null; mac: string | null; name?: string }> | null;
}

export interface LoadedSnapshot {
  readonly source: TableSource;
  readonly fetchedAt: number;
}

export class SnapshotError extends Error {}

const orNull = <T, R>(v: T | undefined, f: (x: T) => R): R | null => (v === undefined ? null : f(v));

function row(b: Binding): Row {
  return [b.customerId, ipToString(b.ip), orNull(b.mac, formatMac), b.switchId ?? null, b.port ?? null, b.vlan ?? null, orNull(b.switchIp, ipToString), orNull(b.switchMac, formatMac)];
}

const BATCH = 5000;

/**
 * The snapshot as text pieces, a few thousand rows at a time: 200,000 rows
 * built as one string would cost more memory than the lease table itself.
 */
export function* snapshotPieces(source: TableSource, fetchedAt: number): Generator<string> {
  const head = { format: SNAPSHOT_FORMAT, version: 1, fetchedAt, columns: COLUMNS };
  yield `${JSON.stringify(head).slice(0, -1)},"bindings":[`;
  for (let i = 0; i < source.bindings.length; i += BATCH) {
    const rows = source.bindings.slice(i, i + BATCH).map(row);
    yield (i === 0 ? '' : ',') + JSON.stringify(rows).slice(1, -1);
  }
  const switches =
    source.switches?.map((s) => ({ id: s.id, ip: orNull(s.ip, ipToString), mac: orNull(s.mac, formatMac), ...(s.name ? { name: s.name } : {}) })) ?? null;
  yield `],"switches":${JSON.stringify(switches)}}`;
}

/** Write to a temporary file, fsync it, rename over the old one, fsync the directory. */
export async function saveSnapshot(path: string, source: TableSource, fetchedAt: number): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w', 0o640);
  let bytes = 0;
  try {
    for (const piece of snapshotPieces(source, fetchedAt)) {
      await fh.write(piece);
      bytes += Buffer.byteLength(piece);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return bytes;
}

/** The snapshot at `path`; null when there is none; SnapshotError when it is unreadable. */
export async function loadSnapshot(path: string): Promise<LoadedSnapshot | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SnapshotError(`cannot read snapshot ${path}: ${(e as Error).message}`);
  }
  return parseSnapshot(text, path);
}

export function parseSnapshot(text: string, name: string): LoadedSnapshot {
  let file: SnapshotFile;
  try {
    file = JSON.parse(text) as SnapshotFile;
  } catch (e) {
    throw new SnapshotError(`snapshot ${name} is not JSON: ${(e as Error).message}`);
  }
  if (file?.format !== SNAPSHOT_FORMAT || file.version !== 1 || !Array.isArray(file.bindings)) {
    throw new SnapshotError(`${name} is not a userside-dhcpd snapshot (version 1)`);
  }
  const bindings: Binding[] = [];
  for (const row of file.bindings) {
    const b = rowToBinding(row);
    if (b === undefined) throw new SnapshotError(`snapshot ${name} has a bad row: ${JSON.stringify(row).slice(0, 200)}`);
    bindings.push(b);
  }
  const switches: SwitchRecord[] | null =
    file.switches?.map((s) => ({
      id: String(s.id),
      ...(s.ip ? { ip: parseIp(s.ip) } : {}),
      ...(s.mac ? { mac: parseMac(s.mac) } : {}),
      ...(s.name ? { name: s.name } : {}),
    })) ?? null;
  return { source: { bindings, switches }, fetchedAt: Number(file.fetchedAt) || 0 };
}

function rowToBinding(row: unknown): Binding | undefined {
  if (!Array.isArray(row) || row.length !== COLUMNS.length) return undefined;
  const [customerId, ipText, macText, switchId, port, vlan, swIp, swMac] = row as Row;
  const ip = parseIp(String(ipText));
  if (ip === undefined || typeof customerId !== 'string') return undefined;
  const b: { -readonly [K in keyof Binding]: Binding[K] } = { customerId, ip };
  if (macText !== null) b.mac = parseMac(macText);
  if (switchId !== null) b.switchId = String(switchId);
  if (port !== null) b.port = port;
  if (vlan !== null) b.vlan = vlan;
  if (swIp !== null) b.switchIp = parseIp(swIp);
  if (swMac !== null) b.switchMac = parseMac(swMac);
  return b;
}
