import { z } from 'zod';
import { formatPath, type ConfigIssue } from './errors.js';

/**
 * Zod's issues in the config's own terms: `dhcp.subnets[0].cidr`, and one
 * issue per unknown key, with the nearest known key suggested.
 */
export function issuesFromZod(error: z.ZodError, schema: z.ZodType): ConfigIssue[] {
  return error.issues.flatMap((iss): ConfigIssue[] => {
    if (iss.code !== 'unrecognized_keys') return [{ path: formatPath(iss.path), message: iss.message }];
    const known = knownKeysAt(schema, iss.path);
    return iss.keys.map((key) => ({ path: formatPath([...iss.path, key]), message: unknownKeyMessage(key, known) }));
  });
}

export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const near = nearest(key, known);
  if (near !== undefined) return `unknown key (did you mean ${near}?)`;
  return known.length > 0 ? `unknown key (expected one of ${known.join(', ')})` : 'unknown key';
}

/** The keys a section of the schema accepts, found by walking it along `path`. */
function knownKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const part of path) {
    if (node instanceof z.ZodObject) node = node.shape[String(part)] as z.ZodType | undefined;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else return [];
    node = node === undefined ? undefined : unwrap(node);
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  for (;;) {
    if (node instanceof z.ZodDefault || node instanceof z.ZodPrefault || node instanceof z.ZodOptional) node = node.unwrap() as z.ZodType;
    else if (node instanceof z.ZodPipe) node = node.in as z.ZodType;
    else return node;
  }
}

/** The known key within two edits of `key` (typos such as `autoritative`, `sync-interval`). */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase().replace(/-/g, '_'), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
