import type { LearnedMacs } from '../../core/learned.js';

/** The learned MACs as the decisions read them (core/learned.ts), both ways. */
export class LearnedOverlay implements LearnedMacs {
  private readonly macByIp = new Map<number, number>();
  private readonly ipByMac = new Map<number, number>();

  get size(): number {
    return this.macByIp.size;
  }

  macFor(ip: number): number | undefined {
    return this.macByIp.get(ip);
  }

  ipFor(mac: number): number | undefined {
    return this.ipByMac.get(mac);
  }

  set(ip: number, mac: number): void {
    this.delete(ip);
    // A MAC lives on one address: learning it elsewhere moves it.
    const oldIp = this.ipByMac.get(mac);
    if (oldIp !== undefined) this.macByIp.delete(oldIp);
    this.macByIp.set(ip, mac);
    this.ipByMac.set(mac, ip);
  }

  delete(ip: number): void {
    const mac = this.macByIp.get(ip);
    if (mac === undefined) return;
    this.macByIp.delete(ip);
    if (this.ipByMac.get(mac) === ip) this.ipByMac.delete(mac);
  }
}
