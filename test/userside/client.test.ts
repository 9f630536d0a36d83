import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsersideClient, UsersideError } from '../../src/userside/client.js';
import { closedPort, json, startLocalServer, type LocalServer } from './local-server.js';

const KEY = 'test-key-123';
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

function client(overrides: Partial<ConstructorParameters<typeof UsersideClient>[0]> = {}): UsersideClient {
  return new UsersideClient({ url: server.url, key: KEY, timeoutMs: 2000, maxResponseBytes: 1_000_000, retries: 3, minBackoffMs: 1, maxBackoffMs: 5, ...overrides });
}

async function failure(promise: Promise<unknown>): Promise<UsersideError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsersideError);
  return error as UsersideError;
}

describe('request form', () => {
  it('GET puts key, cat, action and params in the query', async () => {
    server.handler = (_req, res) => json(res, 200, { result: 'OK', data: [] });
    const r = await client().get('device', 'get_data', { object_type: 'switch', is_hide_ifaces_data: 1 });
    expect(r).toEqual({ status: 200, body: { result: 'OK', data: [] }, bytes: JSON.stringify({ result: 'OK', data: [] }).length, attempts: 1 });
    const req = server.requests[0]!;
    expect(req.method).toBe('GET');
    const q = new URL(req.url, 'http://x').searchParams;
    expect(Object.fromEntries(q)).toEqual({ key: KEY, cat: 'device', action: 'get_data', object_type: 'switch', is_hide_ifaces_data: '1' });
    expect(req.headers.accept).toBe('application/json');
  });

  it('POST sends key, cat, action and params as a form body, nothing in the query', async () => {
    server.handler = (_req, res) => json(res, 200, { Result: 'OK' });
    const r = await client().post('customer', 'set_mac_by_ip', { ip: '10.0.0.5', mac: '00:11:22:aa:bb:cc', skip_internal_api: 1 });
    expect(r.body).toEqual({ Result: 'OK' });
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/api.php');
    expect(req.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      key: KEY,
      cat: 'customer',
      action: 'set_mac_by_ip',
      ip: '10.0.0.5',
      mac: '00:11:22:aa:bb:cc',
      skip_internal_api: '1',
    });
  });

  it('keeps a query already in the configured URL', async () => {
    server.handler = (_req, res) => json(res, 200, { result: 'OK' });
    await client({ url: `${server.url}?lang=en` }).get('customer', 'get_ip_port_device_commutation');
    const q = new URL(server.requests[0]!.url, 'http://x').searchParams;
    expect(q.get('lang')).toBe('en');
    expect(q.get('key')).toBe(KEY);
  });

  it('refuses params that would override key, cat or action', async () => {
    await expect(client().get('customer', 'get_data', { key: 'other' })).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(0);
  });

  it('reads JSON preceded by a UTF-8 BOM (PHP files saved with one)', async () => {
    server.handler = (_req, res) => res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"Result":"OK"}')]));
    expect((await client().get('customer', 'x')).body).toEqual({ Result: 'OK' });
  });
});

