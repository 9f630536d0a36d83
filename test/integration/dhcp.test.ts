import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteIdMac, vlanModPort } from '../../src/client/build-request.js';
import { DhcpTestClient } from '../../src/client/test-client.js';
import { getLeaseTime, getMessageType, getServerId } from '../../src/wire/accessors.js';
import { FLAG_BROADCAST, MessageType as T, Opt } from '../../src/wire/constants.js';
import { ipToString } from '../../src/wire/ipv4.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { ip } from '../support/fixtures.js';
import { freeUdpPort, startStack, type Stack } from './stack.js';

/** Real UDP on loopback: the built-in client relays like an access switch (RFC 8357 port). */
describe('DHCP over UDP on loopback', () => {
  let stack: Stack;
  let client: DhcpTestClient;
  let clientPort: number;
  const of = (kind: SimCustomer['kind'], n = 0) => stack.sim.customers.filter((c) => c.kind === kind)[n] as SimCustomer;
  const relayFor = (c: SimCustomer) => {
    const sw = stack.sim.switches.find((s) => s.id === c.switchId);
    return { circuitId: vlanModPort(c.vlan ?? 1, 0, c.port ?? 0), remoteId: remoteIdMac(sw?.mac ?? 0) };
  };

  beforeAll(async () => {
    clientPort = await freeUdpPort();
    stack = await startStack({ dhcp: { clientPort } });
    client = await DhcpTestClient.open();
  });
  afterAll(async () => {
    await client.close();
    await stack.stop();
  });

  it('DORA by MAC', async () => {
    const c = of('mac-only');
    const r = await client.dora({ mac: c.mac as number, relay: {} }, stack.server);
    expect(r.ack?.yiaddr).toBe(c.ip);
    expect(getLeaseTime(r.ack as never)).toBe(3600);
    expect(getServerId(r.ack as never)).toBe(ip('127.0.0.1'));
  });

  it('DORA by port through option 82: vlan-mod-port and the switch MAC as remote-id', async () => {
    const c = of('port-only');
    const r = await client.dora({ mac: 0x02aa00000001, relay: relayFor(c) }, stack.server);
    expect(r.offer?.yiaddr).toBe(c.ip);
    expect(r.ack?.yiaddr).toBe(c.ip);
    // option 82 echoed byte for byte (the relay's own sub-options)
    const sent = client.build({ mac: 1, relay: relayFor(c) }).options.get(Opt.RELAY_AGENT_INFO);
    expect(Buffer.from(r.ack?.options.get(Opt.RELAY_AGENT_INFO) as Uint8Array)).toEqual(Buffer.from(sent as Uint8Array));
  });

  it('a unicast renewal with ciaddr and no option 82 is ACKed to ciaddr:68', async () => {
    const c = of('mac+port');
    // The client sits on its own address; the daemon's client port is this test's.
    const renewing = await DhcpTestClient.open({ host: ipToString(c.ip), port: clientPort });
    try {
      const req = renewing.build({ mac: c.mac as number, type: T.REQUEST, ciaddr: c.ip });
      const ack = await renewing.exchange(req, stack.server);
      expect(ack && getMessageType(ack)).toBe(T.ACK);
      expect(ack?.yiaddr).toBe(c.ip);
      expect(ack?.ciaddr).toBe(c.ip);
    } finally {
      await renewing.close();
    }
  });

  it('a REQUEST for the wrong IP gets a NAK through the relay, option 82 echoed, broadcast bit set', async () => {
    const c = of('mac+port', 1);
    const req = client.build({ mac: c.mac as number, type: T.REQUEST, serverId: ip('127.0.0.1'), requested: (c.ip + 1000) >>> 0, relay: relayFor(c) });
    const nak = await client.exchange(req, stack.server);
    expect(nak && getMessageType(nak)).toBe(T.NAK);
    expect((nak?.flags ?? 0) & FLAG_BROADCAST).toBe(FLAG_BROADCAST);
    expect(Buffer.from(nak?.options.get(Opt.RELAY_AGENT_INFO) as Uint8Array)).toEqual(Buffer.from(req.options.get(Opt.RELAY_AGENT_INFO) as Uint8Array));
  });

  it('a REQUEST naming another server gets no answer', async () => {
    const c = of('mac+port', 2);
    const req = client.build({ mac: c.mac as number, type: T.REQUEST, serverId: ip('127.0.0.99'), requested: c.ip, relay: relayFor(c) });
    expect(await client.exchange(req, stack.server, 400)).toBeNull();
    expect(stack.decisions.at(-1)?.d).toMatchObject({ kind: 'drop', reason: 'wrong-server' });
  });

  it('INFORM gets an ACK with options at ciaddr, without an address or a lease', async () => {
    const c = of('mac+port', 3);
    const informing = await DhcpTestClient.open({ host: ipToString(c.ip), port: clientPort });
    try {
      const ack = await informing.exchange(informing.build({ mac: c.mac as number, type: T.INFORM, ciaddr: c.ip }), stack.server);
      expect(ack && getMessageType(ack)).toBe(T.ACK);
      expect(ack?.yiaddr).toBe(0);
      expect(ack?.options.has(Opt.LEASE_TIME)).toBe(false);
      expect(ack?.options.has(Opt.SUBNET_MASK)).toBe(true);
    } finally {
      await informing.close();
    }
  });

  it('an unknown client on an unbound port is refused, and the refusal is counted', async () => {
    const c = of('mac+port');
    const r = await client.dora({ mac: 0x02aa00000099, relay: { ...relayFor(c), circuitId: vlanModPort(1, 0, 250) } }, stack.server, 400);
    expect(r.offer).toBeNull();
    expect(stack.daemon.counters.drops.get('unknown-port')).toBeGreaterThan(0);
  });

  it('malformed packets are counted and dropped; the server keeps answering', async () => {
    for (const bytes of [Buffer.alloc(10), Buffer.alloc(300, 0xff), Buffer.from('hello')]) client.sendRaw(bytes, stack.server);
    const c = of('mac-only', 1);
    const r = await client.dora({ mac: c.mac as number, relay: {} }, stack.server);
    expect(r.ack?.yiaddr).toBe(c.ip);
    expect(stack.daemon.counters.drops.get('short-packet')).toBe(2);
    expect(stack.daemon.counters.drops.get('bad-cookie')).toBe(1);
  });
});

