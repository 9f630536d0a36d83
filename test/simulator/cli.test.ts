import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { DEVICES } from './support.js';

const CLI = new URL('../../src/simulator/cli.ts', import.meta.url).pathname;

function start(...args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('simulator CLI', () => {
  it('prints one JSON line, serves, and exits 0 on SIGTERM', async () => {
    const child = start('--customers', '500', '--switches', '20', '--seed', '7', '--style', '{"resultKey":"result"}');
    const exited = once(child, 'exit');
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const info = JSON.parse(line) as { url: string; key: string; controlUrl: string; customers: number; switches: number };
    expect(info).toMatchObject({ customers: 500, switches: 20, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\.php$/) });
    const res = await fetch(`${info.url}?${new URLSearchParams({ ...DEVICES, key: info.key })}`);
    const body = (await res.json()) as { result: string; data: object };
    expect(body.result).toBe('OK');
    expect(Object.keys(body.data)).toHaveLength(20);
    const state = (await (await fetch(`${info.controlUrl}/state`)).json()) as { customers: number };
    expect(state.customers).toBe(500);
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });

  it('exits 2 with a message on bad arguments', async () => {
    const child = start('--customers', 'many');
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--customers must be a non-negative integer/);
  });
});
