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
 * ways: `perMac` events per MAC, and at most about `macs` MACs — kept in two
 * generations: when the current one is full it becomes the previous one and the
 * old previous one is dropped, so the least recently seen MACs go first without
 * any per-packet scan.
 */
export class EventRing {
  private current = new Map<number, DecisionEvent[]>();
  private previous = new Map<number, DecisionEvent[]>();

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
    let ring = this.current.get(mac);
    if (ring === undefined) {
      ring = this.previous.get(mac) ?? [];
      if (this.current.size >= this.macs / 2) {
        this.previous = this.current;
        this.current = new Map();
      }
      this.current.set(mac, ring);
    }
    ring.push(e);
    if (ring.length > this.perMac) ring.shift();
  }

  /** Newest last. */
  of(mac: number): readonly DecisionEvent[] {
    return this.current.get(mac) ?? this.previous.get(mac) ?? [];
  }
}
