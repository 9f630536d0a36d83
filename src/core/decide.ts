import { clientMac, getMessageType, getRequestedIp, getServerId, requestsOption } from '../wire/accessors.js';
import { BOOTREQUEST, MessageType, messageTypeName, Opt } from '../wire/constants.js';
import { ipToString } from '../wire/ipv4.js';
import { formatMac } from '../wire/mac.js';
import type { DhcpPacket } from '../wire/packet.js';
import { serverIdOverride } from '../wire/relay-agent-info.js';
import {
  maxReplyLength,
  newReplyFromRequest,
  trimToLength,
  withBroadcast,
  withClientIp,
  withMessage,
  withMessageType,
  withServerId,
  withYourIp,
  type Modifier,
} from '../wire/reply.js';
import type { LeaseTable } from '../leases/table.js';
import { subnetOf } from '../leases/build.js';
import { drop, type Decision, type PacketSource, type ReplyDecision, type Trace } from './decision.js';
import { replyDestination } from './destination.js';
import { findBinding, type Match } from './match.js';
import { macOf, NOTHING_LEARNED, type LearnedMacs, type Leases } from './learned.js';
import type { CoreConfig, PreparedSubnet } from './prepare.js';
import { REASONS, type DecisionReason } from './reasons.js';
import { readRelay, type RelayView } from './relay.js';

/** Everything `decide` reads besides the request. No I/O, no clock of its own. */
export interface DecideContext {
  readonly table: LeaseTable | null;
  /** MACs learned since the last sync (write-back); none when absent. */
  readonly learned?: LearnedMacs;
  readonly core: CoreConfig;
  /** ms since epoch, injected. */
  readonly now: number;
}

function leasesOf(ctx: DecideContext, table: LeaseTable): Leases {
  return { table, learned: ctx.learned ?? NOTHING_LEARNED };
}

/** Options a reply never loses to option 57 (RFC 2131 table 3 and RFC 3046/6842). */
const KEEP = new Set<number>([Opt.MESSAGE_TYPE, Opt.SERVER_ID, Opt.LEASE_TIME, Opt.RENEWAL_TIME, Opt.REBINDING_TIME, Opt.SUBNET_MASK, Opt.ROUTERS, Opt.CLIENT_ID, Opt.RELAY_AGENT_INFO]);

/**
 * SPEC §5: one request in, one decision out — a reply and where it goes, or a
 * drop and why. Pure: the lease table, configuration and time are passed in.
 */
export function decide(req: DhcpPacket, source: PacketSource, ctx: DecideContext, trace?: Trace): Decision {
  if (req.op !== BOOTREQUEST) return drop('not-a-request');
  const type = getMessageType(req);
  if (typeof type !== 'number') {
    trace?.push('no readable option 53 (a BOOTP request, or malformed)');
    return drop('malformed');
  }
  trace?.push(`${messageTypeName(type).toUpperCase()} from ${formatMac(clientMac(req))}${req.giaddr ? ` via relay ${ipToString(req.giaddr)}` : ''}`);
  const relay = readRelay(req, ctx.core, trace);
  switch (type) {
    case MessageType.DISCOVER:
      return discover(req, source, relay, ctx, trace);
    case MessageType.REQUEST:
      return request(req, source, relay, ctx, trace);
    case MessageType.INFORM:
      return inform(req, source, relay, ctx, trace);
    case MessageType.DECLINE:
      // RFC 2131 §4.3.3: the address is in use by someone else. Nothing to
      // change here (UserSide owns the binding): counted and logged by the server.
      return drop('declined', relay.ignored);
    case MessageType.RELEASE:
      return drop('released', relay.ignored);
    case MessageType.OFFER:
    case MessageType.ACK:
    case MessageType.NAK:
      return drop('not-a-request');
    default:
      return drop('unsupported-message');
  }
}

function discover(req: DhcpPacket, source: PacketSource, relay: RelayView, ctx: DecideContext, trace: Trace): Decision {
  if (ctx.table === null) return drop('no-table', relay.ignored);
  const leases = leasesOf(ctx, ctx.table);
  const m = findBinding(req, clientMac(req), relay, leases, ctx.core, trace);
  if (typeof m === 'string') return drop(m, relay.ignored);
  trace?.push(`OFFER ${ipToString(leases.table.ip(m.binding))}`);
  return leaseReply(req, MessageType.OFFER, m, leases, source, relay, ctx.core);
}

