/**
 * Allocation-light readers for the values UserSide sends, shared by the
 * commutation and device normalisers. Each returns a number ≥ 0, or ABSENT
 * (no value: undefined, null, blank) or BAD (a value that does not parse).
 * They loop over char codes instead of running regexes: a sync reads
 * hundreds of thousands of fields.
 */

export const ABSENT = -1;
export const BAD = -2;

export const IP_DOTTED = 0;
export const IP_INET_ATON = 1;
export const MAC_BARE = 0;
export const MAC_COLON = 1;
export const MAC_DASH = 2;
export const MAC_DOT = 3;

/** Which notation the last successful parse saw (IP_* or MAC_*), for `shape`. */
export interface FormOut {
  form: number;
}

const C_0 = 48;
const C_9 = 57;
const C_DOT = 46;

/** IPv4 as dotted text or as the inet_aton integer (number or numeric text); 0 is BAD. */
export function readIp(value: unknown, out: FormOut): number {
  if (typeof value === 'number') {
    out.form = IP_INET_ATON;
    return Number.isInteger(value) && value >= 1 && value <= 0xffffffff ? value : BAD;
  }
  if (typeof value !== 'string') return value === undefined || value === null ? ABSENT : BAD;
  let start = 0;
  let end = value.length;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  if (start === end) return ABSENT;
  if (end - start > 15) return BAD;
  let ip = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let leadingZero = false;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c >= C_0 && c <= C_9) {
      if (digits === 0) leadingZero = c === C_0;
      octet = octet * 10 + (c - C_0);
      digits++;
    } else if (c === C_DOT) {
      // strict dotted quad: 1-3 digits, no leading zero (no octal surprises), ≤ 255
      if (digits === 0 || digits > 3 || octet > 255 || (leadingZero && digits > 1) || ++dots > 3) return BAD;
      ip = ip * 256 + octet;
      octet = 0;
      digits = 0;
    } else {
      return BAD;
    }
  }
  if (dots === 0) {
    // inet_aton as text: UserSide's usual form ("178320547")
    out.form = IP_INET_ATON;
    return digits <= 10 && octet >= 1 && octet <= 0xffffffff ? octet : BAD;
  }
  if (dots !== 3 || digits === 0 || digits > 3 || octet > 255 || (leadingZero && digits > 1)) return BAD;
  ip = ip * 256 + octet;
  out.form = IP_DOTTED;
  return ip === 0 ? BAD : ip;
}

/**
 * A MAC in the usual notations (bare, colon, dash, Cisco dot, Huawei dash-of-4).
 * Empty, null and all-zero MACs mean "unknown" (ABSENT): UserSide stores
 * `000000000000` for a customer without one.
 */
export function readMac(value: unknown, out: FormOut): number {
  if (typeof value === 'number') return value === 0 ? ABSENT : BAD;
  if (typeof value !== 'string') return value === undefined || value === null ? ABSENT : BAD;
  let start = 0;
  let end = value.length;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  const length = end - start;
  if (length === 0) return ABSENT;
  let group: number;
  if (length === 12) group = 0;
  else if (length === 17) group = 2;
  else if (length === 14) group = 4;
  else return BAD;
  const sep = group === 0 ? 0 : value.charCodeAt(start + group);
  if (group !== 0 && sep !== 58 && sep !== 45 && sep !== C_DOT) return BAD; // ':' '-' '.'
  let hi = 0;
  let lo = 0;
  let digits = 0;
  for (let i = start, k = 0; i < end; i++, k++) {
    const c = value.charCodeAt(i);
    if (group !== 0 && k % (group + 1) === group) {
      if (c !== sep) return BAD;
      continue;
    }
    const h = hexValue(c);
    if (h < 0) return BAD;
    if (digits < 6) hi = hi * 16 + h;
    else lo = lo * 16 + h;
    digits++;
  }
  const mac = hi * 0x1000000 + lo;
  if (mac === 0) return ABSENT;
  out.form = sep === 0 ? MAC_BARE : sep === 58 ? MAC_COLON : sep === 45 ? MAC_DASH : MAC_DOT;
  return mac;
}

/** A whole number ≤ max, as a number or digits-only text. */
export function readUint(value: unknown, max: number): number {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= max ? value : BAD;
  if (typeof value !== 'string') return value === undefined || value === null ? ABSENT : BAD;
  let start = 0;
  let end = value.length;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  if (start === end) return ABSENT;
  if (end - start > 10) return BAD;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c < C_0 || c > C_9) return BAD;
    n = n * 10 + (c - C_0);
  }
  return n <= max ? n : BAD;
}

/** An id (customer, device): a number or non-blank text, as text; null: none; undefined: unusable. */
export function readId(value: unknown): string | null | undefined {
  if (typeof value === 'string') {
    const id = value.trim();
    return id === '' ? null : id;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return value === undefined || value === null ? null : undefined;
}

function hexValue(c: number): number {
  if (c >= C_0 && c <= C_9) return c - C_0;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
