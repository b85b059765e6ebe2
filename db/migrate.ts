import { ArchiveError, type Database } from './driver.js';
import { initial } from './migrations/001-initial.js';
import { search } from './migrations/002-search.js';
import { lookups } from './migrations/003-lookups.js';
import { textOnce } from './migrations/004-text-once.js';
import { entities } from './migrations/005-entities.js';
import { duplicates } from './migrations/006-duplicates.js';
import { bandKeys } from './migrations/007-band-keys.js';
import { sources } from './migrations/008-sources.js';
import { watchedFolders } from './migrations/009-watched-folders.js';
import { recentBands } from './migrations/010-recent-bands.js';
import { bandSeeds } from './migrations/011-band-seeds.js';

/** How far a long migration step has got, for a progress bar. */
export interface MigrationProgress {
  version: number;
  name: string;
  done: number;
  total: number;
}

export type OnMigrationProgress = (progress: MigrationProgress) => void;

/** A schema step: plain SQL, or a function for steps that rewrite data and report progress. */
export interface Migration {
  version: number;
  name: string;
  sql?: string;
  run?: (db: Database, progress: (done: number, total: number) => void) => void;
  /**
   * False for a step that only deletes or adds rows of tables no reference points into or out of:
   * it skips the check of every reference, which reads the whole file (about a minute at a
   * million articles).
   */
  references?: false;
}

/** Every migration in order; a new one is a new numbered file appended here. */
export const MIGRATIONS: readonly Migration[] = [initial, search, lookups, textOnce, entities, duplicates, bandKeys, sources, watchedFolders, recentBands, bandSeeds];

export const SCHEMA_VERSION = MIGRATIONS.length;

export const schemaVersionOf = (db: Database): number => db.pragma('user_version', { simple: true }) as number;

/** Refuse an archive written by a newer Pantau before anything touches it. */
export function assertKnownVersion(db: Database, file: string, latest = SCHEMA_VERSION): void {
  const current = schemaVersionOf(db);
  if (current > latest) {
    throw new ArchiveError(
      `The archive ${file} was written by a newer version of Pantau (schema ${current}; this version knows up to ${latest}). ` +
        'Update Pantau to open it; it has not been changed.',
    );
  }
}

/**
 * Bring the archive to the current schema, one transaction per migration, so a crash leaves it
 * at the last complete version. An archive from a newer Pantau is refused rather than damaged.
 */
export function migrate(db: Database, file: string, migrations: readonly Migration[] = MIGRATIONS, onProgress?: OnMigrationProgress): number {
  assertKnownVersion(db, file, migrations.length);
  const pending = migrations.slice(schemaVersionOf(db));
  if (pending.length === 0) return migrations.length;
  // SQLite's procedure for rebuilding a table: without it, dropping the old table would cascade
  // its deletes into the tables that point at it. The keys are checked before each step commits.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of pending) {
      if (m.version !== migrations.indexOf(m) + 1) throw new Error(`migration ${m.name} is numbered ${m.version} out of order`);
      db.transaction(() => {
        // Another process opening the same archive may have run this step while we waited for the lock.
        if (schemaVersionOf(db) >= m.version) return;
        if (m.sql !== undefined) db.exec(m.sql);
        m.run?.(db, (done, total) => onProgress?.({ version: m.version, name: m.name, done, total }));
        const broken = m.references === false ? [] : db.prepare('PRAGMA foreign_key_check').all();
        if (broken.length > 0) throw new ArchiveError(`migration ${m.version} (${m.name}) would break ${broken.length} references; the archive has not been changed`);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return migrations.length;
}
