import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { DhcpTestClient } from '../client/test-client.js';
import { MessageType } from '../wire/constants.js';
import { readMac } from '../wire/mac.js';
import type { DhcpPacket } from '../wire/packet.js';
import { bytesArg, endpointArg, ipArg, macArg, UsageError } from './args.js';
import { describeReply } from './describe-reply.js';
import { EXIT, type Io } from './io.js';

export const SEND_HELP = `Usage: userside-dhcpd send [options]

A small DHCP test client: sends DISCOVER/REQUEST/INFORM/RELEASE/DECLINE (or a
whole DORA) to a server and prints the reply.

  --server ADDR[:PORT]   the server [127.0.0.1:67]
  --type T               dora | discover | request | inform | release | decline [dora]
  --mac MAC              client MAC [random, locally administered]
  --requested IP         option 50;  --server-id IP  option 54;  --ciaddr IP
  --relay                act as a relay: giaddr = our address, option 82 with the
                         sub-options below and RFC 8357 so the reply comes to our port
  --circuit-id X         circuit-id: text, or hex as hex:0004006400 05 / 0x...
  --remote-id X          remote-id: a MAC (sent as binary type 0), text, or hex
  --bind ADDR[:PORT]     local address [127.0.0.1:0]; without --relay, a server
                         answers on port 68 (root) or to ciaddr
  --timeout MS           wait this long for each reply [2000]

Exit status 0 when an OFFER/ACK came back, 1 on NAK or no answer, 2 on bad usage.`;

const TYPES: Record<string, number> = {
  discover: MessageType.DISCOVER,
  request: MessageType.REQUEST,
  inform: MessageType.INFORM,
  release: MessageType.RELEASE,
  decline: MessageType.DECLINE,
};

export async function sendCommand(args: string[], io: Io): Promise<number> {
  const { values: v } = parseArgs({
    args,
    options: {
      server: { type: 'string', default: '127.0.0.1:67' },
      type: { type: 'string', default: 'dora' },
      mac: { type: 'string' },
      requested: { type: 'string' },
      'server-id': { type: 'string' },
      ciaddr: { type: 'string' },
      relay: { type: 'boolean', default: false },
      'circuit-id': { type: 'string' },
      'remote-id': { type: 'string' },
      bind: { type: 'string', default: '127.0.0.1:0' },
      timeout: { type: 'string', default: '2000' },
      help: { type: 'boolean' },
    },
  });
  if (v.help) {
    io.out(SEND_HELP);
    return EXIT.ok;
  }
  const server = endpointArg('server', v.server, 67);
  const bind = endpointArg('bind', v.bind, 0);
  const timeout = Number(v.timeout);
  if (!(timeout > 0)) throw new UsageError('--timeout: expected milliseconds');
  if (v.type !== 'dora' && TYPES[v.type] === undefined) throw new UsageError(`--type: expected dora, ${Object.keys(TYPES).join(', ')}`);
  const mac = macArg('mac', v.mac) ?? randomMac();
  const remoteText = v['remote-id'];
  const relay = v.relay
    ? {
        ...(v['circuit-id'] === undefined ? {} : { circuitId: bytesArg('circuit-id', v['circuit-id']) as Uint8Array }),
        ...(remoteText === undefined ? {} : { remoteId: bytesArg('remote-id', remoteText) as Uint8Array }),
      }
    : undefined;
  if (!v.relay && (v['circuit-id'] !== undefined || remoteText !== undefined)) throw new UsageError('--circuit-id and --remote-id need --relay');
  const fields = {
    mac,
    ...(relay ? { relay } : {}),
    ...optional('requested', ipArg('requested', v.requested)),
    ...optional('serverId', ipArg('server-id', v['server-id'])),
    ...optional('ciaddr', ipArg('ciaddr', v.ciaddr)),
  };

  const client = await DhcpTestClient.open(bind);
  try {
    if (v.type === 'dora') {
      const r = await client.dora(fields, server, timeout);
      print(io, 'OFFER', r.offer);
      if (r.offer) print(io, r.nak ? 'NAK' : 'ACK', r.ack ?? r.nak);
      return r.ack ? EXIT.ok : EXIT.failure;
    }
    const type = TYPES[v.type] as number;
    const reply = await client.exchange(client.build({ ...fields, type }), server, timeout);
    print(io, 'reply', reply);
    const ok = reply !== null && reply.options.get(53)?.[0] !== MessageType.NAK;
    return ok || type === MessageType.RELEASE || type === MessageType.DECLINE ? EXIT.ok : EXIT.failure;
  } finally {
    await client.close();
  }
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

function randomMac(): number {
  const b = randomBytes(6);
  b[0] = ((b[0] as number) & 0xfc) | 0x02; // locally administered, unicast
  return readMac(b, 0);
}

function print(io: Io, title: string, p: DhcpPacket | null): void {
  if (p === null) {
    io.out(`${title}: no answer`);
    return;
  }
  io.out(`${title}:`);
  for (const [k, val] of describeReply(p)) io.out(`  ${k.padEnd(10)} ${val}`);
}
