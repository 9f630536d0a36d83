import { parsed, problem, showValue, type Parsed } from './parsed.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;

/** `60s`, `5m`, `1h`, `500ms`, or a bare number of seconds → milliseconds. */
export function parseDuration(value: unknown): Parsed<number> {
  const expected = 'expected a duration such as 60s, 5m, 1h, 500ms or a number of seconds';
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? parsed(Math.round(value * 1000)) : problem(`${expected} (got ${value})`);
  }
  const m = typeof value === 'string' ? DURATION.exec(value.trim()) : null;
  if (m === null) return problem(`${expected} (got ${showValue(value)})`);
  return parsed(Math.round(Number(m[1]) * (UNIT_MS[m[2] ?? 's'] as number)));
}

/** `60000` → `60s`, `300000` → `5m`, for summaries. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
