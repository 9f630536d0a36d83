import { describe, expect, it } from 'vitest';
import { encodeOptionValue, optionCode } from '../../src/wire/option-catalogue.js';

const hexOf = (code: number, v: unknown): string => {
  const r = encodeOptionValue(code, v);
  if (!r.ok) throw new Error(r.error);
  return Buffer.from(r.bytes).toString('hex');
};
const errorOf = (code: number, v: unknown): string => {
  const r = encodeOptionValue(code, v);
  return r.ok ? 'ok' : r.error;
};

describe('configured option values become wire bytes', () => {
  it.each<[string, number, unknown, string]>([
    ['MTU 1500 (u16)', 26, 1500, '05dc'],
    ['routers', 3, ['10.10.0.1', '10.10.0.2'], '0a0a00010a0a0002'],
    ['one DNS server as a string', 6, '10.0.0.53', '0a000035'],
    ['subnet mask', 1, '255.255.255.0', 'ffffff00'],
    ['domain name', 15, 'isp.example', Buffer.from('isp.example').toString('hex')],
    ['NTP servers', 42, ['10.0.0.123'], '0a00007b'],
    ['lease time', 51, 3600, '00000e10'],
    ['time offset -3h (signed)', 2, -10800, 'ffffd5d0'],
    ['ip forwarding off', 19, false, '00'],
    ['classless routes', 121, ['0.0.0.0/0 via 10.10.0.1', '10.20.0.0/16 10.10.0.2'], '000a0a0001' + '100a140a0a0002'],
    ['domain search', 119, ['isp.example', 'example'], '03697370076578616d706c6500076578616d706c6500'],
    ['vendor data as hex', 43, '01:04:0a:00:00:01', '01040a000001'],
    ['unknown code, text', 224, 'hello', '68656c6c6f'],
    ['unknown code, hex', 224, 'hex:00ff', '00ff'],
  ])('%s', (_n, code, value, want) => expect(hexOf(code, value)).toBe(want));

  it.each<[string, number, unknown, RegExp]>([
    ['MTU too big', 26, 70000, /integer from 0 to 65535/],
    ['router not an address', 3, ['10.10.0'], /list of IPv4 addresses/],
    ['route without a router', 121, ['10.0.0.0/8'], /routes like/],
    ['hex with an odd digit count', 43, 'abc', /even number of hex digits/],
    ['unknown code given a number', 224, 7, /no known type/],
    ['empty text', 15, '', /non-empty text/],
  ])('refuses %s, saying what was expected', (_n, code, value, msg) => expect(errorOf(code, value)).toMatch(msg));

  it('options are named by number or catalogue name', () => {
    expect(optionCode(26)).toBe(26);
    expect(optionCode('26')).toBe(26);
    expect(optionCode('interface-mtu')).toBe(26);
    expect(optionCode('no-such-option')).toBeUndefined();
    expect(optionCode(0)).toBeUndefined();
    expect(optionCode(255)).toBeUndefined();
  });
});
