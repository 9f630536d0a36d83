import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { remoteIdMac, vlanModPort } from '../../src/client/build-request.js';
import { DhcpTestClient } from '../../src/client/test-client.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { ipToString } from '../../src/wire/ipv4.js';
import { formatMac } from '../../src/wire/mac.js';
import { LOOP_POOL, startStack, until, type Stack } from '../integration/stack.js';

const run = runCli;

/** The operator's commands against a running daemon, then with it stopped. */
describe('leases, explain, probe', () => {
  let stack: Stack;
  let admin: string;
  let configFile: string;
  const alone = (kind: SimCustomer['kind'], n = 0): SimCustomer => {
    const all = stack.sim.customers;
    return all.filter((c) => c.kind === kind && all.filter((x) => x.switchId === c.switchId && x.port === c.port).length === 1)[n] as SimCustomer;
  };

  beforeAll(async () => {
    stack = await startStack();
    admin = `http://127.0.0.1:${stack.daemon.adminAddress?.port}`;
    configFile = join(stack.daemon.config.stateDir, 'config.yaml');
    writeFileSync(
      configFile,
      `userside:\n  url: ${stack.sim.url}\n  key: ${stack.sim.key}\ndhcp:\n  server_id: 127.0.0.1\n  trusted_relays: [127.0.0.0/8]\n  subnets:\n    - cidr: ${LOOP_POOL}\n`,
    );
    // a write-back, so the learned column has something
    const c = alone('port-only');
    const sw = stack.sim.switches.find((s) => s.id === c.switchId);
    const client = await DhcpTestClient.open();
    await client.dora({ mac: 0x02ee00000001, relay: { circuitId: vlanModPort(1, 0, c.port as number), remoteId: remoteIdMac(sw?.mac ?? 0) } }, stack.server);
    await client.close();
    await until(() => stack.daemon.writeback.stats.delivered === 1, 5000, 'the write-back');
  });
  afterAll(() => stack.stop());

  it('leases --format table: aligned columns, one row per binding', async () => {
    const r = await run('leases', '--admin', admin);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(stack.sim.customers.length + 1);
    expect(lines[0]).toMatch(/^customer_id\s+ip\s+mac\s+learned_mac\s+switch_id/);
    // every column starts at the same offset on every line
    const starts = (l: string) => [...l.matchAll(/(?<=\s{2})\S/g)].map((m) => m.index);
    const header = starts(lines[0] as string);
    for (const l of lines.slice(1)) expect(starts(l).slice(0, 3)).toEqual(header.slice(0, 3));
  });

  it('leases --format json is an array; csv parses; filters narrow it', async () => {
    const json = JSON.parse((await run('leases', '--admin', admin, '--format', 'json')).out) as unknown[];
    expect(Array.isArray(json)).toBe(true);
    expect(json).toHaveLength(stack.sim.customers.length);
    const csv = (await run('leases', '--admin', admin, '--format', 'csv')).out.split(/\r?\n/);
    expect(csv[0]).toBe('customer_id,ip,mac,learned_mac,switch_id,switch_ip,switch_mac,port,vlan,subnet');
    expect(csv.slice(1).every((l) => l.split(',').length === 10)).toBe(true);
    const c = alone('mac+port');
    for (const filter of [['--ip', ipToString(c.ip)], ['--mac', formatMac(c.mac as number)], ['--switch', c.switchId as string, '--port', String(c.port)]]) {
      const rows = JSON.parse((await run('leases', '--admin', admin, '--format', 'json', ...filter)).out) as Array<{ ip: string }>;
      expect(rows.map((x) => x.ip), filter.join(' ')).toEqual([ipToString(c.ip)]);
    }
    const learned = JSON.parse((await run('leases', '--admin', admin, '--format', 'json', '--mac', '02:ee:00:00:00:01')).out) as Array<{ learned_mac: string }>;
    expect(learned).toMatchObject([{ learned_mac: '02:ee:00:00:00:01' }]);
    expect((await run('leases', '--admin', admin, '--ip', '10.99.99.99')).code).toBe(1);
  });

  it('leases reads the admin address from --config', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'usd-cli-')), 'c.yaml');
    writeFileSync(file, `userside:\n  url: http://127.0.0.1:1/api.php\ndhcp:\n  server_id: 127.0.0.1\n  subnets: [{cidr: ${LOOP_POOL}}]\nadmin:\n  listen: 127.0.0.1:${stack.daemon.adminAddress?.port}\n`);
    // no key anywhere: leases does not need one
    const r = await run('leases', '--config', file, '--format', 'json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toHaveLength(stack.sim.customers.length);
  });

  it('explain prints how the switch and port were found, the candidates and the answer', async () => {
    const c = alone('port-only', 1);
    const sw = stack.sim.switches.find((s) => s.id === c.switchId);
    const r = await run('explain', '--admin', admin, '--mac', '02:ee:00:00:00:09', '--giaddr', '127.0.0.1', '--circuit-id', `hex:${Buffer.from(vlanModPort(1, 0, c.port as number)).toString('hex')}`, '--remote-id', formatMac(sw?.mac ?? 0));
    expect(r.out, r.err).toMatch(/circuit-id: port \d+/);
    expect(r.out).toContain(`remote-id: switch MAC ${formatMac(sw?.mac ?? 0)} → switch ${c.switchId}`);
    expect(r.out).toMatch(new RegExp(`answer: OFFER ${ipToString(c.ip).replace(/\./g, '\\.')} \\(matched by switch port\\)`));
    expect(r.code).toBe(0);
    const refused = await run('explain', '--admin', admin, '--mac', '02:ee:00:00:00:0a');
    expect(refused.out).toContain('answer: none (unknown-client:');
    expect(refused.code).toBe(1);
  });

  it('probe shows what UserSide answered', async () => {
    const r = await run('probe', '--config', configFile);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('envelope: result key Result, data key data');
    expect(r.out).toContain(`accepted ${stack.sim.customers.length}`);
    expect(r.out).toMatch(/fields: customer_id=customer_id ip=ip mac=mac switch=device_id port=port/);
  });

  it('with the daemon stopped: leases and explain read the snapshot', async () => {
    const dir = stack.daemon.config.stateDir;
    await stack.daemon.stop();
    const snapshot = join(dir, 'leases-snapshot.json');
    const rows = JSON.parse((await run('leases', '--snapshot', snapshot, '--format', 'json')).out) as Array<{ learned_mac: string }>;
    expect(rows).toHaveLength(stack.sim.customers.length);
    expect(rows.filter((x) => x.learned_mac === '02:ee:00:00:00:01')).toHaveLength(1); // from the journal beside it
    const c = alone('mac+port', 2);
    const ex = await run('explain', '--snapshot', snapshot, '--config', configFile, '--mac', formatMac(c.mac as number));
    expect(ex.out).toMatch(new RegExp(`answer: OFFER ${ipToString(c.ip).replace(/\./g, '\\.')} \\(matched by MAC\\)`));
    expect((await run('leases', '--admin', admin)).code).toBe(1); // the daemon is gone: a clear error
  });
});
