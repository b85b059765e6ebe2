import type { Migration } from '../migrate.js';

/*
 * Schema 9: watched folders kept in the archive, so the desktop app and `pantau serve` watch them
 * while they run (docs/feeds.md#watched-folders).
 * - `watched_folders`: each folder (an absolute path, unique) and what the user is shown of it: the
 *   last check, the last import, the files and articles it brought in all, and the problem of the
 *   last check that had one (a folder gone or unreadable, files that could not be imported); and
 *   which running watcher holds it, until when (`watcher`, `watcher_until`), so that two processes
 *   on one archive do not both import its files.
 * - `watched_files`: the version (size, modification and change times) of each file of a folder imported
 *   last, so a restart does not read every file of the folder again; a file gone from the folder is
 *   forgotten at the next check.
 */
export const watchedFolders: Migration = {
  version: 9,
  name: 'watched folders',
  sql: `
    CREATE TABLE watched_folders (
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL UNIQUE,
      added_at TEXT NOT NULL,
      last_check_at TEXT,
      last_import_at TEXT,
      files INTEGER NOT NULL DEFAULT 0,
      articles INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      watcher TEXT,
      watcher_until TEXT
    );

    CREATE TABLE watched_files (
      folder_id INTEGER NOT NULL REFERENCES watched_folders(id) ON DELETE CASCADE,
      path TEXT NOT NULL,
      version TEXT NOT NULL,
      PRIMARY KEY (folder_id, path)
    ) WITHOUT ROWID;
  `,
};
