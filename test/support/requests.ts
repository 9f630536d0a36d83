import { buildRequest, remoteIdMac, vlanModPort } from '../../src/client/build-request.js';
import { RelaySub } from '../../src/wire/constants.js';
import { writeIp } from '../../src/wire/ipv4.js';
import { decode, DhcpPacket, encode } from '../../src/wire/packet.js';
import { ip, mac } from './fixtures.js';

/** A request in the words of a test: addresses as text; every field optional. */
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

/** Builds the request, then encodes and decodes it so it is what a server receives. */
export function makeRequest(spec: RequestSpec = {}): DhcpPacket {
  const subs: Array<[number, Uint8Array]> = [];
  if (typeof spec.circuit === 'string') subs.push([RelaySub.CIRCUIT_ID, Uint8Array.from(Buffer.from(spec.circuit))]);
  else if (spec.circuit) subs.push([RelaySub.CIRCUIT_ID, vlanModPort(...spec.circuit)]);
  if (spec.remote) subs.push([RelaySub.REMOTE_ID, remoteIdMac(mac(spec.remote))]);
  if (spec.linkSelection) subs.push([RelaySub.LINK_SELECTION, ipBytes(spec.linkSelection)]);
  if (spec.serverIdOverride) subs.push([RelaySub.SERVER_ID_OVERRIDE, ipBytes(spec.serverIdOverride)]);
  if (spec.relayPort) subs.push([RelaySub.RELAY_SOURCE_PORT, new Uint8Array(0)]);
  const p = buildRequest({
    type: spec.type === undefined ? undefined : spec.type,
    mac: mac(spec.mac ?? '02:00:00:00:00:99'),
    xid: spec.xid ?? 0x1234,
    ...(spec.op === undefined ? {} : { op: spec.op }),
    ...(spec.flags === undefined ? {} : { flags: spec.flags }),
    ...(spec.giaddr ? { giaddr: ip(spec.giaddr) } : {}),
    ...(spec.ciaddr ? { ciaddr: ip(spec.ciaddr) } : {}),
    ...(spec.requested ? { requested: ip(spec.requested) } : {}),
    ...(spec.serverId ? { serverId: ip(spec.serverId) } : {}),
    ...(spec.prl ? { prl: spec.prl } : {}),
    ...(spec.maxSize ? { maxSize: spec.maxSize } : {}),
    ...(spec.clientId ? { clientId: Uint8Array.from(Buffer.from(spec.clientId, 'hex')) } : {}),
    relay82: spec.raw82 ? Uint8Array.from(Buffer.from(spec.raw82.replace(/\s/g, ''), 'hex')) : subs,
  });
  return decode(encode(p)) as DhcpPacket;
}
