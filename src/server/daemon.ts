import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Decision } from '../core/decision.js';
import { prepareCore, type CoreConfig } from '../core/prepare.js';
import { Syncer } from '../leases/syncer.js';
import { SyncThread } from '../leases/sync-thread.js';
import type { SourceSettings } from '../leases/worker-protocol.js';
import type { DhcpPacket } from '../wire/packet.js';
import { PacketCounters } from './counters.js';
import { UdpServer } from './udp-server.js';
import { UsersideClient } from '../userside/client.js';
import { setMacByIp } from '../userside/writeback/send.js';
import { WriteBack } from '../userside/writeback/writeback.js';

export const SNAPSHOT_FILE = 'leases-snapshot.json';
export const WRITEBACK_JOURNAL = 'writeback.journal';

export function sourceSettings(config: Config): SourceSettings {
  const u = config.userside;
  return { url: u.url, key: u.key, timeoutMs: u.timeoutMs, maxResponseBytes: u.maxResponseBytes, devices: u.devices, fields: u.fields };
}

export interface DaemonHooks {
  readonly onDecision?: (req: DhcpPacket, decision: Decision) => void;
  /** UserSide retry schedule (tests shorten it). */
  readonly retry?: SourceSettings['retry'];
  /** Write-back backoff (tests shorten it). */
  readonly writebackRetry?: { readonly minMs: number; readonly maxMs: number };
}

/**
 * The running daemon: the sync worker keeping the lease table fresh and the UDP
 * server answering from it. Start order: snapshot (if any) → sockets → first
 * sync, so a restart while UserSide is down keeps serving.
 */
export class Daemon {
  readonly counters = new PacketCounters();
  readonly syncer: Syncer;
  readonly server: UdpServer;
  private readonly thread = new SyncThread();
  private core: CoreConfig;

  private constructor(
    readonly config: Config,
    readonly log: Logger,
    hooks: DaemonHooks,
    readonly writeback: WriteBack,
  ) {
    this.core = prepareCore(config);
    this.syncer = new Syncer({
      thread: this.thread,
      source: { ...sourceSettings(config), ...(hooks.retry ? { retry: hooks.retry } : {}) },
      subnets: config.dhcp.subnets.map((s) => s.cidr),
      intervalMs: config.userside.syncIntervalMs,
      maxShrink: config.userside.maxShrink,
      snapshotPath: join(config.stateDir, SNAPSHOT_FILE),
      log: log.child({ part: 'sync' }),
      onTable: (table) => writeback.reconcile(table),
    });
    this.server = new UdpServer({
      listen: config.dhcp.listen,
      core: () => this.core,
      tables: this.syncer,
      learned: writeback.learned,
      onLearn: (ip, mac) => writeback.learn(ip, mac),
      counters: this.counters,
      log: log.child({ part: 'dhcp' }),
      ...(hooks.onDecision ? { onDecision: hooks.onDecision } : {}),
    });
  }

  static async start(config: Config, log: Logger, hooks: DaemonHooks = {}): Promise<Daemon> {
    const u = config.userside;
    // Writes are retried by the write-back queue itself, never inside the client.
    const client = new UsersideClient({ url: u.url, key: u.key, timeoutMs: u.timeoutMs, maxResponseBytes: 1 << 20, retries: 0 });
    const writeback = await WriteBack.open({
      journalPath: join(config.stateDir, WRITEBACK_JOURNAL),
      send: setMacByIp(client),
      enabled: config.writeback.enabled,
      maxPerSecond: config.writeback.maxPerSecond,
      log: log.child({ part: 'writeback' }),
      ...(hooks.writebackRetry ? { retry: hooks.writebackRetry } : {}),
    });
    const d = new Daemon(config, log, hooks, writeback);
    await d.syncer.loadSnapshot();
    try {
      await d.server.start();
    } catch (e) {
      await d.thread.close();
      throw e;
    }
    d.syncer.start();
    writeback.start();
    return d;
  }

  async stop(): Promise<void> {
    this.syncer.stop();
    await this.server.stop();
    await this.writeback.stop();
    await this.thread.close();
  }
}
