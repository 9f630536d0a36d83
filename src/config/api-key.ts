import type { ConfigIssue } from './errors.js';
import { fileErrorReason } from './file-errors.js';
import { isMapping, kindOf, showValue } from './parsed.js';
import type { Config } from './types.js';

/**
 * The UserSide API key comes from exactly one place: `userside.key`,
 * `userside.key_file`, or the environment variable USERSIDE_API_KEY when the
 * file sets neither; failing all three, the systemd credential path
 * (`DEFAULT_KEY_FILE`). No message here ever contains the key or the file's contents.
 */

export const API_KEY_ENV = 'USERSIDE_API_KEY';
/** Where systemd's LoadCredential= puts the key (SPEC §9). */
export const DEFAULT_KEY_FILE = '/run/credentials/userside-dhcpd.service/userside-api-key';

export interface ApiKey {
  readonly key: string;
  readonly source: Config['userside']['keySource'];
}

export type ApiKeyResult = { readonly ok: true; readonly value: ApiKey } | { readonly ok: false; readonly issues: ConfigIssue[] };

const fail = (path: string, message: string): ApiKeyResult => ({ ok: false, issues: [{ path, message }] });

export function resolveApiKey(
  userside: unknown,
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string,
): ApiKeyResult {
  // A missing or malformed `userside` section is reported by the schema.
  if (!isMapping(userside)) return { ok: false, issues: [] };
  const { key, key_file: keyFile } = userside;
  if (key !== undefined && keyFile !== undefined) {
    return fail('userside', 'both key and key_file are set: keep only one of them');
  }
  if (key !== undefined) return keyFromConfig(key);
  if (keyFile !== undefined) {
    if (typeof keyFile !== 'string' || keyFile.trim() === '') {
      return fail('userside.key_file', `expected the path of a file holding the API key (got ${showValue(keyFile)})`);
    }
    const read = readKeyFile(keyFile.trim(), readFile);
    return read.ok ? read : fail('userside.key_file', `cannot read the API key from ${keyFile.trim()}: ${read.reason}`);
  }
  const fromEnv = env[API_KEY_ENV]?.trim();
  if (fromEnv !== undefined && fromEnv !== '') return { ok: true, value: { key: fromEnv, source: 'env' } };
  const read = readKeyFile(DEFAULT_KEY_FILE, readFile);
  if (read.ok) return read;
  return fail(
    'userside.key_file',
    `no API key given: set userside.key or userside.key_file, or the environment variable ${API_KEY_ENV} ` +
      `(the default key file ${DEFAULT_KEY_FILE}: ${read.reason})`,
  );
}

function keyFromConfig(key: unknown): ApiKeyResult {
  if (typeof key !== 'string') {
    // Only the kind of value is named: the value is the key.
    return fail('userside.key', `expected the API key as text, in quotes so YAML keeps it exactly (got ${kindOf(key)})`);
  }
  const trimmed = key.trim();
  return trimmed === '' ? fail('userside.key', 'is empty') : { ok: true, value: { key: trimmed, source: 'key' } };
}

function readKeyFile(
  path: string,
  readFile: (path: string) => string,
): { ok: true; value: ApiKey } | { ok: false; reason: string } {
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    return { ok: false, reason: fileErrorReason(e) };
  }
  const key = text.trim();
  return key === '' ? { ok: false, reason: 'the file is empty' } : { ok: true, value: { key, source: 'key_file' } };
}
