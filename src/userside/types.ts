/**
 * What the UserSide side of the daemon produces: normalized bindings and
 * switches, whatever shape the API answered in (SPEC §3).
 */

/** The logical fields of a commutation record; each is read through an alias set. */
export const FIELD_NAMES = ['customer_id', 'ip', 'mac', 'switch', 'port', 'switch_ip', 'switch_mac', 'vlan'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** Default alias sets, tried in order (SPEC §3). Config `userside.fields` prepends to these. */
export const DEFAULT_FIELD_ALIASES: Readonly<Record<FieldName, readonly string[]>> = {
  customer_id: ['customer_id', 'usercode', 'abon_id', 'id'],
  ip: ['ip', 'ip_address', 'userip'],
  mac: ['mac'],
  switch: ['device_id', 'switch_id', 'object_id'],
  port: ['port', 'interface', 'port_number'],
  switch_ip: ['device_ip', 'switch_ip', 'device_host'],
  switch_mac: ['device_mac', 'switch_mac'],
  vlan: ['vlan'],
};

/** One customer binding as UserSide holds it, normalized. */
export interface Binding {
  readonly customerId: string;
  /** IPv4 as an unsigned 32-bit number. */
  readonly ip: number;
  /** 48-bit MAC as a number; absent when UserSide has none (empty MAC = unknown). */
  readonly mac?: number;
  /** UserSide device id of the access switch. */
  readonly switchId?: string;
  readonly port?: number;
  /** The switch's own address/MAC when the record carries them. */
  readonly switchIp?: number;
  readonly switchMac?: number;
  readonly vlan?: number;
}

/** An access switch from `device/get_data&object_type=switch` (or from the records). */
export interface SwitchRecord {
  readonly id: string;
  readonly ip?: number;
  readonly mac?: number;
  readonly name?: string;
}

/** Why a commutation record was dropped (codes are in the reason catalogue). */
export type RecordRejection =
  | 'not-an-object'
  | 'no-customer'
  | 'no-ip'
  | 'bad-ip'
  | 'bad-mac'
  | 'bad-port'
  | 'bad-switch'
  | 'bad-vlan';

export interface NormalizeResult {
  readonly bindings: Binding[];
  /** Records seen, accepted or not. */
  readonly total: number;
  readonly rejected: Partial<Record<RecordRejection, number>>;
  /** The first few rejected records, for logs and `probe`. */
  readonly samples: ReadonlyArray<{ readonly reason: RecordRejection; readonly record: unknown }>;
  /** What the answer looked like, for `probe` and the logs. */
  readonly shape: RecordShape;
}

export interface RecordShape {
  /** `data` as a JSON array, or as an object keyed by id (PHP's two encodings). */
  readonly container: 'array' | 'object' | 'empty';
  /** For each logical field, the key it was found under most often (null: never). */
  readonly fields: Readonly<Record<FieldName, string | null>>;
  readonly ipForm: 'dotted' | 'inet_aton' | 'mixed' | 'none';
  readonly macForm: 'bare' | 'colon' | 'dash' | 'dot' | 'mixed' | 'none';
  /** Keys seen in records that no alias uses (first few). */
  readonly unknownKeys: readonly string[];
}
