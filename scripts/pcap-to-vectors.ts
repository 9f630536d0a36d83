/**
 * Turns the captures of test/vectors/capture.sh into field-commented hex golden
 * packets: the first DISCOVER and the first REQUEST of each capture.
 * Usage: tsx scripts/pcap-to-vectors.ts   (reads test/vectors/pcap/*.pcap)
 *
 * The comments come from a TLV walk written here, not from src/wire, so the
 * golden files do not repeat the decoder they test.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPcapUdp } from '../test/support/pcap.js';
import { VECTOR_DIR } from '../test/support/vectors.js';

const CLIENTS: Record<string, string> = {
  dhclient: 'ISC dhclient 4.4.3-P1 (Debian isc-dhcp-client 4.4.3-P1-2)',
  udhcpc: 'BusyBox udhcpc 1.35.0 (Debian udhcpc 1:1.35.0-4+deb12u1)',
  dhcpcd: 'dhcpcd 9.4.1 (Debian dhcpcd-base 9.4.1-24~deb12u5)',
};
const MODES: Record<string, string> = {
  direct: 'sent straight to the server on the client link (no relay)',
  relayed: 'after ISC dhcrelay 4.4.3-P1 -a (Debian isc-dhcp-relay 4.4.3-P1-2): giaddr set, hops 1, option 82 circuit-id = "p5" (the relay\'s downstream interface name)',
};
const TYPES = ['', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM'];
const NAMES: Record<number, string> = {
  1: 'subnet mask', 2: 'time offset', 3: 'routers', 6: 'DNS servers', 12: 'hostname', 15: 'domain name',
  26: 'interface MTU', 28: 'broadcast address', 42: 'NTP servers', 50: 'requested IP', 51: 'lease time',
  53: 'message type', 54: 'server id', 55: 'parameter request list', 57: 'max message size', 60: 'vendor class id',
  61: 'client id', 80: 'rapid commit', 82: 'relay agent information', 116: 'auto-configure', 119: 'domain search',
  121: 'classless static routes', 145: 'forcerenew nonce capable', 249: 'MS classless static routes', 252: 'WPAD',
};

const hex = (b: Buffer, s: number, e: number): string => [...b.subarray(s, e)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
const ipAt = (b: Buffer, at: number): string => [...b.subarray(at, at + 4)].join('.');
const line = (bytes: string, comment: string): string => `${bytes.padEnd(48)} # ${comment}`;

function chunked(b: Buffer, s: number, e: number, comment: string): string[] {
  const out: string[] = [];
  for (let i = s; i < e; i += 16) out.push(line(hex(b, i, Math.min(e, i + 16)), i === s ? comment : '  (cont.)'));
  return out;
}

function describeOption(code: number, v: Buffer): string {
  const name = NAMES[code] ?? 'unknown';
  let value = '';
  if (code === 53) value = TYPES[v[0] as number] ?? String(v[0]);
  else if ([50, 54, 1, 28].includes(code) && v.length === 4) value = ipAt(v, 0);
  else if ([51, 58, 59].includes(code) && v.length === 4) value = `${v.readUInt32BE(0)} s`;
  else if (code === 57 && v.length === 2) value = String(v.readUInt16BE(0));
  else if (code === 55) value = [...v].join(',');
  else if (code === 12 || code === 60 || code === 15) value = JSON.stringify(v.toString('latin1'));
  else if (code === 61) value = `type ${v[0]}, ${hex(v, 1, v.length).replace(/ /g, ':')}`;
  else if (code === 82) {
    const subs: string[] = [];
    for (let i = 0; i + 1 < v.length; i += 2 + (v[i + 1] as number)) {
      subs.push(`sub ${v[i]} len ${v[i + 1]} ${JSON.stringify(v.subarray(i + 2, i + 2 + (v[i + 1] as number)).toString('latin1'))}`);
    }
    value = subs.join('; ');
  }
  return `option ${code} ${name}, len ${v.length}${value ? `: ${value}` : ''}`;
}

function annotate(p: Buffer): string[] {
  const out = [
    line(hex(p, 0, 4), `op ${p[0]} (BOOTREQUEST), htype ${p[1]} (Ethernet), hlen ${p[2]}, hops ${p[3]}`),
    line(hex(p, 4, 8), `xid 0x${p.readUInt32BE(4).toString(16).padStart(8, '0')}`),
    line(hex(p, 8, 12), `secs ${p.readUInt16BE(8)}, flags 0x${p.readUInt16BE(10).toString(16).padStart(4, '0')}`),
    line(hex(p, 12, 16), `ciaddr ${ipAt(p, 12)}`),
    line(hex(p, 16, 20), `yiaddr ${ipAt(p, 16)}`),
    line(hex(p, 20, 24), `siaddr ${ipAt(p, 20)}`),
    line(hex(p, 24, 28), `giaddr ${ipAt(p, 24)}`),
    line(hex(p, 28, 44), `chaddr ${hex(p, 28, 34).replace(/ /g, ':')} + 10 bytes padding`),
    ...chunked(p, 44, 108, 'sname (64 bytes)'),
    ...chunked(p, 108, 236, 'file (128 bytes)'),
    line(hex(p, 236, 240), 'magic cookie 99.130.83.99'),
  ];
  let i = 240;
  while (i < p.length) {
    const code = p[i] as number;
    if (code === 255) {
      out.push(line('ff', 'END'));
      i++;
      break;
    }
    if (code === 0) {
      let j = i;
      while (j < p.length && p[j] === 0) j++;
      out.push(...chunked(p, i, j, `PAD x${j - i}`));
      i = j;
      continue;
    }
    const len = p[i + 1] as number;
    out.push(...chunked(p, i, i + 2 + len, describeOption(code, p.subarray(i + 2, i + 2 + len))));
    i += 2 + len;
  }
  if (i < p.length) out.push(...chunked(p, i, p.length, `padding to ${p.length} bytes`));
  return out;
}

const pcapDir = join(VECTOR_DIR, 'pcap');
for (const file of readdirSync(pcapDir).filter((f) => f.endsWith('.pcap')).sort()) {
  const [client, mode] = file.replace('.pcap', '').split('-') as [string, string];
  const datagrams = readPcapUdp(readFileSync(join(pcapDir, file)));
  for (const type of [1, 3]) {
    const n = datagrams.findIndex((d) => d.dstPort === 67 && d.payload[0] === 1 && optionValue(d.payload, 53)?.[0] === type);
    const d = datagrams[n];
    if (d === undefined) throw new Error(`${file}: no ${TYPES[type]}`);
    const name = `${client}-${mode}-${TYPES[type]?.toLowerCase()}.hex`;
    const text = [
      `# ${CLIENTS[client]} ${TYPES[type]}, ${MODES[mode]}.`,
      `# Captured by test/vectors/capture.sh: client, relay and dnsmasq server in network`,
      `# namespaces on Debian 12; tcpdump on the server's link (pcap/${file}, datagram ${n + 1},`,
      `# ${d.srcIp}:${d.srcPort} -> ${d.dstIp}:${d.dstPort}). Comments by scripts/pcap-to-vectors.ts.`,
      `# Format: hex bytes; '#' starts a comment.`,
      ...annotate(d.payload),
      '',
    ].join('\n');
    writeFileSync(join(VECTOR_DIR, name), text);
    console.log(`${name}: ${d.payload.length} bytes`);
  }
}

function optionValue(p: Buffer, want: number): Buffer | undefined {
  for (let i = 240; i + 1 < p.length; ) {
    const code = p[i] as number;
    if (code === 255) return undefined;
    if (code === 0) {
      i++;
      continue;
    }
    const len = p[i + 1] as number;
    if (code === want) return p.subarray(i + 2, i + 2 + len);
    i += 2 + len;
  }
  return undefined;
}
