import { z } from 'zod';
import { ipToString } from '../wire/ipv4.js';
import { FIELD_NAMES, type FieldName } from '../userside/types.js';
import { cidrContains, cidrsOverlap, parseCidr, parseCidrOrAddress, parseHostPort, parseIpv4 } from './addresses.js';
import { CIRCUIT_ID_EXPECTED, parseCircuitRegex, VLAN_MOD_PORT } from './circuit-id-format.js';
import { formatDuration, parseDuration } from './duration.js';
import { isMapping, parsed, problem, showValue, type Parsed } from './parsed.js';
import {
  parseBoolean,
  parseDomain,
  parseHttpUrl,
  parseInteger,
  parseNumberIn,
  parseOneOf,
  parsePositiveNumber,
  parseText,
} from './scalars.js';
import { parseSubnetOption } from './subnet-options.js';
import { MATCH_MODES, type CircuitIdFormat, type LogLevel } from './types.js';
import { expectedList, field, list, mapping, section } from './zod-fields.js';

/**
 * The YAML file's shape (SPEC §9 plus the documented extras), with SPEC's
 * defaults. Its output keeps the file's snake_case names; `load.ts` maps it
 * onto `Config` and resolves the API key, which this schema only admits.
 */

export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const MIN_SYNC_INTERVAL_MS = 5000;
const MIN_LEASE_TIME = 60;
const MAX_LEASE_TIME = 0xffffffff;

function durationAtLeast(minMs: number) {
  return (value: unknown): Parsed<number> => {
    const d = parseDuration(value);
    if (!d.ok || d.value >= minMs) return d;
    return problem(`must be at least ${formatDuration(minMs)} (got ${showValue(value)})`);
  };
}

function positiveDuration(value: unknown): Parsed<number> {
  const d = parseDuration(value);
  return !d.ok || d.value > 0 ? d : problem(`must be longer than 0 (got ${showValue(value)})`);
}

/** Seconds, written as a number (`3600`) or a duration (`1h`); at least a minute. */
function leaseTime(value: unknown): Parsed<number> {
  const d = parseDuration(value);
  if (!d.ok) return d;
  const seconds = d.value / 1000;
  if (Number.isInteger(seconds) && seconds >= MIN_LEASE_TIME && seconds <= MAX_LEASE_TIME) return parsed(seconds);
  return problem(`expected a whole number of seconds from ${MIN_LEASE_TIME} to ${MAX_LEASE_TIME}, or a duration such as 1h (got ${showValue(value)})`);
}
const port = (value: unknown): Parsed<number> => parseInteger(value, 1, 65535);
const byteCount = (value: unknown): Parsed<number> => parseInteger(value, 1, Number.MAX_SAFE_INTEGER, 'bytes');

function unicastIpv4(value: unknown): Parsed<number> {
  const ip = parseIpv4(value);
  if (!ip.ok) return ip;
  const firstOctet = ip.value >>> 24;
  if (ip.value === 0 || firstOctet >= 224) {
    return problem(`must be a unicast address this server is reached at (got ${showValue(value)})`);
  }
  return ip;
}

/** `userside.fields`: logical field → one alias or a list of aliases. */
const fieldAliases = mapping().transform((entries, ctx) => {
  const out: Partial<Record<FieldName, readonly string[]>> = {};
  for (const [name, value] of Object.entries(entries)) {
    const aliases = typeof value === 'string' ? [value] : value;
    if (!(FIELD_NAMES as readonly string[]).includes(name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `unknown field (expected one of ${FIELD_NAMES.join(', ')})` });
    } else if (!Array.isArray(aliases) || aliases.length === 0 || !aliases.every((a) => typeof a === 'string' && a !== '')) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `expected a record key name or a list of them, such as port_number or [port_number, iface] (got ${showValue(value)})`,
      });
    } else {
      out[name as FieldName] = aliases as string[];
    }
  }
  return out;
});

const usersideSchema = section({
  url: field(parseHttpUrl),
  // The key is resolved by api-key.ts (it may come from a file or the environment).
  key: z.unknown().optional(),
  key_file: z.unknown().optional(),
  sync_interval: field(durationAtLeast(MIN_SYNC_INTERVAL_MS)).default(60_000),
  timeout: field(positiveDuration).default(30_000),
  max_shrink: field((v) => parseNumberIn(v, 0, 1)).default(0.5),
  devices: field(parseOneOf(['auto', 'always', 'never'] as const)).default('auto'),
  fields: fieldAliases.default({}),
  max_response_bytes: field(byteCount).default(256 * 1024 * 1024),
});

/** `circuit_id: vlan-mod-port` or `circuit_id: {regex: '...'}`. */
const circuitIdSchema = z.unknown().transform((value, ctx): CircuitIdFormat => {
  if (value === 'vlan-mod-port') return VLAN_MOD_PORT;
  if (isMapping(value) && 'regex' in value) {
    for (const key of Object.keys(value)) {
      if (key !== 'regex') ctx.addIssue({ code: 'custom', path: [key], message: 'unknown key (only regex is allowed here)' });
    }
    const format = parseCircuitRegex(value['regex']);
    if (format.ok) return format.value;
    ctx.addIssue({ code: 'custom', path: ['regex'], message: format.problem });
    return z.NEVER;
  }
  ctx.addIssue({ code: 'custom', message: `${CIRCUIT_ID_EXPECTED} (got ${showValue(value)})` });
  return z.NEVER;
});

