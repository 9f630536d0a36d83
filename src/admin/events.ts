import type { Decision } from '../core/decision.js';
import { messageTypeName } from '../wire/constants.js';

/** One decision as `/events` shows it. */
export interface DecisionEvent {
  readonly at: number;
  /** The request's message type. */
  readonly request: string;
  /** offer | ack | nak | drop. */
  readonly answer: string;
  readonly ip?: number;
  readonly reason?: string;
  readonly note?: string;
  readonly by?: string;
  readonly giaddr?: number;
  readonly learned?: boolean;
}

/**
 * The last few decisions per client MAC, for `GET /events?mac=`: enough to see
 * why a subscriber has no address without turning on debug logs. Bounded both
 * ways: `perMac` events per MAC, `macs` MACs (the least recently seen go first).
 */
export class EventRing {
  private readonly byMac = new Map<number, DecisionEvent[]>();

  constructor(
    private readonly perMac = 16,
    private readonly macs = 20_000,
  ) {}

  record(mac: number, requestType: number, giaddr: number, d: Decision, at: number): void {
    // One flat literal per packet; absent fields stay undefined (JSON leaves them out).
    const reply = d.kind === 'reply' ? d : undefined;
    const e: DecisionEvent = {
      at,
      request: messageTypeName(requestType),
      answer: reply ? messageTypeName(reply.type) : 'drop',
      ip: reply?.packet.yiaddr || undefined,
      reason: d.reason,
      note: d.note,
      by: reply?.by,
      giaddr: giaddr || undefined,
      learned: reply?.learn ? true : undefined,
    };
    let ring = this.byMac.get(mac);
    if (ring === undefined) {
      if (this.byMac.size >= this.macs) {
        const oldest = this.byMac.keys().next().value;
        if (oldest !== undefined) this.byMac.delete(oldest);
      }
      ring = [];
    } else {
      this.byMac.delete(mac); // re-insert: Map order is recency
    }
    ring.push(e);
    if (ring.length > this.perMac) ring.shift();
    this.byMac.set(mac, ring);
  }

  /** Newest last. */
  of(mac: number): readonly DecisionEvent[] {
    return this.byMac.get(mac) ?? [];
  }
}
