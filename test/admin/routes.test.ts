import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteIdMac, vlanModPort } from '../../src/client/build-request.js';
import { DhcpTestClient } from '../../src/client/test-client.js';
import { route, type AdminResponse } from '../../src/admin/routes.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { ipToString } from '../../src/wire/ipv4.js';
import { formatMac } from '../../src/wire/mac.js';
import { startStack, type Stack } from '../integration/stack.js';

async function body(r: AdminResponse): Promise<string> {
  if (typeof r.body === 'string') return r.body;
  let out = '';
  for await (const chunk of r.body) out += chunk;
  return out;
}

/** The admin API, called by injection (no HTTP), against a real daemon on loopback. */
describe('admin API', () => {
  let stack: Stack;
  let client: DhcpTestClient;
  const get = async (url: string, method = 'GET') => {
    const r = await route({ method, url }, stack.daemon.adminDeps());
    return { status: r.status, type: r.type, text: await body(r) };
  };
  const alone = (kind: SimCustomer['kind'], n = 0): SimCustomer => {
    const all = stack.sim.customers;
    return all.filter((c) => c.kind === kind && all.filter((x) => x.switchId === c.switchId && x.port === c.port).length === 1)[n] as SimCustomer;
  };
  const switchOf = (c: SimCustomer) => stack.sim.switches.find((s) => s.id === c.switchId);

  beforeAll(async () => {
    stack = await startStack({ noAdmin: true });
    client = await DhcpTestClient.open();
  });
  afterAll(async () => {
    await client.close();
    await stack.stop();
  });

  it('GET /healthz and /readyz', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200, text: 'ok\n' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({ ready: true, bindings: stack.sim.customers.length, origin: 'sync' });
  });

  it('GET /leases: a JSON array of every binding; filters by ip, mac, switch, port', async () => {
    const all = JSON.parse((await get('/leases')).text) as Array<Record<string, unknown>>;
    expect(Array.isArray(all)).toBe(true);
    expect(all).toHaveLength(stack.sim.customers.length);
    const c = alone('mac+port');
    const sw = switchOf(c);
    const one = [{ customer_id: c.customerId, ip: ipToString(c.ip), mac: formatMac(c.mac as number), switch_id: c.switchId, port: c.port }];
    for (const q of [`ip=${ipToString(c.ip)}`, `mac=${formatMac(c.mac as number).toUpperCase()}`, `switch=${c.switchId}&port=${c.port}`, `switch=${ipToString(sw?.ip ?? 0)}&port=${c.port}`]) {
      expect(JSON.parse((await get(`/leases?${q}`)).text), q).toMatchObject(one);
    }
    expect(JSON.parse((await get('/leases?ip=10.99.99.99')).text)).toEqual([]);
    expect((await get('/leases?ip=banana')).status).toBe(400);
  });

  it('GET /leases?format=csv: a header and one line per binding', async () => {
    const r = await get('/leases?format=csv');
    expect(r.type).toMatch(/text\/csv/);
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('customer_id,ip,mac,learned_mac,switch_id,switch_ip,switch_mac,port,vlan,subnet');
    expect(lines).toHaveLength(stack.sim.customers.length + 1);
    expect(lines.slice(1).every((l) => l.split(',').length === 10)).toBe(true);
  });

  it('GET /explain agrees with what the server answered for the same request', async () => {
    const cases = [
      { c: alone('port-only'), mac: 0x02dd00000001 }, // new MAC on a port
      { c: alone('mac+port', 1), mac: 0x02dd00000002 }, // replaced router
      { c: { ...alone('mac+port', 2), port: 250 } as SimCustomer, mac: 0x02dd00000003 }, // unbound port
    ];
    for (const { c, mac } of cases) {
      const sw = switchOf(c);
      const relay = { circuitId: vlanModPort(1, 0, c.port as number), remoteId: remoteIdMac(sw?.mac ?? 0) };
      await client.exchange(client.build({ mac, relay }), stack.server, 300);
      const served = stack.decisions.at(-1)?.d;
      const q = new URLSearchParams({
        mac: formatMac(mac),
        giaddr: client.address.host,
        circuit_id: `hex:${Buffer.from(relay.circuitId).toString('hex')}`,
        remote_id: formatMac(sw?.mac ?? 0),
      });
      const ex = JSON.parse((await get(`/explain?${q}`)).text) as { answer: string; ip?: string; reason?: string; trace: string[] };
      if (served?.kind === 'drop') expect(ex).toMatchObject({ answer: 'drop', reason: served.reason });
      else expect(ex).toMatchObject({ answer: 'offer', ip: ipToString(served?.packet.yiaddr ?? 0) });
      expect(ex.trace.join('\n')).toMatch(/circuit-id: port \d+/);
    }
  });

  it('GET /explain says what is wrong with a bad question', async () => {
    expect(JSON.parse((await get('/explain?mac=xx')).text)).toEqual({ error: 'mac: expected a MAC address, got "xx"' });
    expect((await get('/explain?mac=02:00:00:00:00:01&circuit_id=p5')).status).toBe(400); // 82 without giaddr
  });

  it('GET /events?mac= lists the recent decisions for that MAC', async () => {
    const c = alone('mac+port', 3);
    await client.dora({ mac: c.mac as number, relay: {} }, stack.server);
    const events = JSON.parse((await get(`/events?mac=${formatMac(c.mac as number)}`)).text) as Array<Record<string, unknown>>;
    expect(events.map((e) => [e.request, e.answer, e.ip, e.by])).toEqual([
      ['discover', 'offer', ipToString(c.ip), 'mac'],
      ['request', 'ack', ipToString(c.ip), 'mac'],
    ]);
  });

  it('GET /metrics: the daemon\'s series, bounded labels only', async () => {
    const m = await get('/metrics');
    expect(m.type).toMatch(/text\/plain/);
    for (const name of [
      'userside_dhcpd_packets_received_total{type="discover"}',
      'userside_dhcpd_replies_sent_total{type="offer"}',
      'userside_dhcpd_packets_dropped_total{reason="unknown-port"}',
      'userside_dhcpd_naks_total{reason="wrong-address"}',
      'userside_dhcpd_decision_duration_seconds_bucket',
      'userside_dhcpd_bindings ',
      'userside_dhcpd_switches ',
      'userside_dhcpd_learned_macs ',
      'userside_dhcpd_last_sync_success_timestamp_seconds ',
      'userside_dhcpd_sync_duration_seconds_count',
      'userside_dhcpd_sync_failures_total{reason="network"}',
      'userside_dhcpd_records_rejected{reason="bad-ip"}',
      'userside_dhcpd_writeback_pending ',
      'userside_dhcpd_writeback_results_total{outcome="delivered"}',
      'userside_dhcpd_build_info{version=',
      'process_cpu_seconds_total',
    ]) {
      expect(m.text, name).toContain(name);
    }
    expect(Number(/userside_dhcpd_packets_received_total\{type="discover"\} (\d+)/.exec(m.text)?.[1])).toBeGreaterThan(0);
    // no label value looks like an address
    const labelValues = [...m.text.matchAll(/="([^"]*)"/g)].map((x) => x[1] as string);
    expect(labelValues.filter((v) => /^\d+\.\d+\.\d+\.\d+$|^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(v))).toEqual([]);
  });

  it('POST /sync; the shrink guard answers 502; ?force=1 overrides it', async () => {
    expect(JSON.parse((await get('/sync', 'POST')).text)).toMatchObject({ ok: true });
    await stack.sim.setFault('partial', { fraction: 0.2 });
    const refused = await get('/sync', 'POST');
    expect(refused.status).toBe(502);
    expect(JSON.parse(refused.text)).toMatchObject({ ok: false, reason: 'shrink-guard' });
    const forced = await get('/sync?force=1', 'POST');
    expect(JSON.parse(forced.text)).toMatchObject({ ok: true, forced: true });
    await stack.sim.setFault('none');
    await get('/sync?force=1', 'POST');
  });

  it('unknown paths and methods', async () => {
    expect((await get('/nothing')).status).toBe(404);
    expect((await get('/sync')).status).toBe(405);
  });
});

describe('readiness', () => {
  it('503 until a table is loaded; 503 again when the table is older than admin.stale_after', async () => {
    const stack = await startStack({ waitForTable: false, sim: { customers: 30, switches: 2, seed: 4 }, noAdmin: true });
    try {
      await stack.sim.setFault('refuse');
      // (the first sync may already have succeeded; start from a daemon that has none)
      const fresh = await startStack({ reuseSim: stack.sim, waitForTable: false, noAdmin: true });
      try {
        const r = await route({ method: 'GET', url: '/readyz' }, fresh.daemon.adminDeps());
        expect(r.status).toBe(503);
        await stack.sim.setFault('none');
        await fresh.daemon.syncer.sync();
        const deps = fresh.daemon.adminDeps();
        expect((await route({ method: 'GET', url: '/readyz' }, deps)).status).toBe(200);
        const later = { ...deps, now: () => Date.now() + 2 * 3_600_000 };
        const stale = await route({ method: 'GET', url: '/readyz' }, later);
        expect(stale.status).toBe(503);
        expect(await body(stale)).toMatch(/old/);
      } finally {
        await fresh.stop();
      }
    } finally {
      await stack.stop();
    }
  });
});
