import type { Migration } from '../migrate.js';

/*
 * Date-ordered results page through this index with keyset conditions on (key, id); undated
 * articles sort as the empty string, before every date. Saved searches remember the highest
 * article id seen when last opened, so "new since" is a range on the primary key.
 */
export const search: Migration = {
  version: 2,
  name: 'date sort key, saved searches',
  sql: `
    CREATE INDEX articles_date_key ON articles(ifnull(published_at, ''), id);

    CREATE TABLE saved_searches (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      query TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_opened_at TEXT,
      seen_up_to INTEGER NOT NULL DEFAULT 0
    );
  `,
};
