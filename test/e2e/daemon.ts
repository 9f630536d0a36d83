import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lines, type Topology } from './netns.js';
import { until } from '../integration/stack.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface E2eDaemon {
  readonly admin: string;
  readonly logs: ReturnType<typeof lines>;
  readonly stateDir: string;
  /** GET (or POST) the admin API, JSON or text. */
  call(path: string, method?: string): Promise<unknown>;
}

/**
 * `userside-dhcpd run` inside namespace `ns`, as root (port 67), with `yaml`
 * as its configuration (STATE_DIR is replaced by a fresh directory); resolves
 * once /readyz says a table is loaded.
 */
export async function startDaemon(topo: Topology, ns: string, yaml: (stateDir: string) => string, adminBase: string): Promise<E2eDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'usd-e2e-'));
  const stateDir = join(dir, 'state');
  const config = join(dir, 'config.yaml');
  writeFileSync(config, yaml(stateDir));
  const child = topo.spawn(ns, process.execPath, ['--import', 'tsx', BIN, 'run', '--config', config], { cwd: ROOT });
  const logs = lines(child);
  const call = async (path: string, method = 'GET'): Promise<unknown> => {
    const r = await fetch(`${adminBase}${path}`, { method, signal: AbortSignal.timeout(10_000) });
    const text = await r.text();
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  let ready = false;
  const poll = setInterval(() => {
    void call('/readyz').then(
      (r) => (ready = (r as { ready?: boolean }).ready === true),
      () => undefined,
    );
  }, 250);
  try {
    await until(() => ready || child.exitCode !== null, 60_000, 'the daemon to be ready');
  } finally {
    clearInterval(poll);
  }
  if (!ready) throw new Error(`the daemon did not start:\n${logs.all.join('\n')}`);
  return { admin: adminBase, logs, stateDir, call };
}
