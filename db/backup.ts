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

/** An automatic backup just taken. */
export interface TakenBackup {
  file: string;
  /**
   * quick_check's finding on the copy, or null. A copy that fails it is kept as `…-suspect.db`
   * (never listed, rotated or offered for a restore) and no older copy is deleted: the archive it
   * came from is probably damaged, and the older copies may be the last good ones.
   */
  problem: string | null;
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

/** The archive's automatic backups, newest first; with `suspect`, the copies that failed their check too. */
export function listBackups(archive: string, { suspect = false }: { suspect?: boolean } = {}): BackupFile[] {
  const folder = backupFolder(archive);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const pattern = new RegExp(`^${escapeRegExp(stemOf(archive))}-(\\d{8}T\\d{6}Z)-(${BACKUP_REASONS.join('|')})(?:-(\\d+))?${suspect ? '(?:-suspect)?' : ''}\\.db$`);
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

/**
 * Deletes the oldest backups of `reason` beyond the newest `keep`, except `newestGood`: the newest
 * copy known to pass quick_check is never deleted. Answers the files removed.
 */
export function rotateBackups(archive: string, reason: BackupReason, keep: number, newestGood: string): string[] {
  const old = listBackups(archive)
    .filter((b) => b.reason === reason)
    .slice(Math.max(0, keep))
    .filter((b) => b.file !== newestGood);
  for (const b of old) rmSync(b.file, { force: true });
  return old.map((b) => b.file);
}

/** The files SQLite keeps beside a database: they belong to that file, and one left beside another is replayed into it. */
const SIDECARS = ['-wal', '-shm', '-journal'] as const;

/** The sidecar files present beside `file`. */
export const sidecarsOf = (file: string): string[] => SIDECARS.map((suffix) => file + suffix).filter((f) => existsSync(f));

const removeWithSidecars = (file: string): void => {
  for (const suffix of ['', ...SIDECARS]) rmSync(file + suffix, { force: true });
};

type Moves = [from: string, to: string][];

const moveBack = (moves: Moves): void => {
  for (const [from, to] of moves.reverse()) renameSync(to, from);
};

/**
 * Renames `file` and each of its sidecars that exists to `to` with the same suffix (a sidecar may be
 * there without its file, after the file was deleted). All or nothing: a failure puts back what
 * was moved, and nothing may remain at `file` afterwards.
 */
function moveAside(file: string, to: string): Moves {
  const moves: Moves = [];
  try {
    for (const suffix of ['', ...SIDECARS]) {
      if (!existsSync(file + suffix)) continue;
      renameSync(file + suffix, to + suffix);
      moves.push([file + suffix, to + suffix]);
    }
    const left = [file, ...SIDECARS.map((suffix) => file + suffix)].filter((f) => existsSync(f));
    if (left.length > 0) throw new ArchiveError(`${left.join(', ')} could not be moved aside (another program may have recreated it); nothing was changed`);
  } catch (err) {
    moveBack(moves);
    throw err;
  }
  return moves;
}

/**
 * Puts `from` at `target`. Whatever is there, with its sidecars, is moved aside first (a `-wal` left
 * beside the new file would be replayed into it when it is opened) and deleted once `check` has
 * passed on the new file in place; if the rename or the check fails, all is put back as it was.
 */
function replaceFile(from: string, target: string, check: () => void): void {
  const aside = join(dirname(target), `.${basename(target)}.${process.pid}.replaced`);
  removeWithSidecars(aside);
  const moved = moveAside(target, aside);
  try {
    renameSync(from, target);
  } catch (err) {
    moveBack(moved);
    throw err;
  }
  try {
    check();
  } catch (err) {
    renameSync(target, from);
    moveBack(moved);
    throw err;
  }
  for (const [, to] of moved) rmSync(to, { force: true });
}

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
    // One row can hold many findings, a line each, under a heading.
    const bad = rows.flatMap((r) => r.quick_check.split('\n')).filter((line) => line !== 'ok' && !line.startsWith('*** in database'));
    return bad.length === 0 ? null : `${file} is damaged: ${bad.slice(0, 3).join('; ')}${bad.length > 3 ? `; and ${bad.length - 3} more` : ''}`;
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
  const conflict = targetConflict(target);
  if (!options.force && conflict !== null) throw new ArchiveError(conflict);
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
    // Checked where it lies, once in place: what would open it then is what is checked.
    replaceFile(temporary, target, () => {
      const problem = sidecarsOf(target).length > 0 ? `${sidecarsOf(target).join(', ')} appeared beside it` : backupProblem(target, applicationId, options.verify === true);
      if (problem !== null) throw new ArchiveError(`the copy failed its check, so it was not kept: ${problem}`);
    });
    verified = options.verify === true;
  } catch (err) {
    removeWithSidecars(temporary);
    throw err;
  }
  return { file: target, pages, bytes: statSync(target).size, verified };
}

