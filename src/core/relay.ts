import type { Cidr } from '../config/types.js';
import { Opt, RelaySub } from '../wire/constants.js';
import { DecodeError } from '../wire/errors.js';
import { ipToString } from '../wire/ipv4.js';
import { formatMac } from '../wire/mac.js';
import type { DhcpPacket } from '../wire/packet.js';
import { decodeRelayAgentInfo, hasRelaySourcePort, linkSelection, type RelayAgentInfo } from '../wire/relay-agent-info.js';
import { parseRemoteIdMac } from '../wire/remote-id.js';
import type { LeaseTable } from '../leases/table.js';
import type { Trace } from './decision.js';
import type { CoreConfig } from './prepare.js';
import type { DecisionReason } from './reasons.js';

/** What the server makes of a request's option 82. */
export interface RelayView {
  /** Option 82 from a trusted relay, parsed; null when absent or not believed. */
  readonly info: RelayAgentInfo | null;
  /** Why an option 82 present was not believed. */
  readonly ignored: DecisionReason | undefined;
  /** RFC 8357: the relay wants the reply on the source port it sent from. */
  readonly replyToSourcePort: boolean;
}

const NO_RELAY: RelayView = { info: null, ignored: undefined, replyToSourcePort: false };

export function isTrustedRelay(address: number, trusted: readonly Cidr[]): boolean {
  for (const c of trusted) if (((address & c.mask) >>> 0) === c.network) return true;
  return false;
}

/**
 * SPEC §5: option 82 counts only when giaddr is set and the relay is trusted;
 * otherwise a client could claim its neighbour's port. The relay-source-port
 * sub-option is honoured from any relay: it only moves the reply's UDP port at
 * the relay's own address.
 */
export function readRelay(req: DhcpPacket, core: CoreConfig, trace: Trace): RelayView {
  const o = req.options;
  const e = o.find(Opt.RELAY_AGENT_INFO);
  if (e < 0) return NO_RELAY;
  const parsed = decodeRelayAgentInfo(o.sourceAt(e), o.startAt(e), o.lengthAt(e));
  const ok = !(parsed instanceof DecodeError);
  const replyToSourcePort = ok && req.giaddr !== 0 && hasRelaySourcePort(parsed);
  if (req.giaddr === 0 || !isTrustedRelay(req.giaddr, core.trustedRelays)) {
    trace?.push(`option 82 ignored: ${req.giaddr === 0 ? 'no giaddr (not from a relay)' : `relay ${ipToString(req.giaddr)} is not in dhcp.trusted_relays`}`);
    return { info: null, ignored: 'untrusted-relay', replyToSourcePort };
  }
  if (!ok) {
    trace?.push(`option 82 from ${ipToString(req.giaddr)} ignored: ${parsed.message}`);
    return { info: null, ignored: 'malformed-option82', replyToSourcePort: false };
  }
  return { info: parsed, ignored: undefined, replyToSourcePort };
}

/** A switch port found from option 82. */
export interface PortId {
  readonly switchIndex: number;
  readonly port: number;
}

/**
 * SPEC §5: the port from the circuit-id in the configured format; the switch
 * from the remote-id (its MAC) or else from the relay address (RFC 3527
 * link-selection when present, giaddr otherwise) matched to the switch's IP.
 */
export function identifyPort(req: DhcpPacket, info: RelayAgentInfo, table: LeaseTable, core: CoreConfig, trace: Trace): PortId | DecisionReason {
  const sub = info.sub;
  const c = sub.find(RelaySub.CIRCUIT_ID);
  if (c < 0) {
    trace?.push('option 82 has no circuit-id');
    return 'bad-circuit-id';
  }
  const circuit = core.circuitId(sub.sourceAt(c), sub.startAt(c), sub.lengthAt(c));
  if (!circuit.ok) {
    trace?.push(`circuit-id ${Buffer.from(circuit.raw).toString('hex')} does not parse (${circuit.reason})`);
    return 'bad-circuit-id';
  }
  trace?.push(`circuit-id: port ${circuit.port}${circuit.vlan === undefined ? '' : `, vlan ${circuit.vlan}`}${circuit.module === undefined ? '' : `, module ${circuit.module}`}`);

  let switchIndex = -1;
  if (core.remoteIdIsMac) {
    const r = sub.find(RelaySub.REMOTE_ID);
    if (r >= 0) {
      const rid = parseRemoteIdMac(sub.sourceAt(r), sub.startAt(r), sub.lengthAt(r));
      if (rid.ok) {
        switchIndex = table.switchByMac(rid.mac);
        trace?.push(`remote-id: switch MAC ${formatMac(rid.mac)} → ${switchIndex >= 0 ? `switch ${table.switchId(switchIndex)}` : 'no such switch'}`);
      } else {
        trace?.push(`remote-id ${Buffer.from(rid.raw).toString('hex')} is not a MAC`);
      }
    }
  }
  if (switchIndex < 0) {
    const link = linkSelection(info);
    const relay = typeof link === 'number' ? link : req.giaddr;
    switchIndex = table.switchByIp(relay);
    trace?.push(`relay address ${ipToString(relay)}${typeof link === 'number' ? ' (link-selection)' : ' (giaddr)'} → ${switchIndex >= 0 ? `switch ${table.switchId(switchIndex)}` : 'no such switch'}`);
  }
  if (switchIndex < 0) return 'unknown-switch';
  return { switchIndex, port: circuit.port };
}
