import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

function run(...argv: string[]): { code: number; out: string } {
  const lines: string[] = [];
  const code = main(argv, (l) => lines.push(l));
  return { code, out: lines.join('\n') };
}

describe('userside-dhcpd CLI', () => {
  it('demo decodes the relayed DISCOVER and encodes an OFFER with 82 last', () => {
    const { code, out } = run('demo');
    expect(code).toBe(0);
    expect(out).toContain('circuit-id     vlan-mod-port: vlan 100, module 0, port 5');
    expect(out).toContain('remote-id      switch MAC 00:1e:58:aa:bb:cc');
    expect(out).toMatch(/options in wire order: 53, .*, 82\n/);
  });
  it('--help exits 0, no command and unknown commands exit 2', () => {
    expect(run('--help').code).toBe(0);
    expect(run().code).toBe(2);
    expect(run('frobnicate')).toMatchObject({ code: 2, out: expect.stringContaining('unknown command: frobnicate') });
  });
});