/**
 * RFC 2131 §4.3.2: the client's state shows in the request —
 * SELECTING: option 54 set; INIT-REBOOT: option 50 and no ciaddr;
 * RENEWING/REBINDING: ciaddr set (unicast, usually without option 82: §4.3.2,
 * so the binding of ciaddr is checked against the client's MAC instead).
 */
function request(req: DhcpPacket, source: PacketSource, relay: RelayView, ctx: DecideContext, trace: Trace): Decision {
  const core = ctx.core;
  if (ctx.table === null) return drop('no-table', relay.ignored);
  const leases = leasesOf(ctx, ctx.table);
  const table = leases.table;
  const serverId = getServerId(req);
  const requested = getRequestedIp(req);
  const mac = clientMac(req);

  if (typeof serverId === 'number') {
    if (serverId !== core.serverId && serverId !== ourOverride(relay)) {
      trace?.push(`SELECTING another server (${ipToString(serverId)}): stay silent`);
      return drop('wrong-server', relay.ignored);
    }
    if (typeof requested !== 'number') return drop('no-requested-address', relay.ignored);
    const m = findBinding(req, mac, relay, leases, core, trace);
    if (typeof m === 'string') return nak(req, source, relay, core, m, trace);
    if (table.ip(m.binding) !== requested) return nak(req, source, relay, core, 'wrong-address', trace, table.ip(m.binding));
    return leaseReply(req, MessageType.ACK, m, leases, source, relay, core);
  }

  if (req.ciaddr !== 0) {
    const m = renewalBinding(req, mac, relay, leases, core, trace);
    if (typeof m === 'string') return nak(req, source, relay, core, m, trace);
    return leaseReply(req, MessageType.ACK, m, leases, source, relay, core);
  }

  if (typeof requested === 'number') {
    // INIT-REBOOT: "If the DHCP server has no record of this client, then it
    // MUST remain silent" (§4.3.2).
    const m = findBinding(req, mac, relay, leases, core, trace);
    if (typeof m === 'string') return drop(m, relay.ignored);
    if (table.ip(m.binding) !== requested) return nak(req, source, relay, core, 'wrong-address', trace, table.ip(m.binding));
    return leaseReply(req, MessageType.ACK, m, leases, source, relay, core);
  }
  return drop('no-requested-address', relay.ignored);
}

/**
 * RENEWING/REBINDING: the binding of ciaddr must belong to this client — its
 * MAC is the client's, or UserSide has no MAC for it — or the usual matching
 * (a rebinding may come through the relay with option 82) must find it.
 * Kea NAKs port-bound renewals here; SPEC §5 says we must not.
 */
function renewalBinding(req: DhcpPacket, mac: number, relay: RelayView, leases: Leases, core: CoreConfig, trace: Trace): Match | DecisionReason {
  const table = leases.table;
  const b = table.byIp(req.ciaddr);
  if (b < 0) {
    trace?.push(`renewal of ${ipToString(req.ciaddr)}: no such binding`);
    return 'unknown-client';
  }
  const owner = macOf(leases, b);
  if (owner === mac || owner < 0) {
    trace?.push(`renewal of ${ipToString(req.ciaddr)}: binding ${owner < 0 ? 'has no MAC' : owner === table.mac(b) ? 'holds this MAC' : 'holds this MAC (learned)'}`);
    return { binding: b, by: 'address' };
  }
  if (relay.info !== null) {
    const m = findBinding(req, mac, relay, leases, core, trace);
    if (typeof m !== 'string' && m.binding === b) return m;
  }
  trace?.push(`renewal of ${ipToString(req.ciaddr)}: binding holds MAC ${formatMac(owner)}`);
  return 'mac-mismatch';
}

/** RFC 2131 §4.3.5: an ACK with configuration, no address and no lease time, to ciaddr. */
function inform(req: DhcpPacket, source: PacketSource, relay: RelayView, ctx: DecideContext, trace: Trace): Decision {
  const core = ctx.core;
  const ciaddr = req.ciaddr !== 0 ? req.ciaddr : req.giaddr === 0 ? source.address : 0;
  const sn = ciaddr === 0 ? -1 : subnetOf(ciaddr, core.subnetCidrs);
  if (sn < 0) {
    trace?.push(`INFORM from ${ipToString(ciaddr)}: in no configured subnet`);
    return drop('unknown-subnet', relay.ignored);
  }
  const subnet = core.subnets[sn] as PreparedSubnet;
  const reply = newReplyFromRequest(req, withMessageType(MessageType.ACK), withClientIp(ciaddr), serverIdFor(relay, core), subnet.always);
  addRequestedOptions(reply, req, subnet);
  if (!trimToLength(reply, maxReplyLength(req), KEEP)) return drop('reply-too-large', relay.ignored);
  trace?.push(`ACK to INFORM with the options of ${subnet.cidr.text}`);
  return reply_(MessageType.ACK, reply, req, source, relay, core, -1);
}

