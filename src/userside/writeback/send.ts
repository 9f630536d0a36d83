import type { UsersideClient } from '../client.js';
import { parseEnvelope } from '../envelope.js';
import { UsersideError } from '../errors.js';

/** What UserSide said to one `set_mac_by_ip`. Retryable failures are thrown. */
export type SendResult = { readonly ok: true } | { readonly ok: false; readonly permanent: string };
export type SendMac = (ip: string, mac: string) => Promise<SendResult>;

/**
 * SPEC §7: writes are POST (UserSide 3.21+), with `ip` dotted, `mac` in colon
 * form and `skip_internal_api=1` so our write does not fire UserSide's own
 * triggers. An ERROR envelope is permanent (the IP belongs to no customer...);
 * everything else that is not OK — network, timeout, 5xx, garbage — is thrown
 * to be retried.
 */
export function setMacByIp(client: UsersideClient): SendMac {
  return async (ip, mac) => {
    const r = await client.post('customer', 'set_mac_by_ip', { ip, mac, skip_internal_api: 1 });
    const envelope = parseEnvelope(r.status, r.body);
    if (envelope.ok) return { ok: true };
    if (envelope.reason === 'api-error') return { ok: false, permanent: client.redact(envelope.message) };
    throw new UsersideError(envelope.reason, client.redact(`set_mac_by_ip: ${envelope.message}`), { status: r.status, attempts: r.attempts });
  };
}
