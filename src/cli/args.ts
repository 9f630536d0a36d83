import { bytesFromText, remoteIdFromText } from '../client/text-bytes.js';
import { parseIp } from '../wire/ipv4.js';
import { parseMac } from '../wire/mac.js';

/** Thrown for a bad command line; main prints it with the usage and exits 2. */
export class UsageError extends Error {}

export function ipArg(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ip = parseIp(text);
  if (ip === undefined) throw new UsageError(`--${name}: not an IPv4 address: ${JSON.stringify(text)}`);
  return ip;
}

export function macArg(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const mac = parseMac(text);
  if (mac === undefined) throw new UsageError(`--${name}: not a MAC address: ${JSON.stringify(text)}`);
  return mac;
}

/** `hex:0004...` or `0x0004...` as bytes; anything else as its text (a remote-id MAC as binary). */
export function bytesArg(name: string, text: string | undefined): Uint8Array | undefined {
  if (text === undefined) return undefined;
  const bytes = name === 'remote-id' ? remoteIdFromText(text) : bytesFromText(text);
  if (bytes === undefined) throw new UsageError(`--${name}: not hex bytes: ${JSON.stringify(text)}`);
  return bytes;
}

export function endpointArg(name: string, text: string, defaultPort: number): { host: string; port: number } {
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  const port = m?.[2] === undefined ? defaultPort : Number(m[2]);
  if (m === null || parseIp(m[1] as string) === undefined || port > 65535) throw new UsageError(`--${name}: expected ADDRESS[:PORT], got ${JSON.stringify(text)}`);
  return { host: m[1] as string, port };
}
