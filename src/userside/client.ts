import pRetry from 'p-retry';
import type { SyncReason } from '../core/reasons.js';
import { parseEnvelope } from './envelope.js';
import { UsersideError } from './errors.js';
import { BodyTooLarge, readCappedText } from './read-body.js';
import { redact } from './redact.js';

export { redact } from './redact.js';
export { UsersideError } from './errors.js';

/**
 * The HTTP side of UserSide's API: `{url}?key=…&cat=…&action=…`, a whole-request
 * timeout, a size cap, and retries with capped exponential backoff for what a
 * retry can fix (network errors, timeouts, HTTP 5xx). The answer is returned
 * parsed but not judged: `parseEnvelope` says whether UserSide said OK.
 */

export interface UsersideClientOptions {
  readonly url: string;
  readonly key: string;
  /** Per attempt: connect, headers and the whole body. */
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  /** Retries after the first attempt [4]. */
  readonly retries?: number;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly fetch?: typeof fetch;
}

export type UsersideParams = Readonly<Record<string, string | number | boolean>>;

export interface UsersideResponse {
  readonly status: number;
  /** The parsed JSON answer. */
  readonly body: unknown;
  /** Size of the answer body as received. */
  readonly bytes: number;
  readonly attempts: number;
}

const RESERVED_PARAMS = new Set(['key', 'cat', 'action']);
const SNIPPET_CHARS = 120;

/** One failed attempt; `retryable` tells p-retry whether another may help. */
class AttemptFailure extends Error {
  constructor(
    readonly reason: SyncReason,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class UsersideClient {
  readonly #url: URL;
  readonly #key: string;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #retries: number;
  readonly #minBackoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: UsersideClientOptions) {
    this.#key = options.key;
    try {
      this.#url = new URL(options.url);
    } catch {
      throw new TypeError(`userside.url is not a valid URL: ${redact(options.url, options.key)}`);
    }
    this.#timeoutMs = options.timeoutMs;
    this.#maxBytes = options.maxResponseBytes;
    this.#retries = options.retries ?? 4;
    this.#minBackoffMs = options.minBackoffMs ?? 500;
    this.#maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  get(cat: string, action: string, params: UsersideParams = {}): Promise<UsersideResponse> {
    return this.#call('GET', cat, action, params);
  }

  /** Writes must be POST since UserSide 3.21; everything, key included, goes in the form body. */
  post(cat: string, action: string, params: UsersideParams = {}): Promise<UsersideResponse> {
    return this.#call('POST', cat, action, params);
  }

  /** Removes this client's key from text (for messages built from UserSide's answers). */
  redact(text: string): string {
    return redact(text, this.#key);
  }

  async #call(method: 'GET' | 'POST', cat: string, action: string, params: UsersideParams): Promise<UsersideResponse> {
    const form = this.#form(cat, action, params);
    let attempts = 0;
    try {
      return await pRetry(
        async (attempt) => {
          attempts = attempt;
          return { ...(await this.#attempt(method, form)), attempts: attempt };
        },
        {
          retries: this.#retries,
          factor: 2,
          minTimeout: this.#minBackoffMs,
          maxTimeout: this.#maxBackoffMs,
          randomize: true,
          shouldRetry: ({ error }) => error instanceof AttemptFailure && error.retryable,
        },
      );
    } catch (error) {
      const failure = error instanceof AttemptFailure ? error : new AttemptFailure('network', describeError(error), false);
      const tail = attempts > 1 ? ` (after ${attempts} attempts)` : '';
      const message = this.redact(`UserSide ${cat}/${action}: ${failure.message}${tail}`);
      const details = failure.status === undefined ? { attempts } : { attempts, status: failure.status };
      throw new UsersideError(failure.reason, message, details);
    }
  }

  #form(cat: string, action: string, params: UsersideParams): URLSearchParams {
    const form = new URLSearchParams({ key: this.#key, cat, action });
    for (const [name, value] of Object.entries(params)) {
      if (RESERVED_PARAMS.has(name)) throw new RangeError(`UserSide parameter "${name}" is set by the client`);
      form.append(name, String(value));
    }
    return form;
  }

  async #attempt(method: 'GET' | 'POST', form: URLSearchParams): Promise<Omit<UsersideResponse, 'attempts'>> {
    const signal = AbortSignal.timeout(this.#timeoutMs);
    const url = new URL(this.#url);
    // Redirects are not followed: the key travels in the request, and must not
    // be handed on to whatever host a redirect names.
    const init: RequestInit = { method, signal, redirect: 'manual', headers: { accept: 'application/json' } };
    if (method === 'GET') {
      for (const [name, value] of form) url.searchParams.set(name, value);
    } else {
      init.body = form.toString();
      init.headers = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
    }

    let response: Response;
    let raw: { text: string; bytes: number };
    try {
      response = await this.#fetch(url, init);
    } catch (error) {
      throw this.#transportFailure(error, signal);
    }
    if (response.status >= 300 && response.status < 400) {
      const to = this.redact(response.headers.get('location') ?? 'nowhere');
      throw new AttemptFailure('http-status', `HTTP ${response.status}: UserSide redirects to ${to}; set userside.url to that address`, false, response.status);
    }
    try {
      raw = await readCappedText(response, this.#maxBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) throw new AttemptFailure('too-large', error.message, false, response.status);
      throw this.#transportFailure(error, signal);
    }
    return { status: response.status, body: this.#judgeBody(response, raw.text, raw.bytes), bytes: raw.bytes };
  }

  #judgeBody(response: Response, text: string, bytes: number): unknown {
    const status = response.status;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const what = `${response.headers.get('content-type') ?? 'no content-type'}, ${bytes} bytes${this.#snippet(text)}`;
      if (status < 200 || status > 299) throw new AttemptFailure('http-status', `HTTP ${status} (${what})`, status >= 500, status);
      throw new AttemptFailure('bad-json', `the answer is not JSON (${what})`, false, status);
    }
    if (status >= 500) {
      // A 5xx that carries UserSide's own ERROR envelope is an answer, not an outage.
      const envelope = parseEnvelope(status, body);
      if (envelope.ok || envelope.reason !== 'api-error') throw new AttemptFailure('http-status', `HTTP ${status}`, true, status);
    }
    return body;
  }

  #snippet(text: string): string {
    if (text.length === 0) return '';
    // Redact before cutting, so a key at the edge is never left half visible.
    const head = this.redact(text.slice(0, SNIPPET_CHARS + 3 * this.#key.length + 64));
    const flat = head.replace(/\s+/g, ' ').trim();
    return `: "${flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat}"`;
  }

  #transportFailure(error: unknown, signal: AbortSignal): AttemptFailure {
    if (signal.aborted && (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError') {
      return new AttemptFailure('timeout', `no complete answer within ${this.#timeoutMs} ms`, true);
    }
    return new AttemptFailure('network', describeError(error), true);
  }
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a reset, DNS) is down the cause chain. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (typeof current !== 'object') {
      parts.push(String(current));
      break;
    }
    const { message, code, errors } = current as { message?: unknown; code?: unknown; errors?: unknown };
    const text = typeof message === 'string' && message !== '' ? message : undefined;
    const codeText = typeof code === 'string' && !(text?.includes(code) ?? false) ? code : undefined;
    const part = [codeText, text].filter((p) => p !== undefined).join(' ');
    if (part !== '' && !parts.some((p) => p.includes(part))) parts.push(part);
    const next = (current as { cause?: unknown }).cause;
    current = next ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  const joined = parts.join(': ') || 'network error';
  return joined.length > 300 ? `${joined.slice(0, 300)}…` : joined;
}
