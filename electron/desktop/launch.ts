import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultArchivePath } from '../paths.js';

/*
 * What the desktop app makes of how it was started: which archive to open, and which files its
 * command line (or a second launch's) names for import. It remembers the archive last used in its
 * user-data folder, beside the default archive.
 */

const SETTINGS_FILE = 'desktop.json';

export interface DesktopSettings {
  /** The archive open when the app last ran. */
  lastArchive?: string;
}

export function readSettings(userData: string): DesktopSettings {
  try {
    const parsed = JSON.parse(readFileSync(join(userData, SETTINGS_FILE), 'utf8')) as unknown;
    const last = (parsed as { lastArchive?: unknown } | null)?.lastArchive;
    return typeof last === 'string' && last !== '' ? { lastArchive: last } : {};
  } catch {
    // No settings yet, or a damaged file: the defaults, which the next write replaces.
    return {};
  }
}

export function rememberArchive(userData: string, archive: string): void {
  mkdirSync(userData, { recursive: true });
  const file = join(userData, SETTINGS_FILE);
  // Written aside and renamed, so a crash mid-write leaves the old settings rather than half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ ...readSettings(userData), lastArchive: archive } satisfies DesktopSettings, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The arguments after the program (and, for `electron <app>`, after the app's path). */
function userArgs(argv: readonly string[], defaultApp: boolean): string[] {
  return argv.slice(defaultApp ? 2 : 1);
}

/** The value of `--db <file>` or `--db=<file>`, as the CLI takes it. */
export function dbArgument(argv: readonly string[], defaultApp: boolean): string | undefined {
  const args = userArgs(argv, defaultApp);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--db') return args[i + 1];
    if (arg.startsWith('--db=')) return arg.slice('--db='.length);
  }
  return undefined;
}

/**
 * The archive to open: `--db` on the command line, then `PANTAU_DB` (as the CLI), then the one
 * used last if it is still there, then the CLI's default archive in the user-data folder.
 */
export function chooseArchive({ argv, defaultApp, env, remembered, cwd }: { argv: readonly string[]; defaultApp: boolean; env: NodeJS.ProcessEnv; remembered?: string; cwd: string }): string {
  const given = dbArgument(argv, defaultApp);
  if (given) return resolve(cwd, given);
  if (env.PANTAU_DB) return resolve(cwd, env.PANTAU_DB);
  if (remembered !== undefined && existsSync(remembered)) return remembered;
  return defaultArchivePath(env);
}

/**
 * Files and folders named on a command line, to import: the arguments that are not options (nor
 * the value of `--db`) and exist. Chromium adds switches of its own to a second launch's
 * arguments; they start with `-` and are passed over like any other option.
 */
export function fileArguments(argv: readonly string[], cwd: string, defaultApp: boolean): string[] {
  const args = userArgs(argv, defaultApp);
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--db') i++;
    else if (!arg.startsWith('-')) {
      const path = resolve(cwd, arg);
      if (existsSync(path)) files.push(path);
    }
  }
  return files;
}
