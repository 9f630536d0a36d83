import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/types.js';

/**
 * pino JSON to stdout (journald keeps it). Any field named like a secret is
 * censored as a second line of defence: the key itself is never passed to a
 * log call in the first place.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'userside-dhcpd' },
      redact: { paths: ['key', '*.key', '*.*.key', 'apiKey', '*.apiKey'], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
