/**
 * IPv4 addresses are carried as unsigned 32-bit numbers everywhere inside the
 * server: cheap to compare, hash and mask.
 */

export function ipToString(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Strict dotted-quad parse; `undefined` for anything else (no octal, no short forms). */
export function parseIp(text: string): number | undefined {
  const m = DOTTED.exec(text);
  if (m === null) return undefined;
  let ip = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    if (part.length > 1 && part[0] === '0') return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    ip = ip * 256 + octet;
  }
  return ip;
}

export function readIp(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] as number) << 24 |
      (bytes[offset + 1] as number) << 16 |
      (bytes[offset + 2] as number) << 8 |
      (bytes[offset + 3] as number)) >>> 0
  );
}

export function writeIp(bytes: Uint8Array, offset: number, ip: number): void {
  bytes[offset] = ip >>> 24;
  bytes[offset + 1] = ip >>> 16;
  bytes[offset + 2] = ip >>> 8;
  bytes[offset + 3] = ip;
}

/** Prefix length → mask, e.g. 24 → 0xffffff00. */
export function prefixToMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}
