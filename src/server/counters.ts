import type { ReasonCode } from '../core/reasons.js';

/**
 * Per-packet counters: plain numbers bumped on the hot path, read by the
 * metrics endpoint when scraped (no label hashing per packet).
 */
export class PacketCounters {
  /** Requests received, by DHCP message type (index 0: unreadable). */
  readonly received = new Float64Array(256);
  /** Replies sent, by message type. */
  readonly sent = new Float64Array(256);
  /** Requests answered with silence, by reason (decode errors included). */
  readonly drops = new Map<ReasonCode, number>();
  /** NAKs, by reason. */
  readonly naks = new Map<ReasonCode, number>();
  /** Things counted without stopping the answer (option 82 ignored...). */
  readonly notes = new Map<ReasonCode, number>();
  sendErrors = 0;

  countReceived(type: number): void {
    this.received[type & 255] = (this.received[type & 255] as number) + 1;
  }
  countSent(type: number): void {
    this.sent[type & 255] = (this.sent[type & 255] as number) + 1;
  }
  drop(reason: ReasonCode): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
  }
  nak(reason: ReasonCode): void {
    this.naks.set(reason, (this.naks.get(reason) ?? 0) + 1);
  }
  note(reason: ReasonCode): void {
    this.notes.set(reason, (this.notes.get(reason) ?? 0) + 1);
  }
}
