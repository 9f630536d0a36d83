import { DEFAULT_FIELD_ALIASES, FIELD_NAMES, type FieldName } from './types.js';

export type FieldAliases = Partial<Record<FieldName, readonly string[]>>;

export interface AliasPlan {
  /** Per field, the keys to try in order: configured names first, then the defaults. */
  readonly order: Readonly<Record<FieldName, readonly string[]>>;
  /** Every key some field reads (the rest are "unknown keys" in `shape`). */
  readonly known: ReadonlySet<string>;
}

/**
 * Works out the key order once per sync. A name configured for one field is
 * taken away from the defaults of the others: `{switch: ['id']}` means `id` is
 * the switch, so it no longer stands for the customer.
 */
export function planAliases(configured: FieldAliases = {}): AliasPlan {
  const claimed = new Map<string, FieldName>();
  for (const field of FIELD_NAMES) {
    for (const name of asList(configured[field])) if (!claimed.has(name)) claimed.set(name, field);
  }
  const order = {} as Record<FieldName, readonly string[]>;
  const known = new Set<string>();
  for (const field of FIELD_NAMES) {
    const keys: string[] = [];
    for (const name of [...asList(configured[field]), ...DEFAULT_FIELD_ALIASES[field]]) {
      const owner = claimed.get(name);
      if ((owner === undefined || owner === field) && !keys.includes(name)) keys.push(name);
    }
    order[field] = keys;
    for (const key of keys) known.add(key);
  }
  return { order, known };
}

/** Config may hand a single name where a list is expected; blanks are ignored. */
function asList(value: readonly string[] | string | undefined): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  return list.filter((name) => typeof name === 'string' && name !== '');
}
