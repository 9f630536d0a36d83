import { DECODE_ERROR_CODES, type DecodeErrorCode } from '../wire/errors.js';
import type { RecordRejection } from '../userside/types.js';

/**
 * The one catalogue of reason codes: why a packet was dropped or refused, why a
 * UserSide record was rejected, why a sync failed. Logs, metric labels and the
 * README all use these codes; a test checks the README lists each one.
 */
export type ReasonKind = 'decode' | 'decision' | 'record' | 'sync';

interface ReasonInfo {
  readonly kind: ReasonKind;
  readonly text: string;
}

const DECODE_TEXT: Record<DecodeErrorCode, string> = {
  'short-packet': 'fewer than 240 bytes',
  'bad-op': 'op is neither request nor reply',
  'unsupported-htype': 'hardware type is not Ethernet',
  'bad-hlen': 'hardware address length is not 6',
  'bad-cookie': 'no DHCP magic cookie',
  'truncated-option': 'an option runs past the end of its area',
  'missing-end': 'an options area has no END option',
  'bad-option-length': 'a fixed-size option has the wrong length',
  'bad-overload': 'option 52 is invalid, repeated or nested',
  'truncated-suboption': 'an option 82 sub-option runs past the end of option 82',
  'bad-suboption-length': 'an option 82 sub-option has the wrong length',
};

const DECISION_TEXT = {
  malformed: 'no readable message type (option 53), or a required option is unreadable',
  'not-a-request': 'a server message (op 2 or OFFER/ACK/NAK) sent to the server',
  'unsupported-message': 'a message type the server does not handle',
  'unknown-client': 'no binding for this MAC (or for its address, on renewal)',
  'untrusted-relay': 'option 82 from a relay outside dhcp.trusted_relays, or without giaddr: ignored',
  'malformed-option82': 'option 82 from a trusted relay whose sub-options do not parse: ignored',
  'no-relay-info': 'port matching needs option 82 from a trusted relay and there is none',
  'bad-circuit-id': 'the circuit-id does not parse in the configured format',
  'unknown-switch': 'neither the remote-id nor the relay address names a known switch',
  'unknown-port': 'no binding on this switch port',
  'ambiguous-port': 'several bindings on the port and none is for this MAC or without a MAC',
  'mac-mismatch': 'the binding found holds another MAC (port-and-mac mode, or a renewal)',
  'wrong-server': 'the client chose another server (option 54)',
  'wrong-address': 'the client asks for an address that is not its binding (NAK when authoritative)',
  'no-requested-address': 'a REQUEST with neither ciaddr nor option 50',
  'unknown-subnet': 'an INFORM from an address in no configured subnet',
  declined: 'the client reports the address in use by another host (DECLINE)',
  released: 'the client released its address (RELEASE)',
  'reply-too-large': "the reply's required options do not fit the client's maximum size",
  'rate-limited': 'dropped by rate limiting',
  'no-table': 'no lease table loaded yet',
  'internal-error': 'an unexpected error while handling the packet (a bug: please report)',
} as const;
export type DecisionReason = keyof typeof DECISION_TEXT;

const RECORD_TEXT: Record<RecordRejection | 'duplicate-ip' | 'outside-subnets', string> = {
  'not-an-object': 'the record is not a JSON object',
  'no-customer': 'no customer id under any alias',
  'no-ip': 'no IP under any alias',
  'bad-ip': 'the IP is neither dotted nor an inet_aton number',
  'bad-mac': 'the MAC is in no known notation',
  'bad-port': 'the port is not a whole number',
  'bad-switch': 'the switch id is not a number or text',
  'bad-vlan': 'the VLAN is not a number from 0 to 4095',
  'duplicate-ip': 'another record already binds this IP',
  'outside-subnets': 'the IP is in no subnet of dhcp.subnets',
};
export type RecordReason = keyof typeof RECORD_TEXT;

const SYNC_TEXT = {
  network: 'UserSide could not be reached',
  timeout: 'UserSide did not answer within userside.timeout',
  'http-status': 'UserSide answered with an HTTP error status',
  'too-large': 'the answer is larger than the size cap',
  'bad-json': 'the answer is not JSON',
  'api-error': 'UserSide answered with an ERROR envelope',
  'bad-shape': 'the answer has no recognisable data',
  'shrink-guard': 'the new table lost more than userside.max_shrink of the bindings',
  'worker-failed': 'the sync worker thread failed',
  snapshot: 'the snapshot could not be read or written',
} as const;
export type SyncReason = keyof typeof SYNC_TEXT;

export type ReasonCode = DecodeErrorCode | DecisionReason | RecordReason | SyncReason;

function entries<K extends string>(kind: ReasonKind, texts: Record<K, string>): Array<[K, ReasonInfo]> {
  return (Object.keys(texts) as K[]).map((k) => [k, { kind, text: texts[k] }]);
}

export const REASONS: ReadonlyMap<ReasonCode, ReasonInfo> = new Map<ReasonCode, ReasonInfo>([
  ...entries<DecodeErrorCode>('decode', DECODE_TEXT),
  ...entries<DecisionReason>('decision', DECISION_TEXT),
  ...entries<RecordReason>('record', RECORD_TEXT),
  ...entries<SyncReason>('sync', SYNC_TEXT),
]);

// Every decode error code of the codec has an entry (checked at load).
for (const code of DECODE_ERROR_CODES) if (!REASONS.has(code)) throw new Error(`reason catalogue lacks ${code}`);

export function reasonsOf(kind: ReasonKind): ReasonCode[] {
  return [...REASONS].filter(([, r]) => r.kind === kind).map(([code]) => code);
}
