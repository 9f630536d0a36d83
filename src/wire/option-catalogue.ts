import { fromHex } from './bytes.js';
import { parseIp } from './ipv4.js';
import { classlessRoutes, type ClasslessRoute, int32, ipv4, ipv4List, text, uint16, uint32, uint8 } from './option-types.js';

/**
 * Names and value types of the options an operator may configure, so that a
 * config value such as `{26: 1500}` or `{ntp-servers: [10.0.0.5]}` becomes wire
 * bytes once, at start-up. RFC 2132 unless noted.
 */
type ValueKind = 'ip' | 'ips' | 'u8' | 'u16' | 'u32' | 'i32' | 'bool' | 'text' | 'hex' | 'routes' | 'domains';

interface Known {
  readonly name: string;
  readonly kind: ValueKind;
}

export const OPTION_CATALOGUE: ReadonlyMap<number, Known> = new Map<number, Known>([
  [1, { name: 'subnet-mask', kind: 'ip' }],
  [2, { name: 'time-offset', kind: 'i32' }],
  [3, { name: 'routers', kind: 'ips' }],
  [4, { name: 'time-servers', kind: 'ips' }],
  [6, { name: 'domain-name-servers', kind: 'ips' }],
  [7, { name: 'log-servers', kind: 'ips' }],
  [12, { name: 'host-name', kind: 'text' }],
  [15, { name: 'domain-name', kind: 'text' }],
  [19, { name: 'ip-forwarding', kind: 'bool' }],
  [23, { name: 'default-ip-ttl', kind: 'u8' }],
  [26, { name: 'interface-mtu', kind: 'u16' }],
  [28, { name: 'broadcast-address', kind: 'ip' }],
  [35, { name: 'arp-cache-timeout', kind: 'u32' }],
  [42, { name: 'ntp-servers', kind: 'ips' }],
  [43, { name: 'vendor-encapsulated-options', kind: 'hex' }],
  [44, { name: 'netbios-name-servers', kind: 'ips' }],
  [46, { name: 'netbios-node-type', kind: 'u8' }],
  [51, { name: 'lease-time', kind: 'u32' }],
  [54, { name: 'server-identifier', kind: 'ip' }],
  [58, { name: 'renewal-time', kind: 'u32' }],
  [59, { name: 'rebinding-time', kind: 'u32' }],
  [66, { name: 'tftp-server-name', kind: 'text' }],
  [67, { name: 'bootfile-name', kind: 'text' }],
  [69, { name: 'smtp-servers', kind: 'ips' }],
  [100, { name: 'posix-timezone', kind: 'text' }], // RFC 4833
  [101, { name: 'tzdb-timezone', kind: 'text' }], // RFC 4833
  [108, { name: 'ipv6-only-preferred', kind: 'u32' }], // RFC 8925
  [114, { name: 'captive-portal', kind: 'text' }], // RFC 8910
  [119, { name: 'domain-search', kind: 'domains' }], // RFC 3397
  [121, { name: 'classless-static-routes', kind: 'routes' }], // RFC 3442
  [150, { name: 'tftp-server-address', kind: 'ips' }], // RFC 5859
  [249, { name: 'ms-classless-static-routes', kind: 'routes' }], // Microsoft's copy of 121
  [252, { name: 'wpad-url', kind: 'text' }],
]);

const BY_NAME = new Map([...OPTION_CATALOGUE].map(([code, k]) => [k.name, code]));

/** An option named by number (`26`, `"26"`) or catalogue name (`interface-mtu`). */
export function optionCode(key: string | number): number | undefined {
  const n = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : BY_NAME.get(key);
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 254 ? n : undefined;
}

export type Encoded = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly error: string };

const ok = (bytes: Uint8Array): Encoded => ({ ok: true, bytes });
const fail = (error: string): Encoded => ({ ok: false, error });

/**
 * Encodes a configured value for option `code`. Unknown codes take a string
 * (sent as text) or `hex:0a0b...` (sent as those bytes).
 */
