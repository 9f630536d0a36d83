import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedUserside } from '../../src/simulator/server.js';
import { COMMUTATION, DEVICES, api, records } from './support.js';

let sim: SimulatedUserside;

beforeAll(async () => {
  sim = await SimulatedUserside.start({ customers: 200_000, switches: 10_000 });
});
afterAll(() => sim.close());

describe('simulator at ISP scale', () => {
  it('generates and serves 200,000 customers on 10,000 switches', async () => {
    expect(sim.customers).toHaveLength(200_000);
    expect(sim.switches).toHaveLength(10_000);
    const first = await api(sim, COMMUTATION);
    const rows = records(first.body, sim.style) as Array<{ ip: string }>;
    expect(rows).toHaveLength(200_000);
    expect(new Set(rows.map((r) => r.ip)).size).toBe(200_000);
    expect((await api(sim, COMMUTATION)).text).toBe(first.text);
    const devices = (await api(sim, DEVICES)).body as { data: object };
    expect(Object.keys(devices.data)).toHaveLength(10_000);
  });
});
