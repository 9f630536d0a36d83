import { parseArgs } from 'node:util';
import { Daemon } from '../server/daemon.js';
import { createLogger } from '../server/logger.js';
import { formatConfigError } from '../config/format.js';
import { loadConfig } from '../config/load.js';
import { DEFAULT_CONFIG, EXIT, untilSignal, type Io, loadConfigFor } from './io.js';

export const RUN_HELP = `Usage: userside-dhcpd run [--config FILE]

Runs the DHCP server: serves the last snapshot (if any), then keeps the lease
table in sync with UserSide. Logs JSON to stdout. SIGTERM or SIGINT stop it;
SIGHUP re-reads the configuration (a bad one is logged and the running one kept);
SIGUSR2 syncs at once, accepting even a table the shrink guard would refuse.
Under systemd (Type=notify) it reports ready once the first lease table is loaded.

  --config FILE   default ${DEFAULT_CONFIG}

Exit status 0 after SIGTERM/SIGINT, 1 when it cannot start (a port in use, an
unwritable state directory), 3 on a bad configuration.`;

export async function runCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string', default: DEFAULT_CONFIG }, help: { type: 'boolean' } } });
  if (values.help) {
    io.out(RUN_HELP);
    return EXIT.ok;
  }
  const config = loadConfigFor(values.config, io);
  if (config === undefined) return EXIT.config;
  const log = createLogger(config.log.level);
  let daemon: Daemon;
  try {
    daemon = await Daemon.start(config, log);
  } catch (e) {
    log.fatal({ err: { message: (e as Error).message } }, 'cannot start');
    log.flush();
    return EXIT.failure;
  }
  // SIGUSR2: sync now, overriding the shrink guard (SIGUSR1 belongs to Node's inspector).
  const forceSync = (): void => {
    log.info('SIGUSR2: forced sync');
    void daemon.syncer.sync(true);
  };
  process.on('SIGUSR2', forceSync);
  // SIGHUP: re-read and re-validate; a bad file keeps the running configuration.
  const reload = (): void => {
    try {
      const next = loadConfig(values.config);
      void daemon.reload(next);
    } catch (e) {
      log.error({ problems: formatConfigError(e, values.config).split('\n') }, 'SIGHUP: configuration not reloaded, keeping the running one');
    }
  };
  process.on('SIGHUP', reload);
  const signal = await untilSignal(['SIGTERM', 'SIGINT']);
  process.off('SIGUSR2', forceSync);
  process.off('SIGHUP', reload);
  log.info({ signal }, 'stopping');
  await daemon.stop();
  log.flush();
  return EXIT.ok;
}
