import { parseArgs } from 'node:util';
import { formatConfigError, describeConfig } from '../config/format.js';
import { loadConfig } from '../config/load.js';
import { DEFAULT_CONFIG, EXIT, type Io } from './io.js';

export const CHECK_CONFIG_HELP = `Usage: userside-dhcpd check-config [--config FILE]

Reads and validates the configuration, prints a summary, and exits 0 when it is
valid or 3 with one line per problem ("key: problem") when it is not.

  --config FILE   default ${DEFAULT_CONFIG}`;

export function checkConfigCommand(args: string[], io: Io): number {
  const { values } = parseArgs({ args, options: { config: { type: 'string', default: DEFAULT_CONFIG }, help: { type: 'boolean' } } });
  if (values.help) {
    io.out(CHECK_CONFIG_HELP);
    return EXIT.ok;
  }
  const file = values.config;
  try {
    const config = loadConfig(file);
    io.out(`${file}: valid`);
    for (const line of describeConfig(config)) io.out(`  ${line}`);
    return EXIT.ok;
  } catch (e) {
    io.err(formatConfigError(e, file));
    return EXIT.config;
  }
}
