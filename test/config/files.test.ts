import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { parseIp } from '../../src/wire/ipv4.js';
import { NO_FILES } from './config-text.js';

const read = (name: string): string => readFileSync(new URL(`../../config/${name}`, import.meta.url), 'utf8');
const ip = (text: string): number => parseIp(text) as number;

describe('the shipped configuration files', () => {
  it('the commented example loads, with the key from the environment', () => {
    const cfg = parseConfig(read('userside-dhcpd.example.yaml'), { env: { USERSIDE_API_KEY: 'from-env' }, readFile: NO_FILES });
    expect(cfg.userside).toMatchObject({ url: 'https://erp.example.net/api.php', key: 'from-env', keySource: 'env' });
    expect(cfg.userside).toMatchObject({ syncIntervalMs: 60_000, timeoutMs: 30_000, maxShrink: 0.5, devices: 'auto' });
    expect(cfg.userside.maxResponseBytes).toBe(268_435_456);
    expect(cfg.dhcp).toMatchObject({ serverId: ip('10.0.0.1'), authoritative: true, match: 'port-then-mac', leaseTime: 3600 });
    expect(cfg.dhcp).toMatchObject({ clientPort: 68, broadcastAddress: 0xffffffff });
    expect(cfg.dhcp.listen).toEqual([{ host: '0.0.0.0', port: 67 }]);
    expect(cfg.dhcp.trustedRelays.map((c) => c.text)).toEqual(['10.0.0.0/8']);
    expect(cfg.dhcp.subnets).toHaveLength(1);
    expect(cfg.writeback).toEqual({ enabled: true, maxPerSecond: 20 });
    expect(cfg.admin.listen).toEqual({ host: '127.0.0.1', port: 9567 });
    expect(cfg.log.level).toBe('info');
  });

  it('the example without any key source names the default credential file', () => {
    const err = (() => {
      try {
        parseConfig(read('userside-dhcpd.example.yaml'), { env: {}, readFile: NO_FILES });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('/run/credentials/userside-dhcpd.service/userside-api-key');
  });

  it('the demo configuration loads as the demo needs it', () => {
    const cfg = parseConfig(read('demo.yaml'), { env: { USERSIDE_API_KEY: 'ignored', STATE_DIRECTORY: '/elsewhere' } });
    expect(cfg.userside).toMatchObject({ url: 'http://127.0.0.1:18080/api.php', key: 'demo-key', keySource: 'key', syncIntervalMs: 30_000 });
    expect(cfg.dhcp.listen).toEqual([{ host: '127.0.0.1', port: 6767 }]);
    expect(cfg.dhcp.serverId).toBe(ip('127.0.0.1'));
    expect(cfg.dhcp.trustedRelays.map((c) => c.text)).toEqual(['127.0.0.0/8']);
    expect(cfg.dhcp.match).toBe('port-then-mac');
    expect(cfg.dhcp.option82).toEqual({ circuitId: { kind: 'vlan-mod-port' }, remoteId: 'mac' });
    const [subnet] = cfg.dhcp.subnets;
    expect(subnet?.cidr.text).toBe('10.10.0.0/16');
    expect(subnet?.routers).toEqual([ip('10.10.0.1')]);
    expect(subnet?.dns).toEqual([ip('10.0.0.53')]);
    expect(subnet?.domain).toBe('demo.isp.example');
    expect(cfg.stateDir).toBe('./state/demo');
    expect(cfg.admin.listen).toEqual({ host: '127.0.0.1', port: 19567 });
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'userside-dhcpd-config-'));

  it('reads a file and its key file', () => {
    writeFileSync(join(dir, 'key'), '  file-key\n');
    const path = join(dir, 'ok.yaml');
    writeFileSync(
      path,
      `userside: {url: "http://erp/api.php", key_file: "${join(dir, 'key')}"}\n` +
        'dhcp: {server_id: 10.0.0.1, subnets: [{cidr: 10.10.0.0/16}]}\n',
    );
    const cfg = loadConfig(path, {});
    expect(cfg.userside).toMatchObject({ key: 'file-key', keySource: 'key_file' });
  });

  it('a missing file is a ConfigError naming the file', () => {
    const path = join(dir, 'absent.yaml');
    expect(() => loadConfig(path, {})).toThrow(ConfigError);
    expect(() => loadConfig(path, {})).toThrow(`cannot read the configuration file ${path}: no such file`);
  });

  it('a ConfigError from a file remembers the file', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'userside: {}\n');
    try {
      loadConfig(path, {});
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).source).toBe(path);
    }
  });
});
