import { LEASE_COLUMNS, type LeaseRow } from './lease-rows.js';

/** RFC 4180 CSV: a header, then one line per row; fields quoted when they need it. */
export function csvHeader(): string {
  return `${LEASE_COLUMNS.join(',')}\r\n`;
}

export function csvLine(r: LeaseRow): string {
  return `${LEASE_COLUMNS.map((c) => csvField(r[c])).join(',')}\r\n`;
}

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Aligned columns for a terminal; `-` for empty values. */
export function textTable(rows: readonly LeaseRow[]): string[] {
  const cells = [LEASE_COLUMNS.map(String), ...rows.map((r) => LEASE_COLUMNS.map((c) => (r[c] === null || r[c] === '' ? '-' : String(r[c]))))];
  const widths = LEASE_COLUMNS.map((_, i) => Math.max(...cells.map((row) => (row[i] as string).length)));
  return cells.map((row) => row.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ').trimEnd());
}
