import { fromHex } from '../wire/bytes.js';
import { parseMac } from '../wire/mac.js';
import { remoteIdMac } from './build-request.js';

/**
 * How people write option 82 sub-options on a command line or in a query:
 * `hex:0004006400 05` or `0x...` for bytes, anything else as its text. A
 * remote-id that reads as a MAC is sent the way switches send it (binary,
 * type 0, length 6).
 */
export function bytesFromText(text: string): Uint8Array | undefined {
  const m = /^(?:hex:|0x)(.*)$/is.exec(text);
  if (m === null) return Uint8Array.from(Buffer.from(text, 'latin1'));
  return fromHex(m[1] as string);
}

export function remoteIdFromText(text: string): Uint8Array | undefined {
  const mac = parseMac(text);
  return mac === undefined ? bytesFromText(text) : remoteIdMac(mac);
}
