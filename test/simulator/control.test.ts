import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipToString } from '../../src/wire/ipv4.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { SimulatedUserside } from '../../src/simulator/server.js';
import { COMMUTATION, api, decodeCommutation, records, setMacByIp } from './support.js';

let sim: SimulatedUserside;

beforeAll(async () => {
  sim = await SimulatedUserside.start({ customers: 100, switches: 5, seed: 8 });
});
afterAll(() => sim.close());

async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sim.controlUrl}${path}`, {
    method,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('simulator control API', () => {
  it('GET /state reports counts, fault and style', async () => {
    await api(sim, COMMUTATION);
    const { status, body } = await control('GET', '/state');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      url: sim.url,
      customers: 100,
      switches: 5,
      requests: { get_ip_port_device_commutation: expect.any(Number) },
      fault: { fault: 'none', scope: 'all' },
      style: sim.style,
    });
  });

  it('POST /fault sets a fault, refuse included, while the control port keeps answering', async () => {
    expect((await control('POST', '/fault', { fault: 'http-error-json', scope: 'reads' })).body).toMatchObject({
      ok: true,
      fault: 'http-error-json',
      scope: 'reads',
    });
    expect((await api(sim, COMMUTATION)).status).toBe(503);
    await control('POST', '/fault', { fault: 'refuse' });
    await expect(fetch(sim.url)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    await control('POST', '/fault', { fault: 'partial', fraction: 0.1 });
    expect(records((await api(sim, COMMUTATION)).body, sim.style)).toHaveLength(10);
    await control('POST', '/fault', { fault: 'none' });
    expect(sim.fault.fault).toBe('none');
  });

  it('POST /style changes the rendering', async () => {
    const { body } = await control('POST', '/style', { container: 'object', ipForm: 'dotted' });
    expect(body).toMatchObject({ ok: true, style: { container: 'object', ipForm: 'dotted' } });
    const answer = (await api(sim, COMMUTATION)).body as { data: Record<string, { ip: string }> };
    expect(answer.data['1']?.ip).toBe(ipToString(sim.customers[0]?.ip ?? 0));
    await control('POST', '/style', {});
  });

  it('GET /writes lists set_mac_by_ip calls', async () => {
    const ip = ipToString(sim.customers[3]?.ip ?? 0);
    await setMacByIp(sim, ip, '00:aa:bb:cc:dd:ee', { skip_internal_api: '1' });
    const { body } = await control('GET', '/writes');
    expect(body).toEqual([{ ip, mac: '00:aa:bb:cc:dd:ee', skipInternalApi: true, at: expect.any(Number) }]);
  });

  it('POST /mutate: setMac, drop, reset', async () => {
    const target = sim.customers[5] as SimCustomer;
    const ip = ipToString(target.ip);
    expect((await control('POST', '/mutate', { setMac: { ip, mac: '02:00:00:00:00:01' } })).status).toBe(200);
    let rows = decodeCommutation((await api(sim, COMMUTATION)).body, sim.style);
    expect(rows.find((r) => r.ip === target.ip)?.mac).toBe(0x020000000001);
    await control('POST', '/mutate', { setMac: { ip, mac: '' } });
    rows = decodeCommutation((await api(sim, COMMUTATION)).body, sim.style);
    expect(rows.find((r) => r.ip === target.ip)).not.toHaveProperty('mac');

    expect((await control('POST', '/mutate', { drop: 0.5 })).body).toMatchObject({ ok: true, customers: 50 });
    expect(records((await api(sim, COMMUTATION)).body, sim.style)).toHaveLength(50);
    expect((await control('POST', '/mutate', { reset: true })).body).toMatchObject({ customers: 100 });
  });

  it('GET /truth returns the ground truth', async () => {
    const { body } = await control('GET', '/truth');
    expect(body).toEqual({ customers: sim.customers, switches: sim.switches });
  });

  it('answers bad requests with 400 and unknown routes with 404', async () => {
    expect(await control('POST', '/fault', { fault: 'explode' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/unknown fault/) } });
    expect((await control('POST', '/style', { macForm: 'weird' })).status).toBe(400);
    expect((await control('POST', '/mutate', { frobnicate: 1 })).status).toBe(400);
    expect((await control('POST', '/mutate', { setMac: { ip: '192.0.2.9', mac: '00:11:22:33:44:55' } })).status).toBe(400);
    expect((await control('POST', '/mutate', '[1,2')).status).toBe(400);
    expect((await control('GET', '/nothing')).status).toBe(404);
    expect(sim.fault.fault).toBe('none');
  });
});
