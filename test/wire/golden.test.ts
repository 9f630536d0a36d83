import { describe, expect, it } from 'vitest';
import {
  clientMac,
  getClientId,
  getHostname,
  getMaxMessageSize,
  getMessageType,
  getParameterRequestList,
  getRelayAgentInfo,
  getRequestedIp,
  getServerId,
  getVendorClassId,
} from '../../src/wire/accessors.js';
import { regexCircuitIdParser } from '../../src/wire/circuit-id.js';
import { MessageType } from '../../src/wire/constants.js';
import { ipToString } from '../../src/wire/ipv4.js';
import { formatMac } from '../../src/wire/mac.js';
import { decode, DhcpPacket, encode } from '../../src/wire/packet.js';
import { circuitId, remoteId } from '../../src/wire/relay-agent-info.js';
import { describePacket } from '../support/describe-packet.js';
import { allVectors } from '../support/vectors.js';

/** What each captured packet must decode to (see the comments in each .hex file). */
interface Expect {
  type: number;
  mac: string;
  clientId?: string; // type byte + id, hex
  maxSize?: number;
  hostname?: string;
  vendorClass?: string;
  prl: number[];
}

const DHCLIENT_PRL = [1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42];
const UDHCPC_PRL = [1, 3, 6, 12, 15, 28, 42];
const DHCPCD_PRL = [1, 121, 3, 6, 12, 15, 26, 28, 33, 51, 54, 58, 59, 119];

const clients: Record<string, (mode: 'direct' | 'relayed', type: number) => Expect> = {
  dhclient: (mode, type) => ({ type, mac: mode === 'direct' ? '02:00:00:00:08:01' : '02:00:00:00:08:02', hostname: 'vm', prl: DHCLIENT_PRL }),
  udhcpc: (mode, type) => {
    const mac = mode === 'direct' ? '02:00:00:00:06:01' : '02:00:00:00:06:02';
    return { type, mac, clientId: `01${mac.replace(/:/g, '')}`, maxSize: 576, vendorClass: 'udhcp 1.35.0', prl: UDHCPC_PRL };
  },
  dhcpcd: (mode, type) => ({ type, mac: mode === 'direct' ? '02:00:00:00:06:01' : '02:00:00:00:06:02', maxSize: 1472, prl: DHCPCD_PRL }),
};

const vectors = allVectors();

describe('golden packets captured from real clients', () => {
  it('has a DISCOVER and a REQUEST from each of the three clients, direct and relayed', () => {
    expect([...vectors.keys()]).toHaveLength(12);
  });

  for (const [name, bytes] of vectors) {
    const [client, mode, kind] = name.replace('.hex', '').split('-') as [string, 'direct' | 'relayed', string];
    const want = clients[client]?.(mode, kind === 'discover' ? MessageType.DISCOVER : MessageType.REQUEST);

    it(`${name} decodes with the captured fields`, () => {
      expect(want).toBeDefined();
      const p = decode(bytes);
      expect(p).toBeInstanceOf(DhcpPacket);
      const pkt = p as DhcpPacket;
      const w = want as Expect;
      expect(pkt.op).toBe(1);
      expect(getMessageType(pkt)).toBe(w.type);
      expect(formatMac(clientMac(pkt))).toBe(w.mac);
      expect(getParameterRequestList(pkt)).toEqual(w.prl);
      expect(getMaxMessageSize(pkt)).toBe(w.maxSize);
      expect(getHostname(pkt)).toBe(w.hostname);
      if (w.vendorClass) expect(getVendorClassId(pkt)).toBe(w.vendorClass);
      const cid = getClientId(pkt);
      if (w.clientId) expect(cid).toEqual({ type: 1, id: Uint8Array.from(Buffer.from(w.clientId.slice(2), 'hex')) });
      else if (client === 'dhcpcd') expect(cid).toMatchObject({ type: 255 }); // RFC 4361 IAID + DUID
      else expect(cid).toBeUndefined();

      const subnet = mode === 'direct' ? '10.77.2.' : '10.77.1.';
      if (w.type === MessageType.REQUEST) {
        expect(ipToString(getRequestedIp(pkt) as number)).toMatch(new RegExp(`^${subnet.replace(/\./g, '\\.')}`));
        expect(ipToString(getServerId(pkt) as number)).toBe(mode === 'direct' ? '10.77.2.1' : '10.77.0.1');
      } else {
        expect(getRequestedIp(pkt)).toBeUndefined();
        expect(getServerId(pkt)).toBeUndefined();
      }

      if (mode === 'relayed') {
        expect(ipToString(pkt.giaddr)).toBe('10.77.1.1');
        expect(pkt.hops).toBe(1);
        const info = getRelayAgentInfo(pkt);
        expect(typeof info).toBe('object');
        const rai = info as Exclude<typeof info, symbol | undefined>;
        expect(Buffer.from(circuitId(rai) as Uint8Array).toString('latin1')).toBe('p5');
        expect(remoteId(rai)).toBeUndefined(); // dhcrelay -a sends no remote-id
        const cidBytes = circuitId(rai) as Uint8Array;
        expect(regexCircuitIdParser('(?<port>\\d+)$')(cidBytes, 0, cidBytes.length)).toEqual({ ok: true, port: 5 });
      } else {
        expect(pkt.giaddr).toBe(0);
        expect(pkt.hops).toBe(0);
        expect(getRelayAgentInfo(pkt)).toBeUndefined();
      }
    });

    it(`${name} re-encodes to the same packet`, () => {
      const p = decode(bytes) as DhcpPacket;
      const again = encode(p);
      expect(describePacket(decode(again) as DhcpPacket)).toEqual(describePacket(p));
      // Byte for byte too, unless the client did not put option 53 first (dhcpcd's
      // REQUEST leads with 50): the encoder always writes 53 first.
      const leadsWith53 = bytes[240] === 53;
      if (leadsWith53) expect(Buffer.from(again)).toEqual(bytes);
      else expect(Buffer.from(again).equals(bytes)).toBe(false);
    });
  }
});
