import { planAliases, type AliasPlan, type FieldAliases } from './aliases.js';
import {
  ABSENT,
  BAD,
  IP_DOTTED,
  MAC_BARE,
  MAC_COLON,
  MAC_DASH,
  readId,
  readIp,
  readMac,
  readUint,
  type FormOut,
} from './field-parsers.js';
import { FIELD_NAMES, type Binding, type FieldName, type NormalizeResult, type RecordRejection, type RecordShape } from './types.js';

/**
 * The tolerant normaliser for `customer/get_ip_port_device_commutation`
 * (SPEC §3). The record shape is undocumented, so every field is read through
 * an alias set, every number may be text, and a bad record is dropped with a
 * reason instead of failing the sync. Never throws.
 */

const MAX_SAMPLES = 5;
const MAX_UNKNOWN_KEYS = 10;
/** Unknown keys are looked for in the first records only: they are a hint for `probe`. */
const KEY_SCAN_RECORDS = 1000;
/** Physical port numbers; the lease table keys (switch, port) with 16 bits of port. */
const MAX_PORT = 65535;
const MAX_VLAN = 4095;
/** Shown as the customer_id "key" when the id came from the container's key. */
export const OBJECT_KEY = '(object key)';

type Rec = Record<string, unknown>;

interface Run {
  readonly order: AliasPlan['order'];
  readonly known: ReadonlySet<string>;
  /** Per field, how often each alias supplied the value (last slot: the object key). */
  readonly hits: Record<FieldName, Uint32Array>;
  readonly ipForms: [number, number];
  readonly macForms: [number, number, number, number];
  readonly unknownKeys: Set<string>;
  readonly form: FormOut;
  readonly bindings: Binding[];
  readonly rejected: Partial<Record<RecordRejection, number>>;
  readonly samples: Array<{ reason: RecordRejection; record: unknown }>;
  total: number;
}

export function normalizeCommutation(data: unknown, aliases?: FieldAliases): NormalizeResult {
  const run = startRun(planAliases(aliases));
  let container: RecordShape['container'] = 'empty';
  if (Array.isArray(data)) {
    if (data.length > 0) container = 'array';
    for (const item of data) visit(run, item, undefined);
  } else if (typeof data === 'object' && data !== null) {
    // PHP's json_encode turns an array keyed by id into an object: the key is the id.
    for (const key in data) {
      if (!Object.hasOwn(data, key)) continue;
      container = 'object';
      visit(run, (data as Rec)[key], key);
    }
  }
  return {
    bindings: run.bindings,
    total: run.total,
    rejected: run.rejected,
    samples: run.samples,
    shape: {
      container,
      fields: fieldKeys(run),
      ipForm: ipForm(run.ipForms),
      macForm: macForm(run.macForms),
      unknownKeys: [...run.unknownKeys],
    },
  };
}

function startRun(plan: AliasPlan): Run {
  const hits = {} as Record<FieldName, Uint32Array>;
  for (const field of FIELD_NAMES) hits[field] = new Uint32Array(plan.order[field].length + 1);
  return {
    order: plan.order,
    known: plan.known,
    hits,
    ipForms: [0, 0],
    macForms: [0, 0, 0, 0],
    unknownKeys: new Set(),
    form: { form: 0 },
    bindings: [],
    rejected: {},
    samples: [],
    total: 0,
  };
}

/** One container entry: a record, or (one level deep) a list of records under one id. */
function visit(run: Run, item: unknown, containerKey: string | undefined): void {
  if (Array.isArray(item)) {
    for (const inner of item) take(run, inner, containerKey);
  } else {
    take(run, item, containerKey);
  }
}

function take(run: Run, item: unknown, containerKey: string | undefined): void {
  run.total++;
  const outcome = typeof item === 'object' && item !== null && !Array.isArray(item) ? readRecord(run, item as Rec, containerKey) : 'not-an-object';
  if (typeof outcome !== 'string') {
    run.bindings.push(outcome);
    return;
  }
  run.rejected[outcome] = (run.rejected[outcome] ?? 0) + 1;
  if (run.samples.length < MAX_SAMPLES) run.samples.push({ reason: outcome, record: item });
}

