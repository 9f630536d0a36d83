import * as acc from '../wire/accessors.js';
import { messageTypeName, Opt } from '../wire/constants.js';
import { toHex } from '../wire/bytes.js';
import { ipToString } from '../wire/ipv4.js';
import { formatMac } from '../wire/mac.js';
import { ipv4List, text } from '../wire/option-types.js';
import type { DhcpPacket } from '../wire/packet.js';

/** A reply as `key  value` lines for `send` and the demo. */
export function describeReply(p: DhcpPacket): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const add = (k: string, v: unknown): void => {
    if (v !== undefined && typeof v !== 'symbol') rows.push([k, String(v)]);
  };
  const type = acc.getMessageType(p);
  add('type', typeof type === 'number' ? messageTypeName(type).toUpperCase() : undefined);
  add('yiaddr', p.yiaddr ? ipToString(p.yiaddr) : undefined);
  add('ciaddr', p.ciaddr ? ipToString(p.ciaddr) : undefined);
  add('chaddr', formatMac(acc.clientMac(p)));
  const sid = acc.getServerId(p);
  add('server id', typeof sid === 'number' ? ipToString(sid) : undefined);
  add('lease', acc.getLeaseTime(p));
  const list = (code: number): string | undefined => {
    const v = p.options.get(code);
    const ips = v === undefined ? undefined : ipv4List.decode(v);
    return Array.isArray(ips) ? ips.map(ipToString).join(', ') : undefined;
  };
  add('mask', list(Opt.SUBNET_MASK));
  add('routers', list(Opt.ROUTERS));
  add('dns', list(Opt.DNS_SERVERS));
  const domain = p.options.get(Opt.DOMAIN_NAME);
  add('domain', domain === undefined ? undefined : text.decode(domain));
  const msg = p.options.get(Opt.MESSAGE);
  add('message', msg === undefined ? undefined : text.decode(msg));
  const o82 = p.options.get(Opt.RELAY_AGENT_INFO);
  add('option 82', o82 === undefined ? undefined : toHex(o82));
  add('options', p.options.codes().join(' '));
  return rows;
}
