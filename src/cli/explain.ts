import { parseArgs } from 'node:util';
import { explain, type Explanation } from '../admin/explain.js';
import { parseExplainInput } from '../client/explain-request.js';
import type { Config } from '../config/types.js';
import { prepareCore } from '../core/prepare.js';
import { REASONS, type ReasonCode } from '../core/reasons.js';
import { buildTable } from '../leases/build.js';
import { loadSnapshot } from '../leases/snapshot.js';
import { LeaseTable } from '../leases/table.js';
import { adminBase, adminJson } from './admin-client.js';
import { UsageError } from './args.js';
import { DEFAULT_CONFIG, EXIT, loadConfigFor, type Io } from './io.js';

export const EXPLAIN_HELP = `Usage: userside-dhcpd explain --mac MAC [--giaddr IP --circuit-id X --remote-id Y]
                             [--type discover|request|inform] [--ciaddr IP] [--requested IP]
                             [--config FILE | --admin URL] [--snapshot FILE --config FILE]

How the daemon decides a request like this one, and why: the switch and port it
identifies and how, the candidate bindings, the binding chosen or the refusal
reason. The daemon's own decision code runs it (over the admin API, on the live
table and the MACs learned since the last sync); with --snapshot, on a snapshot
and the configuration, with the daemon stopped.

  --mac MAC          the client's MAC (chaddr)
  --giaddr IP        the relay's address (needed with option 82)
  --circuit-id X     as the switch sends it: hex:0004006400 05 / 0x... or text (p5)
  --remote-id Y      a MAC (sent as binary type 0), hex:..., or text
  --type T           discover | request | inform [discover]
  --ciaddr IP, --requested IP, --server-id IP   for REQUEST and INFORM

Exit status 0 when an address would be given, 1 when not, 2 on bad usage, 3 on a
bad config.`;

export async function explainCommand(args: string[], io: Io): Promise<number> {
  const { values: v } = parseArgs({
    args,
    options: {
      mac: { type: 'string' },
      giaddr: { type: 'string' },
      'circuit-id': { type: 'string' },
      'remote-id': { type: 'string' },
      type: { type: 'string' },
      ciaddr: { type: 'string' },
      requested: { type: 'string' },
      'server-id': { type: 'string' },
      config: { type: 'string' },
      admin: { type: 'string' },
      snapshot: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (v.help) {
    io.out(EXPLAIN_HELP);
    return EXIT.ok;
  }
  const params: Record<string, string | undefined> = {
    mac: v.mac,
    giaddr: v.giaddr,
    circuit_id: v['circuit-id'],
    remote_id: v['remote-id'],
    type: v.type,
    ciaddr: v.ciaddr,
    requested: v.requested,
    server_id: v['server-id'],
  };
  const input = parseExplainInput((k) => params[k]);
  if (typeof input === 'string') throw new UsageError(`--${input.replace(/_/g, '-')}`);

  let config: Config | undefined;
  if (v.snapshot !== undefined || v.admin === undefined) {
    config = loadConfigFor(v.config ?? DEFAULT_CONFIG, io, { needKey: false });
    if (config === undefined) return EXIT.config;
  }

  let result: Explanation;
  if (v.snapshot !== undefined && config !== undefined) {
    const snap = await loadSnapshot(v.snapshot);
    if (snap === null) throw new UsageError(`--snapshot: no such file: ${v.snapshot}`);
    const table = new LeaseTable(buildTable(snap.source, config.dhcp.subnets.map((s) => s.cidr), snap.fetchedAt, 'snapshot').data);
    result = explain(input, { table, core: prepareCore(config), now: Date.now() });
  } else {
    const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
    const got = await adminJson<Explanation>(adminBase(v.admin, config), `/explain?${q}`, io);
    if (typeof got === 'number') return got;
    result = got;
  }
  for (const line of describe(result)) io.out(line);
  return result.answer === 'offer' || result.answer === 'ack' ? EXIT.ok : EXIT.failure;
}

/** The trace, then the verdict in words. */
export function describe(r: Explanation): string[] {
  const why = (code: string | undefined): string => (code === undefined ? '' : `${code}: ${REASONS.get(code as ReasonCode)?.text ?? ''}`);
  const lines = r.trace.map((t, i) => (i === 0 ? t : `  ${t}`));
  if (r.answer === 'drop') lines.push(`answer: none (${why(r.reason)})`);
  else if (r.answer === 'nak') lines.push(`answer: NAK to ${r.to} (${why(r.reason)})`);
  else {
    const by = r.by === 'port' ? 'matched by switch port' : r.by === 'mac' ? 'matched by MAC' : r.by === 'address' ? 'matched by its address' : '';
    lines.push(`answer: ${r.answer.toUpperCase()}${r.ip ? ` ${r.ip}` : ''}${by ? ` (${by})` : ''} to ${r.to}`);
    if (r.learn) lines.push(`  on ACK, ${r.learn.mac} would be written back to UserSide for ${r.learn.ip}`);
  }
  if (r.note) lines.push(`  note: ${why(r.note)}`);
  return lines;
}
