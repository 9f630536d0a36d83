import { execFile } from 'node:child_process';
import type { Logger } from 'pino';

/**
 * Tells systemd (Type=notify) something, when running under it: `READY=1`
 * once the first lease table is loaded, a STATUS line now and then. Node
 * cannot write to the NOTIFY_SOCKET datagram socket itself, so it runs
 * `systemd-notify --pid=<ours>`; the unit sets NotifyAccess=all for that.
 */
export function sdNotify(log: Logger, args: { ready?: boolean; status?: string }): void {
  if (!process.env['NOTIFY_SOCKET']) return;
  const argv = [`--pid=${process.pid}`];
  if (args.ready) argv.push('--ready');
  if (args.status) argv.push(`--status=${args.status}`);
  execFile('systemd-notify', argv, (err) => {
    if (err) log.warn({ err: err.message }, 'systemd-notify failed');
  });
}
