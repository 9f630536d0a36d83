import type { Config } from '../config/types.js';
import { UsageError } from './args.js';
import { EXIT, type Io } from './io.js';

/** The admin API base URL: `--admin URL`, else `admin.listen` of the configuration. */
export function adminBase(adminFlag: string | undefined, config: Config | undefined): string {
  if (adminFlag !== undefined) {
    if (!/^https?:\/\//.test(adminFlag)) throw new UsageError(`--admin: expected a URL such as http://127.0.0.1:9567, got ${JSON.stringify(adminFlag)}`);
    return adminFlag.replace(/\/+$/, '');
  }
  if (config === undefined) throw new UsageError('give --config FILE (its admin.listen) or --admin URL');
  const { host, port } = config.admin.listen;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
}

/** GET or POST the admin API; a daemon that does not answer is a clear error. */
export async function adminCall(base: string, path: string, method = 'GET'): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { method, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new AdminUnreachable(`the daemon's admin API at ${base} does not answer (${(e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).message}); is userside-dhcpd running? (--snapshot FILE works without it)`);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body };
}

export class AdminUnreachable extends Error {}

/** GET `path` as JSON; on any failure says why on `io` and returns the exit code instead. */
export async function adminJson<T>(base: string, path: string, io: Io): Promise<T | number> {
  try {
    const r = await adminCall(base, path);
    if (r.status === 200) return r.body as T;
    io.err(`the daemon answered ${r.status}: ${JSON.stringify(r.body)}`);
  } catch (e) {
    if (!(e instanceof AdminUnreachable)) throw e;
    io.err(e.message);
  }
  return EXIT.failure;
}
