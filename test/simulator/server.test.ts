import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipToString } from '../../src/wire/ipv4.js';
import { generate, type SimCustomer } from '../../src/simulator/generate.js';
import { STYLE_VARIANTS, resolveStyle } from '../../src/simulator/render.js';
import { SimulatedUserside } from '../../src/simulator/server.js';
import { COMMUTATION, DEVICES, api, decodeCommutation, expectedRows, records, setMacByIp } from './support.js';

let sim: SimulatedUserside;

beforeAll(async () => {
  sim = await SimulatedUserside.start({ customers: 300, switches: 12, seed: 21, key: 'secret-key' });
});
afterAll(() => sim.close());

function find(kind: SimCustomer['kind']): SimCustomer {
  const c = sim.customers.find((x) => x.kind === kind);
  if (c === undefined) throw new Error(`no ${kind} customer`);
  return c;
}

describe('simulated UserSide API', () => {
  it('serves on 127.0.0.1 with the given key', () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/api.php`);
    expect(sim.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.key).toBe('secret-key');
    expect(sim.customers).toHaveLength(300);
    expect(sim.switches).toHaveLength(12);
  });

  it('answers the commutation by GET and by POST form body', async () => {
    const get = await api(sim, COMMUTATION);
    expect(get.status).toBe(200);
    expect(decodeCommutation(get.body, sim.style)).toEqual(expectedRows(sim.customers, sim.switches, sim.style));
    const post = await api(sim, COMMUTATION, { post: true });
    expect(post.text).toBe(get.text);
  });

  it('accepts the old subcat= spelling', async () => {
    const { body } = await api(sim, { cat: 'customer', subcat: 'get_ip_port_device_commutation' });
    expect(records(body, sim.style)).toHaveLength(300);
  });

  it('answers the device list', async () => {
    const { body } = await api(sim, DEVICES);
    const data = (body as { data: Record<string, { host: string; mac: string }> }).data;
    expect(Object.keys(data)).toEqual(sim.switches.map((s) => s.id));
    expect(data['12']).toMatchObject({ host: ipToString(sim.switches[11]?.ip ?? 0), mac: '001E5800000C' });
    expect((await api(sim, { ...DEVICES, object_type: 'customer' })).body).toMatchObject({ Result: 'ERROR' });
  });

  it('answers a wrong or missing key with an ERROR envelope and HTTP 200', async () => {
    for (const key of ['wrong', null]) {
      const res = await api(sim, COMMUTATION, { key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ Result: 'ERROR', ErrorText: expect.any(String) });
    }
  });

  it('answers unknown methods with an ERROR envelope, and other paths with 404', async () => {
    expect((await api(sim, { cat: 'customer', action: 'frobnicate' })).body).toMatchObject({ Result: 'ERROR' });
    expect((await api(sim, { cat: 'nope', action: 'get_data' })).body).toMatchObject({ Result: 'ERROR' });
    expect((await fetch(sim.url.replace('api.php', 'index.php'))).status).toBe(404);
  });

  it('records set_mac_by_ip and shows the MAC in the next answer', async () => {
    const target = find('port-only');
    const ip = ipToString(target.ip);
    const before = sim.version;
    const res = await setMacByIp(sim, ip, '00:11:22:aa:bb:cc', { skip_internal_api: '1' });
    expect(res.body).toEqual({ Result: 'OK' });
    expect(sim.macWrites.at(-1)).toEqual({ ip, mac: '00:11:22:aa:bb:cc', skipInternalApi: true, at: expect.any(Number) });
    expect(sim.version).toBeGreaterThan(before);
    const updated = sim.customers.find((c) => c.ip === target.ip);
    expect(updated).toMatchObject({ mac: 0x001122aabbcc, kind: 'mac+port', switchId: target.switchId, port: target.port });
    const rows = decodeCommutation((await api(sim, COMMUTATION)).body, sim.style);
    expect(rows.find((r) => r.ip === target.ip)?.mac).toBe(0x001122aabbcc);

    await setMacByIp(sim, ip, '00-11-22-AA-BB-DD');
    expect(sim.macWrites.at(-1)).toMatchObject({ mac: '00-11-22-AA-BB-DD', skipInternalApi: false });
  });

  it('refuses writes by GET, to unknown IPs and with bad MACs, and records none of them', async () => {
    const count = sim.macWrites.length;
    const ip = ipToString(find('mac+port').ip);
    const byGet = await api(sim, { cat: 'customer', action: 'set_mac_by_ip', ip, mac: '00:11:22:33:44:55' });
    expect(byGet.body).toEqual({ Result: 'ERROR', ErrorText: expect.stringMatching(/POST/) });
    expect((await setMacByIp(sim, '192.0.2.1', '00:11:22:33:44:55')).body).toEqual({
      Result: 'ERROR',
      ErrorText: expect.stringMatching(/192\.0\.2\.1/),
    });
    expect((await setMacByIp(sim, ip, 'not-a-mac')).body).toMatchObject({ Result: 'ERROR' });
    expect(sim.macWrites).toHaveLength(count);
    expect(sim.customers.find((c) => c.ip === find('mac+port').ip)?.mac).not.toBe(0x001122334455);
  });

  it('counts requests by action', async () => {
    const before = { ...sim.requests };
    await api(sim, COMMUTATION);
    await api(sim, DEVICES);
    await api(sim, DEVICES, { key: 'wrong' });
    expect(sim.requests.get_ip_port_device_commutation).toBe((before.get_ip_port_device_commutation ?? 0) + 1);
    expect(sim.requests.get_data).toBe((before.get_data ?? 0) + 2);
  });

  it('switches style and serves each variant as rendered', async () => {
    for (const { style } of STYLE_VARIANTS) {
      sim.setStyle(style);
      const { body } = await api(sim, COMMUTATION);
      expect(decodeCommutation(body, style)).toEqual(expectedRows(sim.customers, sim.switches, style));
    }
    sim.setStyle({ resultKey: 'result' });
    expect(sim.style).toEqual(resolveStyle({ resultKey: 'result' }));
    expect((await api(sim, COMMUTATION, { key: 'wrong' })).body).toMatchObject({ result: 'ERROR' });
    sim.setStyle({});
  });

  it('serves changed ground truth: mutate, setCustomers, setMac, reset', async () => {
    const original = sim.customers.slice();
    sim.mutate((customers) => customers.filter((_, i) => i % 2 === 0));
    expect(records((await api(sim, COMMUTATION)).body, sim.style)).toHaveLength(150);

    sim.mutate((customers) => {
      (customers[0] as SimCustomer).mac = 0x0a0b0c0d0e0f;
    });
    expect(original[0]?.mac).not.toBe(0x0a0b0c0d0e0f);
    const rows = decodeCommutation((await api(sim, COMMUTATION)).body, sim.style);
    expect(rows[0]?.mac).toBe(0x0a0b0c0d0e0f);

    sim.setCustomers(original.slice(0, 10));
    expect(records((await api(sim, COMMUTATION)).body, sim.style)).toHaveLength(10);
    const target = original[0] as SimCustomer;
    expect(sim.setMac(target.ip, undefined)).toBe(true);
    expect(sim.setMac(0xc0000201, 1)).toBe(false);
    expect(decodeCommutation((await api(sim, COMMUTATION)).body, sim.style)[0]).not.toHaveProperty('mac');

    sim.reset();
    expect(sim.customers).toEqual(generate({ customers: 300, switches: 12, seed: 21 }).customers);
  });
});
