import type { Cidr } from '../config/types.js';
import type { RecordReason } from '../core/reasons.js';
import type { Binding, SwitchRecord } from '../userside/types.js';
import { hashInsert, hashSlot, newHashIndex, type HashIndexData } from './hash-index.js';
import { portKey, switchKey, type TableData } from './table.js';

/** What a table is built from: normalized records, from a sync or a snapshot. */
export interface TableSource {
  readonly bindings: readonly Binding[];
  /** The switch list (`device/get_data`), or null when it was not fetched. */
  readonly switches: readonly SwitchRecord[] | null;
}

export interface BuildResult {
  readonly data: TableData;
  /** Records refused at build time, by reason. */
  readonly rejected: Partial<Record<RecordReason, number>>;
  /** Switches that have bindings but neither an IP nor a MAC: their ports can never match. */
  readonly switchesWithoutAddress: number;
}

/** Index of the configured subnet holding `ip`, or -1 (subnets do not overlap). */
export function subnetOf(ip: number, subnets: readonly Cidr[]): number {
  for (let i = 0; i < subnets.length; i++) {
    const s = subnets[i] as Cidr;
    if (((ip & s.mask) >>> 0) === s.network) return i;
  }
  return -1;
}

/**
 * Builds the table beside the live one (in the sync worker). Each binding's
 * subnet is resolved here, once; records whose IP is in no configured subnet or
 * is already bound are refused and counted.
 */
export function buildTable(source: TableSource, subnets: readonly Cidr[], builtAt: number, origin: TableData['origin']): BuildResult {
  const rejected: Partial<Record<RecordReason, number>> = {};
  const reject = (r: RecordReason): void => {
    rejected[r] = (rejected[r] ?? 0) + 1;
  };

  const switches = collectSwitches(source);
  const n = source.bindings.length;
  const ip = new Uint32Array(n);
  const mac = new Float64Array(n);
  const switchOf = new Int32Array(n);
  const port = new Int32Array(n);
  const vlan = new Int32Array(n);
  const subnet = new Int32Array(n);
  const macNext = new Int32Array(n).fill(-1);
  const portNext = new Int32Array(n).fill(-1);
  const byIp = newHashIndex(n);
  const byMac = newHashIndex(n);
  const byPort = newHashIndex(n);
  // Last binding of each MAC / port chain, by index slot, so appends keep
  // UserSide's order (typed arrays: a Map of 200k entries costs far more).
  const macTail = new Int32Array(byMac.slots.length);
  const portTail = new Int32Array(byPort.slots.length);
  const customerAt = new Uint32Array(n + 1);
  let customerIds = '';
  let count = 0;

  for (const b of source.bindings) {
    const sn = subnetOf(b.ip, subnets);
    if (sn < 0) {
      reject('outside-subnets');
      continue;
    }
    if (hashInsert(byIp, b.ip, count) !== count) {
      reject('duplicate-ip');
      continue;
    }
    const i = count++;
    ip[i] = b.ip;
    subnet[i] = sn;
    mac[i] = b.mac ?? -1;
    vlan[i] = b.vlan ?? -1;
    const sw = b.switchId === undefined ? -1 : (switches.index.get(b.switchId) ?? -1);
    switchOf[i] = sw;
    port[i] = b.port !== undefined && b.port >= 0 && b.port < 65536 ? b.port : -1;
    customerIds += b.customerId;
    customerAt[count] = customerIds.length;
    if (b.mac !== undefined) chain(byMac, macTail, macNext, b.mac, i);
    if (sw >= 0 && port[i] !== -1) chain(byPort, portTail, portNext, portKey(sw, port[i] as number), i);
  }

  // Columns shrink to the accepted count (no copy when every record was accepted).
  const fit = <T extends Uint32Array | Int32Array | Float64Array>(a: T): T => (count === n ? a : (a.slice(0, count) as T));
  const data: TableData = {
    count,
    ip: fit(ip),
    mac: fit(mac),
    switchOf: fit(switchOf),
    port: fit(port),
    vlan: fit(vlan),
    subnet: fit(subnet),
    customerIds,
    customerAt: count === n ? customerAt : customerAt.slice(0, count + 1),
    macNext: fit(macNext),
    portNext: fit(portNext),
    byIp,
    byMac,
    byPort,
    ...switches.data,
    builtAt,
    origin,
  };
  return { data, rejected, switchesWithoutAddress: switches.withoutAddress(switchOf.subarray(0, count)) };
}

function chain(index: HashIndexData, tails: Int32Array, next: Int32Array, key: number, i: number): void {
  const s = hashSlot(index, key);
  if (index.slots[s] === 0) {
    index.keys[s] = key;
    index.slots[s] = i + 1;
  } else {
    next[tails[s] as number] = i;
  }
  tails[s] = i;
}

/**
 * Every switch a binding refers to, with its address and MAC from the device
 * list when there is one, else from the records themselves (first record wins).
 */
function collectSwitches(source: TableSource) {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const ips: number[] = [];
  const macs: number[] = [];
  const add = (id: string, ipv: number | undefined, macv: number | undefined): void => {
    let s = index.get(id);
    if (s === undefined) {
      s = ids.push(id) - 1;
      index.set(id, s);
      ips.push(0);
      macs.push(-1);
    }
    if (ips[s] === 0 && ipv !== undefined) ips[s] = ipv;
    if (macs[s] === -1 && macv !== undefined) macs[s] = macv;
  };
  for (const sw of source.switches ?? []) add(sw.id, sw.ip, sw.mac);
  for (const b of source.bindings) if (b.switchId !== undefined) add(b.switchId, b.switchIp, b.switchMac);

  const m = ids.length;
  const switchByIp = newHashIndex(m);
  const switchByMac = newHashIndex(m);
  const switchById = newHashIndex(m);
  const switchAt = new Uint32Array(m + 1);
  let switchIds = '';
  for (let s = 0; s < m; s++) {
    if (ips[s] !== 0) hashInsert(switchByIp, ips[s] as number, s);
    if (macs[s] !== -1) hashInsert(switchByMac, macs[s] as number, s);
    hashInsert(switchById, switchKey(ids[s] as string), s);
    switchIds += ids[s];
    switchAt[s + 1] = switchIds.length;
  }
  const switchIp = Uint32Array.from(ips);
  const switchMac = Float64Array.from(macs);
  return {
    index,
    data: { switchCount: m, switchIp, switchMac, switchIds, switchAt, switchByIp, switchByMac, switchById },
    withoutAddress(switchOf: Int32Array): number {
      const used = new Set<number>();
      for (const s of switchOf) if (s >= 0 && switchIp[s] === 0 && switchMac[s] === -1) used.add(s);
      return used.size;
    },
  };
}

