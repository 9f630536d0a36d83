import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/wire/ipv4.js';
import { configText, parse } from './config-text.js';

describe('SPEC §9 defaults', () => {
  const cfg = parse(configText());

  it('userside', () => {
    expect(cfg.userside).toEqual({
      url: 'https://erp.example.net/api.php',
      key: 'test-key',
      keySource: 'key',
      syncIntervalMs: 60_000,
      timeoutMs: 30_000,
      maxShrink: 0.5,
      devices: 'auto',
      fields: {},
      maxResponseBytes: 268_435_456,
    });
  });

  it('dhcp', () => {
    expect(cfg.dhcp).toMatchObject({
      listen: [{ host: '0.0.0.0', port: 67 }],
      serverId: parseIp('10.0.0.1'),
      authoritative: true,
      match: 'port-then-mac',
      trustedRelays: [],
      option82: { circuitId: { kind: 'vlan-mod-port' }, remoteId: 'mac' },
      leaseTime: 3600,
      clientPort: 68,
      broadcastAddress: 0xffffffff,
    });
  });

  it('a subnet without optional keys', () => {
    const subnet = parse(configText({ 'dhcp.subnets': [{ cidr: '10.10.0.0/16' }] })).dhcp.subnets[0];
    expect(subnet).toEqual({
      cidr: { network: parseIp('10.10.0.0'), prefix: 16, mask: 0xffff0000, text: '10.10.0.0/16' },
      routers: [],
      dns: [],
      options: new Map(),
    });
    expect(subnet).not.toHaveProperty('leaseTime');
    expect(subnet).not.toHaveProperty('domain');
  });

  it('writeback, admin, log', () => {
    expect(cfg.writeback).toEqual({ enabled: true, maxPerSecond: 20 });
    expect(cfg.admin).toEqual({ listen: { host: '127.0.0.1', port: 9567 }, staleAfterMs: 3_600_000 });
    expect(cfg.log).toEqual({ level: 'info' });
  });

  it('state_dir: $STATE_DIRECTORY (systemd, first of several), else ./state; the file wins', () => {
    expect(cfg.stateDir).toBe('./state');
    expect(parse(configText(), { env: { STATE_DIRECTORY: '/var/lib/userside-dhcpd' } }).stateDir).toBe('/var/lib/userside-dhcpd');
    expect(parse(configText(), { env: { STATE_DIRECTORY: '/var/lib/a:/var/lib/b' } }).stateDir).toBe('/var/lib/a');
    expect(parse(configText({ state_dir: '/srv/state' }), { env: { STATE_DIRECTORY: '/x' } }).stateDir).toBe('/srv/state');
  });

  it('values given are used', () => {
    const given = parse(
      configText({
        'userside.fields': { port: 'port_number', switch: ['node_id', 'device_id'] },
        'userside.devices': 'never',
        'userside.max_response_bytes': 1024,
        'dhcp.listen': ['10.0.0.1', '10.0.0.2:1067'],
        'dhcp.authoritative': false,
        'dhcp.match': 'mac',
        'dhcp.trusted_relays': ['10.0.0.0/8', '192.0.2.7'],
        'dhcp.option82': { circuit_id: { regex: '(?<port>\\d+)$' }, remote_id: 'none' },
        'dhcp.lease_time': '2h',
        'dhcp.subnets[0].lease_time': 600,
        'dhcp.subnets[0].domain': 'isp.example',
        'dhcp.client_port': 6868,
        'dhcp.broadcast_address': '10.10.255.255',
        'writeback.enabled': false,
        'writeback.max_per_second': 2.5,
        'log.level': 'debug',
        'admin.listen': '0.0.0.0:8080',
      }),
    );
    expect(given.userside.fields).toEqual({ port: ['port_number'], switch: ['node_id', 'device_id'] });
    expect(given.userside.devices).toBe('never');
    expect(given.userside.maxResponseBytes).toBe(1024);
    expect(given.dhcp.listen).toEqual([
      { host: '10.0.0.1', port: 67 },
      { host: '10.0.0.2', port: 1067 },
    ]);
    expect(given.dhcp.authoritative).toBe(false);
    expect(given.dhcp.match).toBe('mac');
    expect(given.dhcp.trustedRelays.map((c) => c.text)).toEqual(['10.0.0.0/8', '192.0.2.7/32']);
    expect(given.dhcp.option82).toEqual({ circuitId: { kind: 'regex', regex: '(?<port>\\d+)$' }, remoteId: 'none' });
    expect(given.dhcp.leaseTime).toBe(7200);
    expect(given.dhcp.subnets[0]).toMatchObject({ leaseTime: 600, domain: 'isp.example' });
    expect(given.dhcp.clientPort).toBe(6868);
    expect(given.dhcp.broadcastAddress).toBe(parseIp('10.10.255.255'));
    expect(given.writeback).toEqual({ enabled: false, maxPerSecond: 2.5 });
    expect(given.log.level).toBe('debug');
    expect(given.admin.listen).toEqual({ host: '0.0.0.0', port: 8080 });
  });
});
