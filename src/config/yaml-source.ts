import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ConfigIssue } from './errors.js';

/** The parsed YAML and a way back from a key path to its line in the file. */
export interface YamlSource {
  readonly data: unknown;
  /** The line of the key at `path`, or of its nearest enclosing key when it is missing. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined;
}

export type YamlResult = { readonly ok: true; readonly source: YamlSource } | { readonly ok: false; readonly issues: ConfigIssue[] };

export function readYaml(text: string): YamlResult {
  const lineCounter = new LineCounter();
  // prettyErrors off: the pretty form quotes the source line, which may hold the API key.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e): ConfigIssue => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return { path: '', line, message: `YAML syntax error at line ${line}, column ${col}: ${e.message}` };
    });
    return { ok: false, issues };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    return { ok: false, issues: [{ path: '', message: `YAML cannot be read: ${(e as Error).message}` }] };
  }
  return { ok: true, source: { data, lineOf: (path) => lineOfPath(doc, lineCounter, path) } };
}

function lineOfPath(doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const part of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (pair === undefined) break;
      offset = (pair.key as Node).range?.[0];
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number' && part < node.items.length) {
      node = node.items[part];
      offset = (node as Node | null)?.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
