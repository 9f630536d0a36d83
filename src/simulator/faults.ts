export const FAULTS = [
  'none',
  'refuse',
  'status-500',
  'hang',
  'garbage',
  'error-envelope',
  'http-error-json',
  'empty',
  'partial',
] as const;
export type Fault = (typeof FAULTS)[number];

/** Which API calls a fault hits: all, the reads, or only the writes (`set_mac_by_ip`). */
export const FAULT_SCOPES = ['all', 'reads', 'writes'] as const;
export type FaultScope = (typeof FAULT_SCOPES)[number];

export interface FaultOptions {
  /** For `partial`: the share of records still answered (default 0.5). */
  fraction?: number;
  scope?: FaultScope;
}

export interface FaultState {
  readonly fault: Fault;
  readonly fraction: number;
  readonly scope: FaultScope;
}

/** Validates a fault setting (it may come as JSON through the control API). */
export function faultState(fault: unknown, opts: { fraction?: unknown; scope?: unknown } = {}): FaultState {
  if (!(FAULTS as readonly unknown[]).includes(fault)) {
    throw new Error(`unknown fault ${JSON.stringify(fault)} (one of ${FAULTS.join(', ')})`);
  }
  const fraction = opts.fraction ?? 0.5;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
    throw new Error(`fault fraction must be a number from 0 to 1 (got ${JSON.stringify(fraction)})`);
  }
  const scope = opts.scope ?? 'all';
  if (!(FAULT_SCOPES as readonly unknown[]).includes(scope)) {
    throw new Error(`unknown fault scope ${JSON.stringify(scope)} (one of ${FAULT_SCOPES.join(', ')})`);
  }
  return { fault: fault as Fault, fraction, scope: scope as FaultScope };
}

export const STATUS_500_BODY =
  '<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>\n';

/** What a PHP warning in front of a cut-off answer looks like. */
export const GARBAGE_BODY = Buffer.from(
  '<br />\n<b>Warning</b>:  mysqli::query(): MySQL server has gone away in <b>/var/www/userside/api.php</b>' +
    ' on line <b>42</b><br />\n{"Result":"OK","data":[{"customer_id":"1","ip":"1684275\u0000\u00ff',
  'latin1',
);
