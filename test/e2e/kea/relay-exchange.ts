/**
 * The relay side of kea-oracle.test.ts. Node cannot enter a network namespace,
 * so the test runs this file inside its client namespace:
 *
 *   ip netns exec NS node --import tsx test/e2e/kea/relay-exchange.ts JOB.json
 *
 * It binds DhcpTestClient to the relay address, port 67 (as a relay without
 * option 82 does: giaddr = that address, replies come back to giaddr:67), plays
 * the job's steps against every server in turn — the same encoded request to
 * each, except option 54 where a REQUEST names the server it goes to — and
 * prints, as JSON, every request sent and reply received (hex), per server.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DhcpTestClient, type Exchange } from '../../../src/client/test-client.js';
import { getMessageType, getServerId } from '../../../src/wire/accessors.js';
import { MessageType } from '../../../src/wire/constants.js';
import { parseIp } from '../../../src/wire/ipv4.js';
import { parseMac } from '../../../src/wire/mac.js';
import { encode, type DhcpPacket } from '../../../src/wire/packet.js';

export interface Job {
  /** The relay's address (giaddr); bound on port 67. */
  readonly relay: string;
  /** Server addresses, in the order they are asked. */
  readonly servers: readonly string[];
  /** How long to wait for each reply before calling it silence. */
  readonly timeoutMs: number;
  readonly steps: readonly Step[];
}

export type Step =
  /** DISCOVER to `server` until it answers or `withinMs` passes (start-up probe). */
  | { readonly kind: 'await-offer'; readonly server: string; readonly mac: string; readonly withinMs: number }
  /** DISCOVER to each server; on OFFER, REQUEST (SELECTING) its yiaddr naming that server. */
  | { readonly kind: 'dora'; readonly mac: string; readonly xid: number; readonly prl?: readonly number[] }
  /**
   * One REQUEST to each server with option 50 = `requested`; option 54 names the
   * server it is sent to (`names: 'self'`), a given address, or is absent (INIT-REBOOT).
   */
  | { readonly kind: 'request'; readonly mac: string; readonly xid: number; readonly requested: string; readonly names: 'self' | 'none' | string; readonly prl?: readonly number[] };

export interface Exchanged {
  readonly request: string;
  readonly reply: string | null;
}

/** Per step: server address → the exchanges made with it, in order. */
export type StepResult = Record<string, Exchanged[]>;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function addr(text: string): number {
  const v = parseIp(text);
  if (v === undefined) throw new Error(`bad address ${text}`);
  return v;
}

function macOf(text: string): number {
  const v = parseMac(text);
  if (v === undefined) throw new Error(`bad MAC ${text}`);
  return v;
}

async function play(job: Job): Promise<StepResult[]> {
  const client = await DhcpTestClient.open({ host: job.relay, port: 67 });
  const to = (server: string) => ({ host: server, port: 67 });
  const relay = { askReplyToOurPort: false } as const;
  const ask = async (packet: DhcpPacket, server: string): Promise<Exchanged & { packet: DhcpPacket | null }> => {
    const request = hex(encode(packet));
    const reply = await client.exchange(packet, to(server), job.timeoutMs);
    return { request, reply: reply === null ? null : hex(encode(reply)), packet: reply };
  };
  const plain = ({ request, reply }: Exchanged): Exchanged => ({ request, reply });
  const results: StepResult[] = [];
  try {
    for (const step of job.steps) {
      const result: StepResult = {};
      if (step.kind === 'await-offer') {
        const deadline = Date.now() + step.withinMs;
        let xid = 0x6b000000;
        for (;;) {
          const e = await ask(client.build({ mac: macOf(step.mac), xid: ++xid, type: MessageType.DISCOVER, relay }), step.server);
          if (e.reply !== null || Date.now() > deadline) {
            result[step.server] = [plain(e)];
            break;
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      } else if (step.kind === 'dora') {
        const base: Exchange = { mac: macOf(step.mac), xid: step.xid, relay, ...(step.prl ? { prl: step.prl } : {}) };
        // One DISCOVER, the same bytes to every server.
        const discover = client.build({ ...base, type: MessageType.DISCOVER });
        for (const server of job.servers) {
          const exchanges: Exchanged[] = [];
          const first = await ask(discover, server);
          exchanges.push(plain(first));
          const offer = first.packet;
          if (offer !== null && getMessageType(offer) === MessageType.OFFER) {
            const sid = getServerId(offer);
            exchanges.push(plain(await ask(client.build({ ...base, type: MessageType.REQUEST, requested: offer.yiaddr, ...(typeof sid === 'number' ? { serverId: sid } : {}) }), server)));
          }
          result[server] = exchanges;
        }
      } else {
        for (const server of job.servers) {
          const serverId = step.names === 'self' ? addr(server) : step.names === 'none' ? undefined : addr(step.names);
          const packet = client.build({
            mac: macOf(step.mac),
            xid: step.xid,
            relay,
            type: MessageType.REQUEST,
            requested: addr(step.requested),
            ...(serverId === undefined ? {} : { serverId }),
            ...(step.prl ? { prl: step.prl } : {}),
          });
          result[server] = [plain(await ask(packet, server))];
        }
      }
      results.push(result);
    }
  } finally {
    await client.close();
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const job = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Job;
  play(job).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
