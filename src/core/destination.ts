import { MessageType, SERVER_PORT } from '../wire/constants.js';
import type { DhcpPacket } from '../wire/packet.js';
import type { Destination, PacketSource } from './decision.js';

export interface RoutingConfig {
  /** Clients' UDP port: 68 (RFC 2131 §4.1); configurable for labs. */
  readonly clientPort: number;
  /** Limited broadcast, or a directed broadcast on multi-homed hosts. */
  readonly broadcastAddress: number;
}

/**
 * RFC 2131 §4.1, where a reply goes:
 * - `giaddr` set: to the relay, `giaddr:67` — NAK included (§4.3.2: the relay
 *   then broadcasts it); RFC 8357: to the relay's source port when it asked.
 * - else `ciaddr` set (RENEWING, INFORM): unicast `ciaddr:68` — except a NAK,
 *   which is broadcast (§4.1: "in all cases, when giaddr is zero, the server
 *   broadcasts any DHCPNAK messages").
 * - else broadcast to :68. (Unicast to yiaddr would need an ARP entry made by
 *   hand, which §4.1 allows the server to skip.)
 */
export function replyDestination(req: DhcpPacket, type: number, source: PacketSource, replyToSourcePort: boolean, cfg: RoutingConfig): Destination {
  if (req.giaddr !== 0) return { address: req.giaddr, port: replyToSourcePort ? source.port : SERVER_PORT };
  if (req.ciaddr !== 0 && type !== MessageType.NAK) return { address: req.ciaddr, port: cfg.clientPort };
  return { address: cfg.broadcastAddress, port: cfg.clientPort };
}

