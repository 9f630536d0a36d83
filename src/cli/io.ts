import { formatConfigError } from '../config/format.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';

/** Where a command writes; tests pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** The command ran and failed (cannot bind, no answer, UserSide unreachable...). */
  failure: 1,
  /** Bad command line. */
  usage: 2,
  /** The configuration file is invalid. */
  config: 3,
} as const;

export const DEFAULT_CONFIG = '/etc/userside-dhcpd/config.yaml';

/** Resolves when one of `signals` arrives. */
export function untilSignal(signals: readonly NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handler = (s: NodeJS.Signals): void => {
      for (const sig of signals) process.off(sig, handler);
      resolve(s);
    };
    for (const sig of signals) process.on(sig, handler);
  });
}

/**
 * Loads the configuration, or reports every problem on `io` and returns
 * undefined (exit 3). Tools that never call UserSide pass `needKey: false`.
 */
export function loadConfigFor(file: string, io: Io, opts: { needKey?: boolean } = {}): Config | undefined {
  try {
    return loadConfig(file, process.env, opts);
  } catch (e) {
    io.err(formatConfigError(e, file));
    return undefined;
  }
}