describe('retries', () => {
  it('retries HTTP 5xx until an answer comes', async () => {
    server.handler = (_req, res, n) => (n < 3 ? json(res, 503, { message: 'busy' }) : json(res, 200, { result: 'OK', data: [] }));
    const r = await client().get('customer', 'get_ip_port_device_commutation');
    expect(r.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up on 5xx after retries + 1 attempts with http-status', async () => {
    server.handler = (_req, res) => res.writeHead(502).end('<html>Bad Gateway</html>');
    const e = await failure(client({ retries: 2 }).get('customer', 'x'));
    expect(e.reason).toBe('http-status');
    expect(e.status).toBe(502);
    expect(e.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(e.message).toContain('HTTP 502');
    expect(e.message).toContain('Bad Gateway');
  });

  it('retries a dropped connection', async () => {
    server.handler = (req, res, n) => (n < 3 ? req.socket.destroy() : json(res, 200, { result: 'OK' }));
    const r = await client().get('customer', 'x');
    expect(r.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('retries a refused connection, then fails with network', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const port = await closedPort();
    const e = await failure(client({ url: `http://127.0.0.1:${port}/api.php`, fetch: counting, retries: 2 }).get('customer', 'x'));
    expect(e.reason).toBe('network');
    expect(e.attempts).toBe(3);
    expect(calls).toBe(3);
    expect(e.message).toContain('ECONNREFUSED');
    expect(e.status).toBeUndefined();
  });

  it('waits between attempts (exponential backoff)', async () => {
    server.handler = (_req, res) => res.writeHead(500).end();
    const start = performance.now();
    await failure(client({ retries: 2, minBackoffMs: 40, maxBackoffMs: 1000 }).get('customer', 'x'));
    // at least 40 ms, then at least 80 ms
    expect(performance.now() - start).toBeGreaterThanOrEqual(115);
  });

  it('caps the backoff at maxBackoffMs', async () => {
    server.handler = (_req, res) => res.writeHead(500).end();
    const start = performance.now();
    await failure(client({ retries: 3, minBackoffMs: 50, maxBackoffMs: 50 }).get('customer', 'x'));
    const elapsed = performance.now() - start;
    // three waits of exactly 50 ms; uncapped they would be ≥ 50 + 100 + 200
    expect(elapsed).toBeGreaterThanOrEqual(145);
    expect(elapsed).toBeLessThan(340);
  });
});

describe('no retry', () => {
  it('returns a 4xx JSON answer once, for the envelope to judge', async () => {
    server.handler = (_req, res) => json(res, 403, { error: 'Access denied' });
    const r = await client().get('customer', 'x');
    expect(r).toMatchObject({ status: 403, body: { error: 'Access denied' }, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('fails a 4xx without JSON as http-status, once', async () => {
    server.handler = (_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    const e = await failure(client().get('customer', 'x'));
    expect(e).toMatchObject({ reason: 'http-status', status: 404, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not follow a redirect (the key would go with it): http-status naming the target, once', async () => {
    server.handler = (_req, res) => res.writeHead(301, { location: `https://other.example/api.php?key=${KEY}` }).end();
    const e = await failure(client().get('customer', 'x'));
    expect(e).toMatchObject({ reason: 'http-status', status: 301, attempts: 1 });
    expect(e.message).toContain('redirects to https://other.example/api.php');
    expect(e.message).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('returns an ERROR envelope once', async () => {
    server.handler = (_req, res) => json(res, 200, { Result: 'ERROR', ErrorText: 'Unknown action' });
    const r = await client().get('customer', 'x');
    expect(r.attempts).toBe(1);
    expect(server.requests).toHaveLength(1);
  });

  it('returns an ERROR envelope sent with HTTP 500 once', async () => {
    server.handler = (_req, res) => json(res, 500, { result: 'ERROR', error: 'IP not found' });
    const r = await client().post('customer', 'set_mac_by_ip', { ip: '10.0.0.1', mac: '00:11:22:33:44:55' });
    expect(r).toMatchObject({ status: 500, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('fails garbage with bad-json, once, showing the start of it', async () => {
    server.handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<br />\n<b>Warning</b>: mysqli_connect() failed');
    const e = await failure(client().get('customer', 'x'));
    expect(e).toMatchObject({ reason: 'bad-json', status: 200, attempts: 1 });
    expect(e.message).toContain('<br /> <b>Warning</b>');
    expect(server.requests).toHaveLength(1);
  });

  it('fails an empty 200 answer with bad-json', async () => {
    server.handler = (_req, res) => res.end();
    expect((await failure(client().get('customer', 'x'))).reason).toBe('bad-json');
  });
});

describe('timeout', () => {
  it('times out a server that never answers, and retries it', async () => {
    server.handler = () => undefined;
    const start = performance.now();
    const e = await failure(client({ timeoutMs: 150, retries: 1 }).get('customer', 'x'));
    expect(e).toMatchObject({ reason: 'timeout', attempts: 2 });
    expect(server.requests).toHaveLength(2);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('times out a body that never ends (the timeout covers the body)', async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"result":"OK","data":[');
    };
    const e = await failure(client({ timeoutMs: 150, retries: 0 }).get('customer', 'x'));
    expect(e).toMatchObject({ reason: 'timeout', attempts: 1 });
    expect(e.message).toContain('150 ms');
  });
});

describe('size cap', () => {
  it('refuses a declared Content-Length over the cap without retrying', async () => {
    server.handler = (_req, res) => json(res, 200, { result: 'OK', data: 'x'.repeat(5000) });
    const e = await failure(client({ maxResponseBytes: 1000 }).get('customer', 'x'));
    expect(e).toMatchObject({ reason: 'too-large', attempts: 1 });
    expect(e.message).toContain('1000');
    expect(server.requests).toHaveLength(1);
  });

  it('stops reading a chunked answer as soon as it passes the cap', async () => {
    let written = 0;
    let closed = false;
    server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('close', () => (closed = true));
      const more = (): void => {
        if (closed || written > 50_000_000) return;
        written += 16_384;
        res.write('x'.repeat(16_384), () => setImmediate(more));
      };
      more();
    };
    const e = await failure(client({ maxResponseBytes: 100_000 }).get('customer', 'x'));
    expect(e).toMatchObject({ reason: 'too-large', attempts: 1 });
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(true);
    expect(written).toBeLessThan(5_000_000);
  });

  it('accepts an answer of exactly the cap', async () => {
    const body = JSON.stringify({ result: 'OK', data: 'y'.repeat(100) });
    server.handler = (_req, res) => res.end(body);
    const r = await client({ maxResponseBytes: body.length }).get('customer', 'x');
    expect(r.bytes).toBe(body.length);
  });
});
