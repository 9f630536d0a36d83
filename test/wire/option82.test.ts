import { describe, expect, it } from 'vitest';
import { parseVlanModPort, regexCircuitIdParser, CircuitRegexError, type CircuitParse } from '../../src/wire/circuit-id.js';
import { DecodeError, MALFORMED } from '../../src/wire/errors.js';
import { parseIp } from '../../src/wire/ipv4.js';
import { formatMac } from '../../src/wire/mac.js';
import {
  circuitId,
  decodeRelayAgentInfo,
  linkSelection,
  relayAgentInfo,
  downstreamSourcePort,
  hasRelaySourcePort,
  remoteId,
  serverIdOverride,
  subscriberId,
  vendorSpecific,
  vss,
  vssControl,
  type RelayAgentInfo,
} from '../../src/wire/relay-agent-info.js';
import { parseRemoteIdMac } from '../../src/wire/remote-id.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const parseWith = (f: (b: Uint8Array, o: number, l: number) => CircuitParse, b: Uint8Array): CircuitParse => f(b, 0, b.length);
const info = (s: string): RelayAgentInfo => {
  const r = decodeRelayAgentInfo(hex(s));
  if (r instanceof DecodeError) throw new Error(r.message);
  return r;
};

describe('option 82 sub-options', () => {
  it('reads 1, 2, 5, 6, 9, 11, 19, 151, 152 from one option', () => {
    const i = info(
      [
        '01 06 0004 000a 0005', // circuit-id vlan 10 module 0 port 5
        '02 08 0006 001122334455', // remote-id switch MAC
        '05 04 0a140000', // link selection 10.20.0.0
        '06 04 41424344', // subscriber-id "ABCD"
        '09 09 00000de9 04 01 02 03 04', // vendor-specific, enterprise 3561
        '0b 04 0a000001', // server-id override 10.0.0.1
        '13 02 0bb8', // relay source port 3000
        '97 08 01 00 00 00 01 00 00 00', // VSS type 1
        '98 00', // VSS control
      ].join(''),
    );
    expect(circuitId(i)).toEqual(hex('0004000a0005'));
    expect(remoteId(i)).toEqual(hex('0006001122334455'));
    expect(linkSelection(i)).toBe(parseIp('10.20.0.0'));
    expect(subscriberId(i)).toBe('ABCD');
    expect(vendorSpecific(i)).toEqual(hex('00000de90401020304'));
    expect(serverIdOverride(i)).toBe(parseIp('10.0.0.1'));
    expect(hasRelaySourcePort(i)).toBe(true);
    expect(downstreamSourcePort(i)).toBe(3000);
    expect(vss(i)).toEqual(hex('0100000001000000'));
    expect(vssControl(i)).toBe(true);
  });

  it('absent sub-options read as undefined', () => {
    const i = info('01 02 7035');
    expect(remoteId(i)).toBeUndefined();
    expect(linkSelection(i)).toBeUndefined();
    expect(hasRelaySourcePort(i)).toBe(false);
    expect(downstreamSourcePort(i)).toBeUndefined();
    expect(vssControl(i)).toBe(false);
  });

  describe('lying sub-option lengths', () => {
    const cases: Array<[string, string, string]> = [
      ['circuit-id claims 9 bytes, 6 follow', '01 09 0004000a0005', 'truncated-suboption'],
      ['remote-id header cut after the code', '01 02 7035 02', 'truncated-suboption'],
      ['second sub-option runs past the end', '01 02 7035 02 08 0006 0011', 'truncated-suboption'],
      ['link selection of 3 bytes', '05 03 0a1400', 'bad-suboption-length'],
      ['server-id override of 5 bytes', '0b 05 0a00000101', 'bad-suboption-length'],
      ['relay port of 1 byte', '13 01 0b', 'bad-suboption-length'],
      ['VSS control with a value', '98 01 00', 'bad-suboption-length'],
    ];
    it.each(cases)('%s → %s', (_n, bytes, code) => {
      const r = decodeRelayAgentInfo(hex(bytes));
      expect(r).toBeInstanceOf(DecodeError);
      expect((r as DecodeError).code).toBe(code);
      expect(relayAgentInfo.decode(hex(bytes))).toBe(MALFORMED);
    });
  });

  it('RFC 8357: a first-hop relay sends sub-option 19 empty', () => {
    const i = info('01 02 7035 13 00');
    expect(hasRelaySourcePort(i)).toBe(true);
    expect(downstreamSourcePort(i)).toBeUndefined();
  });

  it('a repeated sub-option keeps its first value', () => {
    expect(circuitId(info('01 01 41 01 01 42'))).toEqual(ascii('A'));
  });
});

