import { MessageType } from '../wire/constants.js';
import { parseIp } from '../wire/ipv4.js';
import { parseMac } from '../wire/mac.js';
import { decode, DhcpPacket, encode } from '../wire/packet.js';
import { RelaySub } from '../wire/constants.js';
import { buildRequest } from './build-request.js';
import { bytesFromText, remoteIdFromText } from './text-bytes.js';

/** A request to explain, as an operator describes it. */
export interface ExplainInput {
  readonly mac: number;
  readonly type: number;
  readonly giaddr?: number;
  readonly ciaddr?: number;
  readonly requested?: number;
  readonly serverId?: number;
  readonly circuitId?: Uint8Array;
  readonly remoteId?: Uint8Array;
}

const TYPES: Record<string, number> = { discover: MessageType.DISCOVER, request: MessageType.REQUEST, inform: MessageType.INFORM };

/**
 * Reads `mac`, `type` (discover|request|inform), `giaddr`, `ciaddr`,
 * `requested`, `server_id`, `circuit_id`, `remote_id` (hex:… / 0x… / text; a
 * remote-id MAC becomes binary). Returns the input or what is wrong.
 */
export function parseExplainInput(get: (name: string) => string | undefined): ExplainInput | string {
  const macText = get('mac');
  const mac = macText === undefined ? undefined : parseMac(macText);
  if (mac === undefined) return `mac: expected a MAC address, got ${JSON.stringify(macText ?? '')}`;
  const typeText = get('type') ?? 'discover';
  const type = TYPES[typeText];
  if (type === undefined) return `type: expected discover, request or inform, got ${JSON.stringify(typeText)}`;
  const out: { -readonly [K in keyof ExplainInput]: ExplainInput[K] } = { mac, type };
  for (const [key, name] of [['giaddr', 'giaddr'], ['ciaddr', 'ciaddr'], ['requested', 'requested'], ['serverId', 'server_id']] as const) {
    const text = get(name);
    if (text === undefined || text === '') continue;
    const ip = parseIp(text);
    if (ip === undefined) return `${name}: expected an IPv4 address, got ${JSON.stringify(text)}`;
    out[key] = ip;
  }
  const circuit = get('circuit_id');
  if (circuit !== undefined && circuit !== '') {
    const b = bytesFromText(circuit);
    if (b === undefined) return `circuit_id: not hex bytes: ${JSON.stringify(circuit)}`;
    out.circuitId = b;
  }
  const remote = get('remote_id');
  if (remote !== undefined && remote !== '') {
    const b = remoteIdFromText(remote);
    if (b === undefined) return `remote_id: not hex bytes: ${JSON.stringify(remote)}`;
    out.remoteId = b;
  }
  if ((out.circuitId || out.remoteId) && out.giaddr === undefined) return 'giaddr: option 82 comes from a relay: give its address (giaddr)';
  return out;
}

/** The request as the server would receive it (built, encoded, decoded). */
export function explainRequest(i: ExplainInput): DhcpPacket {
  const subs: Array<[number, Uint8Array]> = [];
  if (i.circuitId) subs.push([RelaySub.CIRCUIT_ID, i.circuitId]);
  if (i.remoteId) subs.push([RelaySub.REMOTE_ID, i.remoteId]);
  const p = buildRequest({
    mac: i.mac,
    xid: 0x6578706c, // "expl"
    type: i.type,
    relay82: subs,
    ...(i.giaddr === undefined ? {} : { giaddr: i.giaddr }),
    ...(i.ciaddr === undefined ? {} : { ciaddr: i.ciaddr }),
    ...(i.requested === undefined ? {} : { requested: i.requested }),
    ...(i.serverId === undefined ? {} : { serverId: i.serverId }),
  });
  return decode(encode(p)) as DhcpPacket;
}
