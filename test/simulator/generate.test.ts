import { describe, expect, it } from 'vitest';
import { ipToString } from '../../src/wire/ipv4.js';
import { formatMac } from '../../src/wire/mac.js';
import { parseCidr } from '../../src/simulator/address-pool.js';
import { defaultPools, generate, mulberry32, type SimCustomer } from '../../src/simulator/generate.js';

function share(customers: readonly SimCustomer[], kind: SimCustomer['kind']): number {
  return customers.filter((c) => c.kind === kind).length / customers.length;
}

describe('simulator generation', () => {
  it('is deterministic per seed', () => {
    expect(generate({ customers: 2000, switches: 100, seed: 42 })).toEqual(generate({ customers: 2000, switches: 100, seed: 42 }));
    expect(generate({ customers: 2000, switches: 100, seed: 43 }).customers).not.toEqual(
      generate({ customers: 2000, switches: 100, seed: 42 }).customers,
    );
    const a = mulberry32(7);
    const b = mulberry32(7);
    const values = Array.from({ length: 5 }, () => a());
    expect(values).toEqual(Array.from({ length: 5 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('mixes the kinds about 70/15/10/5', () => {
    const { customers } = generate({ customers: 20000, switches: 1000, seed: 5 });
    expect(customers).toHaveLength(20000);
    expect(share(customers, 'mac+port')).toBeCloseTo(0.7, 1);
    expect(share(customers, 'port-only')).toBeCloseTo(0.15, 1);
    expect(share(customers, 'mac-only')).toBeCloseTo(0.1, 1);
    expect(share(customers, 'second-ip')).toBeCloseTo(0.05, 1);
  });

  it('gives each kind the fields it says', () => {
    const { customers, switches } = generate({ customers: 5000, switches: 200, seed: 9 });
    const switchIds = new Set(switches.map((s) => s.id));
    const owners = new Map<string, SimCustomer>();
    for (const c of customers) {
      if (c.kind === 'mac-only') {
        expect(c.mac).toBeDefined();
        expect(c).not.toHaveProperty('switchId');
        expect(c).not.toHaveProperty('port');
        expect(c).not.toHaveProperty('vlan');
        continue;
      }
      expect(switchIds.has(c.switchId as string)).toBe(true);
      expect(c.port).toBeGreaterThanOrEqual(1);
      expect(c.port).toBeLessThanOrEqual(48);
      expect(c.vlan).toBeGreaterThanOrEqual(100);
      const place = `${c.switchId}/${c.port}`;
      if (c.kind === 'second-ip') {
        const owner = owners.get(place);
        expect(owner, `second IP on ${place} has no owner before it`).toBeDefined();
        expect(c.customerId).toBe(owner?.customerId);
        expect(c.vlan).toBe(owner?.vlan);
      } else {
        expect(owners.has(place), `port ${place} handed out twice`).toBe(false);
        owners.set(place, c);
        expect(c.mac === undefined).toBe(c.kind === 'port-only');
      }
    }
    const secondIps = customers.filter((c) => c.kind === 'second-ip');
    expect(secondIps.some((c) => c.mac === undefined)).toBe(true);
    expect(secondIps.some((c) => c.mac !== undefined)).toBe(true);
  });

  it('uses the same port numbers on different switches', () => {
    const { customers } = generate({ customers: 3000, switches: 100, seed: 1 });
    const onPort1 = new Set(customers.filter((c) => c.port === 1).map((c) => c.switchId));
    expect(onPort1.size).toBeGreaterThan(10);
  });

  it('hands out distinct IPs from the pool, skipping network and gateway, and distinct unicast MACs', () => {
    const { customers } = generate({ customers: 5000, switches: 100, seed: 3 });
    expect(ipToString(customers[0]?.ip ?? 0)).toBe('10.10.0.2');
    expect(new Set(customers.map((c) => c.ip)).size).toBe(customers.length);
    const pool = parseCidr('10.10.0.0/16');
    for (const c of customers) expect(c.ip - pool.network).toBeGreaterThanOrEqual(2);
    const macs = customers.flatMap((c) => (c.mac === undefined ? [] : [c.mac]));
    expect(new Set(macs).size).toBe(macs.length);
    for (const mac of macs) expect(Math.floor(mac / 2 ** 40) & 1).toBe(0);
  });

  it('spills into the next pool and says when all are exhausted', () => {
    const pools = ['192.168.0.0/30', '192.168.1.0/29'];
    const { customers } = generate({ customers: 6, switches: 2, pools });
    expect(customers.map((c) => ipToString(c.ip))).toEqual([
      '192.168.0.2',
      '192.168.1.2',
      '192.168.1.3',
      '192.168.1.4',
      '192.168.1.5',
      '192.168.1.6',
    ]);
    expect(() => generate({ customers: 7, switches: 2, pools })).toThrow(/customer pools exhausted after 6 addresses/);
    expect(() => generate({ customers: 1, pools: ['10.1.2.3/16'] })).toThrow(/host bits/);
    expect(() => generate({ customers: 1, pools: ['10.1.0.0'] })).toThrow(/invalid CIDR/);
    expect(() => generate({ switches: 10, switchPool: '10.254.0.0/29' })).toThrow(/switch pools exhausted/);
  });

  it('extends the default pool by /16s for large counts', () => {
    expect(defaultPools(1000)).toEqual(['10.10.0.0/16']);
    expect(defaultPools(200000)).toEqual(['10.10.0.0/16', '10.11.0.0/16', '10.12.0.0/16', '10.13.0.0/16']);
  });

  it('numbers switches with D-Link MACs and addresses from the switch pool', () => {
    const { switches } = generate({ customers: 10, switches: 3 });
    expect(switches.map((s) => [s.id, ipToString(s.ip), formatMac(s.mac)])).toEqual([
      ['1', '10.254.0.2', '00:1e:58:00:00:01'],
      ['2', '10.254.0.3', '00:1e:58:00:00:02'],
      ['3', '10.254.0.4', '00:1e:58:00:00:03'],
    ]);
    expect(new Set(switches.map((s) => s.name)).size).toBe(3);
  });

  it('falls back to MAC-only when every port is taken, and has no VLANs when asked', () => {
    const { customers } = generate({ customers: 200, switches: 1, seed: 2, vlans: false });
    const ports = customers.filter((c) => c.kind === 'mac+port' || c.kind === 'port-only').map((c) => c.port);
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports.length).toBeLessThanOrEqual(48);
    expect(customers.filter((c) => c.kind === 'mac-only').length).toBeGreaterThan(100);
    expect(customers.some((c) => c.vlan !== undefined)).toBe(false);
    const none = generate({ customers: 50, switches: 0 }).customers;
    expect(none.every((c) => c.kind === 'mac-only')).toBe(true);
  });
});
