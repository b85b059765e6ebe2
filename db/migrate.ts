import { ArchiveError, type Database } from './driver.js';
import { initial } from './migrations/001-initial.js';
import { search } from './migrations/002-search.js';
import { lookups } from './migrations/003-lookups.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration in order; a new one is a new numbered file appended here. */
export const MIGRATIONS: readonly Migration[] = [initial, search, lookups];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Bring the archive to the current schema, one transaction per migration, so a crash leaves it
 * at the last complete version. An archive from a newer Pantau is refused rather than damaged.
 */
export function migrate(db: Database, file: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new ArchiveError(
      `The archive ${file} was written by a newer version of Pantau (schema ${current}; this version knows up to ${latest}). ` +
        'Update Pantau to open it; it has not been changed.',
    );
  }
  for (const m of migrations.slice(current)) {
    if (m.version !== migrations.indexOf(m) + 1) throw new Error(`migration ${m.name} is numbered ${m.version} out of order`);
    db.transaction(() => {
      // Another process opening the same archive may have run this step while we waited for the lock.
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return latest;
}
