import type { FieldAliases } from './aliases.js';
import { UsersideError, type UsersideClient, type UsersideParams } from './client.js';
import { normalizeDevices } from './devices.js';
import { parseEnvelope, type EnvelopeForm } from './envelope.js';
import { normalizeCommutation } from './normalize.js';
import type { NormalizeResult, SwitchRecord } from './types.js';

export interface FetchedBindings {
  readonly result: NormalizeResult;
  /** From `device/get_data`; null when not fetched (`devices: never`, or records name their switches). */
  readonly switches: SwitchRecord[] | null;
  /** Devices dropped for lack of an id (0 or absent when none were fetched). */
  readonly rejectedSwitches?: number;
  /** The envelope form of the commutation answer. */
  readonly envelope: EnvelopeForm;
  /** Bytes received for all answers of this fetch. */
  readonly bytes?: number;
}

export interface FetchBindingsOptions {
  readonly devices: 'auto' | 'always' | 'never';
  readonly fields?: FieldAliases;
  /** Called once the answer is parsed and its text is garbage (the sync worker collects it). */
  readonly afterParse?: () => void;
}

export const COMMUTATION_CALL = { cat: 'customer', action: 'get_ip_port_device_commutation' } as const;
export const SWITCHES_CALL = { cat: 'device', action: 'get_data', params: { object_type: 'switch', is_hide_ifaces_data: 1 } } as const;

/**
 * One download of the bindings: the commutation call, normalised, plus the
 * switch list when the records do not carry the switches' IP or MAC
 * (`devices: auto`) or when asked (`always`). Throws UsersideError.
 */
export async function fetchBindings(client: UsersideClient, opts: FetchBindingsOptions): Promise<FetchedBindings> {
  const commutation = await fetchData(client, COMMUTATION_CALL.cat, COMMUTATION_CALL.action, {});
  opts.afterParse?.();
  const result = normalizeCommutation(commutation.data, opts.fields);
  let bytes = commutation.bytes;
  let switches: SwitchRecord[] | null = null;
  let rejectedSwitches = 0;
  if (opts.devices === 'always' || (opts.devices === 'auto' && !result.bindings.some(namesItsSwitch))) {
    const devices = await fetchData(client, SWITCHES_CALL.cat, SWITCHES_CALL.action, SWITCHES_CALL.params);
    bytes += devices.bytes;
    ({ switches, rejected: rejectedSwitches } = normalizeDevices(devices.data));
  }
  return { result, switches, rejectedSwitches, envelope: commutation.form, bytes };
}

function namesItsSwitch(binding: { switchIp?: number; switchMac?: number }): boolean {
  return binding.switchIp !== undefined || binding.switchMac !== undefined;
}

async function fetchData(
  client: UsersideClient,
  cat: string,
  action: string,
  params: UsersideParams,
): Promise<{ data: unknown; form: EnvelopeForm; bytes: number }> {
  const response = await client.get(cat, action, params);
  const fail = (reason: 'api-error' | 'http-status' | 'bad-shape', message: string): UsersideError =>
    new UsersideError(reason, client.redact(`UserSide ${cat}/${action}: ${message}`), {
      status: response.status,
      attempts: response.attempts,
    });
  const envelope = parseEnvelope(response.status, response.body);
  if (!envelope.ok) throw fail(envelope.reason, envelope.message);
  if (envelope.form.dataKey === null) throw fail('bad-shape', 'an OK answer without data');
  const { data } = envelope;
  if (data !== null && typeof data !== 'object') throw fail('bad-shape', `data is a ${typeof data}, not a list or map`);
  return { data, form: envelope.form, bytes: response.bytes };
}