function readRecord(run: Run, rec: Rec, containerKey: string | undefined): Binding | RecordRejection {
  if (run.total <= KEY_SCAN_RECORDS && run.unknownKeys.size < MAX_UNKNOWN_KEYS) noteUnknownKeys(run, rec);
  const { order, hits, form } = run;

  let customerId = readId(pick(rec, order.customer_id, hits.customer_id));
  if (customerId === null && containerKey !== undefined) {
    // PHP keyed the records by customer id and left the id out of them
    customerId = readId(containerKey);
    if (customerId !== null) hits.customer_id[order.customer_id.length]!++;
  }
  if (customerId === null || customerId === undefined) return 'no-customer';

  const ip = readIp(pick(rec, order.ip, hits.ip), form);
  if (ip === ABSENT) return 'no-ip';
  if (ip === BAD) return 'bad-ip';
  run.ipForms[form.form === IP_DOTTED ? 0 : 1]++;

  const mac = readMac(pick(rec, order.mac, hits.mac), form);
  if (mac === BAD) return 'bad-mac';
  if (mac !== ABSENT) run.macForms[form.form as 0 | 1 | 2 | 3]++;

  const switchId = readId(pick(rec, order.switch, hits.switch));
  if (switchId === undefined) return 'bad-switch';

  const port = readUint(pick(rec, order.port, hits.port), MAX_PORT);
  if (port === BAD) return 'bad-port';

  const vlan = readUint(pick(rec, order.vlan, hits.vlan), MAX_VLAN);
  if (vlan === BAD) return 'bad-vlan';

  // The switch's own address/MAC only help find the switch: an unreadable one
  // (a host name, garbage) is ignored rather than costing the customer a lease.
  const switchIp = readIp(pick(rec, order.switch_ip, hits.switch_ip), form);
  const switchMac = readMac(pick(rec, order.switch_mac, hits.switch_mac), form);

  // One property order for every binding keeps them one hidden class.
  return {
    customerId,
    ip,
    mac: mac >= 0 ? mac : undefined,
    switchId: switchId ?? undefined,
    port: port >= 0 ? port : undefined,
    switchIp: switchIp >= 0 ? switchIp : undefined,
    switchMac: switchMac >= 0 ? switchMac : undefined,
    vlan: vlan >= 0 ? vlan : undefined,
  };
}

/** The value under the first alias that holds one (null and "" count as none). */
function pick(rec: Rec, aliases: readonly string[], hits: Uint32Array): unknown {
  for (let i = 0; i < aliases.length; i++) {
    const key = aliases[i] as string;
    const value = rec[key];
    if (value === undefined || value === null || value === '') continue;
    // JSON never holds functions: a function or object here may be inherited ("constructor").
    if ((typeof value === 'object' || typeof value === 'function') && !Object.hasOwn(rec, key)) continue;
    hits[i]!++;
    return value;
  }
  return undefined;
}

function noteUnknownKeys(run: Run, rec: Rec): void {
  for (const key in rec) {
    if (!run.known.has(key) && Object.hasOwn(rec, key)) {
      run.unknownKeys.add(key);
      if (run.unknownKeys.size >= MAX_UNKNOWN_KEYS) return;
    }
  }
}

/** For each field, the alias that supplied it most often (ties: the earlier alias). */
function fieldKeys(run: Run): Record<FieldName, string | null> {
  const fields = {} as Record<FieldName, string | null>;
  for (const field of FIELD_NAMES) {
    const counts = run.hits[field];
    let best = -1;
    for (let i = 0; i < counts.length; i++) if ((counts[i] as number) > 0 && (best < 0 || (counts[i] as number) > (counts[best] as number))) best = i;
    fields[field] = best < 0 ? null : (run.order[field][best] ?? OBJECT_KEY);
  }
  return fields;
}

function ipForm([dotted, aton]: [number, number]): RecordShape['ipForm'] {
  if (dotted > 0 && aton > 0) return 'mixed';
  if (dotted > 0) return 'dotted';
  return aton > 0 ? 'inet_aton' : 'none';
}

function macForm(counts: [number, number, number, number]): RecordShape['macForm'] {
  const used = counts.filter((n) => n > 0).length;
  if (used === 0) return 'none';
  if (used > 1) return 'mixed';
  if ((counts[MAC_BARE] as number) > 0) return 'bare';
  if ((counts[MAC_COLON] as number) > 0) return 'colon';
  return (counts[MAC_DASH] as number) > 0 ? 'dash' : 'dot';
}
