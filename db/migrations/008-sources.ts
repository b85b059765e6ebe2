import type { Migration } from '../migrate.js';

/*
 * Schema 8: more sources (news-database exports, e-mail, feeds).
 * - `articles.external_id`: the identifier the source gives an article (a Factiva document id, an
 *   e-mail's Message-ID), unique where present, so re-importing an overlapping download adds
 *   nothing twice even when the text differs slightly.
 * - `feeds`: the feeds the user asked Pantau to watch, with what polling needs (conditional request
 *   validators, back-off) and what the user is shown (last success, last error, the new articles of
 *   the last poll, all its articles).
 * - `feed_items`: the items of each feed already taken, by their link (else a hash of their title,
 *   date and text), so an item is fetched and imported once.
 */
export const sources: Migration = {
  version: 8,
  name: 'external ids and feeds',
  sql: `
    ALTER TABLE articles ADD COLUMN external_id TEXT;
    CREATE UNIQUE INDEX articles_external_id ON articles(external_id) WHERE external_id IS NOT NULL;

    CREATE TABLE feeds (
      id INTEGER PRIMARY KEY,
      url TEXT NOT NULL UNIQUE,
      every_seconds INTEGER NOT NULL,
      source TEXT,
      full_text INTEGER NOT NULL DEFAULT 0,
      added_at TEXT NOT NULL,
      etag TEXT,
      last_modified TEXT,
      last_polled_at TEXT,
      last_success_at TEXT,
      last_error TEXT,
      failures INTEGER NOT NULL DEFAULT 0,
      next_poll_at TEXT,
      last_new INTEGER NOT NULL DEFAULT 0,
      articles INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE feed_items (
      feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
      item_key TEXT NOT NULL,
      seen_at TEXT NOT NULL,
      PRIMARY KEY (feed_id, item_key)
    ) WITHOUT ROWID;
  `,
};