describe('trusted relays and ASCII circuit-ids', () => {
  it('option 82 from an untrusted relay is ignored (and counted)', async () => {
    const stack = await startStack({ dhcp: { trustedRelays: [] } });
    const client = await DhcpTestClient.open();
    try {
      const portOnly = stack.sim.customers.find((c) => c.kind === 'port-only') as SimCustomer;
      const sw = stack.sim.switches.find((s) => s.id === portOnly.switchId);
      const relay = { circuitId: vlanModPort(1, 0, portOnly.port as number), remoteId: remoteIdMac(sw?.mac ?? 0) };
      expect((await client.dora({ mac: 0x02aa00000002, relay }, stack.server, 400)).offer).toBeNull();
      expect(stack.daemon.counters.notes.get('untrusted-relay')).toBeGreaterThan(0);
      // a MAC UserSide knows is still answered, by MAC
      const known = stack.sim.customers.find((c) => c.kind === 'mac-only') as SimCustomer;
      expect((await client.dora({ mac: known.mac as number, relay }, stack.server)).ack?.yiaddr).toBe(known.ip);
    } finally {
      await client.close();
      await stack.stop();
    }
  });

  it('an ASCII circuit-id (dhcrelay -a interface name) with the switch found by the relay address', async () => {
    // Switches get loopback addresses, so the client can relay from a switch's own IP.
    const stack = await startStack({
      sim: { switchPool: '127.88.0.0/16' },
      userside: { devices: 'always' },
      dhcp: { option82: { circuitId: { kind: 'regex', regex: '(?<port>\\d+)$' }, remoteId: 'none' } },
    });
    try {
      const c = stack.sim.customers.find((x) => x.kind === 'port-only') as SimCustomer;
      const sw = stack.sim.switches.find((s) => s.id === c.switchId);
      const relay = await DhcpTestClient.open({ host: ipToString(sw?.ip ?? 0), port: 0 });
      try {
        const r = await relay.dora({ mac: 0x02aa00000003, relay: { circuitId: Buffer.from(`eth${c.port}`) } }, stack.server);
        expect(r.ack?.yiaddr).toBe(c.ip);
      } finally {
        await relay.close();
      }
    } finally {
      await stack.stop();
    }
  });
});
