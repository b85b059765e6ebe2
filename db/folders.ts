import type { Database } from './driver.js';

/** A folder the user asked Pantau to watch, with how watching it goes. Times are ISO 8601, UTC. */
export interface FolderRow {
  id: number;
  /** Absolute. */
  path: string;
  addedAt: string;
  lastCheckAt: string | null;
  /** The last check that imported files. */
  lastImportAt: string | null;
  /** Files imported from it in all. */
  files: number;
  /** New articles those files brought. */
  articles: number;
  lastError: string | null;
}

/** A file as it was imported: its path and its version (size, modification and change times). */
export interface FileVersion {
  path: string;
  version: string;
}

/** What one check of a folder leaves behind. */
export interface FolderCheckRecord {
  at: string;
  /** Files imported at this check. */
  imported: FileVersion[];
  /** New articles they brought. */
  articles: number;
  /** Files no longer in the folder: what was imported of them is forgotten. */
  gone: string[];
  /** The check's problem; null clears the last one, undefined leaves it as it is. */
  error: string | null | undefined;
}

const COLUMNS = `id, path, added_at AS addedAt, last_check_at AS lastCheckAt, last_import_at AS lastImportAt, files, articles, last_error AS lastError`;

/** The folders watched for new files, and the version of each of their files imported last. */
export class FolderStore {
  constructor(private readonly db: Database) {}

  /** Adds a folder; null when it is there already. */
  add(path: string, at: string): FolderRow | null {
    const info = this.db.prepare('INSERT INTO watched_folders (path, added_at) VALUES (?, ?) ON CONFLICT (path) DO NOTHING').run(path, at);
    return info.changes === 0 ? null : this.get(path);
  }

  get(path: string): FolderRow | null {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM watched_folders WHERE path = ?`).get(path) as FolderRow | undefined) ?? null;
  }

  list(): FolderRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM watched_folders ORDER BY path`).all() as FolderRow[];
  }

  /** Stops watching a folder and forgets its files' versions; the articles it brought stay. */
  remove(path: string): boolean {
    return this.db.prepare('DELETE FROM watched_folders WHERE path = ?').run(path).changes > 0;
  }

  /** The version imported last of each of the folder's files, by path. */
  importedVersions(path: string): Map<string, string> {
    const rows = this.db
      .prepare('SELECT f.path, f.version FROM watched_files f JOIN watched_folders w ON w.id = f.folder_id WHERE w.path = ?')
      .raw()
      .all(path) as [string, string][];
    return new Map(rows);
  }

  /**
   * Claims the watching of a folder for `holder` until `until`, or renews its claim, unless another
   * holder's claim runs past `at`; answers whether `holder` now watches it.
   */
  claim(path: string, holder: string, at: string, until: string): boolean {
    return (
      this.db
        .prepare('UPDATE watched_folders SET watcher = ?, watcher_until = ? WHERE path = ? AND (watcher IS NULL OR watcher = ? OR watcher_until <= ?)')
        .run(holder, until, path, holder, at).changes > 0
    );
  }

  /** Extends every claim of `holder` to `until` (an import under way). */
  renewClaims(holder: string, until: string): void {
    this.db.prepare('UPDATE watched_folders SET watcher_until = ? WHERE watcher = ?').run(until, holder);
  }

  /** Gives up the claims of `holder` (it stopped watching). An archive closed already keeps them until they lapse. */
  releaseClaims(holder: string): void {
    if (!this.db.open) return;
    this.db.prepare('UPDATE watched_folders SET watcher = NULL, watcher_until = NULL WHERE watcher = ?').run(holder);
  }

  /** A check's outcome, in one transaction; nothing for a folder removed meanwhile. */
  recordCheck(path: string, check: FolderCheckRecord): void {
    this.db.transaction(() => {
      const id = this.db.prepare('SELECT id FROM watched_folders WHERE path = ?').pluck().get(path) as number | undefined;
      if (id === undefined) return;
      const forget = this.db.prepare('DELETE FROM watched_files WHERE folder_id = ? AND path = ?');
      for (const file of check.gone) forget.run(id, file);
      const keep = this.db.prepare('INSERT INTO watched_files (folder_id, path, version) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET version = excluded.version');
      for (const file of check.imported) keep.run(id, file.path, file.version);
      this.db.prepare('UPDATE watched_folders SET last_check_at = ? WHERE id = ?').run(check.at, id);
      if (check.imported.length > 0) {
        this.db
          .prepare('UPDATE watched_folders SET last_import_at = ?, files = files + ?, articles = articles + ? WHERE id = ?')
          .run(check.at, check.imported.length, check.articles, id);
      }
      if (check.error !== undefined) this.db.prepare('UPDATE watched_folders SET last_error = ? WHERE id = ?').run(check.error, id);
    })();
  }
}
