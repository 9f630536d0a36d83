import { join } from 'node:path';
import type { Logger } from 'pino';
import { EventRing } from '../admin/events.js';
import { AdminServer } from '../admin/http.js';
import { Metrics } from '../admin/metrics.js';
import type { AdminDeps } from '../admin/routes.js';
import type { Config, HostPort } from '../config/types.js';
import type { Decision } from '../core/decision.js';
import { prepareCore, type CoreConfig } from '../core/prepare.js';
import { Syncer, type SyncSettings } from '../leases/syncer.js';
import { SyncThread } from '../leases/sync-thread.js';
import type { SourceSettings } from '../leases/worker-protocol.js';
import { UsersideClient } from '../userside/client.js';
import { setMacByIp } from '../userside/writeback/send.js';
import { WriteBack } from '../userside/writeback/writeback.js';
import { clientMac } from '../wire/accessors.js';
import type { DhcpPacket } from '../wire/packet.js';
import { PacketCounters } from './counters.js';
import { sdNotify } from './systemd-notify.js';
import { UdpServer } from './udp-server.js';
import { VERSION } from '../version.js';

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
  /** Skip the admin HTTP listener (tests that call the routes directly). */
  readonly noAdmin?: boolean;
}

/**
 * The running daemon: the sync worker keeping the lease table fresh, the UDP
 * server answering from it, write-back, metrics and the admin API. Start order:
 * snapshot (if any) → sockets → first sync, so a restart while UserSide is
 * down keeps serving.
 */
export class Daemon {
  readonly counters = new PacketCounters();
  readonly events = new EventRing();
  readonly syncer: Syncer;
  readonly server: UdpServer;
  readonly metrics: Metrics;
  readonly admin: AdminServer | null;
  /** Where the admin API listens (port 0 resolved), once started. */
  adminAddress: HostPort | null = null;
  private readonly thread = new SyncThread();
  private core: CoreConfig;
  /** A core for new subnets, applied with the first table built for them. */
  private stagedCore: CoreConfig | null = null;
  private notifiedReady = false;
  private current: Config;

  private constructor(
    config: Config,
    readonly log: Logger,
    private readonly hooks: DaemonHooks,
    readonly writeback: WriteBack,
  ) {
    this.current = config;
    this.core = prepareCore(config);
    this.syncer = new Syncer({
      thread: this.thread,
      ...this.syncSettings(config),
      snapshotPath: join(config.stateDir, SNAPSHOT_FILE),
      log: log.child({ part: 'sync' }),
      onTable: (table, report) => {
        if (this.stagedCore) {
          this.core = this.stagedCore;
          this.stagedCore = null;
        }
        writeback.reconcile(table);
        this.metrics.onTable(report);
        sdNotify(log, { ready: !this.notifiedReady, status: `serving ${table.size} bindings (${report.origin})` });
        this.notifiedReady = true;
      },
      onFailure: (reason) => this.metrics.onSyncFailure(reason),
    });
    this.metrics = new Metrics({ counters: this.counters, syncer: this.syncer, writeback, version: VERSION });
    this.server = new UdpServer({
      listen: config.dhcp.listen,
      core: () => this.core,
      tables: this.syncer,
      learned: writeback.learned,
      onLearn: (ip, mac) => writeback.learn(ip, mac),
      counters: this.counters,
      log: log.child({ part: 'dhcp' }),
      observeDecision: (seconds) => this.metrics.decisionSeconds.observe(seconds),
      onDecision: (req, d, type) => {
        this.events.record(clientMac(req), type, req.giaddr, d, Date.now());
        this.hooks.onDecision?.(req, d);
      },
    });
    this.admin = hooks.noAdmin ? null : new AdminServer(config.admin.listen, this.adminDeps(), log.child({ part: 'admin' }));
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
      d.adminAddress = (await d.admin?.start()) ?? null;
    } catch (e) {
      await d.server.stop();
      await writeback.stop();
      await d.thread.close();
      throw e;
    }
    d.syncer.start();
    writeback.start();
    return d;
  }

  get config(): Config {
    return this.current;
  }

  /** The admin API's view of this daemon (also used by tests, without HTTP). */
  adminDeps(): AdminDeps {
    return {
      metrics: this.metrics,
      syncer: this.syncer,
      learned: this.writeback.learned,
      events: this.events,
      core: () => this.core,
      config: () => this.current,
      now: Date.now,
    };
  }

  /**
   * SIGHUP: a validated new configuration. Decisions, sync and logging follow
   * it at once; new subnets apply together with a table rebuilt for them.
   * Listening addresses, the state directory and write-back settings need a
   * restart (logged).
   */
  async reload(next: Config): Promise<void> {
    const prev = this.current;
    this.current = next;
    const needRestart = [
      JSON.stringify(prev.dhcp.listen) !== JSON.stringify(next.dhcp.listen) && 'dhcp.listen',
      JSON.stringify(prev.admin.listen) !== JSON.stringify(next.admin.listen) && 'admin.listen',
      prev.stateDir !== next.stateDir && 'state_dir',
      (prev.writeback.enabled !== next.writeback.enabled || prev.writeback.maxPerSecond !== next.writeback.maxPerSecond) && 'writeback',
    ].filter((k): k is string => typeof k === 'string');
    this.log.level = next.log.level;
    this.syncer.reconfigure(this.syncSettings(next));
    const core = prepareCore(next);
    const subnetsChanged = JSON.stringify(prev.dhcp.subnets.map((s) => s.cidr.text)) !== JSON.stringify(next.dhcp.subnets.map((s) => s.cidr.text));
    if (!subnetsChanged || this.syncer.table === null) {
      this.core = core;
    } else {
      // Each binding's subnet index was fixed when its table was built: the
      // new subnets go live with a table built for them.
      this.stagedCore = core;
      const rebuilt = await this.syncer.loadSnapshot(true);
      if (!rebuilt) this.log.warn('subnets changed: they apply with the next sync (no snapshot to rebuild from)');
    }
    this.log.info({ restartNeededFor: needRestart.length ? needRestart : undefined, subnetsChanged }, needRestart.length ? 'configuration reloaded; some changes need a restart' : 'configuration reloaded');
  }

  /** Where the sockets actually are (port 0 resolved). */
  addresses(): { dhcp: HostPort[] } {
    return { dhcp: this.server.addresses() };
  }

  async stop(): Promise<void> {
    this.syncer.stop();
    await this.admin?.stop();
    await this.server.stop();
    await this.writeback.stop();
    await this.thread.close();
  }

  private syncSettings(config: Config): SyncSettings {
    return {
      source: { ...sourceSettings(config), ...(this.hooks.retry ? { retry: this.hooks.retry } : {}) },
      subnets: config.dhcp.subnets.map((s) => s.cidr),
      intervalMs: config.userside.syncIntervalMs,
      maxShrink: config.userside.maxShrink,
    };
  }
}

