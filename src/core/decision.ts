import type { MessageType } from '../wire/constants.js';
import type { DhcpPacket } from '../wire/packet.js';
import type { MatchedBy } from './match.js';
import type { DecisionReason } from './reasons.js';

/** Where a reply goes (RFC 2131 §4.1). Addresses are unsigned 32-bit numbers. */
export interface Destination {
  readonly address: number;
  readonly port: number;
}

/** The UDP source of a request. */
export type PacketSource = Destination;

export interface ReplyDecision {
  readonly kind: 'reply';
  /** OFFER, ACK or NAK. */
  readonly type: MessageType;
  readonly packet: DhcpPacket;
  readonly to: Destination;
  /** Binding index in the lease table; -1 for NAK and INFORM answers. */
  readonly binding: number;
  /** How the binding was found. */
  readonly by?: MatchedBy;
  /** Why a NAK was sent. */
  readonly reason?: DecisionReason;
  /** Something counted on the way that did not stop the answer (e.g. untrusted-relay). */
  readonly note?: DecisionReason;
  /** A MAC new to this binding, to write back to UserSide once the ACK is sent. */
  readonly learn?: { readonly ip: number; readonly mac: number };
}

export interface DropDecision {
  readonly kind: 'drop';
  readonly reason: DecisionReason;
  readonly note?: DecisionReason;
  readonly binding?: number;
}

/** What `decide` returns for every request: a reply to send, or silence and why. */
export type Decision = ReplyDecision | DropDecision;

export function drop(reason: DecisionReason, note?: DecisionReason, binding?: number): DropDecision {
  return { kind: 'drop', reason, ...(note ? { note } : {}), ...(binding !== undefined ? { binding } : {}) };
}

/**
 * Optional step-by-step account of a decision, filled only when asked for
 * (`explain`); the server passes none and pays nothing.
 */
export type Trace = string[] | undefined;
