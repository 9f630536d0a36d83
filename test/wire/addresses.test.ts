import { describe, expect, it } from 'vitest';
import { ipToString, parseIp, prefixToMask } from '../../src/wire/ipv4.js';
import { formatMac, parseMac, readMac, writeMac } from '../../src/wire/mac.js';

describe('IPv4 text', () => {
  it.each([
    ['10.160.244.163', 178320547],
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
  ])('%s ⇄ %d', (text, n) => {
    expect(parseIp(text)).toBe(n);
    expect(ipToString(n)).toBe(text);
  });
  it.each(['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4 ', 'a.b.c.d', ''])('refuses %j', (t) => expect(parseIp(t)).toBeUndefined());
  it('masks', () => {
    expect(ipToString(prefixToMask(24))).toBe('255.255.255.0');
    expect(ipToString(prefixToMask(0))).toBe('0.0.0.0');
    expect(ipToString(prefixToMask(32))).toBe('255.255.255.255');
  });
});

describe('MAC notations', () => {
  const mac = 0x001122aabbcc;
  it.each(['001122aabbcc', '00:11:22:aa:bb:cc', '00-11-22-AA-BB-CC', '0011.22aa.bbcc', '0011-22aa-bbcc', ' 00:11:22:AA:BB:CC '])('reads %j', (t) =>
    expect(parseMac(t)).toBe(mac),
  );
  it.each(['', '00:11:22:aa:bb', '00:11:22:aa:bb:cc:dd', '0011.22aa.bbc', '00:11-22:aa:bb:cc', 'zz1122aabbcc', '0:11:22:aa:bb:ccc'])('refuses %j', (t) =>
    expect(parseMac(t)).toBeUndefined(),
  );
  it('formats and survives bytes', () => {
    expect(formatMac(mac)).toBe('00:11:22:aa:bb:cc');
    expect(formatMac(mac, '')).toBe('001122aabbcc');
    expect(formatMac(0xffffffffffff)).toBe('ff:ff:ff:ff:ff:ff');
    const b = new Uint8Array(8);
    writeMac(b, 1, 0xfedcba987654);
    expect(readMac(b, 1)).toBe(0xfedcba987654);
    expect([...b]).toEqual([0, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0]);
  });
});
