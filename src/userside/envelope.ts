/**
 * UserSide's answer envelope, in every form its versions use (SPEC §3):
 * `{"Result":"OK","data":…}` (older), `{"result":"OK","data":…}` (3.18+),
 * `Data` with a capital D, `list` (some calls), `{"Result":"ERROR","ErrorText":…}`,
 * and `{"error":…}` with an HTTP status other than 200.
 */

export interface EnvelopeForm {
  /** `Result` or `result`; null when the answer had neither. */
  readonly resultKey: string | null;
  /** Where the payload was: `data`, `Data`, `list` (or `Id`/`id` for writes); null: none. */
  readonly dataKey: string | null;
}

export type Envelope =
  | { readonly ok: true; readonly data: unknown; readonly form: EnvelopeForm }
  | {
      readonly ok: false;
      readonly reason: 'api-error' | 'http-status' | 'bad-shape';
      readonly message: string;
      readonly status: number;
    };

const RESULT_KEYS = ['Result', 'result'] as const;
const DATA_KEYS = ['data', 'Data', 'list'] as const;
/** Write calls answer the new object's id instead of data; only believed beside a Result. */
const ID_KEYS = ['Id', 'id'] as const;
const ERROR_KEYS = ['ErrorText', 'errorText', 'error', 'Error'] as const;
const MESSAGE_CHARS = 300;

export function parseEnvelope(status: number, body: unknown): Envelope {
  const httpOk = status >= 200 && status <= 299;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    if (!httpOk) return fail('http-status', `HTTP ${status}`, status);
    return fail('bad-shape', `the answer is ${describeValue(body)}, not an envelope object`, status);
  }
  const record = body as Record<string, unknown>;
  const resultKey = firstKey(record, RESULT_KEYS);
  const result = resultKey === null ? undefined : record[resultKey];
  const errorKey = firstErrorKey(record);
  const verdict = typeof result === 'string' ? result.trim().toUpperCase() : undefined;

  if (verdict === 'ERROR' || (resultKey === null && errorKey !== null)) {
    const text = errorKey === null ? 'no error text' : errorText(record[errorKey]);
    return fail('api-error', httpOk ? text : `HTTP ${status}: ${text}`, status);
  }
  if (!httpOk) return fail('http-status', `HTTP ${status}${verdict === 'OK' ? ' with an OK envelope' : ''}`, status);
  if (resultKey !== null && verdict !== 'OK') {
    return fail('bad-shape', `${resultKey} is ${describeValue(result)}, neither OK nor ERROR`, status);
  }
  const dataKey = firstKey(record, DATA_KEYS) ?? (resultKey === null ? null : firstKey(record, ID_KEYS));
  if (resultKey === null && dataKey === null) {
    return fail('bad-shape', `no Result, data or error key (keys: ${Object.keys(record).slice(0, 8).join(', ') || 'none'})`, status);
  }
  return { ok: true, data: dataKey === null ? undefined : record[dataKey], form: { resultKey, dataKey } };
}

function fail(reason: 'api-error' | 'http-status' | 'bad-shape', message: string, status: number): Envelope {
  return { ok: false, reason, message, status };
}

function firstKey(record: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) if (Object.hasOwn(record, key) && record[key] !== undefined) return key;
  return null;
}

/** Some versions send `"error": null` (or "") beside a good answer: only a real value counts. */
function firstErrorKey(record: Record<string, unknown>): string | null {
  for (const key of ERROR_KEYS) {
    const value = record[key];
    if (Object.hasOwn(record, key) && value !== undefined && value !== null && value !== false && value !== '') return key;
  }
  return null;
}

/** UserSide's error text is usually a string; anything else is shown as short JSON. */
function errorText(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  text = text.trim() || 'empty error text';
  return text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS)}…` : text;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `a ${typeof value}`;
}
