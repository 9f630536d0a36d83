import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startStack, until } from './stack.js';

/** Type=notify: READY=1 once the first lease table is loaded (systemd-notify, stubbed here). */
describe('systemd readiness', () => {
  it('runs systemd-notify --ready --pid=<ours> once, when the first table is loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usd-notify-'));
    const calls = join(dir, 'calls');
    writeFileSync(join(dir, 'systemd-notify'), `#!/bin/sh\necho "$@" >> ${calls}\n`);
    chmodSync(join(dir, 'systemd-notify'), 0o755);
    const saved = { path: process.env.PATH, socket: process.env.NOTIFY_SOCKET };
    process.env.PATH = `${dir}:${saved.path}`;
    process.env.NOTIFY_SOCKET = '/run/systemd/notify-test';
    try {
      const stack = await startStack();
      try {
        await until(() => existsSync(calls) && readFileSync(calls, 'utf8').includes('--ready'), 5000, 'systemd-notify');
        await stack.daemon.syncer.sync(true);
        await until(() => readFileSync(calls, 'utf8').trim().split('\n').length >= 2, 5000, 'a status update');
        const lines = readFileSync(calls, 'utf8').trim().split('\n');
        expect(lines[0]).toMatch(new RegExp(`^--pid=${process.pid} --ready --status=serving \\d+ bindings \\(sync\\)$`));
        expect(lines.filter((l) => l.includes('--ready'))).toHaveLength(1);
      } finally {
        await stack.stop();
      }
    } finally {
      process.env.PATH = saved.path;
      if (saved.socket === undefined) delete process.env.NOTIFY_SOCKET;
      else process.env.NOTIFY_SOCKET = saved.socket;
    }
  });
});
