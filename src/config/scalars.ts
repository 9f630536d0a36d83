import { parsed, problem, showValue, type Parsed } from './parsed.js';

/** YAML 1.2 reads only `true`/`false` as booleans; `yes` stays text and is refused here. */
export function parseBoolean(value: unknown): Parsed<boolean> {
  return typeof value === 'boolean' ? parsed(value) : problem(`expected true or false (got ${showValue(value)})`);
}

export function parseInteger(value: unknown, min: number, max: number, unit = ''): Parsed<number> {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return parsed(value);
  const what = unit === '' ? 'an integer' : `a whole number of ${unit}`;
  return problem(`expected ${what} from ${min} to ${max} (got ${showValue(value)})`);
}

export function parseNumberIn(value: unknown, min: number, max: number): Parsed<number> {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return parsed(value);
  return problem(`expected a number from ${min} to ${max} (got ${showValue(value)})`);
}

export function parsePositiveNumber(value: unknown): Parsed<number> {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return parsed(value);
  return problem(`expected a number greater than 0 (got ${showValue(value)})`);
}

export function parseOneOf<T extends string>(choices: readonly T[]): (value: unknown) => Parsed<T> {
  return (value) =>
    typeof value === 'string' && (choices as readonly string[]).includes(value)
      ? parsed(value as T)
      : problem(`must be one of ${choices.join(', ')} (got ${showValue(value)})`);
}

export function parseText(value: unknown): Parsed<string> {
  if (typeof value === 'string' && value.trim() !== '') return parsed(value.trim());
  return problem(`expected non-empty text (got ${showValue(value)})`);
}

const DOMAIN = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;

/** A DNS domain name for option 15, such as `isp.example`. */
export function parseDomain(value: unknown): Parsed<string> {
  if (typeof value === 'string' && DOMAIN.test(value) && value.length <= 253) return parsed(value);
  return problem(`expected a domain name such as isp.example (got ${showValue(value)})`);
}

/**
 * The UserSide API endpoint. The daemon appends `?key=…&cat=…&action=…` itself,
 * so a query string is refused; a URL is echoed without its query, which is
 * where an API key would sit if someone pasted one in.
 */
export function parseHttpUrl(value: unknown): Parsed<string> {
  if (typeof value !== 'string' || value.trim() === '') {
    return problem(`expected a URL such as https://erp.example.net/api.php (got ${showValue(value)})`);
  }
  const shown = showValue(value.split(/[?#]/)[0]);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return problem(`not a URL: ${shown} (expected e.g. https://erp.example.net/api.php)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return problem(`must start with http:// or https:// (got ${showValue(url.protocol.replace(/:$/, ''))})`);
  }
  if (url.search !== '' || url.hash !== '') {
    return problem(`must not contain a query string or #fragment (got ${shown}?...): the daemon adds key, cat and action itself`);
  }
  return parsed(value.trim());
}
