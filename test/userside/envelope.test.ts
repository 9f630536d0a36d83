import { describe, expect, it } from 'vitest';
import { parseEnvelope, type Envelope } from '../../src/userside/envelope.js';

const ok = (data: unknown, resultKey: string | null, dataKey: string | null): Envelope => ({ ok: true, data, form: { resultKey, dataKey } });
const fail = (reason: 'api-error' | 'http-status' | 'bad-shape', status: number) => ({ ok: false, reason, status });

const cases: Array<{ name: string; status: number; body: unknown; expected: Partial<Envelope>; message?: string }> = [
  { name: 'Result OK + data (older versions)', status: 200, body: { Result: 'OK', data: { 1: {} } }, expected: ok({ 1: {} }, 'Result', 'data') },
  { name: 'result OK + data (3.18+)', status: 200, body: { result: 'OK', data: [] }, expected: ok([], 'result', 'data') },
  { name: 'Data with a capital D', status: 200, body: { Result: 'OK', Data: [1] }, expected: ok([1], 'Result', 'Data') },
  { name: 'list instead of data', status: 200, body: { result: 'OK', list: '1,2,3' }, expected: ok('1,2,3', 'result', 'list') },
  { name: 'Id from a write call', status: 200, body: { Result: 'OK', Id: 17 }, expected: ok(17, 'Result', 'Id') },
  { name: 'bare OK without data (set_mac_by_ip)', status: 200, body: { Result: 'OK' }, expected: ok(undefined, 'Result', null) },
  { name: 'data without a Result key', status: 200, body: { data: [] }, expected: ok([], null, 'data') },
  { name: 'data null', status: 200, body: { result: 'OK', data: null }, expected: ok(null, 'result', 'data') },
  { name: 'ok in lower case', status: 200, body: { result: 'ok', data: [] }, expected: ok([], 'result', 'data') },
  { name: '"error": null beside a good answer', status: 200, body: { result: 'OK', data: [], error: null }, expected: ok([], 'result', 'data') },
  { name: 'data wins over list', status: 200, body: { result: 'OK', list: 1, data: 2 }, expected: ok(2, 'result', 'data') },
  {
    name: 'Result ERROR + ErrorText',
    status: 200,
    body: { Result: 'ERROR', ErrorText: 'Access denied' },
    expected: fail('api-error', 200),
    message: 'Access denied',
  },
  { name: 'result ERROR + error', status: 200, body: { result: 'ERROR', error: 'No such action' }, expected: fail('api-error', 200), message: 'No such action' },
  { name: 'ERROR without any text', status: 200, body: { Result: 'ERROR' }, expected: fail('api-error', 200), message: 'no error text' },
  { name: 'ERROR with an object as text', status: 200, body: { Result: 'ERROR', error: { code: 5 } }, expected: fail('api-error', 200), message: '{"code":5}' },
  { name: '{error} with HTTP 403', status: 403, body: { error: 'Wrong key' }, expected: fail('api-error', 403), message: 'HTTP 403: Wrong key' },
  { name: '{error} with HTTP 200', status: 200, body: { error: 'Method not allowed' }, expected: fail('api-error', 200), message: 'Method not allowed' },
  { name: 'ERROR with HTTP 500', status: 500, body: { Result: 'ERROR', ErrorText: 'IP not found' }, expected: fail('api-error', 500), message: 'IP not found' },
  { name: 'OK with HTTP 500', status: 500, body: { Result: 'OK', data: [] }, expected: fail('http-status', 500), message: 'HTTP 500 with an OK envelope' },
  { name: 'OK with HTTP 404', status: 404, body: { result: 'OK' }, expected: fail('http-status', 404) },
  { name: 'other object with HTTP 502', status: 502, body: { message: 'bad gateway' }, expected: fail('http-status', 502), message: 'HTTP 502' },
  { name: 'bare string', status: 200, body: 'OK', expected: fail('bad-shape', 200), message: 'the string "OK"' },
  { name: 'bare number', status: 200, body: 42, expected: fail('bad-shape', 200) },
  { name: 'bare null', status: 200, body: null, expected: fail('bad-shape', 200), message: 'null' },
  { name: 'bare array', status: 200, body: [{ ip: '1.2.3.4' }], expected: fail('bad-shape', 200), message: 'a JSON array' },
  { name: 'bare non-object with HTTP 503', status: 503, body: 'down', expected: fail('http-status', 503) },
  { name: 'Result neither OK nor ERROR', status: 200, body: { Result: 'FAIL' }, expected: fail('bad-shape', 200), message: 'the string "FAIL"' },
  { name: 'Result as a boolean', status: 200, body: { result: true, data: [] }, expected: fail('bad-shape', 200) },
  { name: 'object with no envelope key', status: 200, body: { 1: { ip: 1 } }, expected: fail('bad-shape', 200), message: 'keys: 1' },
];

describe('parseEnvelope', () => {
  for (const c of cases) {
    it(c.name, () => {
      const env = parseEnvelope(c.status, c.body);
      expect(env).toMatchObject(c.expected);
      if (c.message !== undefined) {
        expect(env.ok).toBe(false);
        if (!env.ok) expect(env.message).toContain(c.message);
      }
    });
  }
});
