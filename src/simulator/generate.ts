import { AddressPool } from './address-pool.js';

export type SimCustomerKind = 'mac+port' | 'port-only' | 'mac-only' | 'second-ip';

/** Ground truth: one IP of one customer, as UserSide holds it. */
export interface SimCustomer {
  customerId: string;
  ip: number;
  mac?: number;
  switchId?: string;
  port?: number;
  vlan?: number;
  kind: SimCustomerKind;
}

export interface SimSwitch {
  id: string;
  ip: number;
  mac: number;
  name: string;
}

export interface SimData {
  customers: SimCustomer[];
  switches: SimSwitch[];
}

export interface GenerateOptions {
  customers?: number;
  switches?: number;
  seed?: number;
  /** Customer address pools, used in order (default: defaultPools(customers)). */
  pools?: readonly string[];
  switchPool?: string;
  /** Give port-bound customers their switch's customer VLAN (default true). */
  vlans?: boolean;
}

export const DEFAULT_POOLS: readonly string[] = ['10.10.0.0/16'];

/**
 * DEFAULT_POOLS, followed by as many of 10.11.0.0/16, 10.12.0.0/16, ... as `customers`
 * needs (a /16 holds 65,533 customers: 200,000 take 10.10-10.13).
 */
export function defaultPools(customers: number): string[] {
  const pools = [...DEFAULT_POOLS];
  for (let n = 1; n * 65533 < customers; n++) pools.push(`10.${10 + n}.0.0/16`);
  return pools;
}
export const DEFAULT_SWITCH_POOL = '10.254.0.0/16';

/** 00:1e:58 (D-Link); the switch index fills the low 24 bits. */
const SWITCH_OUI = 0x001e58;
/** Vendors of subscriber routers: TP-Link, Keenetic, Xiaomi, ASUS, MikroTik, Huawei. */
const CUSTOMER_OUIS = [0x50c7bf, 0x50ff20, 0x28d127, 0x04d9f5, 0x4c5e0c, 0x00e0fc];
const STRIDE = 5; // coprime with 24 and 48: walks every port of a switch once, out of order

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function switchMac(index: number): number {
  return SWITCH_OUI * 0x1000000 + index;
}

/**
 * Deterministic customers on switches: ~70% MAC+port, ~15% port with an empty MAC,
 * ~10% MAC only, ~5% a second IP on a port already in use (same customer id, with or
 * without its own MAC). When every port is taken, port-bound kinds fall back to MAC only.
 */
export function generate(opts: GenerateOptions = {}): SimData {
  const count = opts.customers ?? 1000;
  const switchCount = opts.switches ?? 50;
  const random = mulberry32(opts.seed ?? 1);
  const switches = generateSwitches(switchCount, new AddressPool([opts.switchPool ?? DEFAULT_SWITCH_POOL], 'switch'));
  const ports = new PortAllocator(switchCount, random);
  const vlans = opts.vlans ?? true;
  const ips = new AddressPool(opts.pools ?? defaultPools(count), 'customer');
  const macs = new MacSource(random);
  const customers: SimCustomer[] = [];
  const portOwners: SimCustomer[] = [];
  let nextId = 1;

  for (let i = 0; i < count; i++) {
    const ip = ips.next();
    const r = random();
    if (r >= 0.95 && portOwners.length > 0) {
      const owner = portOwners[Math.floor(random() * portOwners.length)] as SimCustomer;
      customers.push(portBound(owner.customerId, ip, random() < 0.5 ? macs.next() : undefined, owner, 'second-ip'));
      continue;
    }
    const customerId = String(nextId++);
    const slot = r < 0.85 || r >= 0.95 ? ports.take() : undefined;
    if (slot === undefined) {
      customers.push({ customerId, ip, mac: macs.next(), kind: 'mac-only' });
      continue;
    }
    const place = {
      switchId: (switches[slot.switchIndex] as SimSwitch).id,
      port: slot.port,
      vlan: vlans ? 100 + (slot.switchIndex % 3000) : undefined,
    };
    const withMac = r < 0.7 || r >= 0.95;
    const customer = portBound(customerId, ip, withMac ? macs.next() : undefined, place, withMac ? 'mac+port' : 'port-only');
    customers.push(customer);
    portOwners.push(customer);
  }
  return { customers, switches };
}

function portBound(
  customerId: string,
  ip: number,
  mac: number | undefined,
  place: { switchId?: string; port?: number; vlan?: number },
  kind: SimCustomerKind,
): SimCustomer {
  const customer: SimCustomer = { customerId, ip, switchId: place.switchId, port: place.port, kind };
  if (mac !== undefined) customer.mac = mac;
  if (place.vlan !== undefined) customer.vlan = place.vlan;
  return customer;
}

function generateSwitches(count: number, pool: AddressPool): SimSwitch[] {
  const switches: SimSwitch[] = [];
  for (let i = 1; i <= count; i++) {
    switches.push({ id: String(i), ip: pool.next(), mac: switchMac(i), name: `access-sw-${i}` });
  }
  return switches;
}

class PortAllocator {
  private readonly size: Uint8Array;
  private readonly used: Uint8Array;
  private readonly offset: Uint8Array;
  private free = 0;

  constructor(
    private readonly switches: number,
    private readonly random: () => number,
  ) {
    this.size = new Uint8Array(switches);
    this.used = new Uint8Array(switches);
    this.offset = new Uint8Array(switches);
    for (let i = 0; i < switches; i++) {
      const size = random() < 0.5 ? 24 : 48;
      this.size[i] = size;
      this.offset[i] = Math.floor(random() * size);
      this.free += size;
    }
  }

  /** A free port on a random switch (the next switch with one when it is full). */
  take(): { switchIndex: number; port: number } | undefined {
    if (this.free === 0) return undefined;
    const start = Math.floor(this.random() * this.switches);
    for (let k = 0; k < this.switches; k++) {
      const s = (start + k) % this.switches;
      const size = this.size[s] as number;
      const used = this.used[s] as number;
      if (used < size) {
        this.used[s] = used + 1;
        this.free--;
        return { switchIndex: s, port: (((this.offset[s] as number) + used * STRIDE) % size) + 1 };
      }
    }
    return undefined;
  }
}

/**
 * Unique customer MACs from real router vendors' OUIs: per OUI, a counter (from a random
 * start) times an odd constant mod 2^24, a bijection, gives distinct random-looking NIC parts.
 */
class MacSource {
  private readonly issued: number[];

  constructor(private readonly random: () => number) {
    this.issued = CUSTOMER_OUIS.map(() => Math.floor(random() * 0x1000000));
  }

  next(): number {
    const i = Math.floor(this.random() * CUSTOMER_OUIS.length);
    const n = this.issued[i] as number;
    this.issued[i] = n + 1;
    return (CUSTOMER_OUIS[i] as number) * 0x1000000 + (Math.imul(n, 0x9e3779b1) & 0xffffff);
  }
}
