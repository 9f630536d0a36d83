import { mkdtempSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Config } from '../../src/config/types.js';
import type { Decision } from '../../src/core/decision.js';
import { Daemon } from '../../src/server/daemon.js';
import { SimulatedUserside, type SimulatorOptions } from '../../src/simulator/server.js';
import type { DhcpPacket } from '../../src/wire/packet.js';
import { cidr, ip, subnet, testConfig } from '../support/fixtures.js';

/**
 * A simulated UserSide and a real daemon on loopback. Customer addresses are
 * in 127.77.0.0/16 so that replies sent to a client's own address (renewals,
 * INFORM) stay on the loopback interface.
 */
export const LOOP_POOL = '127.77.0.0/16';

export interface Stack {
  readonly sim: SimulatedUserside;
  readonly daemon: Daemon;
  readonly server: { host: string; port: number };
  readonly decisions: Array<{ req: DhcpPacket; d: Decision }>;
  stop(): Promise<void>;
}

export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function freeTcpPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface StackOptions {
  readonly sim?: SimulatorOptions;
  readonly dhcp?: Partial<Config['dhcp']>;
  readonly userside?: Partial<Config['userside']>;
  readonly stateDir?: string;
  /** Reuse a running simulator (restarting the daemon only). */
  readonly reuseSim?: SimulatedUserside;
  readonly waitForTable?: boolean;
  readonly writeback?: Partial<Config['writeback']>;
  readonly noAdmin?: boolean;
}

export async function startStack(o: StackOptions = {}): Promise<Stack> {
  const sim = o.reuseSim ?? (await SimulatedUserside.start({ customers: 120, switches: 6, seed: 11, pools: [LOOP_POOL], ...o.sim }));
  const config = testConfig({
    userside: { url: sim.url, key: sim.key, timeoutMs: 2000, ...o.userside },
    dhcp: {
      listen: [{ host: '127.0.0.1', port: 0 }],
      serverId: ip('127.0.0.1'),
      trustedRelays: [cidr('127.0.0.0/8')],
      subnets: [subnet(LOOP_POOL)],
      ...o.dhcp,
    },
    stateDir: o.stateDir ?? mkdtempSync(join(tmpdir(), 'usd-it-')),
  });
  const cfg: Config = o.writeback ? { ...config, writeback: { ...config.writeback, ...o.writeback } } : config;
  const decisions: Stack['decisions'] = [];
  const daemon = await Daemon.start(cfg, pino({ level: 'silent' }), {
    onDecision: (req, d) => decisions.push({ req, d }),
    retry: { retries: 1, minBackoffMs: 20, maxBackoffMs: 50 },
    writebackRetry: { minMs: 20, maxMs: 100 },
    ...(o.noAdmin ? { noAdmin: true } : {}),
  });
  if (o.waitForTable !== false) {
    await until(() => daemon.syncer.table !== null, 10_000, 'the first sync');
    await daemon.syncer.sync(); // let the first sync finish (snapshot written) before the test changes UserSide
  }
  const server = daemon.server.addresses()[0] as { host: string; port: number };
  return {
    sim,
    daemon,
    server,
    decisions,
    async stop() {
      await daemon.stop();
      if (!o.reuseSim) await sim.close();
    },
  };
}

export async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
