import { BOOTREPLY, DEFAULT_MAX_MESSAGE_SIZE, FLAG_BROADCAST, IP_UDP_HEADER_LENGTH, Opt } from './constants.js';
import { getMaxMessageSize } from './accessors.js';
import { writeIp } from './ipv4.js';
import { DhcpPacket, encodingLength } from './packet.js';

/** A change applied to a reply under construction. */
export type Modifier = (reply: DhcpPacket) => void;

/**
 * The reply skeleton every server answer starts from (RFC 2131 §4.3.1, table 3),
 * then the modifiers in order.
 */
export function newReplyFromRequest(req: DhcpPacket, ...modifiers: Modifier[]): DhcpPacket {
  const r = new DhcpPacket();
  r.op = BOOTREPLY;
  // Table 3: htype, hlen, xid, flags, giaddr and chaddr come from the client's
  // message; hops, secs, ciaddr, yiaddr, siaddr, sname and file start at 0.
  r.htype = req.htype;
  r.hlen = req.hlen;
  r.xid = req.xid;
  r.flags = req.flags;
  r.giaddr = req.giaddr;
  r.chaddr = req.chaddr;
  r.chaddrAt = req.chaddrAt;
  // RFC 6842 §3: a client identifier the client sent is returned unmodified.
  r.options.copyFrom(req.options, Opt.CLIENT_ID);
  // RFC 3046 §2.2: option 82 is echoed byte for byte (encode puts it last).
  r.options.copyFrom(req.options, Opt.RELAY_AGENT_INFO);
  for (const m of modifiers) m(r);
  return r;
}

// Modifiers encode their bytes when they are made, not when applied: the server
// makes the constant ones (server id, a subnet's lease and options) once.

function u32Option(code: number, value: number): Modifier {
  const b = new Uint8Array(4);
  writeIp(b, 0, value);
  return (r) => {
    r.options.set(code, b);
  };
}

const MESSAGE_TYPE_MODIFIERS: Modifier[] = Array.from({ length: 9 }, (_, t) => {
  const b = Uint8Array.of(t);
  return (r: DhcpPacket) => {
    r.options.set(Opt.MESSAGE_TYPE, b);
  };
});

/** 53, RFC 2132 §9.6. */
export function withMessageType(type: number): Modifier {
  return MESSAGE_TYPE_MODIFIERS[type] ?? withOption(Opt.MESSAGE_TYPE, Uint8Array.of(type));
}

/** yiaddr: the address offered or acknowledged (0 in NAK and in ACK to INFORM). */
export const withYourIp =
  (ip: number): Modifier =>
  (r) => {
    r.yiaddr = ip;
  };

/** ciaddr: table 3 copies it from a REQUEST or INFORM into the ACK. */
export const withClientIp =
  (ip: number): Modifier =>
  (r) => {
    r.ciaddr = ip;
  };

/** 54, RFC 2132 §9.7: required in OFFER, ACK and NAK (table 3). */
export const withServerId = (ip: number): Modifier => u32Option(Opt.SERVER_ID, ip);

/** 51, RFC 2132 §9.2. */
export const withLeaseTime = (seconds: number): Modifier => u32Option(Opt.LEASE_TIME, seconds);

/**
 * 58/59 (RFC 2132 §9.11-12). RFC 2131 §4.4.5 defaults: T1 = 0.5 and
 * T2 = 0.875 of the lease, sent explicitly so every client uses the same.
 */
export function withRenewalTimes(leaseSeconds: number): Modifier {
  const t1 = u32Option(Opt.RENEWAL_TIME, Math.floor(leaseSeconds / 2));
  const t2 = u32Option(Opt.REBINDING_TIME, Math.floor((leaseSeconds * 7) / 8));
  return (r) => {
    t1(r);
    t2(r);
  };
}

/** Several modifiers as one, e.g. everything a subnet adds to its replies. */
export function withAll(...modifiers: Modifier[]): Modifier {
  return (r) => {
    for (const m of modifiers) m(r);
  };
}

/** Any option from ready-made bytes (the subnet's options are encoded once at start). */
export const withOption =
  (code: number, value: Uint8Array): Modifier =>
  (r) => {
    r.options.set(code, value);
  };

/** 56, RFC 2132 §9.9: a human-readable reason, useful in a NAK. */
export const withMessage = (text: string): Modifier => withOption(Opt.MESSAGE, Buffer.from(text, 'utf8'));

/** Sets the broadcast bit (RFC 2131 §4.3.2: a NAK through a relay is broadcast by it). */
export const withBroadcast: Modifier = (r) => {
  r.flags |= FLAG_BROADCAST;
};

/**
 * The largest reply the client accepts, in bytes of DHCP message: option 57
 * counts the IP datagram (RFC 2132 §9.10), so 28 header bytes come off; no or
 * an illegal option 57 means 576 (RFC 2131 §2).
 */
export function maxReplyLength(req: DhcpPacket): number {
  const v = getMaxMessageSize(req);
  return (typeof v === 'number' ? v : DEFAULT_MAX_MESSAGE_SIZE) - IP_UDP_HEADER_LENGTH;
}

/**
 * Drops options, last first, until the reply fits `limit` bytes. Options in
 * `keep` (message type, server id, lease, 82...) are never dropped. Returns
 * false if even the kept options do not fit.
 */
export function trimToLength(reply: DhcpPacket, limit: number, keep: ReadonlySet<number>): boolean {
  let e = reply.options.size - 1;
  while (encodingLength(reply) > limit) {
    while (e >= 0 && keep.has(reply.options.codeAt(e))) e--;
    if (e < 0) return false;
    reply.options.delete(reply.options.codeAt(e));
    e--;
  }
  return true;
}
