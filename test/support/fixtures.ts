import type { Cidr, Config, SubnetConfig } from '../../src/config/types.js';
import { buildTable } from '../../src/leases/build.js';
import { LeaseTable } from '../../src/leases/table.js';
import { prefixToMask, parseIp } from '../../src/wire/ipv4.js';
import { parseMac } from '../../src/wire/mac.js';
import type { Binding, SwitchRecord } from '../../src/userside/types.js';

export const ip = (s: string): number => {
  const v = parseIp(s);
  if (v === undefined) throw new Error(`bad ip ${s}`);
  return v;
};
export const mac = (s: string): number => {
  const v = parseMac(s);
  if (v === undefined) throw new Error(`bad mac ${s}`);
  return v;
};
export function cidr(text: string): Cidr {
  const [net, len] = text.split('/') as [string, string];
  const prefix = Number(len);
  return { network: ip(net), prefix, mask: prefixToMask(prefix), text };
}

export function subnet(text: string, extra: Partial<SubnetConfig> = {}): SubnetConfig {
  const c = cidr(text);
  return { cidr: c, routers: [(c.network + 1) >>> 0], dns: [ip('10.0.0.53')], options: new Map(), ...extra };
}

/** A complete Config for tests, overridable per section. */
export function testConfig(over: { userside?: Partial<Config['userside']>; dhcp?: Partial<Config['dhcp']>; stateDir?: string } = {}): Config {
  return {
    userside: {
      url: 'http://127.0.0.1:1/api.php',
      key: 'test-key',
      keySource: 'key',
      syncIntervalMs: 60_000,
      timeoutMs: 5_000,
      maxShrink: 0.5,
      devices: 'auto',
      fields: {},
      maxResponseBytes: 256 * 1024 * 1024,
      ...over.userside,
    },
    dhcp: {
      listen: [{ host: '127.0.0.1', port: 0 }],
      serverId: ip('10.0.0.1'),
      authoritative: true,
      match: 'port-then-mac',
      trustedRelays: [cidr('10.0.0.0/16')],
      option82: { circuitId: { kind: 'vlan-mod-port' }, remoteId: 'mac' },
      leaseTime: 3600,
      subnets: [subnet('10.10.0.0/16', { domain: 'isp.example' }), subnet('10.20.0.0/16', { leaseTime: 600 })],
      clientPort: 68,
      broadcastAddress: 0xffffffff,
      ...over.dhcp,
    },
    writeback: { enabled: true, maxPerSecond: 20 },
    stateDir: over.stateDir ?? './state/test',
    admin: { listen: { host: '127.0.0.1', port: 0 }, staleAfterMs: 3_600_000 },
    log: { level: 'silent' },
  };
}

export function tableOf(bindings: Binding[], switches: SwitchRecord[] | null, config: Config = testConfig()): LeaseTable {
  return new LeaseTable(buildTable({ bindings, switches }, config.dhcp.subnets.map((s) => s.cidr), 0, 'sync').data);
}

/** The bindings the decision tests are written against (see test/core/decide.test.ts). */
export const SWITCHES: SwitchRecord[] = [
  { id: '100', ip: ip('10.0.1.1'), mac: mac('00:1e:58:00:00:01') },
  { id: '200', ip: ip('10.0.2.1'), mac: mac('00:1e:58:00:00:02') },
];
export const BINDINGS: Binding[] = [
  { customerId: '1', ip: ip('10.10.0.11'), mac: mac('02:00:00:00:00:01'), switchId: '100', port: 1 },
  { customerId: '2', ip: ip('10.10.0.12'), switchId: '100', port: 2 },
  { customerId: '3', ip: ip('10.10.0.13'), mac: mac('02:00:00:00:00:03') },
  { customerId: '4', ip: ip('10.10.0.14'), mac: mac('02:00:00:00:00:04'), switchId: '100', port: 4 },
  { customerId: '4', ip: ip('10.10.0.15'), switchId: '100', port: 4 },
  { customerId: '5', ip: ip('10.10.0.21'), mac: mac('02:00:00:00:00:05'), switchId: '200', port: 1 },
  { customerId: '6', ip: ip('10.10.0.26'), mac: mac('02:00:00:00:00:06'), switchId: '200', port: 6 },
  { customerId: '7', ip: ip('10.10.0.27'), mac: mac('02:00:00:00:00:07'), switchId: '200', port: 6 },
  { customerId: '8', ip: ip('10.20.0.8'), mac: mac('02:00:00:00:00:08'), switchId: '200', port: 8 },
];
