import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ArchiveError, type Database, openDatabase } from './driver.js';

/*
 * Copies of the archive made with SQLite's online backup, which reads a consistent snapshot while
 * other connections go on reading and writing. A copy is written under a hidden temporary name in
 * the target folder and renamed into place only once it is complete and opens as a Pantau archive,
 * so a failed or interrupted backup never leaves a half file under the name asked for.
 *
 * Automatic copies live in `backups/` beside the archive, named `<archive>-<UTC time>-<reason>.db`;
 * the time in the name (not the file's mtime, which copying tools change) dates them.
 */

/** Why an automatic backup was taken; each reason keeps its own number of copies. */
export type BackupReason = 'daily' | 'migration';
export const BACKUP_REASONS: readonly BackupReason[] = ['daily', 'migration'];

export interface BackupSettings {
  /** `daily`: the writing doors copy the archive once a day; `off`: only before migrations. */
  auto: 'daily' | 'off';
  /** Daily copies kept; older ones are deleted. */
  keepDaily: number;
  /** Copies taken before a schema upgrade kept. */
  keepMigration: number;
}

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { auto: 'daily', keepDaily: 7, keepMigration: 3 };

/** How far a copy has got, in database pages. */
export interface BackupProgress {
  done: number;
  total: number;
}

export interface BackupOptions {
  /** Replace a file already at the target; without it, one there is an error. */
  force?: boolean;
  onProgress?: (progress: BackupProgress) => void;
  /** Aborting stops the copy between steps; nothing is left behind. */
  signal?: AbortSignal;
  /** Run SQLite's quick_check over the finished copy before it takes its name. */
  verify?: boolean;
}

export interface BackupResult {
  file: string;
  pages: number;
  bytes: number;
  /** Whether quick_check ran over the copy (and passed: a failing copy is not kept). */
  verified: boolean;
}

/** A copy in the archive's `backups/` folder. */
export interface BackupFile {
  file: string;
  reason: BackupReason;
  takenAt: Date;
  bytes: number;
}

/** Pages copied per step: between steps the connection answers other requests. */
const PAGES_PER_STEP = 1000;
/** better-sqlite3 takes at most this many pages per step: in one step, the copy cannot be restarted. */
const ALL_PAGES = 0x7fffffff;

const isoStamp = (at: Date): string => at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const stemOf = (archive: string): string => basename(archive, extname(archive));
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The folder of automatic backups: `backups/` beside the archive. */
export const backupFolder = (archive: string): string => join(dirname(archive), 'backups');

/** `backups/<archive>-<UTC time>-<reason>.db`, with a number added if one of that second exists. */
export function backupPath(archive: string, reason: BackupReason, at: Date): string {
  const base = join(backupFolder(archive), `${stemOf(archive)}-${isoStamp(at)}-${reason}`);
  let name = `${base}.db`;
  for (let i = 2; existsSync(name); i++) name = `${base}-${i}.db`;
  return name;
}

