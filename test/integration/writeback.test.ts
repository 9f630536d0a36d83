import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remoteIdMac, vlanModPort } from '../../src/client/build-request.js';
import { DhcpTestClient } from '../../src/client/test-client.js';
import { getMessageType } from '../../src/wire/accessors.js';
import { MessageType as T } from '../../src/wire/constants.js';
import { ipToString } from '../../src/wire/ipv4.js';
import { formatMac } from '../../src/wire/mac.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { freeUdpPort, startStack, until, type Stack } from './stack.js';

/** Write-back against the simulated UserSide, over real UDP. */
describe('write-back of newly seen MACs', () => {
  let stack: Stack;
  let client: DhcpTestClient;
  /** The n-th customer of a kind that is alone on its port (a second IP would make the port ambiguous). */
  const alone = (kind: SimCustomer['kind'], n: number): SimCustomer => {
    const all = stack.sim.customers;
    const onPort = (c: SimCustomer) => all.filter((x) => x.switchId === c.switchId && x.port === c.port).length;
    return all.filter((c) => c.kind === kind && onPort(c) === 1)[n] as SimCustomer;
  };
  const portOnly = (n = 0) => alone('port-only', n);
  const bound = (n = 0) => alone('mac+port', n);
  const relayFor = (c: SimCustomer) => ({
    circuitId: vlanModPort(1, 0, c.port as number),
    remoteId: remoteIdMac(stack.sim.switches.find((s) => s.id === c.switchId)?.mac ?? 0),
  });
  const writes = (c: SimCustomer) => stack.sim.macWrites.filter((w) => w.ip === ipToString(c.ip));

  let clientPort: number;
  beforeEach(async () => {
    clientPort = await freeUdpPort();
    stack = await startStack({ dhcp: { clientPort } });
    client = await DhcpTestClient.open();
  });
  afterEach(async () => {
    await client.close();
    await stack.stop();
  });

  it('a new MAC on a port binding: exactly one set_mac_by_ip, POST, skip_internal_api=1', async () => {
    const c = portOnly();
    const r = await client.dora({ mac: 0x02bb00000001, relay: relayFor(c) }, stack.server);
    expect(r.ack?.yiaddr).toBe(c.ip);
    await until(() => writes(c).length > 0, 5000, 'the write-back');
    for (let i = 0; i < 3; i++) await client.dora({ mac: 0x02bb00000001, relay: relayFor(c) }, stack.server);
    await new Promise((r2) => setTimeout(r2, 200));
    expect(writes(c)).toEqual([expect.objectContaining({ mac: '02:bb:00:00:00:01', skipInternalApi: true })]);
    expect(stack.daemon.writeback.stats).toMatchObject({ delivered: 1, pending: 0 });
  });

  it('an OFFER alone writes nothing', async () => {
    const c = portOnly(1);
    const offer = await client.exchange(client.build({ mac: 0x02bb00000002, type: T.DISCOVER, relay: relayFor(c) }), stack.server);
    expect(offer?.yiaddr).toBe(c.ip);
    await new Promise((r) => setTimeout(r, 200));
    expect(writes(c)).toEqual([]);
  });

  it('a replaced router (the port was bound to another MAC) is written back', async () => {
    const c = bound();
    await client.dora({ mac: 0x02bb00000003, relay: relayFor(c) }, stack.server);
    await until(() => writes(c).length > 0, 5000, 'the write-back');
    expect(writes(c).map((w) => w.mac)).toEqual(['02:bb:00:00:00:03']);
  });

  it('the MAC changes twice while UserSide is down: only the latest is delivered, once it is back', async () => {
    const c = portOnly(2);
    await stack.sim.setFault('status-500', { scope: 'writes' });
    for (const m of [0x02bb00000010, 0x02bb00000011, 0x02bb00000012]) {
      const r = await client.dora({ mac: m, relay: relayFor(c) }, stack.server);
      expect(r.ack?.yiaddr).toBe(c.ip);
    }
    await until(() => (stack.sim.requests.set_mac_by_ip ?? 0) >= 2, 5000, 'failed attempts');
    expect(writes(c)).toEqual([]);
    await stack.sim.setFault('none');
    await until(() => writes(c).length > 0, 5000, 'the delivery');
    await new Promise((r) => setTimeout(r, 300));
    expect(writes(c).map((w) => w.mac)).toEqual(['02:bb:00:00:00:12']);
  });

  it('an ERROR answer: tried once, dropped, counted', async () => {
    const c = portOnly(3);
    await stack.sim.setFault('error-envelope', { scope: 'writes' });
    const before = stack.sim.requests.set_mac_by_ip ?? 0;
    const r = await client.dora({ mac: 0x02bb00000020, relay: relayFor(c) }, stack.server);
    expect(r.ack?.yiaddr, JSON.stringify(stack.decisions.at(-1)?.d)).toBe(c.ip);
    await until(() => stack.daemon.writeback.stats.dropped === 1, 5000, `the drop (${JSON.stringify(stack.daemon.writeback.stats)})`);
    await new Promise((r) => setTimeout(r, 300));
    expect((stack.sim.requests.set_mac_by_ip ?? 0) - before).toBe(1);
    expect(writes(c)).toEqual([]);
  });

  it('a unicast renewal from the new MAC before the next sync is ACKed; the sync then confirms it', async () => {
    const c = bound(1);
    const newMac = 0x02bb00000030;
    await client.dora({ mac: newMac, relay: relayFor(c) }, stack.server);
    // UserSide still says the old MAC (no sync since); the renewal is unicast from
    // the client's own address, without option 82, and answered to ciaddr.
    const renewing = await DhcpTestClient.open({ host: ipToString(c.ip), port: clientPort });
    try {
      const ack = await renewing.exchange(renewing.build({ mac: newMac, type: T.REQUEST, ciaddr: c.ip }), stack.server);
      expect(ack && getMessageType(ack)).toBe(T.ACK);
      expect(ack?.yiaddr).toBe(c.ip);
    } finally {
      await renewing.close();
    }
    await until(() => writes(c).length > 0, 5000, 'the write-back');
    expect(stack.daemon.writeback.learned.macFor(c.ip)).toBe(newMac);
    await stack.daemon.syncer.sync(true);
    expect(stack.daemon.writeback.learned.macFor(c.ip)).toBeUndefined(); // UserSide holds it now
    expect(stack.daemon.writeback.stats.confirmed).toBe(1);
    expect(formatMac(stack.sim.customers.find((x) => x.ip === c.ip)?.mac ?? 0)).toBe(formatMac(newMac));
  });
});

describe('write-back disabled', () => {
  it('writes nothing', async () => {
    const stack = await startStack({ writeback: { enabled: false } });
    const client = await DhcpTestClient.open();
    try {
      const c = stack.sim.customers.find((x) => x.kind === 'port-only') as SimCustomer;
      const relay = { circuitId: vlanModPort(1, 0, c.port as number), remoteId: remoteIdMac(stack.sim.switches.find((s) => s.id === c.switchId)?.mac ?? 0) };
      const r = await client.dora({ mac: 0x02bb00000040, relay }, stack.server);
      expect(r.ack && getMessageType(r.ack)).toBe(T.ACK);
      await new Promise((res) => setTimeout(res, 200));
      expect(stack.sim.macWrites).toEqual([]);
    } finally {
      await client.close();
      await stack.stop();
    }
  });
});
