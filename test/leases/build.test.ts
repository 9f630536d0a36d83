import { describe, expect, it } from 'vitest';
import { buildTable } from '../../src/leases/build.js';
import { LeaseTable } from '../../src/leases/table.js';
import { ipToString } from '../../src/wire/ipv4.js';
import type { Binding } from '../../src/userside/types.js';
import { BINDINGS, cidr, ip, mac, SWITCHES, tableOf } from '../support/fixtures.js';

const SUBNETS = [cidr('10.10.0.0/16'), cidr('10.20.0.0/16')];
const chain = (first: number, next: (b: number) => number, t: LeaseTable): string[] => {
  const out: string[] = [];
  for (let b = first; b >= 0; b = next(b)) out.push(ipToString(t.ip(b)));
  return out;
};

describe('lease table', () => {
  const t = tableOf(BINDINGS, SWITCHES);

  it('indexes bindings by IP, by MAC and by (switch, port)', () => {
    expect(t.size).toBe(BINDINGS.length);
    const b = t.byIp(ip('10.10.0.11'));
    expect(t.customerId(b)).toBe('1');
    expect(t.byMac(mac('02:00:00:00:00:01'))).toBe(b);
    expect(t.onPort(t.switchById('100'), 1)).toBe(b);
    expect(t.byIp(ip('10.10.0.99'))).toBe(-1);
    expect(t.byMac(mac('02:00:00:00:99:99'))).toBe(-1);
  });

  it('keeps every binding of a port, in UserSide order', () => {
    expect(chain(t.onPort(t.switchById('100'), 4), (b) => t.nextOnPort(b), t)).toEqual(['10.10.0.14', '10.10.0.15']);
    expect(chain(t.onPort(t.switchById('200'), 6), (b) => t.nextOnPort(b), t)).toEqual(['10.10.0.26', '10.10.0.27']);
  });

  it('tells port 1 of one switch from port 1 of another', () => {
    expect(ipToString(t.ip(t.onPort(t.switchById('100'), 1)))).toBe('10.10.0.11');
    expect(ipToString(t.ip(t.onPort(t.switchById('200'), 1)))).toBe('10.10.0.21');
  });

  it('finds switches by MAC and by IP', () => {
    expect(t.switchId(t.switchByMac(mac('00:1e:58:00:00:02')))).toBe('200');
    expect(t.switchId(t.switchByIp(ip('10.0.1.1')))).toBe('100');
    expect(t.switchByIp(ip('10.0.3.1'))).toBe(-1);
  });

  it('resolves each binding\'s subnet at build time', () => {
    expect(t.subnet(t.byIp(ip('10.10.0.11')))).toBe(0);
    expect(t.subnet(t.byIp(ip('10.20.0.8')))).toBe(1);
  });

  it('absent values read as -1', () => {
    const b = t.byIp(ip('10.10.0.13')); // MAC-only
    expect([t.switchOf(b), t.port(b), t.vlan(b)]).toEqual([-1, -1, -1]);
    expect(t.mac(t.byIp(ip('10.10.0.12')))).toBe(-1);
  });

  it('several bindings with one MAC stay reachable through the MAC chain', () => {
    const twice: Binding[] = [
      { customerId: 'a', ip: ip('10.10.1.1'), mac: mac('02:aa:00:00:00:01') },
      { customerId: 'a', ip: ip('10.10.1.2'), mac: mac('02:aa:00:00:00:01') },
    ];
    const tt = tableOf(twice, null);
    expect(chain(tt.byMac(mac('02:aa:00:00:00:01')), (b) => tt.nextWithMac(b), tt)).toEqual(['10.10.1.1', '10.10.1.2']);
  });
});

describe('buildTable refuses and counts', () => {
  it('duplicate IPs (first wins) and IPs outside every subnet', () => {
    const r = buildTable(
      {
        bindings: [
          { customerId: '1', ip: ip('10.10.0.5') },
          { customerId: '2', ip: ip('10.10.0.5') },
          { customerId: '3', ip: ip('192.168.0.5') },
        ],
        switches: null,
      },
      SUBNETS,
      0,
      'sync',
    );
    expect(r.data.count).toBe(1);
    expect(r.rejected).toEqual({ 'duplicate-ip': 1, 'outside-subnets': 1 });
    expect(new LeaseTable(r.data).customerId(0)).toBe('1');
  });

  it('takes switch addresses from the device list, else from the records', () => {
    const r = buildTable(
      {
        bindings: [
          { customerId: '1', ip: ip('10.10.0.5'), switchId: '7', port: 1 },
          { customerId: '2', ip: ip('10.10.0.6'), switchId: '8', port: 1, switchIp: ip('10.0.8.1'), switchMac: mac('00:00:00:00:00:08') },
          { customerId: '3', ip: ip('10.10.0.7'), switchId: '9', port: 1 },
        ],
        switches: [{ id: '7', ip: ip('10.0.7.1') }],
      },
      SUBNETS,
      0,
      'sync',
    );
    const t = new LeaseTable(r.data);
    expect(t.switchId(t.switchByIp(ip('10.0.7.1')))).toBe('7');
    expect(t.switchId(t.switchByMac(mac('00:00:00:00:00:08')))).toBe('8');
    expect(r.switchesWithoutAddress).toBe(1); // switch 9
  });

  it('builds 200,000 bindings on 10,000 switches', () => {
    const bindings: Binding[] = [];
    for (let i = 0; i < 200_000; i++) {
      bindings.push({ customerId: String(i), ip: ip('10.10.0.0') + 2 + i, mac: 0x020000000000 + i, switchId: String(i % 10_000), port: 1 + (i % 24), switchIp: ip('10.254.0.0') + (i % 10_000) });
    }
    const t = new LeaseTable(buildTable({ bindings, switches: null }, [cidr('10.0.0.0/8')], 0, 'sync').data);
    expect(t.size).toBe(200_000);
    expect(t.switchCount).toBe(10_000);
    const b = t.byMac(0x020000000000 + 123_456);
    expect(t.customerId(b)).toBe('123456');
    expect(t.onPort(t.switchById(String(123_456 % 10_000)), 1 + (123_456 % 24))).toBeGreaterThanOrEqual(0);
  });
});
