import { CHECK_CONFIG_HELP, checkConfigCommand } from './check-config.js';
import { UsageError } from './args.js';
import { DEMO_HELP, demoCommand } from './demo.js';
import { EXIT, processIo, type Io } from './io.js';
import { VERSION } from '../version.js';
import { RUN_HELP, runCommand } from './run.js';
import { SEND_HELP, sendCommand } from './send.js';
import { EXPLAIN_HELP, explainCommand } from './explain.js';
import { LEASES_HELP, leasesCommand } from './leases.js';
import { PROBE_HELP, probeCommand } from './probe.js';


const USAGE = `Usage: userside-dhcpd <command> [options]

Commands:
  run            run the DHCP server (--config FILE)
  check-config   validate a configuration file and summarise it
  leases         the lease table the daemon serves (or a snapshot): filters, table/json/csv
  explain        how a request would be decided, and why (the daemon's own decision code)
  probe          fetch once from UserSide and show what its answer looks like
  demo           simulated UserSide + the real daemon on loopback, with sample exchanges
  send           a small DHCP test client: DORA/DISCOVER/REQUEST/INFORM, prints the reply
  help CMD       help for one command;  --version

Exit codes: 0 success, 1 failure, 2 usage error, 3 invalid configuration.`;

const HELP: Record<string, string> = {
  run: RUN_HELP,
  'check-config': CHECK_CONFIG_HELP,
  leases: LEASES_HELP,
  explain: EXPLAIN_HELP,
  probe: PROBE_HELP,
  demo: DEMO_HELP,
  send: SEND_HELP,
};

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'check-config':
        return checkConfigCommand(rest, io);
      case 'demo':
        return await demoCommand(rest, io);
      case 'send':
        return await sendCommand(rest, io);
      case 'leases':
        return await leasesCommand(rest, io);
      case 'explain':
        return await explainCommand(rest, io);
      case 'probe':
        return await probeCommand(rest, io);
      case '--version':
        io.out(VERSION);
        return EXIT.ok;
      case 'help':
      case '--help':
      case '-h':
        io.out((rest[0] && HELP[rest[0]]) || USAGE);
        return EXIT.ok;
      case undefined:
        io.err(USAGE);
        return EXIT.usage;
      default:
        io.err(`unknown command: ${command}\n\n${USAGE}`);
        return EXIT.usage;
    }
  } catch (e) {
    // parseArgs throws TypeError with a code for unknown or malformed options.
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(e as Error).message}\n\n${(command && HELP[command]) || USAGE}`);
      return EXIT.usage;
    }
    throw e;
  }
}
