import type { SyncReason } from '../core/reasons.js';

/**
 * A failed UserSide call. The message names the call (`customer/get_data`) and
 * what went wrong, never the URL's query or the API key: the daemon logs it as is.
 * No `cause` is attached, because fetch's own errors carry the request URL.
 */
export class UsersideError extends Error {
  override readonly name = 'UsersideError';
  readonly reason: SyncReason;
  readonly status?: number;
  /** How many HTTP requests were made (1 when the first answer settled it). */
  readonly attempts: number;

  constructor(reason: SyncReason, message: string, details: { status?: number; attempts: number }) {
    super(message);
    this.reason = reason;
    if (details.status !== undefined) this.status = details.status;
    this.attempts = details.attempts;
  }
}
