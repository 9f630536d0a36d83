import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { describeConfig, formatConfigError } from '../../src/config/format.js';
import { configError, configText, parse } from './config-text.js';

describe('formatConfigError', () => {
  it('counts the problems, then lists them with their lines', () => {
    const err = configError(configText({ 'dhcp.match': 'ports', 'dhcp.server_id': '10.0.0' }));
    expect(formatConfigError(err, '/etc/userside-dhcpd/userside-dhcpd.yaml').split('\n')).toEqual([
      '/etc/userside-dhcpd/userside-dhcpd.yaml: 2 problems',
      expect.stringMatching(/^ {2}dhcp\.server_id: not an IPv4 address: "10\.0\.0" \(line \d+\)$/),
      expect.stringMatching(/^ {2}dhcp\.match: must be one of .* \(got "ports"\) \(line \d+\)$/),
    ]);
  });

  it('one problem, singular; a problem without a line has none shown', () => {
    expect(formatConfigError(new ConfigError([{ path: 'userside', message: 'required' }]), 'c.yaml')).toBe(
      'c.yaml: 1 problem\n  userside: required',
    );
  });

  it('any other error is shown as one problem', () => {
    expect(formatConfigError(new Error('boom'), 'c.yaml')).toBe('c.yaml: 1 problem\n  boom');
    expect(formatConfigError('odd', 'c.yaml')).toBe('c.yaml: 1 problem\n  odd');
  });
});

describe('describeConfig', () => {
  const SECRET = 'Zq7-SECRET-api-key-4f1c9e';
  const cfg = parse(
    configText({
      'userside.url': 'https://user:pass@erp.example.net/api.php',
      'userside.key': SECRET,
      'dhcp.trusted_relays': ['10.0.0.0/8'],
      'dhcp.option82.circuit_id': { regex: '(?<port>\\d+)$' },
      'dhcp.subnets[0].domain': 'isp.example',
      'dhcp.subnets[0].options': { 26: 1500 },
      'dhcp.subnets[1]': { cidr: '10.20.0.0/16', routers: ['10.20.0.1'], lease_time: 600 },
      state_dir: '/var/lib/userside-dhcpd',
    }),
  );
  const text = describeConfig(cfg).join('\n');

  it('summarises what the daemon will do', () => {
    expect(describeConfig(cfg)).toEqual([
      'UserSide: https://erp.example.net/api.php, sync every 1m, timeout 30s, switch list: auto',
      'API key: written in the config (userside.key)',
      'DHCP: listen on 0.0.0.0:67, server id 10.0.0.1, authoritative',
      'match: port-then-mac; option 82: circuit-id regex (?<port>\\d+)$, remote-id mac',
      'trusted relays: 10.0.0.0/8',
      'subnet 10.10.0.0/16 (hosts 10.10.0.1-10.10.255.254, broadcast 10.10.255.255), routers 10.10.0.1, dns 10.0.0.53, domain isp.example, lease 3600s, options 26',
      'subnet 10.20.0.0/16 (hosts 10.20.0.1-10.20.255.254, broadcast 10.20.255.255), routers 10.20.0.1, dns none, lease 600s',
      'write-back to UserSide: on, at most 20/s',
      'state dir: /var/lib/userside-dhcpd',
      'admin HTTP: 127.0.0.1:9567; log level: info',
    ]);
  });

  it('never shows the key or URL credentials', () => {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('pass');
  });

  it('says when no relay is trusted', () => {
    const untrusting = parse(configText({ 'userside.key': undefined }), { env: { USERSIDE_API_KEY: 'k' } });
    expect(describeConfig(untrusting)).toContain('trusted relays: none (option 82 is ignored on every packet)');
    expect(describeConfig(untrusting)).toContain('API key: from the environment (USERSIDE_API_KEY)');
  });
});
