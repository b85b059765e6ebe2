import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

export const APP_NAME = 'Pantau';
export const ARCHIVE_FILE = 'archive.db';

/**
 * The per-user data folder, computed the way Electron's `app.getPath('userData')` does for an
 * app named Pantau, so the CLI, the server and the desktop app open the same archive.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_NAME);
}

export function defaultArchivePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), ARCHIVE_FILE);
}

/** `--db` wins, then `PANTAU_DB`, then the per-user archive. */
export function resolveArchivePath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicit || env.PANTAU_DB || defaultArchivePath(env);
}

/** The real path of a file that may not exist yet: its folder's real path and its name. */
export function realPath(file: string): string {
  const full = resolve(file);
  try {
    return realpathSync(full);
  } catch {
    try {
      return join(realpathSync(dirname(full)), basename(full));
    } catch {
      return full;
    }
  }
}

/** Whether `file`, by whatever path, is the archive (real path `archiveReal`) or one of SQLite's files beside it. */
export function isArchiveFile(file: string, archiveReal: string): boolean {
  const target = realPath(file);
  return ['', '-wal', '-shm', '-journal'].some((suffix) => target === archiveReal + suffix);
}
