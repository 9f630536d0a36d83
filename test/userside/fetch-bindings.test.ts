import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsersideClient, UsersideError } from '../../src/userside/client.js';
import { fetchBindings } from '../../src/userside/fetch-bindings.js';
import { describeProbe } from '../../src/userside/probe.js';
import { parseIp } from '../../src/wire/ipv4.js';
import { json, startLocalServer, type LocalServer } from './local-server.js';

const ip = (text: string): number => parseIp(text) as number;
let server: LocalServer;
let answers: Record<string, { status: number; body: unknown }>;

beforeAll(async () => {
  server = await startLocalServer();
  server.handler = (req, res) => {
    const q = new URL(req.url ?? '', 'http://x').searchParams;
    const answer = answers[`${q.get('cat')}/${q.get('action')}`];
    if (answer === undefined) json(res, 200, { Result: 'ERROR', ErrorText: 'Unknown action' });
    else json(res, answer.status, answer.body);
  };
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

const client = (): UsersideClient =>
  new UsersideClient({ url: server.url, key: 'fetch-test-key-0001', timeoutMs: 1000, maxResponseBytes: 1_000_000, retries: 1, minBackoffMs: 1, maxBackoffMs: 2 });

const COMMUTATION = 'customer/get_ip_port_device_commutation';
const DEVICES = 'device/get_data';
const SWITCHES = { result: 'OK', data: { 7: { id: 7, ip: '167772162', host: '10.0.0.2', mac: 'F0DE00000001', name: 'sw-7' } } };
const actions = (): string[] => server.requests.map((r) => {
  const q = new URL(r.url, 'http://x').searchParams;
  return `${q.get('cat')}/${q.get('action')}`;
});

describe('fetchBindings', () => {
  it('auto: records without switch addresses → fetches the switch list', async () => {
    answers = {
      [COMMUTATION]: { status: 200, body: { Result: 'OK', data: { 15: { customer_id: '15', ip: '178320547', mac: '001122aabbcc', device_id: '7', port: '3' } } } },
      [DEVICES]: { status: 200, body: SWITCHES },
    };
    const f = await fetchBindings(client(), { devices: 'auto' });
    expect(actions()).toEqual([COMMUTATION, DEVICES]);
    expect(new URL(server.requests[1]!.url, 'http://x').searchParams.get('object_type')).toBe('switch');
    expect(f.envelope).toEqual({ resultKey: 'Result', dataKey: 'data' });
    expect(f.result.bindings).toEqual([
      { customerId: '15', ip: ip('10.160.244.163'), mac: 0x001122aabbcc, switchId: '7', port: 3, switchIp: undefined, switchMac: undefined, vlan: undefined },
    ]);
    expect(f.switches).toEqual([{ id: '7', ip: ip('10.0.0.2'), mac: 0xf0de00000001, name: 'sw-7' }]);
    expect(f.bytes).toBeGreaterThan(100);
  });

  it('auto: records carrying a switch IP → no switch list', async () => {
    answers = { [COMMUTATION]: { status: 200, body: { result: 'OK', data: [{ customer_id: 1, ip: '10.0.0.9', device_id: 7, port: 1, device_ip: '10.0.0.2' }] } } };
    const f = await fetchBindings(client(), { devices: 'auto' });
    expect(actions()).toEqual([COMMUTATION]);
    expect(f.switches).toBeNull();
  });

  it('always: fetches the switch list even when records carry addresses', async () => {
    answers = {
      [COMMUTATION]: { status: 200, body: { result: 'OK', data: [{ customer_id: 1, ip: '10.0.0.9', switch_mac: 'F0DE00000001' }] } },
      [DEVICES]: { status: 200, body: SWITCHES },
    };
    const f = await fetchBindings(client(), { devices: 'always' });
    expect(actions()).toEqual([COMMUTATION, DEVICES]);
    expect(f.switches).toHaveLength(1);
  });

  it('never: no switch list', async () => {
    answers = { [COMMUTATION]: { status: 200, body: { result: 'OK', data: [] } } };
    const f = await fetchBindings(client(), { devices: 'never' });
    expect(actions()).toEqual([COMMUTATION]);
    expect(f.switches).toBeNull();
    expect(f.result.shape.container).toBe('empty');
  });

  it('passes configured field aliases to the normaliser', async () => {
    answers = { [COMMUTATION]: { status: 200, body: { result: 'OK', data: [{ customer_id: 1, ip: '10.0.0.9', port: 1, port_number: 24 }] } } };
    const f = await fetchBindings(client(), { devices: 'never', fields: { port: ['port_number'] } });
    expect(f.result.bindings[0]?.port).toBe(24);
  });

  const failures: Array<[string, { status: number; body: unknown }, string, string]> = [
    ['ERROR envelope', { status: 200, body: { Result: 'ERROR', ErrorText: 'Access to method denied' } }, 'api-error', 'Access to method denied'],
    ['{error} with 403', { status: 403, body: { error: 'Wrong key' } }, 'api-error', 'Wrong key'],
    ['OK with 404', { status: 404, body: { result: 'OK', data: [] } }, 'http-status', 'HTTP 404'],
    ['bare array', { status: 200, body: [] }, 'bad-shape', 'JSON array'],
    ['OK without data', { status: 200, body: { result: 'OK' } }, 'bad-shape', 'without data'],
    ['data a string', { status: 200, body: { result: 'OK', data: 'none' } }, 'bad-shape', 'data is a string'],
  ];
  for (const [name, answer, reason, text] of failures) {
    it(`fails with ${reason} on ${name}`, async () => {
      answers = { [COMMUTATION]: answer };
      const e = await fetchBindings(client(), { devices: 'auto' }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(UsersideError);
      expect(e).toMatchObject({ reason, status: answer.status, attempts: 1 });
      expect((e as UsersideError).message).toContain(text);
      expect((e as UsersideError).message).toContain(COMMUTATION);
      expect(server.requests).toHaveLength(1);
    });
  }

  it('fails when the switch list call fails', async () => {
    answers = { [COMMUTATION]: { status: 200, body: { result: 'OK', data: [] } } };
    const e = await fetchBindings(client(), { devices: 'always' }).catch((err: unknown) => err);
    expect(e).toMatchObject({ reason: 'api-error' });
    expect((e as Error).message).toContain('device/get_data: Unknown action');
  });
});

describe('describeProbe', () => {
  it('says what was understood, in a few lines', async () => {
    answers = {
      [COMMUTATION]: {
        status: 200,
        body: {
          result: 'OK',
          data: {
            1: { usercode: 1, ip: '178320547', mac: '001122aabbcc', device_id: 7, port: 3, comment: 'x' },
            2: { usercode: 2, ip: '178320548', mac: '00:11:22:aa:bb:cd', device_id: 7, port: 'ge1' },
            3: 'garbage',
          },
        },
      },
      [DEVICES]: { status: 200, body: SWITCHES },
    };
    const lines = describeProbe(await fetchBindings(client(), { devices: 'auto' }));
    expect(lines.length).toBeLessThan(12);
    const text = lines.join('\n');
    expect(text).toContain('envelope: result key result, data key data');
    expect(text).toMatch(/records: 3 in a JSON object \(\d+ bytes\)/);
    expect(text).toContain('customer_id=usercode ip=ip mac=mac switch=device_id port=port switch_ip=- switch_mac=- vlan=-');
    expect(text).toContain('forms: ip inet_aton, mac mixed');
    expect(text).toContain('ignored keys: comment');
    expect(text).toContain('accepted 1, rejected 2 (bad-port 1, not-an-object 1)');
    expect(text).toContain('rejected bad-port: {"usercode":2');
    expect(text).toContain('rejected not-an-object: "garbage"');
    expect(text).toContain('switches: 1 from device/get_data');
  });

  it('says why switches were not fetched', async () => {
    answers = { [COMMUTATION]: { status: 200, body: { Result: 'OK', Data: [] } } };
    const lines = describeProbe(await fetchBindings(client(), { devices: 'never' }));
    expect(lines).toContain('switches: not fetched (devices: never)');
    expect(lines).toContain('envelope: result key Result, data key Data');
    expect(lines.join('\n')).toContain('records: 0 in an empty answer');
  });
});
