import { toHex } from '../../src/wire/bytes.js';
import { ipToString } from '../../src/wire/ipv4.js';
import type { DhcpPacket } from '../../src/wire/packet.js';

/** A plain, comparable picture of a packet: what tests assert and diff. */
export interface PacketPicture {
  op: number;
  htype: number;
  hlen: number;
  hops: number;
  xid: number;
  secs: number;
  flags: number;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  chaddr: string;
  sname: string;
  file: string;
  options: Array<[number, string]>;
}

export function describePacket(p: DhcpPacket): PacketPicture {
  return {
    op: p.op,
    htype: p.htype,
    hlen: p.hlen,
    hops: p.hops,
    xid: p.xid,
    secs: p.secs,
    flags: p.flags,
    ciaddr: ipToString(p.ciaddr),
    yiaddr: ipToString(p.yiaddr),
    siaddr: ipToString(p.siaddr),
    giaddr: ipToString(p.giaddr),
    chaddr: toHex(p.chaddrBytes()),
    sname: toHex(p.snameBytes()),
    file: toHex(p.fileBytes()),
    // By code: the options are a set (RFC 2131 §4.1); wire order is the encoder's job.
    options: p.options
      .entries()
      .map(([code, v]): [number, string] => [code, toHex(v)])
      .sort((a, b) => a[0] - b[0]),
  };
}