/**
 * Why `target` may not be written without `force`, or null: a file is there, or sidecar files an
 * earlier database left there (which `force` deletes with it: they belong to the file it replaces).
 */
export function targetConflict(target: string): string | null {
  if (existsSync(target)) return `${target} already exists; choose another name (or replace it with --force)`;
  const left = sidecarsOf(target);
  if (left.length > 0) {
    return `${left.join(', ')} ${left.length === 1 ? 'is' : 'are'} left beside ${target} by an earlier database, and would be read into the copy; choose another name (or replace ${left.length === 1 ? 'it' : 'them'} with --force)`;
  }
  return null;
}

/** Thrown into SQLite's backup loop to stop it; callers see `signal.aborted`. */
export class BackupCancelled extends Error {
  override name = 'BackupCancelled';
  constructor() {
    super('the backup was cancelled');
  }
}

/**
 * A copy into `backups/` for `reason`, checked with quick_check, then rotation of that reason's
 * copies. The copy holds the archive's pages as they are, damaged ones too, and opening an archive
 * reads only a few of its pages: the check is what tells a good copy from one of a damaged archive.
 */
export async function takeBackup(
  db: Database,
  archive: string,
  reason: BackupReason,
  applicationId: number,
  { at, keep, onProgress }: { at: Date; keep: number; onProgress?: (p: BackupProgress & { file: string }) => void },
): Promise<TakenBackup> {
  mkdirSync(backupFolder(archive), { recursive: true });
  const file = backupPath(archive, reason, at);
  onProgress?.({ done: 0, total: 1, file });
  await backupDatabase(db, file, applicationId, { onProgress: (p) => onProgress?.({ ...p, file }) });
  const problem = backupProblem(file, applicationId);
  if (problem !== null) {
    const suspect = file.replace(/\.db$/, '-suspect.db');
    renameSync(file, suspect);
    return { file: suspect, problem };
  }
  rotateBackups(archive, reason, keep, file);
  return { file, problem: null };
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
  const taken = (n: string): boolean => [n, ...SIDECARS.map((suffix) => n + suffix)].some((f) => existsSync(f));
  for (let i = 2; taken(name); i++) name = `${base}-${i}`;
  return name;
};

/** Another connection has the archive open: moving it aside would leave that one writing into the file moved. */
export class ArchiveInUseError extends ArchiveError {
  constructor(archive: string) {
    super(`${archive} is open in another program: close Pantau and any pantau serve on it first, then restore again. Nothing was changed.`);
  }
}

const isBusy = (err: unknown): boolean => {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
  }
  return false;
};

/**
 * Takes `archive` out of WAL mode, which SQLite allows only to a connection that has the file to
 * itself: so no desktop app or `pantau serve` still has it open (and would go on writing into the
 * file moved aside), and its write-ahead log is folded into it. An archive too damaged to open, or
 * to switch, is left as it is: nothing is writing into that one.
 */
function claimArchive(archive: string, applicationId: number): void {
  if (!existsSync(archive)) return;
  let db: Database;
  try {
    db = openDatabase(archive, { applicationId });
  } catch (err) {
    if (isBusy(err)) throw new ArchiveInUseError(archive);
    return;
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
  } catch (err) {
    if (isBusy(err)) throw new ArchiveInUseError(archive);
  } finally {
    db.close();
  }
}

/**
 * Put `backup` in the place of `archive`. The file there, with every sidecar file beside it (which
 * belong to it and must not be replayed into the backup; they may be there without it, after it
 * was deleted), is moved aside as `<archive>.damaged-<UTC time>` (`…-wal`, `…-shm`), never deleted.
 * The backup is copied with SQLite's backup (so a copy still in WAL mode comes whole) under a
 * temporary name, and renamed into place only when nothing is left at the archive's name; the
 * backup itself stays where it was. Refused while another connection has the archive open.
 */
export async function restoreBackup(
  backup: string,
  archive: string,
  applicationId: number,
  at: Date,
): Promise<{ restored: string; keptAside: string | null; movedAside: string[] }> {
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
  let moved: Moves = [];
  try {
    claimArchive(archive, applicationId);
    moved = moveAside(archive, damagedName(archive, at));
    renameSync(temporary, archive);
  } catch (err) {
    moveBack(moved);
    removeWithSidecars(temporary);
    throw err;
  }
  const movedAside = moved.map(([, to]) => to);
  return { restored: archive, keptAside: moved.find(([from]) => from === archive)?.[1] ?? null, movedAside };
}
