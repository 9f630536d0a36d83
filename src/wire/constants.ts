/**
 * Protocol constants. Each names the RFC section that defines it.
 */

/** RFC 951 §3: `op` field. */
export const BOOTREQUEST = 1;
export const BOOTREPLY = 2;

/** RFC 1700 / IANA ARP hardware types: Ethernet is the only one an access network carries. */
export const HTYPE_ETHERNET = 1;
export const ETHERNET_HLEN = 6;

/** RFC 2131 §2: the fixed BOOTP header is 236 bytes, then the 4-byte magic cookie. */
export const BOOTP_HEADER_LENGTH = 236;
/** RFC 2131 §3: the first four octets of the options field are 99.130.83.99. */
export const MAGIC_COOKIE = 0x63825363;
export const OPTIONS_OFFSET = 240;
/** RFC 2131 §2 field offsets. */
export const SNAME_OFFSET = 44;
export const SNAME_LENGTH = 64;
export const FILE_OFFSET = 108;
export const FILE_LENGTH = 128;
export const CHADDR_OFFSET = 28;
export const CHADDR_LENGTH = 16;

/**
 * RFC 1542 §3.1.1: BOOTP relays and old clients drop packets under 300 bytes,
 * so replies are padded to at least this size.
 */
export const MIN_PACKET_LENGTH = 300;
/**
 * RFC 2131 §2: every client must accept 576-byte IP datagrams; RFC 2132 §9.10:
 * option 57 below 576 is illegal. 576 - 20 (IP) - 8 (UDP) = 548 bytes of DHCP.
 */
export const DEFAULT_MAX_MESSAGE_SIZE = 576;
export const IP_UDP_HEADER_LENGTH = 28;

/** RFC 2131 §2: the leftmost bit of `flags` asks for broadcast replies. */
export const FLAG_BROADCAST = 0x8000;

/** RFC 2132 §9.6: DHCP message type (option 53) values; 7 = RELEASE, 8 = INFORM. */
export const MessageType = {
  DISCOVER: 1,
  OFFER: 2,
  REQUEST: 3,
  DECLINE: 4,
  ACK: 5,
  NAK: 6,
  RELEASE: 7,
  INFORM: 8,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

const MESSAGE_TYPE_NAMES: readonly string[] = [
  'unknown', 'discover', 'offer', 'request', 'decline', 'ack', 'nak', 'release', 'inform',
];
/** Lower-case name for logs and metric labels; anything out of range is `unknown`. */
export function messageTypeName(type: number | undefined): string {
  return (type !== undefined && MESSAGE_TYPE_NAMES[type]) || 'unknown';
}

/** Option codes used by the server. RFC 2132 unless noted. */
export const Opt = {
  PAD: 0, // §3.1: a single byte, no length
  SUBNET_MASK: 1, // §3.3
  ROUTERS: 3, // §3.5
  DNS_SERVERS: 6, // §3.8
  HOSTNAME: 12, // §3.14
  DOMAIN_NAME: 15, // §3.17
  INTERFACE_MTU: 26, // §5.1
  BROADCAST_ADDRESS: 28, // §5.3
  NTP_SERVERS: 42, // §8.3
  VENDOR_SPECIFIC: 43, // §8.4
  REQUESTED_IP: 50, // §9.1
  LEASE_TIME: 51, // §9.2
  OVERLOAD: 52, // §9.3
  MESSAGE_TYPE: 53, // §9.6
  SERVER_ID: 54, // §9.7
  PARAMETER_REQUEST_LIST: 55, // §9.8
  MESSAGE: 56, // §9.9
  MAX_MESSAGE_SIZE: 57, // §9.10
  RENEWAL_TIME: 58, // §9.11 (T1)
  REBINDING_TIME: 59, // §9.12 (T2)
  VENDOR_CLASS_ID: 60, // §9.13
  CLIENT_ID: 61, // §9.14; echoed in replies per RFC 6842
  RELAY_AGENT_INFO: 82, // RFC 3046
  SUBNET_SELECTION: 118, // RFC 3011
  CLASSLESS_ROUTES: 121, // RFC 3442
  END: 255, // §3.2
} as const;

/** RFC 2132 §9.3: values of option 52. */
export const Overload = { FILE: 1, SNAME: 2, BOTH: 3 } as const;

/** RFC 3046 §2.0 and later RFCs: sub-options of option 82. */
export const RelaySub = {
  CIRCUIT_ID: 1, // RFC 3046 §2.1.1
  REMOTE_ID: 2, // RFC 3046 §2.1.2
  LINK_SELECTION: 5, // RFC 3527
  SUBSCRIBER_ID: 6, // RFC 3993
  VENDOR_SPECIFIC: 9, // RFC 4243
  SERVER_ID_OVERRIDE: 11, // RFC 5107
  RELAY_SOURCE_PORT: 19, // RFC 8357 §5.1
  VSS: 151, // RFC 6607
  VSS_CONTROL: 152, // RFC 6607
} as const;

/** UDP ports, RFC 2131 §4.1. */
export const SERVER_PORT = 67;
export const CLIENT_PORT = 68;
