import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { remoteIdMac, vlanModPort } from '../client/build-request.js';
import { DhcpTestClient, type Exchange } from '../client/test-client.js';
import type { Decision } from '../core/decision.js';
import { Daemon } from '../server/daemon.js';
import { createLogger } from '../server/logger.js';
import { SimulatedUserside } from '../simulator/server.js';
import type { SimCustomer, SimSwitch } from '../simulator/generate.js';
import { MessageType } from '../wire/constants.js';
import { ipToString } from '../wire/ipv4.js';
import { formatMac } from '../wire/mac.js';
import type { DhcpPacket } from '../wire/packet.js';
import { EXIT, untilSignal, type Io, loadConfigFor } from './io.js';

export const DEMO_CONFIG = fileURLToPath(new URL('../../config/demo.yaml', import.meta.url));

export const DEMO_HELP = `Usage: userside-dhcpd demo [--config FILE] [--once]

Starts a simulated UserSide and the real daemon on loopback (no root needed),
runs a few sample exchanges with the built-in client acting as a switch relay,
prints what happened and why, and keeps serving until Ctrl-C.

  --config FILE   the demo configuration [config/demo.yaml]
  --customers N   customers in the simulated UserSide [40]
  --once          stop after the samples (for scripts)

Exit status 0 when the demo ran (Ctrl-C ends it), 1 when the daemon got no table,
3 on a bad config.`;

interface Scenario {
  readonly title: string;
  readonly mac: number;
  readonly where: string;
  readonly exchange: Exchange;
  /** INIT-REBOOT request for this address instead of a DORA. */
  readonly reboot?: number;
}

export async function demoCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', default: DEMO_CONFIG }, customers: { type: 'string', default: '40' }, once: { type: 'boolean', default: false }, help: { type: 'boolean' } },
  });
  if (values.help) {
    io.out(DEMO_HELP);
    return EXIT.ok;
  }
  const config = loadConfigFor(values.config, io);
  if (config === undefined) return EXIT.config;
  const apiUrl = new URL(config.userside.url);
  const sim = await SimulatedUserside.start({
    customers: Number(values.customers),
    switches: 4,
    seed: 7,
    key: config.userside.key,
    host: apiUrl.hostname,
    port: Number(apiUrl.port),
  });
  mkdirSync(config.stateDir, { recursive: true });
  const logFile = join(config.stateDir, 'daemon.log');
  const log = createLogger(config.log.level, pino.destination({ dest: logFile, sync: false }));
  const decisions = new Map<number, Decision>();
  const daemon = await Daemon.start(config, log, { onDecision: (req, d) => decisions.set(req.xid, d) });
  const client = await DhcpTestClient.open();
  try {
    if (!(await waitForTable(daemon, 10_000))) {
      io.err(`the daemon got no table from the simulated UserSide; see ${logFile}`);
      return EXIT.failure;
    }
    const server = daemon.server.addresses()[0] as { host: string; port: number };
    io.out(`userside-dhcpd demo: simulated UserSide at ${sim.url} (${sim.customers.length} customers on ${sim.switches.length} switches),`);
    io.out(`daemon on ${server.host}:${server.port}, lease table of ${daemon.syncer.table?.size ?? 0} bindings.`);
    io.out('The built-in client acts as the access switch relay (option 82: vlan-mod-port circuit-id, switch MAC remote-id).');
    io.out('');
    const rows: string[][] = [['#', 'scenario', 'client MAC', 'switch/port', 'answer', 'IP', 'why']];
    for (const [i, s] of scenarios(sim.customers, sim.switches).entries()) {
      const answer = await play(client, s, server);
      const d = decisions.get(answer.xid);
      rows.push([String(i + 1), s.title, formatMac(s.mac), s.where, answer.text, answer.ip, why(d)]);
    }
    for (const line of table(rows)) io.out(line);
    io.out('');
    io.out(`Daemon logs: ${logFile}`);
    if (values.once) return EXIT.ok;
    io.out('Still serving. Try, from another terminal:');
    io.out(`  npx userside-dhcpd send --server ${server.host}:${server.port} --relay --circuit-id hex:000400010001 --remote-id ${formatMac(sim.switches[0]?.mac ?? 0)}`);
    io.out('Ctrl-C stops the demo.');
    await untilSignal(['SIGINT', 'SIGTERM']);
    return EXIT.ok;
  } finally {
    await client.close();
    await daemon.stop();
    await sim.close();
    log.flush();
  }
}

