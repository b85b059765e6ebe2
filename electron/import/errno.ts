/*
 * User-facing wording for the file-system errors an import meets: walking folders, opening files
 * and zip archives. One table, so the same failure reads the same wherever it happens.
 */

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a folder',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
};

/** The wording for a Node file-system error, or undefined when it is not one we name. */
export function errnoReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? REASONS[code] : undefined;
}

/** The wording for any error met reading a file: the file-system wording when there is one, else its message. */
export function errorReason(error: unknown): string {
  return errnoReason(error) ?? (error instanceof Error ? error.message : String(error));
}
