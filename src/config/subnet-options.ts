import { encodeOptionValue, optionCode } from '../wire/option-catalogue.js';
import { parsed, problem, showValue, type Parsed } from './parsed.js';

/**
 * Options the server sets itself, from other keys or from the protocol; a
 * subnet's `options:` may not set them, so a reply never carries two answers.
 */
const RESERVED: ReadonlyMap<number, string> = new Map([
  [1, 'the subnet mask comes from the subnet\'s cidr'],
  [3, 'set the subnet\'s routers instead'],
  [6, 'set the subnet\'s dns instead'],
  [15, 'set the subnet\'s domain instead'],
  [50, 'it is the client\'s requested address'],
  [51, 'set lease_time instead'],
  [52, 'option overload is managed by the server'],
  [53, 'the message type is managed by the server'],
  [54, 'set dhcp.server_id instead'],
  [55, 'it is the client\'s parameter request list'],
  [57, 'it is the client\'s maximum message size'],
  [61, 'the client identifier is echoed by the server'],
  [82, 'relay agent information is echoed by the server'],
]);

/** One `options:` entry (`26: 1500`, `ntp-servers: [10.0.0.5]`) → option code and wire bytes. */
export function parseSubnetOption(name: string, value: unknown): Parsed<{ code: number; bytes: Uint8Array }> {
  const code = optionCode(name);
  if (code === undefined) {
    return problem(`unknown option ${showValue(name)}: give an option number from 1 to 254 or a name such as interface-mtu`);
  }
  const reserved = RESERVED.get(code);
  if (reserved !== undefined) return problem(`option ${code} cannot be set here: ${reserved}`);
  const encoded = encodeOptionValue(code, value);
  if (!encoded.ok) return problem(`${encoded.error} (got ${showValue(value)})`);
  return parsed({ code, bytes: encoded.bytes });
}
