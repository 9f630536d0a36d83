/**
 * Removes an API key from text before it goes into an error message: every
 * `key=...` parameter, and the key itself wherever it appears (raw, and in the
 * two URL encodings, since fetch errors and echoed request lines carry it encoded).
 * Safety over looks: a very short key blanks every matching piece of text.
 */

const KEY_PARAM = /(^|[?&;\s"'])key=[^&\s"'<>]*/gi;
const REDACTED = '[redacted]';

export function redact(text: string, key: string): string {
  let out = text;
  // The key itself first: a key with a space or quote would stop the pattern below midway.
  if (key.length > 0) {
    for (const form of keyForms(key)) out = out.split(form).join(REDACTED);
  }
  return out.replace(KEY_PARAM, `$1key=${REDACTED}`);
}

function keyForms(key: string): string[] {
  const forms = new Set([key, encodeURIComponent(key), new URLSearchParams({ k: key }).toString().slice(2)]);
  // longest first, so a form containing another is replaced whole
  return [...forms].sort((a, b) => b.length - a.length);
}
