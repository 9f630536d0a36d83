import { copyOf, latin1 } from './bytes.js';

/**
 * Circuit-id (option 82 sub-option 1) parsers. The bytes are vendor-defined;
 * see shared/reference/option82.md for the forms seen in access networks.
 */
export interface CircuitPort {
  readonly ok: true;
  readonly port: number;
  readonly vlan?: number;
  readonly module?: number;
}
export interface CircuitNoMatch {
  readonly ok: false;
  readonly reason: 'wrong-type' | 'wrong-length' | 'no-match' | 'bad-port';
  readonly raw: Uint8Array;
}
export type CircuitParse = CircuitPort | CircuitNoMatch;
export type CircuitIdParser = (buf: Uint8Array, offset: number, length: number) => CircuitParse;

function noMatch(reason: CircuitNoMatch['reason'], buf: Uint8Array, offset: number, length: number): CircuitNoMatch {
  return { ok: false, reason, raw: copyOf(buf, offset, offset + length) };
}

/**
 * `vlan-mod-port`: type 0, length 4, then VLAN (u16 BE), module (u8), port (u8).
 * The default of D-Link DES/DGS-3xxx, Cisco, SNR, TP-Link and Edge-core switches.
 */
export const parseVlanModPort: CircuitIdParser = (buf, offset, length) => {
  if (length !== 6) return noMatch('wrong-length', buf, offset, length);
  if (buf[offset] !== 0 || buf[offset + 1] !== 4) return noMatch('wrong-type', buf, offset, length);
  return {
    ok: true,
    vlan: ((buf[offset + 2] as number) << 8) | (buf[offset + 3] as number),
    module: buf[offset + 4] as number,
    port: buf[offset + 5] as number,
  };
};

/** Thrown at setup (config validation) for a circuit-id regex that cannot work. */
export class CircuitRegexError extends Error {}

/**
 * ASCII forms (Huawei `0/0/5:4.10`, Eltex, D-Link user-defined, `dhcrelay -a`
 * interface names) read with a regex whose named groups are `port` and
 * optionally `vlan` and `module`, all decimal. Some switches wrap the text in a
 * type-1 TLV (`01 len text`); that header is stripped when its length agrees.
 */
export function regexCircuitIdParser(pattern: string | RegExp): CircuitIdParser {
  let re: RegExp;
  try {
    re = typeof pattern === 'string' ? new RegExp(pattern) : pattern;
  } catch (e) {
    throw new CircuitRegexError(`not a valid regular expression: ${(e as Error).message}`);
  }
  if (!/\(\?<port>/.test(re.source)) throw new CircuitRegexError('needs a named group (?<port>...)');
  const matcher = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
  return (buf, offset, length) => {
    let start = offset;
    if (length >= 3 && buf[offset] === 1 && buf[offset + 1] === length - 2) start += 2;
    const m = matcher.exec(latin1(buf, start, offset + length));
    if (m === null || m.groups === undefined) return noMatch('no-match', buf, offset, length);
    const port = decimal(m.groups['port']);
    if (port === undefined) return noMatch('bad-port', buf, offset, length);
    const vlan = decimal(m.groups['vlan']);
    const module = decimal(m.groups['module']);
    return { ok: true, port, ...(vlan === undefined ? {} : { vlan }), ...(module === undefined ? {} : { module }) };
  };
}

function decimal(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,9}$/.test(text)) return undefined;
  return Number(text);
}
