import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEMO_CONFIG } from '../../src/cli/demo.js';
import { freeTcpPort, freeUdpPort } from './stack.js';


describe('userside-dhcpd demo (what npm start runs)', () => {
  it('plays the sample exchanges and explains each', async () => {
    // The demo config, moved to free ports and a temporary state directory.
    const dir = mkdtempSync(join(tmpdir(), 'usd-demo-'));
    const text = readFileSync(DEMO_CONFIG, 'utf8')
      .replace('127.0.0.1:18080', `127.0.0.1:${await freeTcpPort()}`)
      .replace('127.0.0.1:6767', `127.0.0.1:${await freeUdpPort()}`)
      .replace('127.0.0.1:19567', `127.0.0.1:${await freeTcpPort()}`)
      .replace('./state/demo', join(dir, 'state'));
    const file = join(dir, 'demo.yaml');
    writeFileSync(file, text);
    const out: string[] = [];
    const code = await main(['demo', '--config', file, '--once'], { out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`) });
    const all = out.join('\n');
    expect(code, all).toBe(0);
    expect(all).toMatch(/known router on its port .* DORA → ACK .* matched by switch port/);
    expect(all).toMatch(/known MAC, no port binding .* DORA → ACK .* matched by MAC/);
    expect(all).toMatch(/new MAC on a port bound without MAC .* DORA → ACK .* matched by switch port/);
    expect(all).toMatch(/unknown client on an unbound port .* no answer .* refused: unknown-port/);
    expect(all).toMatch(/rebooting client asks for a wrong IP .* NAK .* NAK: wrong-address/);
  });
});
