import { FIELD_NAMES, type FieldName } from '../userside/types.js';
import { ipToString } from '../wire/ipv4.js';
import type { SimCustomer, SimSwitch } from './generate.js';
import { TextBuffer } from './text-buffer.js';

/** How the simulated UserSide spells its answers (the variations SPEC §3 must accept). */
export interface SimStyle {
  resultKey: 'Result' | 'result';
  dataKey: 'data' | 'Data';
  /** `object`: PHP's encoding of an array whose keys are not 0..n-1. */
  container: 'array' | 'object';
  ipForm: 'dotted' | 'inet_aton' | 'inet_aton_string';
  macForm: 'bare' | 'colon' | 'dash' | 'dot' | 'upper';
  /** customer id, device id, port and VLAN as `"13615"` instead of `13615`. */
  numbersAsStrings: boolean;
  /** The key emitted for each logical field; unset ones use DEFAULT_FIELD_KEYS. */
  fieldNames: Partial<Record<FieldName, string>>;
  /** Records carry device_ip/device_mac; when not, the daemon needs the device list. */
  switchInfoInRecords: boolean;
}

export const DEFAULT_FIELD_KEYS: Readonly<Record<FieldName, string>> = {
  customer_id: 'customer_id',
  ip: 'ip',
  mac: 'mac',
  switch: 'device_id',
  port: 'port',
  switch_ip: 'device_ip',
  switch_mac: 'device_mac',
  vlan: 'vlan',
};

export const DEFAULT_STYLE: Readonly<SimStyle> = {
  resultKey: 'Result',
  dataKey: 'data',
  container: 'array',
  ipForm: 'inet_aton_string',
  macForm: 'bare',
  numbersAsStrings: true,
  fieldNames: {},
  switchInfoInRecords: true,
};

const CHOICES = {
  resultKey: ['Result', 'result'],
  dataKey: ['data', 'Data'],
  container: ['array', 'object'],
  ipForm: ['dotted', 'inet_aton', 'inet_aton_string'],
  macForm: ['bare', 'colon', 'dash', 'dot', 'upper'],
} as const;

