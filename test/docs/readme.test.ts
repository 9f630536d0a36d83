import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REASONS } from '../../src/core/reasons.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every reason code of the catalogue', () => {
    const missing = [...REASONS.keys()].filter((code) => !README.includes(`| \`${code}\` |`));
    expect(missing).toEqual([]);
  });
  it('documents every configuration key of the example file', () => {
    const example = parse(readFileSync(new URL('../../config/userside-dhcpd.example.yaml', import.meta.url), 'utf8')) as unknown;
    const paths: string[] = ['userside.key_file', 'state_dir']; // commented out in the example
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) v.forEach((x) => walk(x, `${path}[]`));
      else if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
      else paths.push(path);
    };
    walk(example, '');
    expect(paths.length).toBeGreaterThan(25);
    const missing = paths.filter((p) => !README.includes(`\`${p}\``) && !README.includes(`\`${p.split('.').at(-1)}\``));
    expect(missing).toEqual([]);
  });
});