async function waitForTable(daemon: Daemon, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (daemon.syncer.table === null && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return daemon.syncer.table !== null;
}

const NEW_MACS = [0x02dead000001, 0x02dead000002, 0x02dead000003];

/** The sample exchanges, chosen from the simulated customers. */
function scenarios(customers: readonly SimCustomer[], switches: readonly SimSwitch[]): Scenario[] {
  const swMac = new Map(switches.map((s) => [s.id, s.mac]));
  const relayFor = (c: { switchId?: string; port?: number; vlan?: number }) => ({
    circuitId: vlanModPort(c.vlan ?? 1, 0, c.port ?? 0),
    remoteId: remoteIdMac(swMac.get(c.switchId ?? '') ?? 0),
  });
  const where = (c: { switchId?: string; port?: number }) => `${c.switchId}/${c.port}`;
  const byKind = (kind: SimCustomer['kind'], skip = 0) => customers.filter((c) => c.kind === kind)[skip];
  const out: Scenario[] = [];
  const known = byKind('mac+port');
  if (known?.mac !== undefined) out.push({ title: 'known router on its port', mac: known.mac, where: where(known), exchange: { mac: known.mac, relay: relayFor(known) } });
  const macOnly = byKind('mac-only');
  if (macOnly?.mac !== undefined) out.push({ title: 'known MAC, no port binding', mac: macOnly.mac, where: '-', exchange: { mac: macOnly.mac, relay: {} } });
  const portOnly = byKind('port-only');
  if (portOnly) out.push({ title: 'new MAC on a port bound without MAC', mac: NEW_MACS[0] as number, where: where(portOnly), exchange: { mac: NEW_MACS[0] as number, relay: relayFor(portOnly) } });
  const replaced = byKind('mac+port', 1);
  if (replaced) out.push({ title: 'router replaced on a bound port', mac: NEW_MACS[1] as number, where: where(replaced), exchange: { mac: NEW_MACS[1] as number, relay: relayFor(replaced) } });
  const sw = switches[0];
  if (sw) {
    const nowhere = { switchId: sw.id, port: 200 };
    out.push({ title: 'unknown client on an unbound port', mac: NEW_MACS[2] as number, where: where(nowhere), exchange: { mac: NEW_MACS[2] as number, relay: relayFor(nowhere) } });
  }
  if (known?.mac !== undefined) {
    out.push({ title: 'rebooting client asks for a wrong IP', mac: known.mac, where: where(known), exchange: { mac: known.mac, relay: relayFor(known) }, reboot: (known.ip + 100) >>> 0 });
  }
  return out;
}

async function play(client: DhcpTestClient, s: Scenario, server: { host: string; port: number }): Promise<{ xid: number; text: string; ip: string }> {
  if (s.reboot !== undefined) {
    const req = client.build({ ...s.exchange, type: MessageType.REQUEST, requested: s.reboot });
    const reply = await client.exchange(req, server, 1500);
    return { xid: req.xid, text: reply === null ? 'no answer' : typeName(reply), ip: `asked ${ipToString(s.reboot)}` };
  }
  const xid = 0x10000 + Math.floor(Math.random() * 0x7fff0000);
  const r = await client.dora({ ...s.exchange, xid }, server, 1500);
  const last = r.ack ?? r.nak ?? r.offer;
  return { xid, text: r.ack ? 'DORA → ACK' : r.nak ? 'NAK' : r.offer ? 'OFFER only' : 'no answer', ip: last?.yiaddr ? ipToString(last.yiaddr) : '-' };
}

function typeName(p: DhcpPacket): string {
  const t = p.options.get(53)?.[0];
  return t === MessageType.NAK ? 'NAK' : t === MessageType.ACK ? 'ACK' : t === MessageType.OFFER ? 'OFFER' : '?';
}

function why(d: Decision | undefined): string {
  if (d === undefined) return '-';
  if (d.kind === 'drop') return `refused: ${d.reason}`;
  if (d.reason) return `NAK: ${d.reason}`;
  return d.by === 'port' ? 'matched by switch port' : d.by === 'mac' ? 'matched by MAC' : 'matched by address';
}

function table(rows: string[][]): string[] {
  const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.flatMap((r, i) => {
    const line = r.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ').trimEnd();
    return i === 0 ? [line, widths.map((w) => '-'.repeat(w)).join('  ')] : [line];
  });
}
