import { Netmask } from 'netmask';
import type { Cidr, Config, MatchMode } from '../config/types.js';
import { parseVlanModPort, regexCircuitIdParser, type CircuitIdParser } from '../wire/circuit-id.js';
import { Opt } from '../wire/constants.js';
import { parseIp } from '../wire/ipv4.js';
import { ipv4, ipv4List, text } from '../wire/option-types.js';
import { withAll, withLeaseTime, withOption, withRenewalTimes, withServerId, type Modifier } from '../wire/reply.js';

/** One subnet's reply options, encoded once. */
export interface PreparedSubnet {
  readonly cidr: Cidr;
  readonly leaseTime: number;
  /** 51, 58, 59. */
  readonly lease: Modifier;
  /** Sent in every OFFER/ACK: mask, routers, DNS, domain (those configured). */
  readonly always: Modifier;
  /** Sent when option 55 asks for them, or when the client sends no option 55. */
  readonly onRequest: ReadonlyArray<readonly [number, Uint8Array]>;
}

/** The configuration in the form the per-packet path reads: nothing left to parse. */
export interface CoreConfig {
  readonly serverId: number;
  readonly withServerId: Modifier;
  readonly authoritative: boolean;
  readonly match: MatchMode;
  readonly trustedRelays: readonly Cidr[];
  readonly circuitId: CircuitIdParser;
  readonly remoteIdIsMac: boolean;
  readonly subnets: readonly PreparedSubnet[];
  readonly subnetCidrs: readonly Cidr[];
  readonly clientPort: number;
  readonly broadcastAddress: number;
}

const ALWAYS = new Set<number>([Opt.SUBNET_MASK, Opt.ROUTERS, Opt.DNS_SERVERS, Opt.DOMAIN_NAME]);

export function prepareCore(config: Config): CoreConfig {
  const d = config.dhcp;
  const subnets = d.subnets.map((s): PreparedSubnet => {
    const leaseTime = s.leaseTime ?? d.leaseTime;
    const always = new Map<number, Uint8Array>([[Opt.SUBNET_MASK, ipv4.encode(s.cidr.mask)]]);
    if (s.routers.length > 0) always.set(Opt.ROUTERS, ipv4List.encode(s.routers));
    if (s.dns.length > 0) always.set(Opt.DNS_SERVERS, ipv4List.encode(s.dns));
    if (s.domain !== undefined) always.set(Opt.DOMAIN_NAME, text.encode(s.domain));
    const onRequest = new Map<number, Uint8Array>();
    // /31 and /32 have no broadcast address (netmask says undefined).
    const broadcast = new Netmask(s.cidr.text).broadcast;
    if (broadcast !== undefined) onRequest.set(Opt.BROADCAST_ADDRESS, ipv4.encode(parseIp(broadcast) as number));
    // Configured extras override the defaults above, code by code.
    for (const [code, bytes] of s.options) {
      if (ALWAYS.has(code)) always.set(code, bytes);
      else onRequest.set(code, bytes);
    }
    return {
      cidr: s.cidr,
      leaseTime,
      lease: withAll(withLeaseTime(leaseTime), withRenewalTimes(leaseTime)),
      always: withAll(...[...always].map(([code, bytes]) => withOption(code, bytes))),
      onRequest: [...onRequest],
    };
  });
  const cf = d.option82.circuitId;
  return {
    serverId: d.serverId,
    withServerId: withServerId(d.serverId),
    authoritative: d.authoritative,
    match: d.match,
    trustedRelays: d.trustedRelays,
    circuitId: cf.kind === 'vlan-mod-port' ? parseVlanModPort : regexCircuitIdParser(cf.regex),
    remoteIdIsMac: d.option82.remoteId === 'mac',
    subnets,
    subnetCidrs: d.subnets.map((s) => s.cidr),
    clientPort: d.clientPort,
    broadcastAddress: d.broadcastAddress,
  };
}
