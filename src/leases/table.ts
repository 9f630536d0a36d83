import { hashBuffers, hashGet, type HashIndexData } from './hash-index.js';

/**
 * The lease table: UserSide's bindings in columns of typed arrays, with O(1)
 * indexes by IP, by client MAC, by (switch, port), and switches by MAC and IP.
 * Immutable once built; the daemon swaps a whole new table in one assignment.
 *
 * Bindings and switches are referred to by index. Absent values: MAC -1,
 * switch -1, port -1, VLAN -1, subnet -1, switch IP 0.
 */
export interface TableData {
  readonly count: number;
  readonly ip: Uint32Array;
  readonly mac: Float64Array;
  readonly switchOf: Int32Array;
  readonly port: Int32Array;
  readonly vlan: Int32Array;
  readonly subnet: Int32Array;
  /** Customer ids joined, with `count + 1` offsets. */
  readonly customerIds: string;
  readonly customerAt: Uint32Array;
  /** Next binding with the same MAC / on the same port, or -1. */
  readonly macNext: Int32Array;
  readonly portNext: Int32Array;
  readonly byIp: HashIndexData;
  readonly byMac: HashIndexData;
  readonly byPort: HashIndexData;

  readonly switchCount: number;
  readonly switchIp: Uint32Array;
  readonly switchMac: Float64Array;
  readonly switchIds: string;
  readonly switchAt: Uint32Array;
  readonly switchByIp: HashIndexData;
  readonly switchByMac: HashIndexData;
  readonly switchById: HashIndexData;

  /** When the data was fetched (ms since epoch) and how. */
  readonly builtAt: number;
  readonly origin: 'sync' | 'snapshot';
}

/** (switch, port) as one integer key: ports are below 65,536. */
export function portKey(switchIndex: number, port: number): number {
  return switchIndex * 65536 + port;
}

/** A switch id as an integer key when it is one (UserSide ids are), else a string hash. */
export function switchKey(id: string): number {
  if (/^\d{1,15}$/.test(id)) return Number(id);
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return 2 ** 52 + (h >>> 0);
}

export class LeaseTable {
  constructor(readonly data: TableData) {}

  get size(): number {
    return this.data.count;
  }
  get switchCount(): number {
    return this.data.switchCount;
  }

  /** Binding index holding `ip`, or -1. */
  byIp(ip: number): number {
    return hashGet(this.data.byIp, ip);
  }
  /** First binding with client MAC `mac`, or -1; then `nextWithMac`. */
  byMac(mac: number): number {
    return hashGet(this.data.byMac, mac);
  }
  nextWithMac(binding: number): number {
    return this.data.macNext[binding] as number;
  }
  /** First binding on (switch, port), or -1; then `nextOnPort`. */
  onPort(switchIndex: number, port: number): number {
    return hashGet(this.data.byPort, portKey(switchIndex, port));
  }
  nextOnPort(binding: number): number {
    return this.data.portNext[binding] as number;
  }
  switchByMac(mac: number): number {
    return hashGet(this.data.switchByMac, mac);
  }
  switchByIp(ip: number): number {
    return hashGet(this.data.switchByIp, ip);
  }
  switchById(id: string): number {
    const s = hashGet(this.data.switchById, switchKey(id));
    return s >= 0 && this.switchId(s) === id ? s : -1;
  }

  ip(b: number): number {
    return this.data.ip[b] as number;
  }
  /** Client MAC, or -1 when UserSide has none. */
  mac(b: number): number {
    return this.data.mac[b] as number;
  }
  switchOf(b: number): number {
    return this.data.switchOf[b] as number;
  }
  port(b: number): number {
    return this.data.port[b] as number;
  }
  vlan(b: number): number {
    return this.data.vlan[b] as number;
  }
  /** Index into dhcp.subnets. */
  subnet(b: number): number {
    return this.data.subnet[b] as number;
  }
  customerId(b: number): string {
    return this.data.customerIds.slice(this.data.customerAt[b], this.data.customerAt[b + 1]);
  }

  switchId(s: number): string {
    return this.data.switchIds.slice(this.data.switchAt[s], this.data.switchAt[s + 1]);
  }
  switchIp(s: number): number {
    return this.data.switchIp[s] as number;
  }
  switchMac(s: number): number {
    return this.data.switchMac[s] as number;
  }
}

/** The buffers to list when posting a table between threads (moved, not copied). */
export function transferList(d: TableData): ArrayBuffer[] {
  const arrays = [d.ip, d.mac, d.switchOf, d.port, d.vlan, d.subnet, d.customerAt, d.macNext, d.portNext, d.switchIp, d.switchMac, d.switchAt];
  return [
    ...arrays.map((a) => a.buffer as ArrayBuffer),
    ...[d.byIp, d.byMac, d.byPort, d.switchByIp, d.switchByMac, d.switchById].flatMap(hashBuffers),
  ];
}
