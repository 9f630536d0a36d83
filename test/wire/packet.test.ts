import { describe, expect, it } from 'vitest';
import { getMessageType, getOverload, getRequestedIp } from '../../src/wire/accessors.js';
import { FLAG_BROADCAST, MessageType, Opt } from '../../src/wire/constants.js';
import { DecodeError, type DecodeErrorCode } from '../../src/wire/errors.js';
import { parseIp } from '../../src/wire/ipv4.js';
import { decode, DhcpPacket, encode, encodingLength, packet } from '../../src/wire/packet.js';
import { END, opt, rawPacket, type RawPacketSpec } from '../support/raw-packet.js';
import { roundTrip } from '../support/round-trip.js';

const DISCOVER = opt(53, 1);

function decodeOk(bytes: Uint8Array): DhcpPacket {
  const p = decode(bytes);
  if (p instanceof DecodeError) throw new Error(`unexpected ${p.message}`);
  return p;
}

describe('decode refuses, with a stable code, every packet a guard catches', () => {
  const cases: Array<[string, Buffer, DecodeErrorCode, number?]> = [
    ['239 bytes', rawPacket({ options: [] }).subarray(0, 239), 'short-packet'],
    ['empty', Buffer.alloc(0), 'short-packet'],
    ['wrong magic cookie', rawPacket({ cookie: [99, 130, 83, 98], options: [...DISCOVER, END] }), 'bad-cookie'],
    ['op 3', rawPacket({ op: 3, options: [...DISCOVER, END] }), 'bad-op'],
    ['htype 6 (IEEE 802)', rawPacket({ htype: 6, options: [...DISCOVER, END] }), 'unsupported-htype'],
    ['hlen 16 on Ethernet', rawPacket({ hlen: 16, options: [...DISCOVER, END] }), 'bad-hlen'],
    ['no END', rawPacket({ options: [...DISCOVER] }), 'missing-end'],
    ['no options at all', rawPacket({ options: [] }), 'missing-end'],
    ['only PAD', rawPacket({ options: [0, 0, 0, 0] }), 'missing-end'],
    ['code byte without length', rawPacket({ options: [...DISCOVER, 12] }), 'truncated-option', 12],
    ['length past the end', rawPacket({ options: [...DISCOVER, 12, 10, 65, 66] }), 'truncated-option', 12],
    ['53 with length 2', rawPacket({ options: [53, 2, 1, 1, END] }), 'bad-option-length', 53],
    ['53 with length 0', rawPacket({ options: [53, 0, END] }), 'bad-option-length', 53],
    ['50 with length 3', rawPacket({ options: [...DISCOVER, 50, 3, 10, 0, 0, END] }), 'bad-option-length', 50],
    ['54 with length 5', rawPacket({ options: [...DISCOVER, 54, 5, 10, 0, 0, 1, 1, END] }), 'bad-option-length', 54],
    ['57 with length 1', rawPacket({ options: [...DISCOVER, 57, 1, 2, END] }), 'bad-option-length', 57],
    ['61 with length 1', rawPacket({ options: [...DISCOVER, 61, 1, 1, END] }), 'bad-option-length', 61],
    ['82 with length 1', rawPacket({ options: [...DISCOVER, 82, 1, 1, END] }), 'bad-option-length', 82],
    ['3 with 6 bytes', rawPacket({ options: [...DISCOVER, 3, 6, 1, 2, 3, 4, 5, 6, END] }), 'bad-option-length', 3],
    ['53 split in two (joins to 2 bytes)', rawPacket({ options: [53, 1, 1, 53, 1, 3, END] }), 'bad-option-length', 53],
    ['52 with value 4', rawPacket({ options: [...DISCOVER, 52, 1, 4, END] }), 'bad-overload', 52],
    ['52 with value 0', rawPacket({ options: [...DISCOVER, 52, 1, 0, END] }), 'bad-overload', 52],
    ['overloaded file without END', rawPacket({ file: [12, 1, 65], options: [...DISCOVER, 52, 1, 1, END] }), 'missing-end'],
    ['52 inside the overloaded file', rawPacket({ file: [52, 1, 2, END], options: [...DISCOVER, 52, 1, 1, END] }), 'bad-overload', 52],
    ['option running off the end of sname', rawPacket({ sname: [...new Array(62).fill(0), 12, 5], options: [...DISCOVER, 52, 1, 2, END] }), 'truncated-option', 12],
  ];
  it.each(cases)('%s → %s', (_name, bytes, code, option) => {
    const r = decode(bytes);
    expect(r).toBeInstanceOf(DecodeError);
    expect((r as DecodeError).code).toBe(code);
    if (option !== undefined) expect((r as DecodeError).option).toBe(option);
  });

  it('reports where: the byte offset of the offending option', () => {
    const r = decode(rawPacket({ options: [...DISCOVER, 12, 10, 65] })) as DecodeError;
    expect(r.offset).toBe(243);
    expect(r.message).toBe('truncated-option in option 12 at byte 243');
  });
});

