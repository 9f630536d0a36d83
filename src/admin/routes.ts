import type { Config } from '../config/types.js';
import { parseExplainInput } from '../client/explain-request.js';
import type { CoreConfig } from '../core/prepare.js';
import { NOTHING_LEARNED, type LearnedMacs } from '../core/learned.js';
import type { Syncer } from '../leases/syncer.js';
import { ipToString, parseIp } from '../wire/ipv4.js';
import { parseMac } from '../wire/mac.js';
import type { EventRing } from './events.js';
import { explain } from './explain.js';
import { csvHeader, csvLine } from './lease-format.js';
import { leaseRows, type LeaseFilter } from './lease-rows.js';
import type { Metrics } from './metrics.js';

export interface AdminDeps {
  readonly metrics: Metrics;
  readonly syncer: Syncer;
  readonly learned: LearnedMacs;
  readonly events: EventRing;
  readonly core: () => CoreConfig;
  readonly config: () => Config;
  readonly now: () => number;
}

export interface AdminRequest {
  readonly method: string;
  readonly url: string;
}

/** A response; a large body comes as chunks so the DHCP path gets the event loop between them. */
export interface AdminResponse {
  readonly status: number;
  readonly type: string;
  readonly body: string | AsyncIterable<string>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const json = (status: number, value: unknown): AdminResponse => ({ status, type: JSON_TYPE, body: `${JSON.stringify(value, null, 2)}\n` });
const text = (status: number, body: string): AdminResponse => ({ status, type: 'text/plain; charset=utf-8', body: `${body}\n` });

/**
 * The admin API (SPEC §8), as a function of method and URL, so it is tested by
 * calling it (admin/http.ts only carries it over HTTP).
 */
export async function route(req: AdminRequest, deps: AdminDeps): Promise<AdminResponse> {
  const url = new URL(req.url, 'http://admin');
  const q = (name: string): string | undefined => url.searchParams.get(name) ?? undefined;
  const key = `${req.method} ${url.pathname}`;
  switch (key) {
    case 'GET /metrics':
      return { status: 200, type: deps.metrics.registry.contentType, body: await deps.metrics.registry.metrics() };
    case 'GET /healthz':
      return text(200, 'ok');
    case 'GET /readyz':
      return readyz(deps);
    case 'GET /leases':
      return leases(deps, q);
    case 'GET /explain':
      return explainRoute(deps, q);
    case 'GET /events': {
      const mac = parseMac(q('mac') ?? '');
      if (mac === undefined) return json(400, { error: 'mac: expected a MAC address' });
      const events = deps.events.of(mac).map((e) => ({
        ...e,
        at: new Date(e.at).toISOString(),
        ip: e.ip === undefined ? undefined : ipToString(e.ip),
        giaddr: e.giaddr === undefined ? undefined : ipToString(e.giaddr),
      }));
      return json(200, events);
    }
    case 'POST /sync': {
      const force = q('force') === '1' || q('force') === 'true';
      const outcome = await deps.syncer.sync(force);
      return outcome.ok
        ? json(200, { ok: true, bindings: outcome.bindings, previous: outcome.previous, forced: force })
        : json(502, { ok: false, reason: outcome.reason, message: outcome.message, forced: force });
    }
    default:
      return ['/metrics', '/healthz', '/readyz', '/leases', '/explain', '/events', '/sync'].includes(url.pathname)
        ? json(405, { error: `${req.method} is not allowed on ${url.pathname}` })
        : json(404, { error: `no such endpoint: ${url.pathname}`, endpoints: ['GET /metrics', 'GET /healthz', 'GET /readyz', 'GET /leases', 'GET /explain', 'GET /events?mac=', 'POST /sync[?force=1]'] });
  }
}

/** Ready when a table is served and its data is not older than admin.stale_after. */
function readyz(deps: AdminDeps): AdminResponse {
  const t = deps.syncer.table;
  if (t === null) return json(503, { ready: false, reason: 'no lease table loaded yet (no snapshot, no successful sync)' });
  const ageS = Math.round((deps.now() - t.data.builtAt) / 1000);
  const limitS = Math.round(deps.config().admin.staleAfterMs / 1000);
  const body = { bindings: t.size, origin: t.data.origin, age_seconds: ageS, stale_after_seconds: limitS, last_failure: deps.syncer.status.lastFailure ?? undefined };
  return ageS > limitS ? json(503, { ready: false, reason: `the lease table is ${ageS} s old (UserSide has not answered since)`, ...body }) : json(200, { ready: true, ...body });
}

function leaseFilter(q: (n: string) => string | undefined): LeaseFilter | string {
  const f: { -readonly [K in keyof LeaseFilter]: LeaseFilter[K] } = {};
  const mac = q('mac');
  if (mac !== undefined) {
    f.mac = parseMac(mac);
    if (f.mac === undefined) return `mac: expected a MAC address, got ${JSON.stringify(mac)}`;
  }
  const ip = q('ip');
  if (ip !== undefined) {
    f.ip = parseIp(ip);
    if (f.ip === undefined) return `ip: expected an IPv4 address, got ${JSON.stringify(ip)}`;
  }
  const sw = q('switch');
  if (sw !== undefined) f.switch = sw;
  const port = q('port');
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port)) return `port: expected a port number, got ${JSON.stringify(port)}`;
    f.port = Number(port);
  }
  return f;
}

function leases(deps: AdminDeps, q: (n: string) => string | undefined): AdminResponse {
  const table = deps.syncer.table;
  if (table === null) return json(503, { error: 'no lease table loaded yet' });
  const filter = leaseFilter(q);
  if (typeof filter === 'string') return json(400, { error: filter });
  const format = q('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return json(400, { error: 'format: expected json or csv' });
  const rows = leaseRows({ table, learned: deps.learned }, deps.core().subnetCidrs, filter);
  return { status: 200, type: format === 'csv' ? 'text/csv; charset=utf-8' : JSON_TYPE, body: chunks(rows, format) };
}

const CHUNK = 2000;

/** Serialised a few thousand rows at a time, yielding to the event loop between. */
async function* chunks(rows: Generator<import('./lease-rows.js').LeaseRow>, format: 'json' | 'csv'): AsyncGenerator<string> {
  let first = true;
  let out = format === 'csv' ? csvHeader() : '[';
  let n = 0;
  for (const r of rows) {
    out += format === 'csv' ? csvLine(r) : `${first ? '\n' : ',\n'}${JSON.stringify(r)}`;
    first = false;
    if (++n % CHUNK === 0) {
      yield out;
      out = '';
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  yield format === 'csv' ? out : `${out}${first ? ']' : '\n]'}\n`;
}

function explainRoute(deps: AdminDeps, q: (n: string) => string | undefined): AdminResponse {
  const input = parseExplainInput(q);
  if (typeof input === 'string') return json(400, { error: input });
  const table = deps.syncer.table;
  const result = explain(input, { table, learned: deps.learned ?? NOTHING_LEARNED, core: deps.core(), now: deps.now() });
  return json(200, result);
}