/** DEFAULT_STYLE with `change` applied; throws on anything that is not part of SimStyle (control API input). */
export function resolveStyle(change: Partial<SimStyle> = {}): SimStyle {
  const style: SimStyle = { ...DEFAULT_STYLE, fieldNames: {} };
  for (const [key, value] of Object.entries(change)) {
    if (!(key in DEFAULT_STYLE)) throw new Error(`unknown style option ${JSON.stringify(key)}`);
    if (value !== undefined) Object.assign(style, { [key]: key === 'fieldNames' ? { ...(value as object) } : value });
  }
  for (const [key, allowed] of Object.entries(CHOICES)) {
    const value = style[key as keyof typeof CHOICES];
    if (!(allowed as readonly string[]).includes(value)) {
      throw new Error(`style.${key} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    }
  }
  for (const key of ['numbersAsStrings', 'switchInfoInRecords'] as const) {
    if (typeof style[key] !== 'boolean') throw new Error(`style.${key} must be true or false`);
  }
  for (const [field, name] of Object.entries(style.fieldNames)) {
    if (!(FIELD_NAMES as readonly string[]).includes(field) || typeof name !== 'string' || name === '') {
      throw new Error(`style.fieldNames.${field} is not a logical field with a non-empty key`);
    }
  }
  const keys = Object.values({ ...DEFAULT_FIELD_KEYS, ...style.fieldNames });
  if (new Set(keys).size !== keys.length) throw new Error(`style.fieldNames gives two fields the same key: ${keys.join(', ')}`);
  return style;
}

export interface NamedStyle {
  readonly name: string;
  readonly style: SimStyle;
}

function variant(name: string, change: Partial<SimStyle>): NamedStyle {
  return { name, style: resolveStyle(change) };
}

/** One style per variation (and a few combinations); every one describes the same table. */
export const STYLE_VARIANTS: readonly NamedStyle[] = [
  variant('default', {}),
  variant('result-lowercase', { resultKey: 'result' }),
  variant('Data-capital', { dataKey: 'Data' }),
  variant('object-container', { container: 'object' }),
  variant('ip-dotted', { ipForm: 'dotted' }),
  variant('ip-inet_aton-number', { ipForm: 'inet_aton' }),
  variant('mac-colon', { macForm: 'colon' }),
  variant('mac-dash', { macForm: 'dash' }),
  variant('mac-dot', { macForm: 'dot' }),
  variant('mac-upper', { macForm: 'upper' }),
  variant('numbers-as-numbers', { numbersAsStrings: false }),
  variant('no-switch-info', { switchInfoInRecords: false }),
  variant('aliases-a', {
    fieldNames: { customer_id: 'usercode', ip: 'ip_address', switch: 'switch_id', port: 'interface', switch_ip: 'switch_ip', switch_mac: 'switch_mac' },
  }),
  variant('aliases-b', {
    fieldNames: { customer_id: 'abon_id', ip: 'userip', switch: 'object_id', port: 'port_number', switch_ip: 'device_host' },
  }),
  variant('aliases-id', { fieldNames: { customer_id: 'id' } }),
  variant('php-3.18', { resultKey: 'result', container: 'object', ipForm: 'inet_aton', numbersAsStrings: false }),
  variant('legacy-human', { dataKey: 'Data', container: 'object', ipForm: 'dotted', macForm: 'dash', switchInfoInRecords: false }),
];

export function renderIp(ip: number, form: SimStyle['ipForm']): string | number {
  if (form === 'dotted') return ipToString(ip);
  return form === 'inet_aton' ? ip : String(ip);
}

/** 12 lower-case hex digits, via two 24-bit halves (a 48-bit double's toString(16) is slow). */
function macHex(mac: number): string {
  const high = Math.floor(mac / 0x1000000).toString(16).padStart(6, '0');
  return high + (mac % 0x1000000).toString(16).padStart(6, '0');
}

/** Empty string when the MAC is unknown, as UserSide does. */
export function renderMac(mac: number | undefined, form: SimStyle['macForm']): string {
  if (mac === undefined) return '';
  const h = macHex(mac);
  switch (form) {
    case 'bare':
      return h;
    case 'upper':
      return h.toUpperCase();
    case 'dot':
      return `${h.slice(0, 4)}.${h.slice(4, 8)}.${h.slice(8)}`;
    case 'colon':
    case 'dash': {
      const sep = form === 'colon' ? ':' : '-';
      const text = `${h.slice(0, 2)}${sep}${h.slice(2, 4)}${sep}${h.slice(4, 6)}${sep}${h.slice(6, 8)}${sep}${h.slice(8, 10)}${sep}${h.slice(10)}`;
      return form === 'dash' ? text.toUpperCase() : text;
    }
  }
}

const q = JSON.stringify;

export function errorEnvelope(style: SimStyle, text: string): Record<string, unknown> {
  return { [style.resultKey]: 'ERROR', ErrorText: text };
}

/** The JSON text of the OK envelope around `dataJson` (JSON text itself). */
export function okEnvelopeJson(style: SimStyle, dataJson: string): string {
  return `${envelopeHead(style)}${dataJson}}`;
}

function envelopeHead(style: SimStyle): string {
  return `{${q(style.resultKey)}:"OK",${q(style.dataKey)}:`;
}

/**
 * The `get_ip_port_device_commutation` answer as UTF-8 JSON; `limit`: only the first so
 * many records (the `partial` fault). Written as text directly: 200,000 records are about
 * 30 MB, and building objects for JSON.stringify costs several times more.
 */
export function renderCommutation(
  customers: readonly SimCustomer[],
  switches: readonly SimSwitch[],
  style: SimStyle,
  limit = customers.length,
): Buffer {
  const count = Math.min(limit, customers.length);
  if (count === 0) return Buffer.from(renderEmpty(style));
  const keys = quotedKeys(style);
  const switchParts = new Map(switches.map((s) => [s.id, switchPart(s, keys, style)]));
  const object = style.container === 'object';
  const out = new TextBuffer();
  // PHP emits an object as soon as the keys are not exactly 0..n-1 (here: row ids from 1).
  out.add(envelopeHead(style) + (object ? '{' : '['));
  for (let i = 0; i < count; i++) {
    const c = customers[i] as SimCustomer;
    let json = `${i === 0 ? '' : ','}${object ? `"${i + 1}":` : ''}{${keys.customer_id}:${numeric(c.customerId, style)}`;
    json += `,${keys.ip}:${ipJson(c.ip, style)},${keys.mac}:"${renderMac(c.mac, style.macForm)}"`;
    if (c.switchId !== undefined) json += switchParts.get(c.switchId) ?? `,${keys.switch}:${numeric(c.switchId, style)}`;
    if (c.port !== undefined) json += `,${keys.port}:${numeric(c.port, style)}`;
    if (c.vlan !== undefined) json += `,${keys.vlan}:${numeric(c.vlan, style)}`;
    out.add(`${json}}`);
  }
  out.add(object ? '}}' : ']}');
  return out.finish();
}

/** The switch's fields of a record, rendered once per switch. */
function switchPart(s: SimSwitch, keys: Record<FieldName, string>, style: SimStyle): string {
  const id = `,${keys.switch}:${numeric(s.id, style)}`;
  if (!style.switchInfoInRecords) return id;
  return `${id},${keys.switch_ip}:${ipJson(s.ip, style)},${keys.switch_mac}:"${renderMac(s.mac, style.macForm)}"`;
}

/**
 * The JSON text of `device/get_data&object_type=switch` as UserSide answers it: keyed
 * by device id, `ip` the inet_aton integer as a string, `host` dotted, `mac` upper-case
 * bare hex.
 */
export function renderDevices(switches: readonly SimSwitch[], style: SimStyle, limit = switches.length): Buffer {
  const count = Math.min(limit, switches.length);
  if (count === 0) return Buffer.from(renderEmpty(style));
  const out = new TextBuffer();
  out.add(`${envelopeHead(style)}{`);
  for (let i = 0; i < count; i++) {
    const s = switches[i] as SimSwitch;
    const device = { id: style.numbersAsStrings ? s.id : Number(s.id), ip: String(s.ip), host: ipToString(s.ip), mac: renderMac(s.mac, 'upper'), name: s.name };
    out.add(`${i === 0 ? '' : ','}${q(s.id)}:${q(device)}`);
  }
  out.add('}}');
  return out.finish();
}

/** The JSON text of an OK answer with no records: PHP's json_encode([]) is `[]` even where the filled answer is an object. */
export function renderEmpty(style: SimStyle): string {
  return okEnvelopeJson(style, '[]');
}

/** Each logical field's key, already quoted for JSON. */
function quotedKeys(style: SimStyle): Record<FieldName, string> {
  const keys = { ...DEFAULT_FIELD_KEYS, ...style.fieldNames };
  const quoted = {} as Record<FieldName, string>;
  for (const field of FIELD_NAMES) quoted[field] = q(keys[field]);
  return quoted;
}

function ipJson(ip: number, style: SimStyle): string {
  if (style.ipForm === 'inet_aton') return String(ip);
  return style.ipForm === 'dotted' ? `"${ipToString(ip)}"` : `"${ip}"`;
}

const PLAIN = /^[\w.:-]*$/;

/** An id, port or VLAN as a JSON number or string, as the style says. */
function numeric(value: string | number, style: SimStyle): string {
  if (style.numbersAsStrings) return typeof value === 'number' || PLAIN.test(value) ? `"${value}"` : q(value);
  const n = Number(value);
  return Number.isFinite(n) ? String(n) : q(value);
}
