/**
 * A file-system error as a few words for a message: the code only, never the
 * error's own text, so nothing read from the file can end up in a message.
 */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent is not a directory',
};

export function fileErrorReason(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return 'it cannot be read';
  return REASONS[code] ?? `it cannot be read (${code})`;
}
