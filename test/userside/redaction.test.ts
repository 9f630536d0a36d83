import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redact, UsersideClient, UsersideError } from '../../src/userside/client.js';
import { fetchBindings } from '../../src/userside/fetch-bindings.js';
import { closedPort, json, startLocalServer, type LocalServer } from './local-server.js';

// A key with characters that URL encoding changes, so every written form is checked.
const KEY = 'Sek/ret+KEY=9f3a c0de&x';
const FORMS = [KEY, encodeURIComponent(KEY), new URLSearchParams({ k: KEY }).toString().slice(2), 'Sek/ret', 'c0de'];

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.close());

function client(overrides: Partial<ConstructorParameters<typeof UsersideClient>[0]> = {}): UsersideClient {
  return new UsersideClient({ url: server.url, key: KEY, timeoutMs: 1000, maxResponseBytes: 100_000, retries: 1, minBackoffMs: 1, maxBackoffMs: 2, ...overrides });
}

/** Everything a logger could print of an error, its properties and its cause chain. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    parts.push(String(current));
    if (typeof current === 'object') {
      const e = current as Record<string, unknown>;
      parts.push(String(e.stack), JSON.stringify(current));
      for (const name of Object.getOwnPropertyNames(current)) parts.push(`${name}=${String(e[name])}`);
      current = e.cause;
    } else {
      current = undefined;
    }
  }
  return parts.join('\n');
}

/** An answer that echoes the request (URL with the key, form body) the way PHP error pages do. */
function echo(res: ServerResponse, status: number, request: { url: string; body: string }): void {
  res.writeHead(status, { 'content-type': 'text/html' });
  res.end(`<html>Error at ${request.url} body=${request.body} raw key ${KEY}</html>`);
}

const cases: Array<{ name: string; reason: string; run: () => Promise<unknown> }> = [
  {
    name: 'network: connection refused',
    reason: 'network',
    run: async () => client({ url: `http://127.0.0.1:${await closedPort()}/api.php` }).get('customer', 'x'),
  },
  {
    name: 'network: a fetch error whose message and cause carry the URL',
    reason: 'network',
    run: () =>
      client({
        fetch: (input) => {
          const url = String(input);
          return Promise.reject(new TypeError(`Failed to parse URL from ${url}`, { cause: new Error(`bad ${url}`) }));
        },
      }).get('customer', 'x'),
  },
  {
    name: 'timeout',
    reason: 'timeout',
    run: () => {
      server.handler = () => undefined;
      return client({ timeoutMs: 100 }).get('customer', 'x');
    },
  },
  {
    name: 'http-status: 500 page echoing the request',
    reason: 'http-status',
    run: () => {
      server.handler = (_req, res, n) => echo(res, 500, server.requests[n - 1]!);
      return client().get('customer', 'x');
    },
  },
  {
    name: 'http-status: 404 page echoing a POST body',
    reason: 'http-status',
    run: () => {
      server.handler = (_req, res, n) => echo(res, 404, server.requests[n - 1]!);
      return client().post('customer', 'set_mac_by_ip', { ip: '10.0.0.1' });
    },
  },
  {
    name: 'bad-json: 200 page echoing the request',
    reason: 'bad-json',
    run: () => {
      server.handler = (_req, res, n) => echo(res, 200, server.requests[n - 1]!);
      return client().get('customer', 'x');
    },
  },
  {
    name: 'bad-json: the key cut by the snippet limit',
    reason: 'bad-json',
    run: () => {
      server.handler = (_req, res) => res.end(`${'z'.repeat(110)}${KEY}${KEY}`);
      return client().get('customer', 'x');
    },
  },
  {
    name: 'too-large',
    reason: 'too-large',
    run: () => {
      server.handler = (_req, res) => res.end('x'.repeat(200_000));
      return client().get('customer', 'x');
    },
  },
  {
    name: 'api-error with the key in ErrorText',
    reason: 'api-error',
    run: () => {
      server.handler = (_req, res, n) => json(res, 200, { Result: 'ERROR', ErrorText: `bad key ${KEY} in ${server.requests[n - 1]!.url}` });
      return fetchBindings(client(), { devices: 'never' });
    },
  },
  {
    name: 'api-error: {error} with HTTP 401 holding the key',
    reason: 'api-error',
    run: () => {
      server.handler = (_req, res) => json(res, 401, { error: `key=${encodeURIComponent(KEY)} is not valid` });
      return fetchBindings(client(), { devices: 'never' });
    },
  },
  {
    name: 'bad-shape',
    reason: 'bad-shape',
    run: () => {
      server.handler = (_req, res) => json(res, 200, [KEY]);
      return fetchBindings(client(), { devices: 'never' });
    },
  },
];

describe('the API key never appears in an error', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const error = await c.run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UsersideError);
      expect((error as UsersideError).reason).toBe(c.reason);
      const text = everythingIn(error);
      for (const form of FORMS) expect(text).not.toContain(form);
    });
  }

  it('nor in the error for an invalid URL', () => {
    let error: unknown;
    try {
      new UsersideClient({ url: `not a url?key=${KEY}`, key: KEY, timeoutMs: 1, maxResponseBytes: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    for (const form of FORMS) expect(everythingIn(error)).not.toContain(form);
  });
});

describe('redact', () => {
  const cases: Array<[string, string, string]> = [
    ['key parameter in a URL', 'GET /api.php?key=abc123&cat=customer', 'GET /api.php?key=[redacted]&cat=customer'],
    ['key parameter first in a form body', 'key=abc123&cat=customer', 'key=[redacted]&cat=customer'],
    ['key parameter of another key', 'http://h/?cat=x&key=other', 'http://h/?cat=x&key=[redacted]'],
    ['the raw key anywhere', 'token abc123 rejected', 'token [redacted] rejected'],
    ['monkey=… is not a key parameter', 'monkey=1', 'monkey=1'],
  ];
  for (const [name, input, output] of cases) it(name, () => expect(redact(input, 'abc123')).toBe(output));

  it('removes the URL-encoded forms of the key', () => {
    expect(redact(`a ${encodeURIComponent(KEY)} b ${new URLSearchParams({ k: KEY }).toString().slice(2)}`, KEY)).toBe('a [redacted] b [redacted]');
  });
});
