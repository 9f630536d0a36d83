import { describe, expect, it } from 'vitest';
import { DEFAULT_KEY_FILE } from '../../src/config/api-key.js';
import { formatConfigError } from '../../src/config/format.js';
import { configError, configText, issuesOf, NO_FILES, parse } from './config-text.js';

const SECRET = 'Zq7-SECRET-api-key-4f1c9e';
const noKey = { 'userside.key': undefined };
const files = (contents: Record<string, string>) => (path: string): string => {
  const text = contents[path];
  if (text === undefined) return (NO_FILES as (p: string) => string)(path);
  return text;
};

describe('the API key comes from exactly one place', () => {
  it('userside.key', () => {
    const cfg = parse(configText({ 'userside.key': SECRET }), { env: { USERSIDE_API_KEY: 'env-key' } });
    expect(cfg.userside).toMatchObject({ key: SECRET, keySource: 'key' });
  });

  it('userside.key_file, read and trimmed', () => {
    const cfg = parse(configText({ ...noKey, 'userside.key_file': '/etc/userside/key' }), {
      env: { USERSIDE_API_KEY: 'env-key' },
      readFile: files({ '/etc/userside/key': `\n  ${SECRET}\n` }),
    });
    expect(cfg.userside).toMatchObject({ key: SECRET, keySource: 'key_file' });
  });

  it('USERSIDE_API_KEY when the file sets neither', () => {
    const cfg = parse(configText(noKey), { env: { USERSIDE_API_KEY: ` ${SECRET} ` } });
    expect(cfg.userside).toMatchObject({ key: SECRET, keySource: 'env' });
  });

  it('the systemd credential file when nothing else is given', () => {
    const cfg = parse(configText(noKey), { readFile: files({ [DEFAULT_KEY_FILE]: SECRET }) });
    expect(cfg.userside).toMatchObject({ key: SECRET, keySource: 'key_file' });
  });

  it('the default file is not read when the environment has the key', () => {
    const read: string[] = [];
    parse(configText(noKey), { env: { USERSIDE_API_KEY: 'env-key' }, readFile: (p) => (read.push(p), 'file-key') });
    expect(read).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Record<string, string>, string, string]>([
    ['key and key_file together', { 'userside.key_file': '/etc/key' }, {}, 'userside', 'both key and key_file are set: keep only one of them'],
    ['an empty key', { 'userside.key': '  ' }, {}, 'userside.key', 'is empty'],
    ['a key YAML reads as a number', { 'userside.key': 12345678901 }, {}, 'userside.key', 'expected the API key as text, in quotes so YAML keeps it exactly (got a number)'],
    ['an unreadable key_file', { ...noKey, 'userside.key_file': '/etc/key' }, {}, 'userside.key_file', 'cannot read the API key from /etc/key: no such file'],
    ['an empty key_file', { ...noKey, 'userside.key_file': '/etc/key' }, { '/etc/key': ' \n' }, 'userside.key_file', 'cannot read the API key from /etc/key: the file is empty'],
    ['key_file not a path', { ...noKey, 'userside.key_file': ['/etc/key'] }, {}, 'userside.key_file', 'expected the path of a file holding the API key (got a list)'],
    ['no key anywhere', noKey, {}, 'userside.key_file', `no API key given: set userside.key or userside.key_file, or the environment variable USERSIDE_API_KEY (the default key file ${DEFAULT_KEY_FILE}: no such file)`],
  ])('%s is an error', (_name, changes, contents, path, message) => {
    expect(issuesOf(configText(changes), { readFile: files(contents) })).toEqual([{ path, message, line: expect.any(Number) }]);
  });

  it('a permission problem is named as such', () => {
    const denied = (): string => {
      throw Object.assign(new Error(`EACCES: permission denied, open '/etc/key'`), { code: 'EACCES' });
    };
    expect(configError(configText({ ...noKey, 'userside.key_file': '/etc/key' }), { readFile: denied }).message).toBe(
      'userside.key_file: cannot read the API key from /etc/key: permission denied',
    );
  });
});

describe('the key never appears in an error message', () => {
  const broken = { 'dhcp.match': 'ports', 'dhcp.server_id': '10.0.0', 'userside.url': 'ftp://erp/api.php' };
  const cases: Array<[string, string, { env?: Record<string, string>; readFile?: (p: string) => string }]> = [
    ['written in the file, with other problems', configText({ ...broken, 'userside.key': SECRET }), {}],
    ['written in the file, and a key_file too', configText({ 'userside.key': SECRET, 'userside.key_file': '/k' }), {}],
    ['from the environment, with other problems', configText({ ...broken, ...noKey }), { env: { USERSIDE_API_KEY: SECRET } }],
    ['from key_file, with other problems', configText({ ...broken, ...noKey, 'userside.key_file': '/k' }), { readFile: files({ '/k': SECRET }) }],
    ['written as a bare number', configText({ 'userside.key': 987654321987654 }), {}],
    ['under a misspelt key', configText({ ...noKey, 'userside.kye': SECRET }), {}],
    ['in the URL', configText({ 'userside.url': `https://erp/api.php?key=${SECRET}` }), {}],
    ['in an unparseable URL', configText({ 'userside.url': `erp/api.php?key=${SECRET}` }), {}],
    ['on a line with a YAML syntax error', `userside:\n  url: http://erp/api.php\n  key: "${SECRET}\ndhcp: {}\n`, {}],
    ['after a tab YAML refuses', `userside:\n\tkey: ${SECRET}\n`, {}],
  ];

  it.each(cases)('%s', (_name, text, ctx) => {
    const err = configError(text, ctx);
    const everything = [err.message, JSON.stringify(err.issues), formatConfigError(err, 'x.yaml')].join('\n');
    expect(err.issues.length).toBeGreaterThan(0);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('987654321987654');
  });
});
