import { readId, readIp, readMac, type FormOut } from './field-parsers.js';
import type { SwitchRecord } from './types.js';

/**
 * Switches from `device/get_data&object_type=switch`: `data` keyed by device id
 * (or a list), each `{id, ip, host, mac, name}`. `ip` is the inet_aton integer
 * (often as text), `host` the dotted form, `mac` 12 upper-case hex digits.
 * A device without a usable id is dropped (counted); a bad address is left out.
 */
export function normalizeDevices(data: unknown): { switches: SwitchRecord[]; rejected: number } {
  const switches: SwitchRecord[] = [];
  let rejected = 0;
  const form: FormOut = { form: 0 };
  const add = (item: unknown, key: string | undefined): void => {
    const device = readDevice(item, key, form);
    if (device === undefined) rejected++;
    else switches.push(device);
  };
  if (Array.isArray(data)) {
    for (const item of data) add(item, undefined);
  } else if (typeof data === 'object' && data !== null) {
    for (const key in data) if (Object.hasOwn(data, key)) add((data as Record<string, unknown>)[key], key);
  }
  return { switches, rejected };
}

function readDevice(item: unknown, key: string | undefined, form: FormOut): SwitchRecord | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const rec = item as Record<string, unknown>;
  const id = readId(rec.id) ?? key;
  if (id === undefined || id === null) return undefined;
  let ip = readIp(rec.ip, form);
  if (ip < 0) ip = readIp(rec.host, form);
  const mac = readMac(rec.mac, form);
  const name = typeof rec.name === 'string' && rec.name.trim() !== '' ? rec.name.trim() : undefined;
  const device: { id: string; ip?: number; mac?: number; name?: string } = { id };
  if (ip >= 0) device.ip = ip;
  if (mac >= 0) device.mac = mac;
  if (name !== undefined) device.name = name;
  return device;
}
