import { MessageType, Opt } from '../wire/constants.js';
import { writeIp } from '../wire/ipv4.js';
import { writeMac } from '../wire/mac.js';
import { DhcpPacket } from '../wire/packet.js';
import { relayAgentInfo, relayAgentInfoOf } from '../wire/relay-agent-info.js';

/** The fields of a request the test client (and the tests) can set. */
export interface RequestFields {
  /** Option 53; null sends none (a BOOTP-style request). */
  readonly type?: number | null;
  readonly mac: number;
  readonly xid: number;
  readonly op?: number;
  readonly flags?: number;
  readonly giaddr?: number;
  readonly ciaddr?: number;
  readonly requested?: number;
  readonly serverId?: number;
  readonly prl?: readonly number[];
  readonly maxSize?: number;
  readonly clientId?: Uint8Array;
  readonly hostname?: string;
  /** Option 82 as sub-options, or as raw bytes. */
  readonly relay82?: ReadonlyArray<readonly [number, Uint8Array]> | Uint8Array;
}

const ip4 = (ip: number): Uint8Array => {
  const b = new Uint8Array(4);
  writeIp(b, 0, ip);
  return b;
};

/** A request as a client (or, with giaddr and option 82, a relay) sends it. */
export function buildRequest(f: RequestFields): DhcpPacket {
  const p = new DhcpPacket();
  p.op = f.op ?? 1;
  p.xid = f.xid >>> 0;
  p.flags = f.flags ?? 0;
  p.giaddr = f.giaddr ?? 0;
  p.ciaddr = f.ciaddr ?? 0;
  p.hops = p.giaddr ? 1 : 0;
  const chaddr = new Uint8Array(16);
  writeMac(chaddr, 0, f.mac);
  p.chaddr = chaddr;
  const o = p.options;
  if (f.type !== null) o.set(Opt.MESSAGE_TYPE, Uint8Array.of(f.type ?? MessageType.DISCOVER));
  if (f.requested !== undefined) o.set(Opt.REQUESTED_IP, ip4(f.requested));
  if (f.serverId !== undefined) o.set(Opt.SERVER_ID, ip4(f.serverId));
  if (f.clientId) o.set(Opt.CLIENT_ID, f.clientId);
  if (f.hostname) o.set(Opt.HOSTNAME, Buffer.from(f.hostname));
  if (f.prl) o.set(Opt.PARAMETER_REQUEST_LIST, Uint8Array.from(f.prl));
  if (f.maxSize !== undefined) o.set(Opt.MAX_MESSAGE_SIZE, Uint8Array.of(f.maxSize >> 8, f.maxSize & 255));
  if (f.relay82 instanceof Uint8Array) o.set(Opt.RELAY_AGENT_INFO, f.relay82);
  else if (f.relay82 && f.relay82.length > 0) o.set(Opt.RELAY_AGENT_INFO, relayAgentInfo.encode(relayAgentInfoOf(f.relay82)));
  return p;
}

/** vlan-mod-port circuit-id bytes (type 0, length 4). */
export function vlanModPort(vlan: number, module: number, port: number): Uint8Array {
  return Uint8Array.of(0, 4, vlan >> 8, vlan & 255, module, port);
}

/** Binary remote-id carrying a switch MAC (type 0, length 6). */
export function remoteIdMac(mac: number): Uint8Array {
  const b = new Uint8Array(8);
  b[1] = 6;
  writeMac(b, 2, mac);
  return b;
}