describe('decode reads', () => {
  it('the header fields', () => {
    const p = decodeOk(
      rawPacket({ hops: 2, xid: 0xdeadbeef, flags: FLAG_BROADCAST, ciaddr: '10.1.2.3', giaddr: '10.9.0.1', chaddr: '00:11:22:aa:bb:cc', options: [...DISCOVER, END] }),
    );
    expect(p).toMatchObject({ op: 1, htype: 1, hlen: 6, hops: 2, xid: 0xdeadbeef, flags: 0x8000 });
    expect(p.ciaddr).toBe(parseIp('10.1.2.3'));
    expect(p.giaddr).toBe(parseIp('10.9.0.1'));
    expect(Buffer.from(p.chaddrBytes()).toString('hex')).toBe('001122aabbcc' + '00'.repeat(10));
  });

  it('PAD as one byte anywhere, including between options and before END', () => {
    const p = decodeOk(rawPacket({ options: [0, ...DISCOVER, 0, 0, ...opt(50, 10, 0, 0, 7), 0, END] }));
    expect(getMessageType(p)).toBe(MessageType.DISCOVER);
    expect(getRequestedIp(p)).toBe(parseIp('10.0.0.7'));
    expect(p.options.codes()).toEqual([53, 50]);
  });

  it('nothing after END, even bytes that look like options', () => {
    const p = decodeOk(rawPacket({ options: [...DISCOVER, END, ...opt(50, 10, 0, 0, 7), 77, 200] }));
    expect(p.options.codes()).toEqual([53]);
  });

  it('unknown options kept raw and passed through', () => {
    const p = decodeOk(rawPacket({ options: [...DISCOVER, ...opt(224, 1, 2, 3), ...opt(80), END] }));
    expect(Buffer.from(p.options.get(224) as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
    expect(p.options.get(80)?.length).toBe(0);
    const again = decodeOk(encode(p));
    expect(Buffer.from(again.options.get(224) as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
    expect(again.options.has(80)).toBe(true);
  });

  it('RFC 3396: split instances of one option joined in order', () => {
    const p = decodeOk(rawPacket({ options: [...DISCOVER, 12, 2, 65, 66, ...opt(50, 10, 0, 0, 7), 12, 1, 67, END] }));
    expect(Buffer.from(p.options.get(12) as Uint8Array).toString()).toBe('ABC');
    expect(p.options.codes()).toEqual([53, 12, 50]);
  });

  it('RFC 2131 §4.1: overloaded file then sname, after the options field', () => {
    const p = decodeOk(
      rawPacket({
        file: [...opt(12, 66), END],
        sname: [...opt(12, 67), ...opt(60, 88), END],
        options: [...DISCOVER, ...opt(52, 3), ...opt(12, 65), END],
      }),
    );
    expect(Buffer.from(p.options.get(12) as Uint8Array).toString()).toBe('ABC');
    expect(Buffer.from(p.options.get(60) as Uint8Array).toString()).toBe('X');
    expect(getOverload(p)).toBe(3);
    // the fields held options, so they read as empty names
    expect(p.sname).toBeNull();
    expect(p.file).toBeNull();
  });

  it('sname and file as names when not overloaded', () => {
    const p = decodeOk(rawPacket({ sname: [...Buffer.from('srv')], file: [...Buffer.from('boot.img')], options: [...DISCOVER, END] }));
    expect(Buffer.from(p.snameBytes()).subarray(0, 3).toString()).toBe('srv');
    expect(Buffer.from(p.fileBytes()).subarray(0, 8).toString()).toBe('boot.img');
  });

  it('a packet at an offset inside a larger buffer', () => {
    const bytes = rawPacket({ options: [...DISCOVER, ...opt(50, 10, 0, 0, 7), END] });
    const big = Buffer.concat([Buffer.alloc(9, 0xaa), bytes, Buffer.alloc(5, 0xbb)]);
    const p = decode(big, 9, bytes.length) as DhcpPacket;
    expect(getRequestedIp(p)).toBe(parseIp('10.0.0.7'));
  });

  it('a zero-length hostname: the packet decodes, the accessor reports malformed', () => {
    const p = decodeOk(rawPacket({ options: [...DISCOVER, 12, 0, END] }));
    expect(p.options.has(12)).toBe(true);
  });
});

describe('encode', () => {
  function build(options: Array<[number, number[]]>): DhcpPacket {
    const p = new DhcpPacket();
    p.xid = 42;
    for (const [code, v] of options) p.options.set(code, Uint8Array.from(v));
    return p;
  }

  it('writes 53 first and 82 last whatever the order they were set in', () => {
    const p = build([
      [82, [1, 2, 0x70, 0x35]],
      [54, [10, 0, 0, 1]],
      [53, [2]],
      [51, [0, 0, 14, 16]],
    ]);
    const b = encode(p);
    expect([...b.subarray(240, 243)]).toEqual([53, 1, 2]);
    const end = b.indexOf(255, 240);
    expect([...b.subarray(end - 6, end + 1)]).toEqual([82, 4, 1, 2, 0x70, 0x35, 255]);
  });

  it('pads to 300 bytes with zeros after END (RFC 1542)', () => {
    const b = encode(build([[53, [2]]]));
    expect(b.length).toBe(300);
    expect(b[243]).toBe(255);
    expect(b.subarray(244).every((x) => x === 0)).toBe(true);
  });

  it('a large packet is not padded', () => {
    const p = build([[53, [2]], [43, new Array(200).fill(7)]]);
    expect(encodingLength(p)).toBe(240 + 3 + 202 + 1);
  });

  it('RFC 3396: splits values over 255 bytes and they join back', () => {
    const value = Array.from({ length: 600 }, (_, i) => i & 255);
    const b = encode(build([[53, [5]], [43, value]]));
    // 255 + 255 + 90
    expect([b[243], b[244]]).toEqual([43, 255]);
    expect([b[243 + 257], b[244 + 257]]).toEqual([43, 255]);
    expect([b[243 + 514], b[244 + 514]]).toEqual([43, 90]);
    expect([...(decodeOk(b).options.get(43) as Uint8Array)]).toEqual(value);
  });

  it('never writes option 52: it puts every option in the options field', () => {
    const p = build([[53, [1]], [52, [3]]]);
    const again = decodeOk(encode(p));
    expect(again.options.has(52)).toBe(false);
  });

  it('writes sname/file as zeros when null and copies them otherwise', () => {
    const p = build([[53, [2]]]);
    p.file = Buffer.from('pxelinux.0'.padEnd(128, '\0'));
    const b = Buffer.from(encode(p));
    expect(b.subarray(108, 118).toString()).toBe('pxelinux.0');
    expect(b.subarray(44, 108).every((x) => x === 0)).toBe(true);
  });

  it('round-trips whole packets, as every wire type does', () => {
    const p = build([[53, [3]], [50, [10, 0, 0, 7]], [61, [1, 2, 0, 0, 0, 0, 1]], [82, [1, 6, 0, 4, 0, 10, 0, 5]]]);
    p.giaddr = parseIp('10.9.0.1') as number;
    p.hops = 1;
    p.flags = FLAG_BROADCAST;
    roundTrip(packet, p);
    roundTrip(packet, build([[53, [2]], [43, new Array(700).fill(9)]]));
  });
});

describe('golden-style fixtures built with rawPacket', () => {
  it('round-trip through decode, encode, decode is stable', () => {
    const spec: RawPacketSpec = { giaddr: '10.0.0.9', hops: 1, options: [...DISCOVER, ...opt(Opt.CLIENT_ID, 1, 2, 0, 0, 0, 0, 1), END] };
    const once = encode(decodeOk(rawPacket(spec)));
    expect(Buffer.from(encode(decodeOk(once)))).toEqual(Buffer.from(once));
  });
});
