import { ipToString } from '../wire/ipv4.js';
import { formatMac } from '../wire/mac.js';
import type { DhcpPacket } from '../wire/packet.js';
import type { Trace } from './decision.js';
import { bindingWithMac, macOf, type Leases } from './learned.js';
import type { CoreConfig } from './prepare.js';
import type { DecisionReason } from './reasons.js';
import { identifyPort, type RelayView } from './relay.js';

/** How a binding was found: by the client's MAC, by its switch port, or by its address (renewals). */
export type MatchedBy = 'mac' | 'port' | 'address';

/** A binding and how it was found. */
export interface Match {
  readonly binding: number;
  readonly by: MatchedBy;
}

/**
 * Finds the binding for a client by the configured `dhcp.match` mode (SPEC §5).
 * Returns it with how it was found, or the reason there is none.
 */
export function findBinding(req: DhcpPacket, mac: number, relay: RelayView, leases: Leases, core: CoreConfig, trace: Trace): Match | DecisionReason {
  switch (core.match) {
    case 'mac':
      return matched(byMac(leases, mac, trace), 'mac');
    case 'port':
      return matched(byPort(req, mac, relay, leases, core, trace, false), 'port');
    case 'port-and-mac':
      return matched(byPort(req, mac, relay, leases, core, trace, true), 'port');
    case 'port-then-mac': {
      const viaPort = byPort(req, mac, relay, leases, core, trace, false);
      // A port with bindings decides (even "ambiguous"); otherwise the MAC may.
      if (typeof viaPort === 'number' || viaPort === 'ambiguous-port') return matched(viaPort, 'port');
      const viaMac = byMac(leases, mac, trace);
      return typeof viaMac === 'number' ? { binding: viaMac, by: 'mac' } : relay.info === null ? viaMac : viaPort;
    }
  }
}

function matched(b: number | DecisionReason, by: MatchedBy): Match | DecisionReason {
  return typeof b === 'number' ? { binding: b, by } : b;
}

function byMac(leases: Leases, mac: number, trace: Trace): number | DecisionReason {
  const table = leases.table;
  const b = bindingWithMac(leases, mac);
  trace?.push(`by MAC ${formatMac(mac)}: ${b >= 0 ? `binding ${ipToString(table.ip(b))} (customer ${table.customerId(b)})` : 'none'}`);
  return b >= 0 ? b : 'unknown-client';
}

function byPort(
  req: DhcpPacket,
  mac: number,
  relay: RelayView,
  leases: Leases,
  core: CoreConfig,
  trace: Trace,
  requireMac: boolean,
): number | DecisionReason {
  const table = leases.table;
  if (relay.info === null) {
    trace?.push('no option 82 from a trusted relay: cannot match by port');
    return 'no-relay-info';
  }
  const id = identifyPort(req, relay.info, table, core, trace);
  if (typeof id === 'string') return id;
  const first = table.onPort(id.switchIndex, id.port);
  if (first < 0) {
    trace?.push(`switch ${table.switchId(id.switchIndex)} port ${id.port}: no binding`);
    return 'unknown-port';
  }
  if (trace) {
    const all: string[] = [];
    for (let b = first; b >= 0; b = table.nextOnPort(b)) {
      const m = macOf(leases, b);
      all.push(`${ipToString(table.ip(b))} (MAC ${m < 0 ? 'none' : formatMac(m)}${m !== table.mac(b) ? ', learned' : ''})`);
    }
    trace.push(`switch ${table.switchId(id.switchIndex)} port ${id.port}: ${all.join(', ')}`);
  }
  // SPEC §5: the binding whose MAC is the client's wins; else one without a MAC;
  // a single binding is the port's (a new router on the same port).
  let noMac = -1;
  let noMacCount = 0;
  let count = 0;
  for (let b = first; b >= 0; b = table.nextOnPort(b)) {
    count++;
    const m = macOf(leases, b);
    if (m === mac) return b;
    if (m < 0) {
      if (noMac < 0) noMac = b;
      noMacCount++;
    }
  }
  if (requireMac) return 'mac-mismatch';
  if (noMacCount === 1) return noMac;
  if (count === 1) return first;
  return 'ambiguous-port';
}
