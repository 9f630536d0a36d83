import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('userside-dhcpd CLI', () => {
  it('--help lists the commands and exits 0; help CMD shows one command', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const cmd of ['run', 'check-config', 'demo', 'send']) expect(r.out).toContain(`  ${cmd} `);
    expect((await run('help', 'send')).out).toMatch(/^Usage: userside-dhcpd send/);
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
