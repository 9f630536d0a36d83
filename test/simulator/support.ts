import { expect } from 'vitest';
import type { Binding, FieldName } from '../../src/userside/types.js';
import { parseIp } from '../../src/wire/ipv4.js';
import { parseMac } from '../../src/wire/mac.js';
import type { SimCustomer, SimSwitch } from '../../src/simulator/generate.js';
import { DEFAULT_FIELD_KEYS, type SimStyle } from '../../src/simulator/render.js';
import type { SimulatedUserside } from '../../src/simulator/server.js';

/** A commutation record read back, strictly by what its style promises: a Binding's fields. */
export type Row = { -readonly [K in keyof Binding]: Binding[K] };

const MAC_FORMS: Record<SimStyle['macForm'], RegExp> = {
  bare: /^[0-9a-f]{12}$/,
  colon: /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/,
  dash: /^([0-9A-F]{2}-){5}[0-9A-F]{2}$/,
  dot: /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/,
  upper: /^[0-9A-F]{12}$/,
};

function readIp(value: unknown, form: SimStyle['ipForm']): number {
  if (form === 'inet_aton') {
    expect(typeof value).toBe('number');
    return value as number;
  }
  expect(typeof value).toBe('string');
  if (form === 'inet_aton_string') {
    expect(value).toMatch(/^\d+$/);
    return Number(value);
  }
  const ip = parseIp(value as string);
  expect(ip).toBeDefined();
  return ip as number;
}

function readMac(value: unknown, form: SimStyle['macForm']): number | undefined {
  expect(typeof value).toBe('string');
  if (value === '') return undefined;
  expect(value).toMatch(MAC_FORMS[form]);
  return parseMac(value as string);
}

function readNumber(value: unknown, style: SimStyle): number {
  expect(typeof value).toBe(style.numbersAsStrings ? 'string' : 'number');
  return Number(value);
}

export function records(body: unknown, style: SimStyle): unknown[] {
  const envelope = body as Record<string, unknown>;
  expect(Object.keys(envelope)).toEqual([style.resultKey, style.dataKey]);
  expect(envelope[style.resultKey]).toBe('OK');
  const data = envelope[style.dataKey];
  if (style.container === 'array' || (Array.isArray(data) && data.length === 0)) {
    expect(Array.isArray(data)).toBe(true);
    return data as unknown[];
  }
  expect(Array.isArray(data)).toBe(false);
  expect(typeof data).toBe('object');
  return Object.values(data as object);
}

export function decodeCommutation(body: unknown, style: SimStyle): Row[] {
  const key: Record<FieldName, string> = { ...DEFAULT_FIELD_KEYS, ...style.fieldNames };
  return records(body, style).map((value) => {
    const r = value as Record<string, unknown>;
    const allowed = new Set([key.customer_id, key.ip, key.mac, key.switch, key.port, key.vlan]);
    if (style.switchInfoInRecords) allowed.add(key.switch_ip).add(key.switch_mac);
    for (const name of Object.keys(r)) expect(allowed).toContain(name);
    const row: Row = { customerId: String(readNumber(r[key.customer_id], style)), ip: readIp(r[key.ip], style.ipForm) };
    const mac = readMac(r[key.mac], style.macForm);
    if (mac !== undefined) row.mac = mac;
    if (key.switch in r) row.switchId = String(readNumber(r[key.switch], style));
    if (key.port in r) row.port = readNumber(r[key.port], style);
    if (key.vlan in r) row.vlan = readNumber(r[key.vlan], style);
    if (key.switch_ip in r) row.switchIp = readIp(r[key.switch_ip], style.ipForm);
    if (key.switch_mac in r) row.switchMac = readMac(r[key.switch_mac], style.macForm);
    return row;
  });
}

/** What decodeCommutation should read for this ground truth. */
export function expectedRows(customers: readonly SimCustomer[], switches: readonly SimSwitch[], style: SimStyle): Row[] {
  const byId = new Map(switches.map((s) => [s.id, s]));
  return customers.map((c) => {
    const row: Row = { customerId: c.customerId, ip: c.ip };
    if (c.mac !== undefined) row.mac = c.mac;
    if (c.switchId !== undefined) row.switchId = c.switchId;
    if (c.port !== undefined) row.port = c.port;
    if (c.vlan !== undefined) row.vlan = c.vlan;
    const sw = c.switchId === undefined ? undefined : byId.get(c.switchId);
    if (style.switchInfoInRecords && sw !== undefined) {
      row.switchIp = sw.ip;
      row.switchMac = sw.mac;
    }
    return row;
  });
}

/** One API call; `post` sends the parameters (key included) as a form body. */
export async function api(
  sim: SimulatedUserside,
  params: Record<string, string>,
  opts: { post?: boolean; key?: string | null; signal?: AbortSignal } = {},
): Promise<{ status: number; body: unknown; text: string }> {
  const all = new URLSearchParams(params);
  if (opts.key !== null) all.set('key', opts.key ?? sim.key);
  const res = opts.post
    ? await fetch(sim.url, { method: 'POST', body: all, signal: opts.signal })
    : await fetch(`${sim.url}?${all}`, { signal: opts.signal });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

export const COMMUTATION = { cat: 'customer', action: 'get_ip_port_device_commutation' } as const;
export const DEVICES = { cat: 'device', action: 'get_data', object_type: 'switch' } as const;

export function setMacByIp(sim: SimulatedUserside, ip: string, mac: string, extra: Record<string, string> = {}) {
  return api(sim, { cat: 'customer', action: 'set_mac_by_ip', ip, mac, ...extra }, { post: true });
}
