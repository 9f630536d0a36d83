/**
 * Minimal pcap (libpcap classic format, Ethernet link type) reading and writing
 * for golden-packet capture and for handing our packets to tshark.
 */
export interface UdpDatagram {
  readonly srcIp: string;
  readonly dstIp: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Buffer;
}

const ip = (b: Buffer, at: number): string => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;

/** UDP/IPv4 datagrams of an Ethernet pcap file, in order. */
export function readPcapUdp(file: Buffer): UdpDatagram[] {
  const magic = file.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4;
  if (!le && magic !== 0xd4c3b2a1) throw new Error('not a classic pcap file');
  const u32 = (at: number): number => (le ? file.readUInt32LE(at) : file.readUInt32BE(at));
  if (u32(20) !== 1) throw new Error('not an Ethernet capture');
  const out: UdpDatagram[] = [];
  for (let at = 24; at + 16 <= file.length; ) {
    const caplen = u32(at + 8);
    const frame = file.subarray(at + 16, at + 16 + caplen);
    at += 16 + caplen;
    if (frame.readUInt16BE(12) !== 0x0800) continue;
    const ihl = ((frame[14] as number) & 15) * 4;
    if (frame[14 + 9] !== 17) continue;
    const udp = 14 + ihl;
    out.push({
      srcIp: ip(frame, 14 + 12),
      dstIp: ip(frame, 14 + 16),
      srcPort: frame.readUInt16BE(udp),
      dstPort: frame.readUInt16BE(udp + 2),
      payload: Buffer.from(frame.subarray(udp + 8, udp + frame.readUInt16BE(udp + 4))),
    });
  }
  return out;
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < b.length; i += 2) sum += b.readUInt16BE(i);
  if (b.length % 2) sum += (b[b.length - 1] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Wraps UDP payloads in Ethernet/IPv4/UDP (valid checksums) and writes a pcap file. */
export function writePcapUdp(datagrams: readonly UdpDatagram[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  const parts: Buffer[] = [header];
  datagrams.forEach((d, n) => {
    const udpLen = 8 + d.payload.length;
    const frame = Buffer.alloc(14 + 20 + udpLen);
    Buffer.from('ffffffffffff020000000001', 'hex').copy(frame, 0);
    frame.writeUInt16BE(0x0800, 12);
    const iph = frame.subarray(14, 34);
    iph[0] = 0x45;
    iph.writeUInt16BE(20 + udpLen, 2);
    iph.writeUInt16BE(n & 0xffff, 4);
    iph[8] = 64;
    iph[9] = 17;
    d.srcIp.split('.').forEach((o, i) => (iph[12 + i] = Number(o)));
    d.dstIp.split('.').forEach((o, i) => (iph[16 + i] = Number(o)));
    iph.writeUInt16BE(checksum(iph), 10);
    const udp = frame.subarray(34);
    udp.writeUInt16BE(d.srcPort, 0);
    udp.writeUInt16BE(d.dstPort, 2);
    udp.writeUInt16BE(udpLen, 4);
    d.payload.copy(udp, 8);
    const pseudo = Buffer.concat([iph.subarray(12, 20), Buffer.from([0, 17, udpLen >> 8, udpLen & 255]), udp]);
    udp.writeUInt16BE(checksum(pseudo) || 0xffff, 6);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(1_800_000_000 + n, 0);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    parts.push(rec, frame);
  });
  return Buffer.concat(parts);
}
