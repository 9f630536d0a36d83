import { createSocket, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { getMessageType, getServerId } from '../wire/accessors.js';
import { MessageType, RelaySub } from '../wire/constants.js';
import { parseIp } from '../wire/ipv4.js';
import { decode, DhcpPacket, encode } from '../wire/packet.js';
import { buildRequest, type RequestFields } from './build-request.js';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** Acting as a relay: giaddr is our own address, option 82 as given. */
export interface RelayAs {
  readonly circuitId?: Uint8Array;
  readonly remoteId?: Uint8Array;
  /** Add RFC 8357 sub-option 19 so the server answers on our port (default true). */
  readonly askReplyToOurPort?: boolean;
}

export type Exchange = Omit<RequestFields, 'xid' | 'giaddr' | 'relay82'> & { readonly xid?: number; readonly relay?: RelayAs };

/**
 * A small DHCP client on one UDP socket: sends requests (optionally as a relay
 * would, with giaddr and option 82) and waits for the reply with the same xid.
 * Used by `userside-dhcpd send`, the demo and the tests. Needs no root: bound to
 * a high port, it relays with RFC 8357 so the server replies to that port.
 */
export class DhcpTestClient {
  private readonly waiting = new Map<number, (p: DhcpPacket) => void>();
  readonly received: DhcpPacket[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('message', (buf) => {
      const p = decode(Buffer.from(buf));
      if (!(p instanceof DhcpPacket)) return;
      this.received.push(p);
      const resolve = this.waiting.get(p.xid);
      if (resolve) {
        this.waiting.delete(p.xid);
        resolve(p);
      }
    });
  }

  static async open(bind: Endpoint = { host: '127.0.0.1', port: 0 }): Promise<DhcpTestClient> {
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(bind.port, bind.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new DhcpTestClient(socket);
  }

  get address(): Endpoint {
    const a = this.socket.address();
    return { host: a.address, port: a.port };
  }

  /** Builds the request for `e` (as a relay when `e.relay`), without sending it. */
  build(e: Exchange): DhcpPacket {
    const subs: Array<[number, Uint8Array]> = [];
    if (e.relay?.circuitId) subs.push([RelaySub.CIRCUIT_ID, e.relay.circuitId]);
    if (e.relay?.remoteId) subs.push([RelaySub.REMOTE_ID, e.relay.remoteId]);
    if (e.relay && e.relay.askReplyToOurPort !== false) subs.push([RelaySub.RELAY_SOURCE_PORT, new Uint8Array(0)]);
    return buildRequest({
      ...e,
      xid: e.xid ?? randomInt(1, 0x7fffffff),
      ...(e.relay ? { giaddr: parseIp(this.address.host) ?? 0, relay82: subs } : {}),
    });
  }

  /** Sends raw bytes (for hostile-packet tests). */
  sendRaw(bytes: Uint8Array, to: Endpoint): void {
    this.socket.send(bytes, to.port, to.host);
  }

  /** Sends `req` and resolves with the reply of the same xid, or null after `timeoutMs`. */
  exchange(req: DhcpPacket, to: Endpoint, timeoutMs = 2000): Promise<DhcpPacket | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(req.xid);
        resolve(null);
      }, timeoutMs);
      this.waiting.set(req.xid, (p) => {
        clearTimeout(timer);
        resolve(p);
      });
      this.socket.send(encode(req), to.port, to.host);
    });
  }

  /**
   * DISCOVER → OFFER → REQUEST (SELECTING) → ACK. Resolves with whatever came
   * back; `ack` is null when the server stayed silent or sent a NAK instead.
   */
  async dora(e: Exchange, to: Endpoint, timeoutMs = 2000): Promise<{ offer: DhcpPacket | null; ack: DhcpPacket | null; nak: DhcpPacket | null }> {
    const xid = e.xid ?? randomInt(1, 0x7fffffff);
    const offer = await this.exchange(this.build({ ...e, xid, type: MessageType.DISCOVER }), to, timeoutMs);
    if (offer === null || getMessageType(offer) !== MessageType.OFFER) return { offer: null, ack: null, nak: null };
    const serverId = getServerId(offer);
    const reply = await this.exchange(
      this.build({ ...e, xid, type: MessageType.REQUEST, requested: offer.yiaddr, ...(typeof serverId === 'number' ? { serverId } : {}) }),
      to,
      timeoutMs,
    );
    const type = reply === null ? undefined : getMessageType(reply);
    return { offer, ack: type === MessageType.ACK ? reply : null, nak: type === MessageType.NAK ? reply : null };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
