/**
 * MAC addresses as 48-bit numbers (exact in a double): they key Maps without
 * allocating a string per packet. Text forms are for humans and UserSide.
 */

export function readMac(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] as number) * 0x10000 + ((bytes[offset + 1] as number) << 8 | (bytes[offset + 2] as number))) *
      0x1000000 +
    (((bytes[offset + 3] as number) << 16 | (bytes[offset + 4] as number) << 8 | (bytes[offset + 5] as number)) >>> 0)
  );
}

export function writeMac(bytes: Uint8Array, offset: number, mac: number): void {
  const hi = Math.floor(mac / 0x1000000);
  const lo = mac % 0x1000000;
  bytes[offset] = hi >>> 16;
  bytes[offset + 1] = hi >>> 8;
  bytes[offset + 2] = hi;
  bytes[offset + 3] = lo >>> 16;
  bytes[offset + 4] = lo >>> 8;
  bytes[offset + 5] = lo;
}

/** `00:11:22:aa:bb:cc`, the form UserSide's `set_mac_by_ip` takes. */
export function formatMac(mac: number, separator = ':'): string {
  const hex = mac.toString(16).padStart(12, '0');
  if (separator === '') return hex;
  return hex.replace(/(..)(?!$)/g, `$1${separator}`);
}

const HEX12 = /^[0-9a-fA-F]{12}$/;

/**
 * Reads a MAC in the usual notations: `001122aabbcc`, `00:11:22:aa:bb:cc`,
 * `00-11-22-AA-BB-CC`, `0011.22aa.bbcc` (Cisco), `0011-22aa-bbcc` (Huawei).
 * One separator kind, in groups of 2 or 4 hex digits. `undefined` otherwise.
 */
export function parseMac(text: string): number | undefined {
  const trimmed = text.trim();
  let hex: string;
  if (trimmed.length === 12) {
    hex = trimmed;
  } else if (trimmed.length === 17 || trimmed.length === 14) {
    const sep = trimmed[trimmed.length === 17 ? 2 : 4] as string;
    if (sep !== ':' && sep !== '-' && sep !== '.') return undefined;
    const groups = trimmed.split(sep);
    const size = trimmed.length === 17 ? 2 : 4;
    if (groups.length !== 12 / size || groups.some((g) => g.length !== size)) return undefined;
    hex = groups.join('');
  } else {
    return undefined;
  }
  if (!HEX12.test(hex)) return undefined;
  return Number.parseInt(hex, 16);
}
