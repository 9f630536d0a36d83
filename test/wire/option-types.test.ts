import { describe, expect, it } from 'vitest';
import { MALFORMED } from '../../src/wire/errors.js';
import { parseIp } from '../../src/wire/ipv4.js';
import { bytes, classlessRoutes, clientId, codeList, flag, int32, ipv4, ipv4List, text, uint16, uint32, uint8 } from '../../src/wire/option-types.js';
import { relayAgentInfo, relayAgentInfoOf } from '../../src/wire/relay-agent-info.js';
import { roundTrip } from '../support/round-trip.js';

const ip = (s: string): number => parseIp(s) as number;

describe('every option value type round-trips through the one helper', () => {
  it('integers', () => {
    for (const v of [0, 1, 255]) roundTrip(uint8, v);
    for (const v of [0, 576, 65535]) roundTrip(uint16, v);
    for (const v of [0, 3600, 0xffffffff]) roundTrip(uint32, v);
    for (const v of [-3600, 0, 0x7fffffff, -0x80000000]) roundTrip(int32, v);
  });
  it('addresses', () => {
    roundTrip(ipv4, ip('10.10.0.1'));
    roundTrip(ipv4List, [ip('10.0.0.53'), ip('8.8.8.8')]);
  });
  it('text and bytes', () => {
    roundTrip(text, 'isp.example');
    roundTrip(bytes, Uint8Array.of(1, 2, 3));
    roundTrip(codeList, [1, 3, 6, 121]);
    roundTrip(clientId, { type: 1, id: Uint8Array.of(2, 0, 0, 0, 0, 1) });
    roundTrip(flag, true);
  });
  it('RFC 3442 classless routes, with the significant-octet rule', () => {
    const routes = [
      { destination: 0, prefix: 0, router: ip('10.10.0.1') },
      { destination: ip('10.20.0.0'), prefix: 16, router: ip('10.10.0.2') },
      { destination: ip('192.168.100.0'), prefix: 23, router: ip('10.10.0.3') },
      { destination: ip('172.16.5.7'), prefix: 32, router: ip('10.10.0.4') },
    ];
    const b = roundTrip(classlessRoutes, routes);
    // RFC 3442 §3 examples: 0/0 → "0 r1 r2 r3 r4"; 10.20/16 → "16 10 20 ..."
    expect([...b.subarray(0, 5)]).toEqual([0, 10, 10, 0, 1]);
    expect([...b.subarray(5, 8)]).toEqual([16, 10, 20]);
    expect([...b.subarray(12, 16)]).toEqual([23, 192, 168, 100]);
  });
  it('option 82 contents', () => {
    roundTrip(relayAgentInfo, relayAgentInfoOf([[1, Uint8Array.of(0, 4, 0, 10, 0, 5)], [2, Uint8Array.of(0, 6, 0, 1, 2, 3, 4, 5)]]));
  });
});

describe('value types tell malformed from present', () => {
  const cases: Array<[string, () => unknown]> = [
    ['uint32 of 3 bytes', () => uint32.decode(Uint8Array.of(1, 2, 3))],
    ['uint16 of 1 byte', () => uint16.decode(Uint8Array.of(1))],
    ['ipv4List of 6 bytes', () => ipv4List.decode(Uint8Array.of(1, 2, 3, 4, 5, 6))],
    ['ipv4List empty', () => ipv4List.decode(new Uint8Array(0))],
    ['text empty', () => text.decode(new Uint8Array(0))],
    ['text of NULs', () => text.decode(Uint8Array.of(0, 0))],
    ['client id of 1 byte', () => clientId.decode(Uint8Array.of(1))],
    ['route prefix 33', () => classlessRoutes.decode(Uint8Array.of(33, 1, 2, 3, 4, 5, 6, 7, 8, 9))],
    ['route cut short', () => classlessRoutes.decode(Uint8Array.of(24, 10, 0, 0, 10, 0))],
    ['flag with a value', () => flag.decode(Uint8Array.of(1))],
  ];
  it.each(cases)('%s → MALFORMED', (_n, f) => expect(f()).toBe(MALFORMED));

  it('text drops the NUL terminator some clients add', () => {
    expect(text.decode(Buffer.from('router\0'))).toBe('router');
  });
});