describe('circuit-id formats', () => {
  const huawei = regexCircuitIdParser('^(?<module>\\d+)/\\d+/(?<port>\\d+):(?<vlan>\\d+)');
  const eltex = regexCircuitIdParser('(?<port>\\d+)$');
  const dlinkUser = regexCircuitIdParser('eth\\s*\\d+/\\d+/(?<port>\\d+):(?<vlan>\\d+)');
  const cases: Array<[string, (b: Uint8Array, o: number, l: number) => CircuitParse, Uint8Array, CircuitParse]> = [
    ['D-Link/Cisco vlan-mod-port, vlan 100, unit 1, port 24', parseVlanModPort, hex('0004 0064 01 18'), { ok: true, vlan: 100, module: 1, port: 24 }],
    ['vlan-mod-port, standalone switch (module 0), port 1', parseVlanModPort, hex('0004 0fff 00 01'), { ok: true, vlan: 4095, module: 0, port: 1 }],
    ['vlan-mod-port given ASCII', parseVlanModPort, ascii('Gi1/0/5'), { ok: false, reason: 'wrong-length', raw: ascii('Gi1/0/5') }],
    ['vlan-mod-port with type 1', parseVlanModPort, hex('0104 0064 0118'), { ok: false, reason: 'wrong-type', raw: hex('010400640118') }],
    ['Huawei-like ASCII 0/0/5:4.10', huawei, ascii('0/0/5:4.10'), { ok: true, module: 0, port: 5, vlan: 4 }],
    ['dhcrelay -a interface name p5', eltex, ascii('p5'), { ok: true, port: 5 }],
    ['dhcrelay -a interface name eth17', eltex, ascii('eth17'), { ok: true, port: 17 }],
    ['D-Link user-defined ASCII in a type-1 TLV', dlinkUser, hex('01 0c' + Buffer.from('eth 0/1/5:100').toString('hex').slice(0, 24)), { ok: true, port: 5, vlan: 10 }],
    ['D-Link user-defined ASCII, full', dlinkUser, ascii('eth 0/1/5:100'), { ok: true, port: 5, vlan: 100 }],
    ['ASCII that does not match', eltex, ascii('uplink'), { ok: false, reason: 'no-match', raw: ascii('uplink') }],
    ['empty circuit-id', eltex, new Uint8Array(0), { ok: false, reason: 'no-match', raw: new Uint8Array(0) }],
  ];
  it.each(cases)('%s', (_n, parser, bytes, want) => expect(parseWith(parser, bytes)).toEqual(want));

  it('a port group that is not a number does not match', () => {
    const p = regexCircuitIdParser('port-(?<port>\\w+)');
    expect(parseWith(p, ascii('port-x1'))).toMatchObject({ ok: false, reason: 'bad-port' });
  });

  it('a regex without a port group or that does not compile is a setup error', () => {
    expect(() => regexCircuitIdParser('(\\d+)$')).toThrow(CircuitRegexError);
    expect(() => regexCircuitIdParser('(?<port>\\d+')).toThrow(/not a valid regular expression/);
  });
});

describe('remote-id as the switch MAC', () => {
  const cases: Array<[string, Uint8Array, string | null, string?]> = [
    ['binary type 0 / length 6', hex('0006 00 1e 58 aa bb cc'), '00:1e:58:aa:bb:cc', 'binary'],
    ['bare 6 bytes', hex('001e58aabbcc'), '00:1e:58:aa:bb:cc', 'binary'],
    ['ASCII colons', ascii('00:1E:58:AA:BB:CC'), '00:1e:58:aa:bb:cc', 'ascii'],
    ['ASCII dashes', ascii('00-1e-58-aa-bb-cc'), '00:1e:58:aa:bb:cc', 'ascii'],
    ['ASCII Cisco dots', ascii('001e.58aa.bbcc'), '00:1e:58:aa:bb:cc', 'ascii'],
    ['ASCII bare hex', ascii('001e58aabbcc'), '00:1e:58:aa:bb:cc', 'ascii'],
    ['ASCII in a type-1 TLV', hex('01 11' + Buffer.from('00-1e-58-aa-bb-cc').toString('hex')), '00:1e:58:aa:bb:cc', 'ascii'],
    ['a hostname', ascii('sw-12.dom'), null],
    ['binary with a lying length', hex('0007 00 1e 58 aa bb cc'), null],
    ['ASCII with a bad digit', ascii('00:1e:58:aa:bb:cg'), null],
    ['ASCII with mixed separators', ascii('00:1e-58:aa:bb:cc'), null],
  ];
  it.each(cases)('%s', (_n, bytes, mac, form) => {
    const r = parseRemoteIdMac(bytes);
    if (mac === null) {
      expect(r).toEqual({ ok: false, reason: 'not-mac', raw: bytes });
    } else {
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(formatMac(r.mac)).toBe(mac);
        expect(r.form).toBe(form);
      }
    }
  });
});
