import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VECTOR_DIR = fileURLToPath(new URL('../vectors/', import.meta.url));

/** Reads a commented hex vector: `#` starts a comment, whitespace is ignored. */
export function parseHexVector(text: string): Buffer {
  const hex = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('')
    .replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Error('vector is not whole hex bytes');
  return Buffer.from(hex, 'hex');
}

export function loadVector(name: string): Buffer {
  return parseHexVector(readFileSync(join(VECTOR_DIR, name), 'utf8'));
}

/** Every `*.hex` golden packet, by file name. */
export function allVectors(): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of readdirSync(VECTOR_DIR).filter((n) => n.endsWith('.hex')).sort()) out.set(f, loadVector(f));
  return out;
}