/** The archive's automatic backups, newest first. */
export function listBackups(archive: string): BackupFile[] {
  const folder = backupFolder(archive);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const pattern = new RegExp(`^${escapeRegExp(stemOf(archive))}-(\\d{8}T\\d{6}Z)-(${BACKUP_REASONS.join('|')})(?:-(\\d+))?\\.db$`);
  const found: (BackupFile & { n: number })[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    const t = m ? STAMP.exec(m[1]!) : null;
    if (!m || !t) continue;
    const stat = statSync(join(folder, name), { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    const [, y, mo, d, h, mi, s] = t.map(Number) as [number, number, number, number, number, number, number];
    found.push({ file: join(folder, name), reason: m[2] as BackupReason, takenAt: new Date(Date.UTC(y, mo - 1, d, h, mi, s)), bytes: stat.size, n: Number(m[3] ?? 1) });
  }
  return found.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.n - a.n).map(({ n: _, ...b }) => b);
}

/** Deletes the oldest backups of `reason` beyond the newest `keep`; answers the files removed. */
export function rotateBackups(archive: string, reason: BackupReason, keep: number): string[] {
  const old = listBackups(archive)
    .filter((b) => b.reason === reason)
    .slice(Math.max(0, keep));
  for (const b of old) rmSync(b.file, { force: true });
  return old.map((b) => b.file);
}

const removeWithSidecars = (file: string): void => {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
};

/** Why `file` is not a sound Pantau archive, or null: it opens, carries the mark and passes quick_check. */
export function backupProblem(file: string, applicationId: number, quick = true): string | null {
  let db: Database;
  try {
    db = openDatabase(file, { readonly: true, applicationId });
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  try {
    if (db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() === 0) return `${file} is empty`;
    if (!quick) return null;
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const bad = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return bad.length === 0 ? null : `${file} is damaged: ${bad.slice(0, 3).join('; ')}`;
  } catch (err) {
    return `${file} cannot be read: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    db.close();
  }
}

/** The newest automatic backup that opens and passes quick_check, or null. */
export function latestGoodBackup(archive: string, applicationId: number): BackupFile | null {
  return listBackups(archive).find((b) => backupProblem(b.file, applicationId) === null) ?? null;
}

/**
 * Copy the database `db` to `target` with SQLite's online backup. Another connection writing
 * meanwhile makes SQLite start the copy again; when a step makes no headway for that reason, the
 * rest is copied in one step, which no writer can interrupt, so a busy archive is still copied.
 * The copy is a single file (rollback journal, not WAL), readable even from read-only media.
 */
export async function backupDatabase(db: Database, target: string, applicationId: number, options: BackupOptions = {}): Promise<BackupResult> {
  if (!options.force && existsSync(target)) {
    throw new ArchiveError(`${target} already exists; choose another name (or replace it with --force)`);
  }
  const folder = dirname(target);
  if (!existsSync(folder)) throw new ArchiveError(`cannot write ${target}: the folder ${folder} does not exist`);
  const temporary = join(folder, `.${basename(target)}.${process.pid}.partial`);
  removeWithSidecars(temporary);
  let pages = 0;
  let verified = false;
  try {
    let remaining = Number.POSITIVE_INFINITY;
    const result = await db.backup(temporary, {
      progress: ({ totalPages, remainingPages }) => {
        if (options.signal?.aborted) throw new BackupCancelled();
        options.onProgress?.({ done: totalPages - remainingPages, total: totalPages });
        const stalled = remainingPages >= remaining;
        remaining = remainingPages;
        return stalled ? ALL_PAGES : PAGES_PER_STEP;
      },
    });
    // The last step may finish the copy after a cancel: it is dropped all the same.
    if (options.signal?.aborted) throw new BackupCancelled();
    pages = result.totalPages;
    options.onProgress?.({ done: pages, total: pages });
    const copy = openDatabase(temporary, { applicationId });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    if (options.verify) {
      const problem = backupProblem(temporary, applicationId);
      if (problem !== null) throw new ArchiveError(`the copy failed its check, so it was not kept: ${problem}`);
      verified = true;
    }
    renameSync(temporary, target);
  } catch (err) {
    removeWithSidecars(temporary);
    throw err;
  }
  return { file: target, pages, bytes: statSync(target).size, verified };
}

/** Thrown into SQLite's backup loop to stop it; callers see `signal.aborted`. */
export class BackupCancelled extends Error {
  override name = 'BackupCancelled';
  constructor() {
    super('the backup was cancelled');
  }
}

/** A copy into `backups/` for `reason`, then rotation of that reason's copies. */
export async function takeBackup(
  db: Database,
  archive: string,
  reason: BackupReason,
  applicationId: number,
  { at, keep, onProgress }: { at: Date; keep: number; onProgress?: (p: BackupProgress & { file: string }) => void },
): Promise<string> {
  mkdirSync(backupFolder(archive), { recursive: true });
  const file = backupPath(archive, reason, at);
  onProgress?.({ done: 0, total: 1, file });
  await backupDatabase(db, file, applicationId, { onProgress: (p) => onProgress?.({ ...p, file }) });
  rotateBackups(archive, reason, keep);
  return file;
}

const hasMeta = (db: Database): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;

const KEYS = { auto: 'backup_auto', keepDaily: 'backup_keep_daily', keepMigration: 'backup_keep_migration' } as const;

/** The archive's backup settings (its `meta` table); an archive older than that table has the defaults. */
export function readBackupSettings(db: Database): BackupSettings {
  if (!hasMeta(db)) return { ...DEFAULT_BACKUP_SETTINGS };
  const get = (key: string): string | undefined => db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  const count = (key: string, fallback: number): number => {
    const n = Number(get(key));
    return Number.isInteger(n) && n >= 1 ? n : fallback;
  };
  return {
    auto: get(KEYS.auto) === 'off' ? 'off' : 'daily',
    keepDaily: count(KEYS.keepDaily, DEFAULT_BACKUP_SETTINGS.keepDaily),
    keepMigration: count(KEYS.keepMigration, DEFAULT_BACKUP_SETTINGS.keepMigration),
  };
}

export function writeBackupSettings(db: Database, change: Partial<BackupSettings>): BackupSettings {
  const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    if (change.auto !== undefined) set.run(KEYS.auto, change.auto);
    if (change.keepDaily !== undefined) set.run(KEYS.keepDaily, String(change.keepDaily));
    if (change.keepMigration !== undefined) set.run(KEYS.keepMigration, String(change.keepMigration));
  }).immediate();
  return readBackupSettings(db);
}

const damagedName = (archive: string, at: Date): string => {
  const base = `${archive}.damaged-${isoStamp(at)}`;
  let name = base;
  for (let i = 2; existsSync(name); i++) name = `${base}-${i}`;
  return name;
};

/**
 * Put `backup` in the place of `archive`. The file there (with its write-ahead log, which belongs to
 * it and must not be replayed into the backup) is moved aside as `<archive>.damaged-<UTC time>`,
 * never deleted. The backup is copied with SQLite's backup (so a copy still in WAL mode comes whole)
 * under a temporary name, and renamed into place; the backup itself stays where it was.
 */
export async function restoreBackup(backup: string, archive: string, applicationId: number, at: Date): Promise<{ restored: string; keptAside: string | null }> {
  const problem = backupProblem(backup, applicationId);
  if (problem !== null) throw new ArchiveError(`cannot restore from ${backup}: ${problem}`);
  const temporary = join(dirname(archive), `.${basename(archive)}.${process.pid}.restoring`);
  removeWithSidecars(temporary);
  const source = openDatabase(backup, { readonly: true, applicationId });
  try {
    await backupDatabase(source, temporary, applicationId, { force: true });
  } finally {
    source.close();
  }
  let keptAside: string | null = null;
  try {
    if (existsSync(archive)) {
      keptAside = damagedName(archive, at);
      renameSync(archive, keptAside);
      for (const suffix of ['-wal', '-shm', '-journal']) {
        if (existsSync(archive + suffix)) renameSync(archive + suffix, keptAside + suffix);
      }
    }
    renameSync(temporary, archive);
  } catch (err) {
    removeWithSidecars(temporary);
    throw err;
  }
  return { restored: archive, keptAside };
}
