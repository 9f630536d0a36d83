import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const run = runCli;

describe('userside-dhcpd CLI', () => {
  it('--help lists the commands and exits 0; help CMD shows one command', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const cmd of ['run', 'check-config', 'demo', 'send']) expect(r.out).toContain(`  ${cmd} `);
    expect((await run('help', 'send')).out).toMatch(/^Usage: userside-dhcpd send/);
  });
  it.each(['run', 'check-config', 'leases', 'explain', 'probe', 'send', 'demo'])('%s --help prints its usage and exits 0', async (cmd) => {
    const r = await run(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: userside-dhcpd ${cmd}`));
    expect(r.out).toMatch(/Exit|exit|SIG/);
  });

  it('no command and unknown commands exit 2', async () => {
    expect((await run()).code).toBe(2);
    expect(await run('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command: frobnicate') });
  });
  it('a bad option exits 2 with the command\'s usage', async () => {
    const r = await run('send', '--bogus');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Usage: userside-dhcpd send/);
    const bad = await run('send', '--requested', '10.0.0');
    expect(bad).toMatchObject({ code: 2, err: expect.stringContaining('--requested: not an IPv4 address: "10.0.0"') });
  });
  it('check-config: the demo config is valid; a bad file exits 3 naming the key', async () => {
    const ok = await run('check-config', '--config', 'config/demo.yaml');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('config/demo.yaml: valid');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'usd-cfg-')), 'bad.yaml');
    writeFileSync(file, 'userside:\n  url: https://erp.example.net/api.php\n  key: k\ndhcp:\n  server_id: 10.0.0\n  match: ports\n  subnets: [{cidr: 10.10.0.0/16}]\n');
    const bad = await run('check-config', '--config', file);
    expect(bad.code).toBe(3);
    expect(bad.err).toMatch(/dhcp\.server_id: .*10\.0\.0/);
    expect(bad.err).toMatch(/dhcp\.match: .*ports/);
  });
});

describe('version', () => {
  it('--version prints the package.json version', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect((await run('--version')).out).toBe(pkg.version);
  });
});
