import { ipToString, parseIp, prefixToMask } from '../wire/ipv4.js';

export interface CidrRange {
  readonly network: number;
  readonly prefix: number;
}

export function parseCidr(text: string): CidrRange {
  const [address, bits, extra] = text.split('/');
  const network = address === undefined ? undefined : parseIp(address);
  const prefix = bits !== undefined && /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
  if (network === undefined || extra !== undefined || !(prefix >= 0 && prefix <= 32)) {
    throw new Error(`invalid CIDR "${text}" (expected e.g. 10.10.0.0/16)`);
  }
  if ((network & ~prefixToMask(prefix)) !== 0) {
    throw new Error(`CIDR "${text}" has host bits set (network is ${ipToString((network & prefixToMask(prefix)) >>> 0)}/${prefix})`);
  }
  return { network, prefix };
}

/**
 * Hands out addresses sequentially from a list of CIDRs, spilling into the next
 * when one is full. Skips the network and broadcast addresses and the first usable
 * one (the gateway).
 */
export class AddressPool {
  private readonly ranges: ReadonlyArray<{ first: number; last: number }>;
  private rangeIndex = 0;
  private nextIp: number;
  private handedOut = 0;

  constructor(
    private readonly cidrs: readonly string[],
    private readonly what: string,
  ) {
    this.ranges = cidrs.map((text) => {
      const { network, prefix } = parseCidr(text);
      return { first: network + 2, last: network + 2 ** (32 - prefix) - 2 };
    });
    this.nextIp = this.ranges[0]?.first ?? 0;
  }

  next(): number {
    for (;;) {
      const range = this.ranges[this.rangeIndex];
      if (range === undefined) {
        throw new Error(
          `${this.what} pools exhausted after ${this.handedOut} addresses: ${this.cidrs.join(', ') || '(none)'}`,
        );
      }
      if (this.nextIp <= range.last) {
        this.handedOut++;
        return this.nextIp++;
      }
      this.rangeIndex++;
      this.nextIp = this.ranges[this.rangeIndex]?.first ?? 0;
    }
  }
}
