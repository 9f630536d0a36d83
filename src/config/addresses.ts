import { ipToString, parseIp, prefixToMask } from '../wire/ipv4.js';
import { parsed, problem, showValue, type Parsed } from './parsed.js';
import type { Cidr, HostPort } from './types.js';

/**
 * Addresses as written in the config: strict dotted quads only (no `10.1`,
 * no octal `010.0.0.1`), which is why this does not lean on `netmask`, whose
 * parser reads `10.10/16` as 10.0.0.0/16 and `010.10.0.0` as 8.10.0.0.
 */

export function parseIpv4(value: unknown): Parsed<number> {
  if (typeof value !== 'string') return problem(`expected an IPv4 address such as 10.0.0.1 (got ${showValue(value)})`);
  const ip = parseIp(value.trim());
  return ip === undefined ? problem(`not an IPv4 address: ${showValue(value)}`) : parsed(ip);
}

const CIDR = /^([0-9.]+)\/(\d{1,2})$/;

/** `10.10.0.0/16`; host bits must be clear, so a typo cannot silently widen or move a subnet. */
export function parseCidr(value: unknown): Parsed<Cidr> {
  if (typeof value !== 'string') return problem(`expected a CIDR such as 10.10.0.0/16 (got ${showValue(value)})`);
  const m = CIDR.exec(value.trim());
  const ip = m ? parseIp(m[1] as string) : undefined;
  const prefix = m ? Number(m[2]) : NaN;
  if (ip === undefined || !(prefix <= 32)) {
    return problem(`not a CIDR: ${showValue(value)} (expected address/prefix such as 10.10.0.0/16, prefix 0 to 32)`);
  }
  return cidrOf(ip, prefix, value);
}

/** A trusted relay: a CIDR, or one address meaning /32. */
export function parseCidrOrAddress(value: unknown): Parsed<Cidr> {
  if (typeof value === 'string' && !value.includes('/')) {
    const ip = parseIp(value.trim());
    if (ip === undefined) return problem(`not an IPv4 address or CIDR: ${showValue(value)}`);
    return cidrOf(ip, 32, value);
  }
  return parseCidr(value);
}

function cidrOf(ip: number, prefix: number, written: string): Parsed<Cidr> {
  const mask = prefixToMask(prefix);
  const network = (ip & mask) >>> 0;
  const text = `${ipToString(network)}/${prefix}`;
  if (network !== ip) return problem(`${showValue(written)} has host bits set: the network is ${text}`);
  return parsed({ network, prefix, mask, text });
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return ((ip & cidr.mask) >>> 0) === cidr.network;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const mask = a.prefix < b.prefix ? a.mask : b.mask;
  return ((a.network & mask) >>> 0) === ((b.network & mask) >>> 0);
}

const HOST_PORT = /^([0-9.]+)(?::(\d{1,5}))?$/;

/** `0.0.0.0:67`, or `0.0.0.0` meaning `defaultPort`. */
export function parseHostPort(value: unknown, defaultPort: number): Parsed<HostPort> {
  const example = `such as 0.0.0.0:${defaultPort}`;
  if (typeof value !== 'string') return problem(`not host:port: expected an IPv4 address and port ${example} (got ${showValue(value)})`);
  const m = HOST_PORT.exec(value.trim());
  const host = m ? parseIp(m[1] as string) : undefined;
  const port = m?.[2] === undefined ? defaultPort : Number(m[2]);
  if (m === null || host === undefined || port < 1 || port > 65535) {
    return problem(`not host:port: expected an IPv4 address and port ${example} (got ${showValue(value)})`);
  }
  return parsed({ host: ipToString(host), port });
}
