import { describe, expect, it } from 'vitest';
import { getMessageType, getRelayAgentInfo } from '../../src/wire/accessors.js';
import { DecodeError, MALFORMED } from '../../src/wire/errors.js';
import { decode, DhcpPacket, encode } from '../../src/wire/packet.js';
import { decodeRelayAgentInfo } from '../../src/wire/relay-agent-info.js';
import { END, opt, rawPacket } from '../support/raw-packet.js';
import { allVectors } from '../support/vectors.js';

const DISCOVER = opt(53, 1);
const codeOf = (r: unknown): string => (r instanceof DecodeError ? r.code : 'packet');

describe('hostile inputs', () => {
  it('every truncation of every golden packet is answered, never thrown', () => {
    for (const [, bytes] of allVectors()) {
      for (let n = 0; n <= bytes.length; n++) {
        const r = decode(bytes.subarray(0, n));
        expect(r instanceof DhcpPacket || r instanceof DecodeError).toBe(true);
      }
    }
  });

  it('an option whose length runs past the end of the datagram', () => {
    expect(codeOf(decode(rawPacket({ options: [...DISCOVER, 43, 255, 1, 2, 3] })))).toBe('truncated-option');
  });

  it('thousands of RFC 3396 split instances join into one value', () => {
    const parts: number[] = [];
    for (let i = 0; i < 20_000; i++) parts.push(43, 1, i & 255);
    const p = decode(rawPacket({ options: [...DISCOVER, ...parts, END] })) as DhcpPacket;
    const v = p.options.get(43) as Uint8Array;
    expect(v.length).toBe(20_000);
    expect(v[19_999]).toBe(19_999 & 255);
    // and it is written back as 255-byte instances
    expect(decode(encode(p))).toBeInstanceOf(DhcpPacket);
  });

  it('thousands of message-type instances join into a wrong length and are refused', () => {
    const parts: number[] = [];
    for (let i = 0; i < 5_000; i++) parts.push(53, 1, 1);
    expect(codeOf(decode(rawPacket({ options: [...parts, END] })))).toBe('bad-option-length');
  });

  it('a datagram of 65,000 PAD bytes then END', () => {
    const p = decode(rawPacket({ options: [...DISCOVER, ...new Array(65_000).fill(0), END] })) as DhcpPacket;
    expect(getMessageType(p)).toBe(1);
  });

  it('every option code at full length in one packet', () => {
    const all: number[] = [];
    for (let code = 1; code <= 254; code++) if (![53, 52, 50, 51, 54, 57, 58, 59, 1, 28, 118].includes(code)) all.push(...opt(code, ...new Array(252).fill(code)));
    const r = decode(rawPacket({ options: [...DISCOVER, ...all, END] }));
    expect(r).toBeInstanceOf(DhcpPacket);
  });

  describe('chains of overload', () => {
    const cases: Array<[string, Parameters<typeof rawPacket>[0], string]> = [
      ['52 in file pointing at sname', { file: [52, 1, 2, END], sname: [END], options: [...DISCOVER, 52, 1, 1, END] }, 'bad-overload'],
      ['52 in sname pointing at file', { sname: [52, 1, 1, END], file: [END], options: [...DISCOVER, 52, 1, 2, END] }, 'bad-overload'],
      ['52 twice in the options field', { file: [END], sname: [END], options: [...DISCOVER, 52, 1, 1, 52, 1, 2, END] }, 'bad-overload'],
      ['52 = 3 with neither field terminated', { options: [...DISCOVER, 52, 1, 3, END] }, 'missing-end'],
      ['52 = 3 with both fields terminated', { file: [END], sname: [END], options: [...DISCOVER, 52, 1, 3, END] }, 'packet'],
    ];
    it.each(cases)('%s → %s', (_n, spec, want) => expect(codeOf(decode(rawPacket(spec)))).toBe(want));
  });

  describe('option 82 whose sub-option lengths lie', () => {
    it.each<[string, number[]]>([
      ['first sub-option claims 200 bytes', [1, 200, 0x70, 0x35]],
      ['last sub-option has no length byte', [1, 2, 0x70, 0x35, 2]],
      ['lengths chained one byte too long', [1, 3, 0x70, 0x35, 2, 1, 9]],
    ])('%s: the packet decodes, option 82 reads as malformed, and the raw bytes are kept for the echo', (_n, sub) => {
      const p = decode(rawPacket({ giaddr: '10.9.0.1', options: [...DISCOVER, 82, sub.length, ...sub, END] })) as DhcpPacket;
      expect(p).toBeInstanceOf(DhcpPacket);
      expect(getRelayAgentInfo(p)).toBe(MALFORMED);
      expect([...(p.options.get(82) as Uint8Array)]).toEqual(sub);
      expect(decodeRelayAgentInfo(Uint8Array.from(sub))).toBeInstanceOf(DecodeError);
    });

    it('127 empty sub-options of variable-length kinds are fine', () => {
      const sub = new Array(127).fill(0).flatMap((_, i) => [i + 20, 0]);
      const p = decode(rawPacket({ options: [...DISCOVER, 82, 254, ...sub, END] })) as DhcpPacket;
      const info = getRelayAgentInfo(p);
      expect(typeof info === 'object' && info.sub.size).toBe(127);
    });
  });
});
