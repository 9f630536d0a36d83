import { copyOf, latin1 } from './bytes.js';
import { parseMac, readMac } from './mac.js';

/**
 * Remote-id (option 82 sub-option 2) read as the relaying switch's MAC, which
 * identifies the switch (circuit-id alone repeats on every switch).
 */
export interface RemoteMac {
  readonly ok: true;
  readonly mac: number;
  readonly form: 'binary' | 'ascii';
}
export interface RemoteNoMatch {
  readonly ok: false;
  readonly reason: 'not-mac';
  readonly raw: Uint8Array;
}
export type RemoteParse = RemoteMac | RemoteNoMatch;

/**
 * Accepts: `00 06` + 6 bytes (D-Link, Cisco, SNR... binary MAC), 6 bare bytes,
 * and ASCII MAC text in the usual notations, optionally wrapped in a type-1 TLV
 * (`01 len text`, D-Link user-defined).
 */
export function parseRemoteIdMac(buf: Uint8Array, offset = 0, length = buf.length - offset): RemoteParse {
  if (length === 8 && buf[offset] === 0 && buf[offset + 1] === 6) return { ok: true, mac: readMac(buf, offset + 2), form: 'binary' };
  if (length === 6) return { ok: true, mac: readMac(buf, offset), form: 'binary' };
  let start = offset;
  if (length >= 3 && buf[offset] === 1 && buf[offset + 1] === length - 2) start += 2;
  const mac = parseMac(latin1(buf, start, offset + length));
  if (mac !== undefined) return { ok: true, mac, form: 'ascii' };
  return { ok: false, reason: 'not-mac', raw: copyOf(buf, offset, offset + length) };
}
