import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Logger } from 'pino';
import type { HostPort } from '../config/types.js';
import { decide } from '../core/decide.js';
import type { Decision } from '../core/decision.js';
import { NOTHING_LEARNED, type LearnedMacs } from '../core/learned.js';
import { performance } from 'node:perf_hooks';
import type { CoreConfig } from '../core/prepare.js';
import type { TableHolder } from '../leases/syncer.js';
import { clientMac, getMessageType } from '../wire/accessors.js';
import { MessageType, messageTypeName } from '../wire/constants.js';
import { DecodeError } from '../wire/errors.js';
import { ipToString, parseIp } from '../wire/ipv4.js';
import { formatMac } from '../wire/mac.js';
import { decode, encode, type DhcpPacket } from '../wire/packet.js';
import type { PacketCounters } from './counters.js';
import { OncePer } from './once-per.js';

export interface UdpServerOptions {
  readonly listen: readonly HostPort[];
  readonly core: () => CoreConfig;
  readonly tables: TableHolder;
  /** MACs learned since the last sync, laid over the table. */
  readonly learned?: LearnedMacs;
  /** An ACK gave a port binding to a new MAC: write it back. */
  readonly onLearn?: (ip: number, mac: number) => void;
  readonly counters: PacketCounters;
  readonly log: Logger;
  /** Told of every decision (events ring, tests); must not throw. */
  readonly onDecision?: (req: DhcpPacket, decision: Decision, requestType: number) => void;
  /** Seconds spent in decide(), per packet (the latency histogram). */
  readonly observeDecision?: (seconds: number) => void;
  readonly now?: () => number;
}

const MINUTE = 60_000;

/**
 * The UDP edge: decode → decide → encode → send, synchronously, per datagram.
 * A packet can cost a drop and a counter, never the process: anything thrown
 * while handling one is caught, counted and logged at most once a minute.
 */
export class UdpServer {
  private readonly sockets: Socket[] = [];
  private readonly errorLog = new OncePer(MINUTE);
  private readonly refusalLog = new OncePer(MINUTE, 100_000);
  private readonly now: () => number;
  private readonly learned: LearnedMacs;

  constructor(private readonly opts: UdpServerOptions) {
    this.now = opts.now ?? Date.now;
    this.learned = opts.learned ?? NOTHING_LEARNED;
  }

  /** Binds every listen address; rejects if one cannot be bound. */
  async start(): Promise<void> {
    for (const hp of this.opts.listen) {
      const socket = createSocket({ type: 'udp4', reuseAddr: true });
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(hp.port, hp.host, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      socket.setBroadcast(true);
      socket.on('message', (buf, rinfo) => this.handle(socket, buf, rinfo));
      socket.on('error', (e) => this.logError('socket-error', e));
      this.sockets.push(socket);
      this.opts.log.info({ listen: `${hp.host}:${this.portOf(socket)}` }, 'listening for DHCP');
    }
  }

  /** Local addresses actually bound (port 0 resolved), for tests and the demo. */
  addresses(): HostPort[] {
    return this.sockets.map((s) => ({ host: s.address().address, port: s.address().port }));
  }

  async stop(): Promise<void> {
    await Promise.all(this.sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.sockets.length = 0;
  }

  private portOf(s: Socket): number {
    return s.address().port;
  }

  private handle(socket: Socket, buf: Buffer, rinfo: RemoteInfo): void {
    const counters = this.opts.counters;
    try {
      const req = decode(buf);
      if (req instanceof DecodeError) {
        counters.countReceived(0);
        counters.drop(req.code);
        if (this.opts.log.isLevelEnabled('debug')) this.opts.log.debug({ from: rinfo.address, error: req.message }, 'undecodable packet dropped');
        return;
      }
      const t = getMessageType(req);
      // Types the server does not know (0, 9-255) are counted as "unknown".
      const type = typeof t === 'number' && t >= MessageType.DISCOVER && t <= MessageType.INFORM ? t : 0;
      counters.countReceived(type);
      const t0 = performance.now();
      const decision = decide(
        req,
        { address: parseIp(rinfo.address) ?? 0, port: rinfo.port },
        { table: this.opts.tables.table, learned: this.learned, core: this.opts.core(), now: this.now() },
      );
      this.opts.observeDecision?.((performance.now() - t0) / 1000);
      this.account(req, decision, type);
      this.opts.onDecision?.(req, decision, type);
      if (decision.kind === 'drop') return;
      const bytes = encode(decision.packet);
      socket.send(bytes, decision.to.port, ipToString(decision.to.address), (err) => {
        if (err) {
          counters.sendErrors++;
          this.logError('send-error', err);
        }
      });
      counters.countSent(decision.type);
      if (decision.learn) this.opts.onLearn?.(decision.learn.ip, decision.learn.mac);
    } catch (e) {
      counters.drop('internal-error');
      this.logError('internal-error', e);
    }
  }

  private account(req: DhcpPacket, d: Decision, type: number): void {
    const counters = this.opts.counters;
    const log = this.opts.log;
    if (d.note) counters.note(d.note);
    if (d.kind === 'drop') counters.drop(d.reason);
    else if (d.reason) counters.nak(d.reason);
    const refusal = d.kind === 'drop' ? d.reason : d.reason;
    if (log.isLevelEnabled('debug')) {
      log.debug(
        {
          type: messageTypeName(type),
          mac: formatMac(clientMac(req)),
          giaddr: req.giaddr ? ipToString(req.giaddr) : undefined,
          decision: d.kind === 'drop' ? 'drop' : messageTypeName(d.type),
          yiaddr: d.kind === 'reply' && d.packet.yiaddr ? ipToString(d.packet.yiaddr) : undefined,
          reason: refusal,
          note: d.note,
        },
        'decision',
      );
    } else if (refusal !== undefined && log.isLevelEnabled('info')) {
      // info: each refusal reason once per MAC per minute, never per packet.
      const mac = clientMac(req);
      if (this.refusalLog.pass(`${refusal}/${mac}`, this.now())) {
        log.info({ mac: formatMac(mac), reason: refusal, type: messageTypeName(type), giaddr: req.giaddr ? ipToString(req.giaddr) : undefined }, `refused: ${refusal}`);
      }
    }
  }

  private logError(kind: string, e: unknown): void {
    if (this.errorLog.pass(kind, this.now())) {
      this.opts.log.error({ kind, err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) }, `${kind} while handling a packet (logged once a minute)`);
    }
  }
}
