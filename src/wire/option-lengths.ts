import { Opt } from './constants.js';

/**
 * Length rules checked by `decode` after RFC 3396 joining. Only options whose
 * size RFC 2132 fixes and that drive the protocol are listed: a wrong length
 * there means a broken or hostile sender, so the packet is refused with
 * `bad-option-length`. Informational options (hostname 12, vendor class 60,
 * parameter list 55, ...) are not listed: a zero-length hostname must not cost a
 * subscriber their address, so their accessors report MALFORMED instead.
 */
interface LengthRule {
  readonly min: number;
  readonly max: number;
  /** Value is a list of items of this size (addresses): length % step === 0. */
  readonly step: number;
}

const exactly = (n: number): LengthRule => ({ min: n, max: n, step: 1 });
const listOf = (size: number): LengthRule => ({ min: size, max: Infinity, step: size });
const atLeast = (n: number): LengthRule => ({ min: n, max: Infinity, step: 1 });

const RULES: ReadonlyMap<number, LengthRule> = new Map<number, LengthRule>([
  [Opt.SUBNET_MASK, exactly(4)], // RFC 2132 §3.3
  [Opt.ROUTERS, listOf(4)], // §3.5: minimum 4, multiple of 4
  [Opt.DNS_SERVERS, listOf(4)], // §3.8
  [Opt.BROADCAST_ADDRESS, exactly(4)], // §5.3
  [Opt.REQUESTED_IP, exactly(4)], // §9.1
  [Opt.LEASE_TIME, exactly(4)], // §9.2
  [Opt.OVERLOAD, exactly(1)], // §9.3
  [Opt.MESSAGE_TYPE, exactly(1)], // §9.6
  [Opt.SERVER_ID, exactly(4)], // §9.7
  [Opt.MAX_MESSAGE_SIZE, exactly(2)], // §9.10
  [Opt.RENEWAL_TIME, exactly(4)], // §9.11
  [Opt.REBINDING_TIME, exactly(4)], // §9.12
  [Opt.CLIENT_ID, atLeast(2)], // §9.14: type byte + at least one byte
  [Opt.RELAY_AGENT_INFO, atLeast(2)], // RFC 3046 §2.0: at least one sub-option header
  [Opt.SUBNET_SELECTION, exactly(4)], // RFC 3011 §3
  [Opt.CLASSLESS_ROUTES, atLeast(5)], // RFC 3442: shortest route is 0/0 + router
]);

// Flattened into typed arrays: `decode` checks every option of every packet.
const MIN = new Uint16Array(256);
const MAX = new Uint32Array(256).fill(0xffffffff);
const STEP = new Uint8Array(256).fill(1);
for (const [code, rule] of RULES) {
  MIN[code] = rule.min;
  MAX[code] = Number.isFinite(rule.max) ? rule.max : 0xffffffff;
  STEP[code] = rule.step;
}

/** True when `length` is acceptable for option `code` (unlisted codes: any length). */
export function optionLengthOk(code: number, length: number): boolean {
  return length >= (MIN[code] as number) && length <= (MAX[code] as number) && length % (STEP[code] as number) === 0;
}
