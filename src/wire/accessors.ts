import { DEFAULT_MAX_MESSAGE_SIZE, Opt } from './constants.js';
import { MALFORMED, type Read } from './errors.js';
import { readMac } from './mac.js';
import { clientId as clientIdType, type ClientId, codeList, text, uint16, uint32, uint8 } from './option-types.js';
import type { DhcpPacket } from './packet.js';
import { relayAgentInfo, type RelayAgentInfo } from './relay-agent-info.js';
import type { WireType } from './wire-type.js';

/**
 * Typed readers for the options a server reads. Each returns the value,
 * `undefined` when the option is absent, or MALFORMED when its bytes do not make
 * a value: the caller decides what a malformed option means.
 */
function read<T>(p: DhcpPacket, code: number, type: WireType<T>): Read<T> {
  const o = p.options;
  const e = o.find(code);
  return e < 0 ? undefined : type.decode(o.sourceAt(e), o.startAt(e), o.lengthAt(e));
}

/** 53, RFC 2132 §9.6. */
export const getMessageType = (p: DhcpPacket): Read<number> => read(p, Opt.MESSAGE_TYPE, uint8);
/** 50, RFC 2132 §9.1: the address asked for in SELECTING and INIT-REBOOT. */
export const getRequestedIp = (p: DhcpPacket): Read<number> => read(p, Opt.REQUESTED_IP, uint32);
/** 54, RFC 2132 §9.7: which server the client chose. */
export const getServerId = (p: DhcpPacket): Read<number> => read(p, Opt.SERVER_ID, uint32);
/** 51, RFC 2132 §9.2: seconds. */
export const getLeaseTime = (p: DhcpPacket): Read<number> => read(p, Opt.LEASE_TIME, uint32);
/** 58, RFC 2132 §9.11: T1 seconds. */
export const getRenewalTime = (p: DhcpPacket): Read<number> => read(p, Opt.RENEWAL_TIME, uint32);
/** 59, RFC 2132 §9.12: T2 seconds. */
export const getRebindingTime = (p: DhcpPacket): Read<number> => read(p, Opt.REBINDING_TIME, uint32);
/** 55, RFC 2132 §9.8: option codes the client asks for, in its order of preference. */
export const getParameterRequestList = (p: DhcpPacket): Read<readonly number[]> => read(p, Opt.PARAMETER_REQUEST_LIST, codeList);
/** 61, RFC 2132 §9.14. */
export const getClientId = (p: DhcpPacket): Read<ClientId> => read(p, Opt.CLIENT_ID, clientIdType);
/** 12, RFC 2132 §3.14. */
export const getHostname = (p: DhcpPacket): Read<string> => read(p, Opt.HOSTNAME, text);
/** 60, RFC 2132 §9.13. */
export const getVendorClassId = (p: DhcpPacket): Read<string> => read(p, Opt.VENDOR_CLASS_ID, text);
/** 52, RFC 2132 §9.3 (decode has already applied it). */
export const getOverload = (p: DhcpPacket): Read<number> => read(p, Opt.OVERLOAD, uint8);
/** 82, RFC 3046. Use decodeRelayAgentInfo for the exact fault of a malformed one. */
export const getRelayAgentInfo = (p: DhcpPacket): Read<RelayAgentInfo> => read(p, Opt.RELAY_AGENT_INFO, relayAgentInfo);

/**
 * 57, RFC 2132 §9.10: the largest DHCP message the client accepts. Values under
 * 576 are illegal and read as MALFORMED.
 */
export function getMaxMessageSize(p: DhcpPacket): Read<number> {
  const v = read(p, Opt.MAX_MESSAGE_SIZE, uint16);
  return typeof v === 'number' && v < DEFAULT_MAX_MESSAGE_SIZE ? MALFORMED : v;
}

/** True when option 55 asks for `code` (no allocation: used per reply option). */
export function requestsOption(p: DhcpPacket, code: number): boolean {
  const o = p.options;
  const e = o.find(Opt.PARAMETER_REQUEST_LIST);
  if (e < 0) return false;
  const src = o.sourceAt(e);
  const end = o.startAt(e) + o.lengthAt(e);
  for (let i = o.startAt(e); i < end; i++) if (src[i] === code) return true;
  return false;
}

/** The client hardware address (chaddr, Ethernet) as a 48-bit number. */
export function clientMac(p: DhcpPacket): number {
  return readMac(p.chaddr, p.chaddrAt);
}
