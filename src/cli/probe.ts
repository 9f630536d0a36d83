import { parseArgs } from 'node:util';
import { UsersideClient } from '../userside/client.js';
import { UsersideError } from '../userside/errors.js';
import { fetchBindings } from '../userside/fetch-bindings.js';
import { describeProbe } from '../userside/probe.js';
import { DEFAULT_CONFIG, EXIT, loadConfigFor, type Io } from './io.js';

export const PROBE_HELP = `Usage: userside-dhcpd probe [--config FILE]

Fetches the bindings from UserSide once, as a sync would, and prints what came
back: the envelope and record shape detected (which field names, IP and MAC
forms), how many records were accepted and why others were rejected, and the
switch list. Run it first on a new installation.

  --config FILE   default ${DEFAULT_CONFIG}

Exit status 0 when bindings were read, 1 when none (or UserSide failed), 3 on a
bad config.`;

export async function probeCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string', default: DEFAULT_CONFIG }, help: { type: 'boolean' } } });
  if (values.help) {
    io.out(PROBE_HELP);
    return EXIT.ok;
  }
  const config = loadConfigFor(values.config, io);
  if (config === undefined) return EXIT.config;
  const u = config.userside;
  const client = new UsersideClient({ url: u.url, key: u.key, timeoutMs: u.timeoutMs, maxResponseBytes: u.maxResponseBytes, retries: 1 });
  const host = new URL(u.url).host;
  try {
    const fetched = await fetchBindings(client, { devices: u.devices, fields: u.fields });
    io.out(`UserSide at ${host}: get_ip_port_device_commutation`);
    for (const line of describeProbe(fetched)) io.out(`  ${line}`);
    return fetched.result.bindings.length > 0 ? EXIT.ok : EXIT.failure;
  } catch (e) {
    if (e instanceof UsersideError) {
      io.err(`UserSide at ${host} failed: ${e.reason}: ${e.message}`);
      return EXIT.failure;
    }
    throw e;
  }
}
