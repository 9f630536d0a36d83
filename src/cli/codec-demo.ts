import { clientMac, getClientId, getMessageType, getRelayAgentInfo } from '../wire/accessors.js';
import { parseVlanModPort } from '../wire/circuit-id.js';
import { MessageType, messageTypeName, Opt, RelaySub } from '../wire/constants.js';
import { ipToString } from '../wire/ipv4.js';
import { formatMac } from '../wire/mac.js';
import { encodeOptionValue } from '../wire/option-catalogue.js';
import { decode, DhcpPacket, encode } from '../wire/packet.js';
import { newReplyFromRequest, withLeaseTime, withMessageType, withOption, withRenewalTimes, withServerId, withYourIp } from '../wire/reply.js';
import { parseRemoteIdMac } from '../wire/remote-id.js';
import { toHex } from '../wire/bytes.js';

/**
 * What `npm start` shows until the daemon exists: one DISCOVER as a D-Link
 * switch relays it, decoded, and the OFFER the codec builds for it.
 */
const RELAYED_DISCOVER =
  '0101060100c0ffee00000000000000000000000000000000' + '0a0a0009' + '020000000601' + '00'.repeat(10) + '00'.repeat(192) +
  '63825363' + '350101' + '3d0701020000000601' + '5212' + '0106000400640005' + '02080006001e58aabbcc' + 'ff' + '00'.repeat(20);

function must(code: number, value: unknown): Uint8Array {
  const r = encodeOptionValue(code, value);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
}

export function codecDemo(print: (line: string) => void): number {
  const req = decode(Buffer.from(RELAYED_DISCOVER, 'hex'));
  if (!(req instanceof DhcpPacket)) {
    print(`decode failed: ${req.message}`);
    return 1;
  }
  const info = getRelayAgentInfo(req);
  print('userside-dhcpd: the DHCPv4 codec (the server itself is not built yet)');
  print('');
  print('A DISCOVER as a D-Link switch relays it:');
  print(`  message type   ${messageTypeName(getMessageType(req) as number)}`);
  print(`  client MAC     ${formatMac(clientMac(req))}`);
  print(`  giaddr         ${ipToString(req.giaddr)}`);
  const cid = getClientId(req);
  if (typeof cid === 'object') print(`  client-id      type ${cid.type}, ${toHex(cid.id)}`);
  if (typeof info === 'object') {
    const c = info.sub.find(RelaySub.CIRCUIT_ID);
    const r = info.sub.find(RelaySub.REMOTE_ID);
    const port = parseVlanModPort(info.sub.sourceAt(c), info.sub.startAt(c), info.sub.lengthAt(c));
    const sw = parseRemoteIdMac(info.sub.sourceAt(r), info.sub.startAt(r), info.sub.lengthAt(r));
    if (port.ok) print(`  circuit-id     vlan-mod-port: vlan ${port.vlan}, module ${port.module}, port ${port.port}`);
    if (sw.ok) print(`  remote-id      switch MAC ${formatMac(sw.mac)}`);
  }
  const offer = newReplyFromRequest(
    req,
    withMessageType(MessageType.OFFER),
    withYourIp(0x0a0a0105),
    withServerId(0x0a000001),
    withLeaseTime(3600),
    withRenewalTimes(3600),
    withOption(Opt.SUBNET_MASK, must(Opt.SUBNET_MASK, '255.255.0.0')),
    withOption(Opt.ROUTERS, must(Opt.ROUTERS, ['10.10.0.1'])),
    withOption(Opt.DNS_SERVERS, must(Opt.DNS_SERVERS, ['10.0.0.53'])),
  );
  const bytes = encode(offer);
  print('');
  print(`The OFFER the codec encodes for it (${bytes.length} bytes, to giaddr 10.10.0.9:67):`);
  print(`  yiaddr 10.10.1.5, options in wire order: ${decodeCodes(bytes).join(', ')}`);
  print('  (53 first, option 82 echoed byte for byte and last, client-id echoed, padded to 300 bytes)');
  print('');
  print('Run `npm test` for the codec tests, `npm run fuzz` and `npm run bench:codec` for the rest.');
  return 0;
}

function decodeCodes(bytes: Uint8Array): number[] {
  const p = decode(bytes);
  return p instanceof DhcpPacket ? p.options.codes() : [];
}
