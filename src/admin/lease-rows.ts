import { macOf, type Leases } from '../core/learned.js';
import type { Cidr } from '../config/types.js';
import { ipToString } from '../wire/ipv4.js';
import { formatMac } from '../wire/mac.js';

/** One binding as `/leases` and `userside-dhcpd leases` show it. */
export interface LeaseRow {
  customer_id: string;
  ip: string;
  /** UserSide's MAC for the binding ('' when it has none). */
  mac: string;
  /** A MAC learned here and not yet confirmed by a sync ('' when none). */
  learned_mac: string;
  switch_id: string;
  switch_ip: string;
  switch_mac: string;
  port: number | null;
  vlan: number | null;
  subnet: string;
}

export const LEASE_COLUMNS: ReadonlyArray<keyof LeaseRow> = ['customer_id', 'ip', 'mac', 'learned_mac', 'switch_id', 'switch_ip', 'switch_mac', 'port', 'vlan', 'subnet'];

export interface LeaseFilter {
  /** The binding's MAC, UserSide's or learned. */
  readonly mac?: number;
  readonly ip?: number;
  /** Switch id, IP or MAC, as text. */
  readonly switch?: string;
  readonly port?: number;
}

function row(leases: Leases, subnets: readonly Cidr[], b: number): LeaseRow {
  const t = leases.table;
  const s = t.switchOf(b);
  const mine = macOf(leases, b);
  return {
    customer_id: t.customerId(b),
    ip: ipToString(t.ip(b)),
    mac: t.mac(b) < 0 ? '' : formatMac(t.mac(b)),
    learned_mac: mine !== t.mac(b) && mine >= 0 ? formatMac(mine) : '',
    switch_id: s < 0 ? '' : t.switchId(s),
    switch_ip: s < 0 || t.switchIp(s) === 0 ? '' : ipToString(t.switchIp(s)),
    switch_mac: s < 0 || t.switchMac(s) < 0 ? '' : formatMac(t.switchMac(s)),
    port: t.port(b) < 0 ? null : t.port(b),
    vlan: t.vlan(b) < 0 ? null : t.vlan(b),
    subnet: subnets[t.subnet(b)]?.text ?? '',
  };
}

function switchMatches(leases: Leases, s: number, text: string): boolean {
  if (s < 0) return false;
  const t = leases.table;
  return t.switchId(s) === text || (t.switchIp(s) !== 0 && ipToString(t.switchIp(s)) === text) || (t.switchMac(s) >= 0 && formatMac(t.switchMac(s)) === text.toLowerCase());
}

/** The bindings that pass `filter`, in table order; an IP filter is an index lookup. */
export function* leaseRows(leases: Leases, subnets: readonly Cidr[], filter: LeaseFilter = {}): Generator<LeaseRow> {
  const t = leases.table;
  const candidates = filter.ip !== undefined ? [t.byIp(filter.ip)].filter((b) => b >= 0) : null;
  const total = candidates ? candidates.length : t.size;
  for (let k = 0; k < total; k++) {
    const b = candidates ? (candidates[k] as number) : k;
    if (filter.mac !== undefined && t.mac(b) !== filter.mac && macOf(leases, b) !== filter.mac) continue;
    if (filter.port !== undefined && t.port(b) !== filter.port) continue;
    if (filter.switch !== undefined && !switchMatches(leases, t.switchOf(b), filter.switch)) continue;
    yield row(leases, subnets, b);
  }
}
