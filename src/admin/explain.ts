import { explainRequest, type ExplainInput } from '../client/explain-request.js';
import { decide, type DecideContext } from '../core/decide.js';
import { messageTypeName } from '../wire/constants.js';
import { ipToString } from '../wire/ipv4.js';
import { formatMac } from '../wire/mac.js';

/** What `explain` reports: the decision and how it was reached. */
export interface Explanation {
  readonly answer: string;
  readonly ip?: string;
  readonly reason?: string;
  readonly note?: string;
  readonly by?: string;
  readonly to?: string;
  readonly learn?: { readonly ip: string; readonly mac: string };
  /** Switch and port identified and how, candidate bindings, the choice. */
  readonly trace: readonly string[];
}

/**
 * Runs the server's own `decide` on a request built from the operator's
 * description, against the table (and learned MACs) given: never a second
 * implementation of the rules.
 */
export function explain(input: ExplainInput, ctx: DecideContext): Explanation {
  const req = explainRequest(input);
  const trace: string[] = [];
  const source = input.giaddr === undefined ? { address: 0, port: 68 } : { address: input.giaddr, port: 67 };
  const d = decide(req, source, ctx, trace);
  if (d.kind === 'drop') return { answer: 'drop', reason: d.reason, ...(d.note ? { note: d.note } : {}), trace };
  return {
    answer: messageTypeName(d.type),
    ...(d.packet.yiaddr ? { ip: ipToString(d.packet.yiaddr) } : {}),
    ...(d.reason ? { reason: d.reason } : {}),
    ...(d.note ? { note: d.note } : {}),
    ...(d.by ? { by: d.by } : {}),
    to: `${ipToString(d.to.address)}:${d.to.port}`,
    ...(d.learn ? { learn: { ip: ipToString(d.learn.ip), mac: formatMac(d.learn.mac) } } : {}),
    trace,
  };
}
