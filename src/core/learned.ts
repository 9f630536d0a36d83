import type { LeaseTable } from '../leases/table.js';

/**
 * MACs this server has learned since UserSide last answered (a new router on a
 * port binding, written back with set_mac_by_ip). Until a sync shows UserSide
 * holds them, they take precedence over the table's MACs (SPEC §5).
 */
export interface LearnedMacs {
  /** The MAC learned for `ip`, if any. */
  macFor(ip: number): number | undefined;
  /** The address a MAC was learned on, if any. */
  ipFor(mac: number): number | undefined;
}

export const NOTHING_LEARNED: LearnedMacs = { macFor: () => undefined, ipFor: () => undefined };

/** What the decisions read: the table with the learned MACs laid over it. */
export interface Leases {
  readonly table: LeaseTable;
  readonly learned: LearnedMacs;
}

/** The MAC binding `b` has now: learned here, else UserSide's; -1 for none. */
export function macOf(leases: Leases, b: number): number {
  return leases.learned.macFor(leases.table.ip(b)) ?? leases.table.mac(b);
}

/** The binding whose current MAC is `mac`, or -1. */
export function bindingWithMac(leases: Leases, mac: number): number {
  const { table, learned } = leases;
  const ip = learned.ipFor(mac);
  if (ip !== undefined) {
    const b = table.byIp(ip);
    if (b >= 0 && macOf(leases, b) === mac) return b;
  }
  // UserSide's MAC index, skipping bindings whose MAC was since learned to be another.
  for (let b = table.byMac(mac); b >= 0; b = table.nextWithMac(b)) if (macOf(leases, b) === mac) return b;
  return -1;
}