const option82Schema = section({
  circuit_id: circuitIdSchema.default(VLAN_MOD_PORT),
  remote_id: field(parseOneOf(['mac', 'none'] as const)).default('mac'),
});

/** `options: {26: 1500, ntp-servers: [10.0.0.5]}` → wire bytes by option code. */
const subnetOptions = mapping().transform((entries, ctx) => {
  const out = new Map<number, Uint8Array>();
  const nameOf = new Map<number, string>();
  for (const [name, value] of Object.entries(entries)) {
    const option = parseSubnetOption(name, value);
    if (!option.ok) {
      ctx.addIssue({ code: 'custom', path: [name], message: option.problem });
    } else if (nameOf.has(option.value.code)) {
      const first = nameOf.get(option.value.code) as string;
      ctx.addIssue({ code: 'custom', path: [name], message: `option ${option.value.code} is already set (as ${first})` });
    } else {
      nameOf.set(option.value.code, name);
      out.set(option.value.code, option.value.bytes);
    }
  }
  return out;
});

const subnetSchema = section({
  cidr: field(parseCidr),
  routers: list(parseIpv4, '[10.10.0.1]').default([]),
  dns: list(parseIpv4, '[10.0.0.53]').default([]),
  domain: field(parseDomain).optional(),
  lease_time: field(leaseTime).optional(),
  options: subnetOptions.default(() => new Map()),
}).superRefine((subnet, ctx) => {
  subnet.routers.forEach((router, i) => {
    const where = routerProblem(subnet.cidr, router);
    if (where !== undefined) ctx.addIssue({ code: 'custom', path: ['routers', i], message: where });
  });
});

function routerProblem(cidr: { network: number; mask: number; prefix: number; text: string }, router: number): string | undefined {
  const shown = ipToString(router);
  if (!cidrContains(cidr, router)) return `${shown} is outside the subnet ${cidr.text}: a router must be reachable on the subnet`;
  if (cidr.prefix <= 30 && router === cidr.network) return `${shown} is the network address of ${cidr.text}`;
  if (cidr.prefix <= 30 && router === (cidr.network | ~cidr.mask) >>> 0) return `${shown} is the broadcast address of ${cidr.text}`;
  return undefined;
}

const subnetsSchema = z
  .array(subnetSchema, { error: (iss) => expectedList(iss.input, '[{cidr: 10.10.0.0/16, routers: [10.10.0.1]}]') })
  .min(1, { error: 'needs at least one subnet (cidr and routers)' })
  .superRefine((subnets, ctx) => {
    subnets.forEach((b, j) => {
      const i = subnets.findIndex((a, k) => k < j && cidrsOverlap(a.cidr, b.cidr));
      if (i >= 0) {
        const a = subnets[i]?.cidr.text ?? '';
        ctx.addIssue({ code: 'custom', path: [j, 'cidr'], message: `${b.cidr.text} overlaps dhcp.subnets[${i}] (${a}): subnets must not overlap` });
      }
    });
  });

const dhcpSchema = section({
  listen: list((v) => parseHostPort(v, 67), '["0.0.0.0:67"]')
    .min(1, { error: 'needs at least one address to listen on, such as "0.0.0.0:67"' })
    .default([{ host: '0.0.0.0', port: 67 }]),
  server_id: field(unicastIpv4),
  authoritative: field(parseBoolean).default(true),
  match: field(parseOneOf(MATCH_MODES)).default('port-then-mac'),
  trusted_relays: list(parseCidrOrAddress, '[10.0.0.0/8]').default([]),
  option82: option82Schema.prefault({}),
  lease_time: field(leaseTime).default(3600),
  subnets: subnetsSchema,
  client_port: field(port).default(68),
  broadcast_address: field(parseIpv4).default(0xffffffff),
});

const writebackSchema = section({
  enabled: field(parseBoolean).default(true),
  max_per_second: field(parsePositiveNumber).default(20),
});

export const configSchema = section({
  userside: usersideSchema,
  dhcp: dhcpSchema,
  writeback: writebackSchema.prefault({}),
  // Defaulted in load.ts: $STATE_DIRECTORY (systemd) or ./state.
  state_dir: field(parseText).optional(),
  admin: section({
    listen: field((v) => parseHostPort(v, 9567)).default({ host: '127.0.0.1', port: 9567 }),
    // /readyz answers 503 when the table served was fetched longer ago than this.
    stale_after: field(durationAtLeast(MIN_SYNC_INTERVAL_MS)).default(3_600_000),
  }).prefault({}),
  log: section({ level: field(parseOneOf(LOG_LEVELS)).default('info') }).prefault({}),
});

export type ConfigFile = z.output<typeof configSchema>;
