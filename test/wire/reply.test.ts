import { describe, expect, it } from 'vitest';
import { getLeaseTime, getMessageType, getRebindingTime, getRenewalTime, getServerId } from '../../src/wire/accessors.js';
import { FLAG_BROADCAST, MessageType, Opt } from '../../src/wire/constants.js';
import { parseIp } from '../../src/wire/ipv4.js';
import { decode, DhcpPacket, encode, encodingLength } from '../../src/wire/packet.js';
import {
  maxReplyLength,
  newReplyFromRequest,
  trimToLength,
  withBroadcast,
  withClientIp,
  withLeaseTime,
  withMessage,
  withMessageType,
  withOption,
  withRenewalTimes,
  withServerId,
  withYourIp,
} from '../../src/wire/reply.js';
import { END, opt, rawPacket } from '../support/raw-packet.js';

const ip = (s: string): number => parseIp(s) as number;
const request = (options: number[], extra: Parameters<typeof rawPacket>[0] = { options: [] }): DhcpPacket =>
  decode(rawPacket({ ...extra, options: [...options, END] })) as DhcpPacket;

describe('newReplyFromRequest (RFC 2131 §4.3.1 table 3)', () => {
  const req = request([...opt(53, 1), ...opt(61, 1, 2, 0, 0, 0, 0, 9), ...opt(12, 65), ...opt(82, 1, 2, 0x70, 0x35)], {
    hops: 1,
    xid: 0xcafe0001,
    flags: FLAG_BROADCAST,
    ciaddr: '10.1.1.1',
    giaddr: '10.9.0.1',
    chaddr: '02:00:00:00:00:09',
    sname: [65],
    options: [],
  });
  const r = newReplyFromRequest(req);

  it('copies xid, flags, giaddr, chaddr, htype, hlen; zeroes hops, secs, ciaddr, yiaddr, siaddr, sname, file', () => {
    expect(r).toMatchObject({ op: 2, htype: 1, hlen: 6, hops: 0, secs: 0, xid: 0xcafe0001, flags: FLAG_BROADCAST, ciaddr: 0, yiaddr: 0, siaddr: 0 });
    expect(r.giaddr).toBe(ip('10.9.0.1'));
    expect(Buffer.from(r.chaddrBytes()).toString('hex')).toBe('020000000009' + '00'.repeat(10));
    expect(r.sname).toBeNull();
    expect(r.file).toBeNull();
  });
  it('echoes 61 (RFC 6842) and 82 (RFC 3046) and nothing else of the request', () => {
    expect(r.options.codes()).toEqual([Opt.CLIENT_ID, Opt.RELAY_AGENT_INFO]);
    expect(Buffer.from(r.options.get(82) as Uint8Array).toString('hex')).toBe('01027035');
  });
  it('applies modifiers in order', () => {
    const offer = newReplyFromRequest(
      req,
      withMessageType(MessageType.OFFER),
      withYourIp(ip('10.10.0.5')),
      withServerId(ip('10.0.0.1')),
      withLeaseTime(3600),
      withRenewalTimes(3600),
      withOption(Opt.SUBNET_MASK, Uint8Array.of(255, 255, 255, 0)),
    );
    const back = decode(encode(offer)) as DhcpPacket;
    expect(getMessageType(back)).toBe(MessageType.OFFER);
    expect(back.yiaddr).toBe(ip('10.10.0.5'));
    expect(getServerId(back)).toBe(ip('10.0.0.1'));
    expect(getLeaseTime(back)).toBe(3600);
    expect(getRenewalTime(back)).toBe(1800);
    expect(getRebindingTime(back)).toBe(3150);
    expect(Buffer.from(back.options.get(82) as Uint8Array).toString('hex')).toBe('01027035');
  });
  it('has the small modifiers a NAK and an INFORM answer need', () => {
    const nak = newReplyFromRequest(request(opt(53, 3)), withMessageType(MessageType.NAK), withBroadcast, withMessage('wrong address'));
    expect(nak.flags & FLAG_BROADCAST).toBe(FLAG_BROADCAST);
    expect(Buffer.from(nak.options.get(56) as Uint8Array).toString()).toBe('wrong address');
    expect(newReplyFromRequest(request(opt(53, 8)), withClientIp(ip('10.1.1.1'))).ciaddr).toBe(ip('10.1.1.1'));
  });
});

describe('option 57: the reply fits what the client accepts', () => {
  it('576 (no option 57) leaves 548 bytes of DHCP', () => {
    expect(maxReplyLength(request(opt(53, 1)))).toBe(548);
  });
  it('1472 leaves 1444; an illegal 300 reads as 576', () => {
    expect(maxReplyLength(request([...opt(53, 1), ...opt(57, 0x05, 0xc0)]))).toBe(1444);
    expect(maxReplyLength(request([...opt(53, 1), ...opt(57, 0x01, 0x2c)]))).toBe(548);
  });
  it('trimToLength drops the last options that may go, never the kept ones', () => {
    const r = newReplyFromRequest(request(opt(53, 1)), withMessageType(2), withServerId(1), withOption(43, new Uint8Array(200)), withOption(224, new Uint8Array(200)));
    expect(encodingLength(r)).toBeGreaterThan(548);
    expect(trimToLength(r, 548, new Set([53, 54]))).toBe(true);
    expect(r.options.codes()).toEqual([53, 54, 43]);
    expect(encodingLength(r)).toBeLessThanOrEqual(548);
    const big = newReplyFromRequest(request(opt(53, 1)), withMessageType(2), withOption(43, new Uint8Array(400)));
    expect(trimToLength(big, 548, new Set([53, 43]))).toBe(false);
  });
});