export function encodeOptionValue(code: number, value: unknown): Encoded {
  if (typeof value === 'string' && value.startsWith('hex:')) return hexValue(value.slice(4));
  const kind = OPTION_CATALOGUE.get(code)?.kind;
  if (kind === undefined) {
    if (typeof value === 'string' && value !== '') return ok(text.encode(value));
    return fail(`option ${code} has no known type: give a string or "hex:..."`);
  }
  return ENCODERS[kind](value);
}

const ENCODERS: Record<ValueKind, (v: unknown) => Encoded> = {
  ip: (v) => withIps([v], (ips) => ipv4.encode(ips[0] as number), 'an IPv4 address'),
  ips: (v) => withIps(Array.isArray(v) ? v : [v], (ips) => ipv4List.encode(ips), 'a list of IPv4 addresses'),
  u8: (v) => integer(v, 0, 0xff, (n) => uint8.encode(n)),
  u16: (v) => integer(v, 0, 0xffff, (n) => uint16.encode(n)),
  u32: (v) => integer(v, 0, 0xffffffff, (n) => uint32.encode(n)),
  i32: (v) => integer(v, -0x80000000, 0x7fffffff, (n) => int32.encode(n)),
  bool: (v) => (typeof v === 'boolean' ? ok(uint8.encode(v ? 1 : 0)) : fail('expected true or false')),
  text: (v) =>
    typeof v === 'string' && v !== '' && Buffer.byteLength(v) <= 1024 ? ok(text.encode(v)) : fail('expected non-empty text'),
  hex: (v) => (typeof v === 'string' ? hexValue(v) : fail('expected hex bytes')),
  routes: routesValue,
  domains: domainsValue,
};

function withIps(values: unknown[], make: (ips: number[]) => Uint8Array, what: string): Encoded {
  const ips = values.map((v) => (typeof v === 'string' ? parseIp(v) : undefined));
  if (ips.length === 0 || ips.some((ip) => ip === undefined)) return fail(`expected ${what}`);
  return ok(make(ips as number[]));
}

function integer(v: unknown, min: number, max: number, make: (n: number) => Uint8Array): Encoded {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return fail(`expected an integer from ${min} to ${max}`);
  return ok(make(v));
}

function hexValue(v: string): Encoded {
  const bytes = fromHex(v);
  return bytes === undefined ? fail('expected an even number of hex digits') : ok(bytes);
}

const ROUTE = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})\s+(?:via\s+)?(\d+\.\d+\.\d+\.\d+)$/;

/** RFC 3442 routes written `10.20.0.0/16 via 10.10.0.1` (or without `via`). */
function routesValue(v: unknown): Encoded {
  const list = Array.isArray(v) ? v : [v];
  const routes: ClasslessRoute[] = [];
  for (const item of list) {
    const m = typeof item === 'string' ? ROUTE.exec(item.trim()) : null;
    const destination = m ? parseIp(m[1] as string) : undefined;
    const prefix = m ? Number(m[2]) : NaN;
    const router = m ? parseIp(m[3] as string) : undefined;
    if (destination === undefined || router === undefined || !(prefix <= 32)) {
      return fail(`expected routes like "10.20.0.0/16 via 10.10.0.1", got ${JSON.stringify(item)}`);
    }
    routes.push({ destination, prefix, router });
  }
  return ok(classlessRoutes.encode(routes));
}

/** RFC 3397: a list of domain names in DNS wire form (uncompressed, which is legal). */
function domainsValue(v: unknown): Encoded {
  const list = Array.isArray(v) ? v : [v];
  const parts: number[] = [];
  for (const name of list) {
    if (typeof name !== 'string' || name === '') return fail('expected domain names');
    for (const label of name.replace(/\.$/, '').split('.')) {
      if (label.length === 0 || label.length > 63 || !/^[A-Za-z0-9-_]+$/.test(label)) return fail(`bad domain name ${JSON.stringify(name)}`);
      parts.push(label.length, ...Buffer.from(label, 'ascii'));
    }
    parts.push(0);
  }
  return ok(Uint8Array.from(parts));
}
