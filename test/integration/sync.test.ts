import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DhcpTestClient } from '../../src/client/test-client.js';
import { WorkerHandler } from '../../src/leases/worker-handler.js';
import { LeaseTable } from '../../src/leases/table.js';
import type { SourceSettings } from '../../src/leases/worker-protocol.js';
import { SimulatedUserside } from '../../src/simulator/server.js';
import { STYLE_VARIANTS } from '../../src/simulator/render.js';
import type { Fault } from '../../src/simulator/faults.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { ipToString } from '../../src/wire/ipv4.js';
import { formatMac } from '../../src/wire/mac.js';
import { cidr } from '../support/fixtures.js';
import { LOOP_POOL, startStack } from './stack.js';

/** Every binding and switch of a table as text, to compare tables built from different answers. */
function dump(t: LeaseTable): string[] {
  const rows: string[] = [];
  for (let b = 0; b < t.size; b++) {
    const s = t.switchOf(b);
    const sw = s < 0 ? '-' : `${t.switchId(s)}@${ipToString(t.switchIp(s))}/${t.switchMac(s) < 0 ? '-' : formatMac(t.switchMac(s))}`;
    rows.push([t.customerId(b), ipToString(t.ip(b)), t.mac(b) < 0 ? '-' : formatMac(t.mac(b)), sw, t.port(b), t.vlan(b)].join(' '));
  }
  return rows.sort();
}

describe('every UserSide answer style gives the same table', () => {
  let sim: SimulatedUserside;
  const handler = new WorkerHandler();
  const settings = (): SourceSettings => ({ url: sim.url, key: sim.key, timeoutMs: 5000, maxResponseBytes: 1e8, devices: 'auto', fields: {} });
  const sync = async (): Promise<LeaseTable> => {
    const { reply } = await handler.handle({ type: 'sync', id: 1, source: settings(), subnets: [cidr(LOOP_POOL)] });
    if (reply.type !== 'table') throw new Error(JSON.stringify(reply));
    return new LeaseTable(reply.data);
  };

  beforeAll(async () => {
    sim = await SimulatedUserside.start({ customers: 300, switches: 12, seed: 5, pools: [LOOP_POOL] });
  });
  afterAll(() => sim.close());

  it('the default style is read completely', async () => {
    const t = await sync();
    expect(t.size).toBe(sim.customers.length);
    expect(t.switchCount).toBe(new Set(sim.customers.flatMap((c) => (c.switchId ? [c.switchId] : []))).size);
  });

  it.each(STYLE_VARIANTS.map((v) => [v.name, v.style] as const))('%s', async (_name, style) => {
    sim.setStyle({ ...style });
    const variant = dump(await sync());
    sim.setStyle(STYLE_VARIANTS[0]?.style ?? {});
    const baseline = dump(await sync());
    expect(variant).toEqual(baseline);
    expect(variant.length).toBe(sim.customers.length);
  });
});

describe('UserSide down or failing', () => {
  it('down at start, with a snapshot: the daemon serves from the snapshot', async () => {
    const first = await startStack();
    const stateDir = first.daemon.config.stateDir;
    await first.daemon.stop(); // sim keeps running
    const sim = first.sim;
    await sim.setFault('refuse');
    const second = await startStack({ reuseSim: sim, stateDir });
    const client = await DhcpTestClient.open();
    try {
      expect(second.daemon.syncer.table?.data.origin).toBe('snapshot');
      const c = sim.customers.find((x) => x.kind === 'mac-only') as SimCustomer;
      expect((await client.dora({ mac: c.mac as number, relay: {} }, second.server)).ack?.yiaddr).toBe(c.ip);
      const outcome = await second.daemon.syncer.sync();
      expect(outcome).toMatchObject({ ok: false, reason: 'network' });
    } finally {
      await client.close();
      await second.stop();
      await sim.close();
    }
  });

  it('down at start without a snapshot: no table, requests dropped as no-table, then served once UserSide is back', async () => {
    const sim = await SimulatedUserside.start({ customers: 50, switches: 3, seed: 3, pools: [LOOP_POOL] });
    await sim.setFault('refuse');
    const stack = await startStack({ reuseSim: sim, waitForTable: false });
    const client = await DhcpTestClient.open();
    try {
      const c = sim.customers.find((x) => x.kind === 'mac+port') as SimCustomer;
      expect((await client.dora({ mac: c.mac as number, relay: {} }, stack.server, 300)).offer).toBeNull();
      expect(stack.daemon.counters.drops.get('no-table')).toBeGreaterThan(0);
      await sim.setFault('none');
      expect(await stack.daemon.syncer.sync()).toMatchObject({ ok: true });
      expect((await client.dora({ mac: c.mac as number, relay: {} }, stack.server)).ack?.yiaddr).toBe(c.ip);
    } finally {
      await client.close();
      await stack.stop();
      await sim.close();
    }
  });

  const faults: Array<[Fault, string]> = [
    ['refuse', 'network'],
    ['status-500', 'http-status'],
    ['garbage', 'bad-json'],
    ['error-envelope', 'api-error'],
    ['http-error-json', 'api-error'],
    ['hang', 'timeout'],
  ];
  it.each(faults)('failing mid-run (%s → %s): the old table keeps serving', async (fault, reason) => {
    const stack = await startStack({ userside: { timeoutMs: 300 } });
    const client = await DhcpTestClient.open();
    try {
      const before = stack.daemon.syncer.table;
      await stack.sim.setFault(fault);
      const outcome = await stack.daemon.syncer.sync(true);
      expect(outcome).toMatchObject({ ok: false, reason });
      expect(stack.daemon.syncer.table).toBe(before);
      const c = stack.sim.customers.find((x) => x.kind === 'mac-only') as SimCustomer;
      expect((await client.dora({ mac: c.mac as number, relay: {} }, stack.server)).ack?.yiaddr).toBe(c.ip);
    } finally {
      await stack.sim.setFault('none');
      await client.close();
      await stack.stop();
    }
  }, 30_000);

  it('the shrink guard refuses a half-empty answer; a forced sync overrides it', async () => {
    const stack = await startStack();
    try {
      const full = stack.daemon.syncer.table?.size ?? 0;
      expect(full).toBeGreaterThan(0);
      await stack.sim.setFault('partial', { fraction: 0.3 });
      expect(await stack.daemon.syncer.sync()).toMatchObject({ ok: false, reason: 'shrink-guard' });
      expect(stack.daemon.syncer.table?.size).toBe(full);
      await stack.sim.setFault('empty');
      expect(await stack.daemon.syncer.sync()).toMatchObject({ ok: false, reason: 'shrink-guard' });
      await stack.sim.setFault('partial', { fraction: 0.3 });
      const forced = await stack.daemon.syncer.sync(true);
      expect(forced).toMatchObject({ ok: true, previous: full });
      expect(stack.daemon.syncer.table?.size).toBeLessThan(full * 0.5);
    } finally {
      await stack.sim.setFault('none');
      await stack.stop();
    }
  });
});
