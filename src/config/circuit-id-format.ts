import { CircuitRegexError, regexCircuitIdParser } from '../wire/circuit-id.js';
import { parsed, problem, showValue, type Parsed } from './parsed.js';
import type { CircuitIdFormat } from './types.js';

export const VLAN_MOD_PORT: CircuitIdFormat = { kind: 'vlan-mod-port' };

/**
 * A circuit-id regex is compiled now, at start-up, by the same function the
 * server will use, so a pattern that cannot work is a config error rather
 * than a switch port that never matches.
 */
export function parseCircuitRegex(value: unknown): Parsed<CircuitIdFormat> {
  if (typeof value !== 'string' || value === '') {
    return problem(`expected a regular expression with a (?<port>...) group, such as '(?<port>\\d+)$' (got ${showValue(value)})`);
  }
  try {
    regexCircuitIdParser(value);
  } catch (e) {
    if (e instanceof CircuitRegexError) return problem(`${e.message} (got ${showValue(value)})`);
    throw e;
  }
  return parsed({ kind: 'regex', regex: value });
}

export const CIRCUIT_ID_EXPECTED = "expected vlan-mod-port or {regex: '(?<port>\\d+)$'}";