function leaseReply(req: DhcpPacket, type: MessageType, m: Match, leases: Leases, source: PacketSource, relay: RelayView, core: CoreConfig): Decision {
  const table = leases.table;
  const b = m.binding;
  const subnet = core.subnets[table.subnet(b)] as PreparedSubnet;
  const reply = newReplyFromRequest(req, withMessageType(type), withYourIp(table.ip(b)), serverIdFor(relay, core), subnet.lease, subnet.always);
  // RFC 2131 table 3: an ACK carries the request's ciaddr.
  if (type === MessageType.ACK) reply.ciaddr = req.ciaddr;
  addRequestedOptions(reply, req, subnet);
  if (!trimToLength(reply, maxReplyLength(req), KEEP)) return drop('reply-too-large', relay.ignored, b);
  const decision = { ...reply_(type, reply, req, source, relay, core, b), by: m.by };
  const mac = clientMac(req);
  return type === MessageType.ACK && learnsMac(core, leases, b, mac) ? { ...decision, learn: { ip: table.ip(b), mac } } : decision;
}

/**
 * SPEC §5: a new MAC on a port binding is written back to UserSide — on ACK,
 * not OFFER (the client may take another server's offer), and only when
 * matching by port may give a port to a new MAC (port, port-then-mac).
 */
function learnsMac(core: CoreConfig, leases: Leases, b: number, mac: number): boolean {
  if (core.match !== 'port' && core.match !== 'port-then-mac') return false;
  return leases.table.port(b) >= 0 && macOf(leases, b) !== mac;
}

/**
 * RFC 2131 §4.3.1: options the client asked for in option 55 that the subnet
 * has; a client that sends no option 55 gets them all.
 */
function addRequestedOptions(reply: DhcpPacket, req: DhcpPacket, subnet: PreparedSubnet): void {
  const hasList = req.options.has(Opt.PARAMETER_REQUEST_LIST);
  for (const [code, bytes] of subnet.onRequest) {
    if (!hasList || requestsOption(req, code)) reply.options.set(code, bytes);
  }
}

/** A NAK when authoritative (SPEC §5), silence otherwise. */
function nak(req: DhcpPacket, source: PacketSource, relay: RelayView, core: CoreConfig, reason: DecisionReason, trace: Trace, bound?: number): Decision {
  if (!core.authoritative) {
    trace?.push(`not authoritative: silent (${reason})`);
    return drop(reason, relay.ignored);
  }
  trace?.push(`NAK: ${reason}${bound === undefined ? '' : ` (the binding is ${ipToString(bound)})`}`);
  const mods: Modifier[] = [withMessageType(MessageType.NAK), serverIdFor(relay, core), withMessage(REASONS.get(reason)?.text ?? reason)];
  // RFC 2131 §4.3.2: a NAK through a relay goes with the broadcast bit set.
  if (req.giaddr !== 0) mods.push(withBroadcast);
  const reply = newReplyFromRequest(req, ...mods);
  const d = reply_(MessageType.NAK, reply, req, source, relay, core, -1);
  return { ...d, reason };
}

function reply_(type: MessageType, packet: DhcpPacket, req: DhcpPacket, source: PacketSource, relay: RelayView, core: CoreConfig, binding: number): ReplyDecision {
  const to = replyDestination(req, type, source, relay.replyToSourcePort, core);
  return relay.ignored === undefined ? { kind: 'reply', type, packet, to, binding } : { kind: 'reply', type, packet, to, binding, note: relay.ignored };
}

/** RFC 5107: a trusted relay may name the address clients must see as server id. */
function ourOverride(relay: RelayView): number | undefined {
  if (relay.info === null) return undefined;
  const o = serverIdOverride(relay.info);
  return typeof o === 'number' ? o : undefined;
}

function serverIdFor(relay: RelayView, core: CoreConfig): Modifier {
  const o = ourOverride(relay);
  return o === undefined ? core.withServerId : withServerId(o);
}

