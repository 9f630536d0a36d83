import { readFileSync } from 'node:fs';
import { API_KEY_ENV, resolveApiKey } from './api-key.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { fileErrorReason } from './file-errors.js';
import { isMapping, showValue } from './parsed.js';
import { configSchema } from './schema.js';
import { toConfig } from './to-config.js';
import type { Config } from './types.js';
import { readYaml } from './yaml-source.js';
import { issuesFromZod } from './zod-issues.js';

export interface ParseContext {
  /** Environment for USERSIDE_API_KEY and STATE_DIRECTORY [process.env]. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads `userside.key_file` [fs.readFileSync as UTF-8]. */
  readonly readFile?: (path: string) => string;
  /** The file the text came from, kept on a ConfigError. */
  readonly sourceName?: string;
  /**
   * false for tools that never talk to UserSide (`leases`, `explain`): a key
   * that cannot be found is then no error (the key is empty, source `none`).
   */
  readonly needKey?: boolean;
}

/**
 * Reads a configuration (YAML text) into a `Config`, or throws a ConfigError
 * listing every problem found. Runs once at start-up (and on SIGHUP).
 */
export function parseConfig(text: string, ctx: ParseContext = {}): Config {
  const env = ctx.env ?? process.env;
  const readFile = ctx.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const fail = (issues: ConfigIssue[]): never => {
    throw new ConfigError(issues, ctx.sourceName);
  };

  const yaml = readYaml(text);
  if (!yaml.ok) return fail(yaml.issues);
  const { data, lineOf } = yaml.source;
  if (!isMapping(data)) {
    const found = data === null || data === undefined ? 'an empty file' : showValue(data);
    return fail([{ path: '', message: `expected a mapping with at least the userside and dhcp sections (got ${found})` }]);
  }

  const file = configSchema.safeParse(data);
  const resolved = resolveApiKey(data['userside'], env, readFile);
  const apiKey: typeof resolved = resolved.ok || ctx.needKey !== false ? resolved : { ok: true, value: { key: '', source: 'none' } };
  const issues = [...(file.success ? [] : issuesFromZod(file.error, configSchema)), ...(apiKey.ok ? [] : apiKey.issues)];
  if (!file.success || !apiKey.ok) {
    const written = isMapping(data['userside']) ? data['userside']['key'] : undefined;
    const secrets = [written, env[API_KEY_ENV], apiKey.ok ? apiKey.value.key : undefined];
    return fail(inFileOrder(redact(issues.map((issue) => withLine(issue, lineOf)), secrets)));
  }
  return toConfig(file.data, apiKey.value, env);
}

/** Reads and parses the configuration file at `path`. */
export function loadConfig(path: string, env: Readonly<Record<string, string | undefined>> = process.env, opts: { needKey?: boolean } = {}): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError([{ path: '', message: `cannot read the configuration file ${path}: ${fileErrorReason(e)}` }], path);
  }
  return parseConfig(text, { env, sourceName: path, ...(opts.needKey === false ? { needKey: false } : {}) });
}

/** Problems in the order of the file; those with no line (a missing section) first. */
function inFileOrder(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)); // stable: same line keeps schema order
}

function withLine(issue: ConfigIssue, lineOf: (path: ReadonlyArray<PropertyKey>) => number | undefined): ConfigIssue {
  if (issue.line !== undefined || issue.path === '') return issue;
  const line = lineOf(splitPath(issue.path));
  return line === undefined ? issue : { ...issue, line };
}

/** `dhcp.subnets[0].cidr` → `['dhcp', 'subnets', 0, 'cidr']`. */
function splitPath(path: string): PropertyKey[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? (m[1] as string) : Number(m[2])));
}

/**
 * Defence in depth: no message is built from the key, but should one ever
 * echo it, it is masked here (keys shorter than 8 characters are left, as
 * masking them would garble ordinary words).
 */
function redact(issues: ConfigIssue[], secrets: unknown[]): ConfigIssue[] {
  const masks = secrets.filter((s): s is string => typeof s === 'string').map((s) => s.trim()).filter((s) => s.length >= 8);
  if (masks.length === 0) return issues;
  return issues.map((issue) => ({ ...issue, message: masks.reduce((m, secret) => m.split(secret).join('[redacted]'), issue.message) }));
}
