/**
 * One problem found in a configuration file. `path` is the key in the YAML's
 * own dotted form with list indexes (`dhcp.subnets[0].cidr`), empty for the
 * file as a whole; `line` is where the key sits in the file, when known.
 */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

/** Every problem of a configuration, reported together; the message holds one `path: problem` per line. */
export class ConfigError extends Error {
  readonly issues: ReadonlyArray<ConfigIssue>;
  /** The file the configuration came from, when known. */
  readonly source: string | undefined;

  constructor(issues: ReadonlyArray<ConfigIssue>, source?: string) {
    super(issues.map(issueLine).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
    this.source = source;
  }
}

/** `dhcp.subnets[0].cidr: not a CIDR: "10.10.0.0/33"` (or just the problem for the file as a whole). */
export function issueLine(issue: ConfigIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

/** `['dhcp', 'subnets', 0, 'cidr']` → `dhcp.subnets[0].cidr`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
