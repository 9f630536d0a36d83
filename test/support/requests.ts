import { MessageType, Opt, RelaySub } from '../../src/wire/constants.js';
import { writeIp } from '../../src/wire/ipv4.js';
import { writeMac } from '../../src/wire/mac.js';
import { decode, DhcpPacket, encode } from '../../src/wire/packet.js';
import { relayAgentInfo, relayAgentInfoOf } from '../../src/wire/relay-agent-info.js';
import { ip, mac } from './fixtures.js';

/** What a test request carries; every field optional. */
export interface RequestSpec {
  type?: number | null; // null: no option 53
  mac?: string;
  op?: number;
  giaddr?: string;
  ciaddr?: string;
  requested?: string;
  serverId?: string;
  /** vlan-mod-port circuit-id: [vlan, module, port]; or raw text. */
  circuit?: [number, number, number] | string;
  /** Switch MAC as binary remote-id. */
  remote?: string;
  linkSelection?: string;
  serverIdOverride?: string;
  relayPort?: boolean;
  /** Option 82 exactly as given (hex), instead of the sub-options above. */
  raw82?: string;
  prl?: number[];
  maxSize?: number;
  clientId?: string;
  flags?: number;
  xid?: number;
}

const ipBytes = (s: string): Uint8Array => {
  const b = new Uint8Array(4);
  writeIp(b, 0, ip(s));
  return b;
};

/** Builds a request as a client or relay would send it, through encode/decode. */
export function makeRequest(spec: RequestSpec = {}): DhcpPacket {
  const p = new DhcpPacket();
  p.op = spec.op ?? 1;
  p.xid = spec.xid ?? 0x1234;
  p.flags = spec.flags ?? 0;
  p.giaddr = spec.giaddr ? ip(spec.giaddr) : 0;
  p.ciaddr = spec.ciaddr ? ip(spec.ciaddr) : 0;
  p.hops = p.giaddr ? 1 : 0;
  const ch = new Uint8Array(16);
  writeMac(ch, 0, mac(spec.mac ?? '02:00:00:00:00:99'));
  p.chaddr = ch;
  if (spec.type !== null) p.options.set(Opt.MESSAGE_TYPE, Uint8Array.of(spec.type ?? MessageType.DISCOVER));
  if (spec.requested) p.options.set(Opt.REQUESTED_IP, ipBytes(spec.requested));
  if (spec.serverId) p.options.set(Opt.SERVER_ID, ipBytes(spec.serverId));
  if (spec.prl) p.options.set(Opt.PARAMETER_REQUEST_LIST, Uint8Array.from(spec.prl));
  if (spec.maxSize) p.options.set(Opt.MAX_MESSAGE_SIZE, Uint8Array.of(spec.maxSize >> 8, spec.maxSize & 255));
  if (spec.clientId) p.options.set(Opt.CLIENT_ID, Uint8Array.from(Buffer.from(spec.clientId, 'hex')));
  const subs: Array<[number, Uint8Array]> = [];
  if (typeof spec.circuit === 'string') subs.push([RelaySub.CIRCUIT_ID, Uint8Array.from(Buffer.from(spec.circuit))]);
  else if (spec.circuit) {
    const [vlan, module, port] = spec.circuit;
    subs.push([RelaySub.CIRCUIT_ID, Uint8Array.of(0, 4, vlan >> 8, vlan & 255, module, port)]);
  }
  if (spec.remote) {
    const r = new Uint8Array(8);
    r[1] = 6;
    writeMac(r, 2, mac(spec.remote));
    subs.push([RelaySub.REMOTE_ID, r]);
  }
  if (spec.linkSelection) subs.push([RelaySub.LINK_SELECTION, ipBytes(spec.linkSelection)]);
  if (spec.serverIdOverride) subs.push([RelaySub.SERVER_ID_OVERRIDE, ipBytes(spec.serverIdOverride)]);
  if (spec.relayPort) subs.push([RelaySub.RELAY_SOURCE_PORT, new Uint8Array(0)]);
  if (spec.raw82) p.options.set(Opt.RELAY_AGENT_INFO, Uint8Array.from(Buffer.from(spec.raw82.replace(/\s/g, ''), 'hex')));
  else if (subs.length) p.options.set(Opt.RELAY_AGENT_INFO, relayAgentInfo.encode(relayAgentInfoOf(subs)));
  return decode(encode(p)) as DhcpPacket;
}
