/**
 * The daemon's metrics against the real Prometheus tools (Debian `prometheus`):
 * `promtool check metrics` on a real scrape, and a Prometheus server scraping
 * the daemon on loopback until its HTTP API reports the target up with the
 * daemon's series. `.ci/run` installs the package.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DhcpTestClient } from '../../src/client/test-client.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { freeTcpPort, startStack, until, type Stack } from '../integration/stack.js';

function need(tool: string): void {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(`${tool} is not installed: apt-get install -y prometheus (the ops suite needs it)`);
  }
}

describe('metrics with the real Prometheus', () => {
  let stack: Stack;
  let metricsUrl: string;
  let prometheus: ChildProcess | undefined;

  beforeAll(async () => {
    need('promtool');
    need('prometheus');
    stack = await startStack();
    metricsUrl = `http://127.0.0.1:${stack.daemon.adminAddress?.port}/metrics`;
    // some traffic, so the counters and the histogram have samples
    const client = await DhcpTestClient.open();
    const c = stack.sim.customers.find((x) => x.kind === 'mac-only') as SimCustomer;
    await client.dora({ mac: c.mac as number, relay: {} }, stack.server);
    await client.exchange(client.build({ mac: 0x02ff00000001, relay: {} }), stack.server, 200);
    await client.close();
  });
  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await stack?.stop();
  });

  it('promtool check metrics passes on a scrape', async () => {
    const scrape = await (await fetch(metricsUrl)).text();
    expect(scrape).toContain('userside_dhcpd_replies_sent_total{type="ack"} 1');
    // promtool exits non-zero and names each problem; the message shows them.
    const check = (): string => {
      try {
        return execFileSync('promtool', ['check', 'metrics'], { input: scrape, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        return `promtool check metrics failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`;
      }
    };
    expect(check()).toBe('');
  });

  it('a Prometheus server scrapes the daemon: target up, series present', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usd-prom-'));
    const port = await freeTcpPort();
    const target = new URL(metricsUrl);
    writeFileSync(
      join(dir, 'prometheus.yml'),
      ['global:', '  scrape_interval: 1s', 'scrape_configs:', '  - job_name: userside-dhcpd', '    static_configs:', `      - targets: ['${target.host}']`, ''].join('\n'),
    );
    prometheus = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
      stdio: 'ignore',
    });
    const api = `http://127.0.0.1:${port}/api/v1`;
    const query = async (q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
      try {
        const r = (await (await fetch(`${api}/query?query=${encodeURIComponent(q)}`)).json()) as { data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> } };
        return r.data?.result ?? [];
      } catch {
        return [];
      }
    };
    // until() checks a condition; the API is polled alongside it.
    let up: Awaited<ReturnType<typeof query>> = [];
    const timer = setInterval(() => void query('up{job="userside-dhcpd"}').then((r) => (up = r)), 500);
    try {
      await until(() => up.length > 0 && up[0]?.value[1] === '1', 60_000, 'Prometheus to report the target up');
    } finally {
      clearInterval(timer);
    }
    const bindings = await query('userside_dhcpd_bindings');
    expect(Number(bindings[0]?.value[1])).toBe(stack.sim.customers.length);
    const acks = await query('userside_dhcpd_replies_sent_total{type="ack"}');
    expect(Number(acks[0]?.value[1])).toBeGreaterThanOrEqual(1);
  });
});
