import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ipToString } from '../../src/wire/ipv4.js';
import { SimulatedUserside } from '../../src/simulator/server.js';
import { COMMUTATION, DEVICES, api, records, setMacByIp } from './support.js';

let sim: SimulatedUserside;

beforeAll(async () => {
  sim = await SimulatedUserside.start({ customers: 200, switches: 10, seed: 4 });
});
afterEach(() => sim.setFault('none'));
afterAll(() => sim.close());

const anIp = (): string => ipToString(sim.customers[0]?.ip ?? 0);

describe('simulator faults', () => {
  it('refuse: connections are refused; none listens again on the same port', async () => {
    const port = sim.port;
    await sim.setFault('refuse');
    await expect(fetch(sim.url)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    await sim.setFault('none');
    expect(sim.port).toBe(port);
    expect((await api(sim, COMMUTATION)).status).toBe(200);
  });

  it('status-500: HTTP 500 with an HTML body', async () => {
    await sim.setFault('status-500');
    const res = await api(sim, COMMUTATION);
    expect(res.status).toBe(500);
    expect(res.text).toMatch(/^<html>/);
  });

  it('hang: never answers, so a timed-out fetch aborts', async () => {
    await sim.setFault('hang');
    await expect(api(sim, COMMUTATION, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('garbage: 200 with bytes that are not JSON', async () => {
    await sim.setFault('garbage');
    const res = await api(sim, COMMUTATION);
    expect(res.status).toBe(200);
    expect(res.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(res.text) as unknown).toThrow();
  });

  it('error-envelope: 200 with Result ERROR', async () => {
    await sim.setFault('error-envelope');
    const res = await api(sim, DEVICES);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ Result: 'ERROR', ErrorText: expect.any(String) });
  });

  it('http-error-json: 503 with {error}', async () => {
    await sim.setFault('http-error-json');
    const res = await api(sim, COMMUTATION);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: expect.any(String) });
  });

  it('empty: an OK envelope with no data, in either container', async () => {
    await sim.setFault('empty');
    for (const container of ['array', 'object'] as const) {
      sim.setStyle({ container });
      expect((await api(sim, COMMUTATION)).body).toEqual({ Result: 'OK', data: [] });
    }
    sim.setStyle({});
    expect((await api(sim, DEVICES)).body).toEqual({ Result: 'OK', data: [] });
  });

  it('partial: only the first fraction of the records', async () => {
    await sim.setFault('partial');
    const half = records((await api(sim, COMMUTATION)).body, sim.style);
    expect(half).toHaveLength(100);
    await sim.setFault('partial', { fraction: 0.25 });
    expect(records((await api(sim, COMMUTATION)).body, sim.style)).toHaveLength(50);
    const data = (await api(sim, DEVICES)).body as { data: object };
    expect(Object.keys(data.data)).toHaveLength(2);
    await sim.setFault('none');
    expect(records((await api(sim, COMMUTATION)).body, sim.style).slice(0, 100)).toEqual(half);
  });

  it('scope writes: reads are fine, set_mac_by_ip fails and changes nothing', async () => {
    const writes = sim.macWrites.length;
    await sim.setFault('status-500', { scope: 'writes' });
    expect((await api(sim, COMMUTATION)).status).toBe(200);
    expect((await setMacByIp(sim, anIp(), '00:11:22:33:44:55')).status).toBe(500);
    await sim.setFault('refuse', { scope: 'writes' });
    expect((await api(sim, DEVICES)).status).toBe(200);
    await expect(setMacByIp(sim, anIp(), '00:11:22:33:44:55')).rejects.toThrow();
    expect(sim.macWrites).toHaveLength(writes);
    expect(sim.customers[0]?.mac).not.toBe(0x001122334455);
  });

  it('scope reads: set_mac_by_ip still works, reads fail; empty/partial never touch writes', async () => {
    await sim.setFault('error-envelope', { scope: 'reads' });
    expect((await api(sim, COMMUTATION)).body).toMatchObject({ Result: 'ERROR' });
    expect((await setMacByIp(sim, anIp(), '00:11:22:33:44:66')).body).toEqual({ Result: 'OK' });
    await sim.setFault('empty');
    expect((await setMacByIp(sim, anIp(), '00:11:22:33:44:77')).body).toEqual({ Result: 'OK' });
    expect(sim.customers[0]?.mac).toBe(0x001122334477);
  });

  it('rejects unknown faults, scopes and fractions', async () => {
    await expect(sim.setFault('explode' as never)).rejects.toThrow(/unknown fault/);
    await expect(sim.setFault('partial', { fraction: 2 })).rejects.toThrow(/fraction/);
    await expect(sim.setFault('hang', { scope: 'some' as never })).rejects.toThrow(/scope/);
  });
});

describe('simulator close', () => {
  it('is not held up by a hanging request, nor by the refuse state', async () => {
    const other = await SimulatedUserside.start({ customers: 5, switches: 1 });
    await other.setFault('hang');
    const pending = api(other, COMMUTATION).then(
      () => 'answered',
      () => 'failed',
    );
    await expect(api(other, COMMUTATION, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    await other.close();
    expect(await pending).toBe('failed');
    await other.setFault('none');
    await expect(fetch(other.url)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });

    const refusing = await SimulatedUserside.start({ customers: 5, switches: 1 });
    await refusing.setFault('refuse');
    await refusing.close();
    await refusing.close();
  });
});
