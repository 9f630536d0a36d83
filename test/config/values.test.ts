import { describe, expect, it } from 'vitest';
import { parseCidr, parseCidrOrAddress, parseHostPort } from '../../src/config/addresses.js';
import { formatDuration, parseDuration } from '../../src/config/duration.js';
import { configText, issuesOf, parse } from './config-text.js';

const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('hex');

describe('durations', () => {
  it.each<[string, unknown, number]>([
    ['seconds', '60s', 60_000],
    ['minutes', '5m', 300_000],
    ['hours', '1h', 3_600_000],
    ['milliseconds', '500ms', 500],
    ['a bare number is seconds', 90, 90_000],
    ['a fraction', '1.5m', 90_000],
    ['a bare number as text', '45', 45_000],
    ['a space before the unit', '10 s', 10_000],
  ])('%s', (_name, written, ms) => expect(parseDuration(written)).toEqual({ ok: true, value: ms }));

  it.each<[string, unknown]>([
    ['a unit it does not know', '1d'],
    ['words', 'a minute'],
    ['negative', -5],
    ['a list', [60]],
  ])('refuses %s', (_name, written) => {
    expect(parseDuration(written)).toMatchObject({ ok: false, problem: expect.stringContaining('expected a duration') });
  });

  it('sync_interval and timeout in the config', () => {
    const cfg = parse(configText({ 'userside.sync_interval': '5m', 'userside.timeout': '1500ms' }));
    expect(cfg.userside.syncIntervalMs).toBe(300_000);
    expect(cfg.userside.timeoutMs).toBe(1500);
    expect(parse(configText({ 'userside.sync_interval': 5 })).userside.syncIntervalMs).toBe(5000);
  });

  it('lease_time takes seconds or a duration, whole seconds only', () => {
    expect(parse(configText({ 'dhcp.lease_time': '1h' })).dhcp.leaseTime).toBe(3600);
    expect(parse(configText({ 'dhcp.lease_time': 86_400 })).dhcp.leaseTime).toBe(86_400);
    expect(issuesOf(configText({ 'dhcp.lease_time': '90500ms' }))[0]?.path).toBe('dhcp.lease_time');
  });

  it.each<[number, string]>([
    [60_000, '1m'],
    [5000, '5s'],
    [300_000, '5m'],
    [7_200_000, '2h'],
    [1500, '1500ms'],
  ])('%d ms reads as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('subnet options become wire bytes by code', () => {
  it('by number and by catalogue name', () => {
    const options = parse(
      configText({ 'dhcp.subnets[0].options': { 26: 1500, 'ntp-servers': ['10.0.0.5'], 'domain-search': ['isp.example'] } }),
    ).dhcp.subnets[0]?.options;
    expect([...(options?.keys() ?? [])]).toEqual([26, 42, 119]);
    expect(hex(options?.get(26))).toBe('05dc');
    expect(hex(options?.get(42))).toBe('0a000005');
    expect(hex(options?.get(119))).toBe('03697370076578616d706c6500');
  });

  it('unknown codes take text or hex', () => {
    const options = parse(configText({ 'dhcp.subnets[0].options': { 224: 'hello', 225: 'hex:00ff' } })).dhcp.subnets[0]?.options;
    expect(hex(options?.get(224))).toBe('68656c6c6f');
    expect(hex(options?.get(225))).toBe('00ff');
  });

  it('routes (RFC 3442)', () => {
    const options = parse(
      configText({ 'dhcp.subnets[0].options': { 'classless-static-routes': ['0.0.0.0/0 via 10.10.0.1'] } }),
    ).dhcp.subnets[0]?.options;
    expect(hex(options?.get(121))).toBe('000a0a0001');
  });

  it('every bad option of a subnet is reported', () => {
    const issues = issuesOf(configText({ 'dhcp.subnets[0].options': { 26: 'big', 42: ['ntp.example'], 'no-such': 1 } }));
    expect(issues.map((i) => i.path)).toEqual([
      'dhcp.subnets[0].options.26',
      'dhcp.subnets[0].options.42',
      'dhcp.subnets[0].options.no-such',
    ]);
    expect(issues[1]?.message).toBe('expected a list of IPv4 addresses (got a list)');
  });
});

describe('addresses', () => {
  it.each<[string, string, string]>([
    ['a /16', '10.10.0.0/16', '10.10.0.0/16'],
    ['a /32', '192.0.2.7/32', '192.0.2.7/32'],
    ['a /0', '0.0.0.0/0', '0.0.0.0/0'],
    ['spaces around', ' 10.0.0.0/8 ', '10.0.0.0/8'],
  ])('CIDR: %s', (_name, written, text) => expect(parseCidr(written)).toMatchObject({ ok: true, value: { text } }));

  it.each<[string, string]>([
    ['a short address', '10.10/16'],
    ['octal', '010.10.0.0/16'],
    ['no prefix', '10.10.0.0'],
    ['prefix 33', '10.10.0.0/33'],
    ['a space in the prefix', '10.10.0.0/ 16'],
  ])('CIDR refuses %s', (_name, written) => expect(parseCidr(written).ok).toBe(false));

  it('a relay given as one address is a /32', () => {
    expect(parseCidrOrAddress('10.1.2.3')).toEqual({
      ok: true,
      value: { network: 0x0a010203, prefix: 32, mask: 0xffffffff, text: '10.1.2.3/32' },
    });
  });

  it.each<[string, number, unknown]>([
    ['0.0.0.0:67', 67, { host: '0.0.0.0', port: 67 }],
    ['10.0.0.1', 67, { host: '10.0.0.1', port: 67 }],
    ['127.0.0.1', 9567, { host: '127.0.0.1', port: 9567 }],
    ['127.0.0.1:6767', 67, { host: '127.0.0.1', port: 6767 }],
  ])('host:port %s', (written, defaultPort, value) => expect(parseHostPort(written, defaultPort)).toEqual({ ok: true, value }));

  it.each(['eth0', 'localhost:67', '10.0.0.1:0', '10.0.0.1:', ':67', '[::1]:67'])('host:port refuses %s', (written) => {
    expect(parseHostPort(written, 67)).toMatchObject({ ok: false, problem: expect.stringMatching(/^not host:port/) });
  });
});
