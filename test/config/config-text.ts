import { Document } from 'yaml';
import { ConfigError, type ConfigIssue } from '../../src/config/errors.js';
import { parseConfig, type ParseContext } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';

/** A small valid configuration; cases change it key by key. */
export const BASE = {
  userside: { url: 'https://erp.example.net/api.php', key: 'test-key' },
  dhcp: {
    server_id: '10.0.0.1',
    subnets: [{ cidr: '10.10.0.0/16', routers: ['10.10.0.1'], dns: ['10.0.0.53'] }],
  },
};

/** `{'dhcp.subnets[0].cidr': '10.10.0.0/33'}` applied to BASE, as YAML text; `undefined` deletes the key. */
export function configText(changes: Readonly<Record<string, unknown>> = {}, base: unknown = BASE): string {
  const doc = new Document(base);
  for (const [path, value] of Object.entries(changes)) {
    const keys = splitPath(path);
    if (value === undefined) doc.deleteIn(keys);
    else doc.setIn(keys, doc.createNode(value));
  }
  return String(doc);
}

function splitPath(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? (m[1] as string) : Number(m[2])));
}

export const NO_FILES: ParseContext['readFile'] = (path) => {
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
};

export function parse(text: string, ctx: ParseContext = {}): Config {
  return parseConfig(text, { env: {}, readFile: NO_FILES, ...ctx });
}

/** The ConfigError parsing `text` throws (fails the test if it parses). */
export function configError(text: string, ctx: ParseContext = {}): ConfigError {
  try {
    parse(text, ctx);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError, but the configuration was accepted');
}

export function issuesOf(text: string, ctx: ParseContext = {}): ReadonlyArray<ConfigIssue> {
  return configError(text, ctx).issues;
}
