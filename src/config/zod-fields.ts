import { z } from 'zod';
import { showValue, type Parsed } from './parsed.js';

/**
 * Zod holds the structure (sections, lists, defaults, unknown keys); each
 * value is read by a plain parser that writes its own message, so every
 * message says what was expected and what was found.
 */

/** A value read by `parse`; absent is `required` unless the caller adds `.default()` or `.optional()`. */
export function field<T>(parse: (value: unknown) => Parsed<T>) {
  return z.unknown().transform((value, ctx): T => {
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: 'required' });
      return z.NEVER;
    }
    const result = parse(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    }
    return result.value;
  });
}

/** A YAML list, each item read by `parse`; problems are reported per index. */
export function list<T>(parse: (value: unknown) => Parsed<T>, example: string) {
  return z.array(field(parse), { error: (iss) => expectedList(iss.input, example) });
}

export function expectedList(input: unknown, example: string): string {
  return input === undefined ? 'required' : `expected a list such as ${example} (got ${showValue(input)})`;
}

/** A mapping with exactly these keys; any other key is reported as unknown (a typo must not pass silently). */
export function section<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') return 'unknown key';
      return iss.input === undefined ? 'required' : `expected a mapping of keys (got ${showValue(iss.input)})`;
    },
  });
}

/** A mapping whose keys are the operator's (option names, field names), values left to a transform. */
export function mapping() {
  return z.record(z.string(), z.unknown(), {
    error: (iss) => (iss.input === undefined ? 'required' : `expected a mapping of keys (got ${showValue(iss.input)})`),
  });
}
