import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/* The one file that touches better-sqlite3, so the native module's quirks (ABI, pragmas) live in one place. */

export type Database = BetterSqlite3.Database;
export type Statement<P extends unknown[] | {} = unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;

export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

const require = createRequire(import.meta.url);

/**
 * better-sqlite3 loads its native binding on first use, so a mismatch can surface at require or at
 * open. Every loader's complaint (a wrong ABI, a file for another system or processor, a missing
 * file) names the binding file, so that name is what marks one.
 */
function nativeMismatch(err: unknown): ArchiveError | null {
  const message = err instanceof Error ? err.message : String(err);
  if (!/better_sqlite3\.node|NODE_MODULE_VERSION|was compiled against a different Node\.js version|Could not locate the bindings file/i.test(message)) {
    return null;
  }
  const details = `Details: ${message.split('\n')[0]}`;
  const binding = process.env[BINDING_ENV];
  const runtime = process.versions.electron ? `Electron ${process.versions.electron}` : `Node ${process.versions.node}`;
  if (binding) {
    // Only the desktop app names a binding: an installed one ships it, `npm start` builds it.
    return new ArchiveError(
      `The SQLite driver built for the desktop app (${binding}) cannot be loaded by this ${runtime} (ABI ${process.versions.modules}). ` +
        'If Pantau was installed, its installation is damaged: install it again from the installer. ' +
        'If it runs from a source checkout (`npm start`), delete node_modules/.cache/pantau-electron and run `npm start` again to rebuild it.\n' +
        details,
    );
  }
  return new ArchiveError(
    `The SQLite driver (better-sqlite3) was built for a different Node.js or Electron than the one running now (${runtime}, ABI ${process.versions.modules}). ` +
      'Rebuild it: run `npm rebuild better-sqlite3` for the CLI and tests; for the desktop app, `npm start` builds its own copy.\n' +
      details,
  );
}

function loadDriver(): typeof BetterSqlite3 {
  try {
    return require('better-sqlite3') as typeof BetterSqlite3;
  } catch (err) {
    throw nativeMismatch(err) ?? err;
  }
}

/**
 * The desktop app runs in Electron, whose ABI differs from Node's: `npm start` builds the driver's
 * binding for it into a cache folder and names the file in this variable. Unset, better-sqlite3
 * loads its own build in node_modules, the one for Node (CLI, server, tests).
 */
const BINDING_ENV = 'PANTAU_SQLITE_BINDING';

const nativeBinding = (): { nativeBinding?: string } => {
  const binding = process.env[BINDING_ENV];
  return binding ? { nativeBinding: binding } : {};
};

export interface OpenOptions {
  readonly?: boolean;
  /**
   * The `PRAGMA application_id` the file must carry. A file without it is accepted only while it
   * is empty; any other SQLite database is refused before anything (even WAL mode) touches it.
   */
  applicationId?: number;
}

/**
 * What the write-ahead log's file is cut back to when the log starts again. A merge of duplicate
 * keys or an import can take the log far past it, and the file would otherwise keep that size on
 * disk until the archive is closed.
 */
export const WAL_FILE_BYTES = 64 * 1024 * 1024;

/** Open (creating if needed) a SQLite file with the settings every part of Pantau relies on. */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const Driver = loadDriver();
  let db: Database;
  try {
    db = new Driver(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, ...nativeBinding() });
  } catch (err) {
    throw nativeMismatch(err) ?? new ArchiveError(`Cannot open the archive ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  try {
    db.pragma('busy_timeout = 10000');
    if (options.applicationId !== undefined) {
      const id = db.pragma('application_id', { simple: true }) as number;
      const empty = db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() === 0;
      if (id !== options.applicationId && !(id === 0 && empty)) {
        db.close();
        throw new ArchiveError(`${file} is a database of another program, not a Pantau archive; it has not been changed.`);
      }
    }
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -64000');
    db.pragma('temp_store = MEMORY');
    db.pragma(`journal_size_limit = ${WAL_FILE_BYTES}`);
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    db.close();
    const message = err instanceof Error ? err.message : String(err);
    // The cause keeps SQLite's code, which tells a damaged archive (db/check.ts) from a file that is none.
    throw new ArchiveError(`${file} is not a Pantau archive (SQLite says: ${message})`, { cause: err });
  }
  return db;
}

/** A connection's prepared statements by their SQL text, each prepared once. */
export function statementCache(db: Database): (sql: string) => Statement<unknown[]> {
  const stmts = new Map<string, Statement<unknown[]>>();
  return (sql) => {
    let s = stmts.get(sql);
    if (!s) {
      s = db.prepare<unknown[]>(sql);
      stmts.set(sql, s);
    }
    return s;
  };
}

/** SQLite's page cache for this connection, in KiB; with `value`, set to it first. */
export function pageCacheKiB(db: Database, value?: number): number {
  if (value !== undefined) db.pragma(`cache_size = -${Math.round(value)}`);
  return -(db.pragma('cache_size', { simple: true }) as number);
}
