import type { Migration } from '../migrate.js';

/*
 * Schema 10: a small table of recent band keys beside `dup_bands`, the same shape. At a million
 * articles `dup_bands` holds tens of millions of rows, and the keys of a thousand new articles
 * (about 55,000 rows, spread over the whole key range) landed each on a different leaf page of it:
 * committing them wrote tens of thousands of pages. A pass of the duplicate finder over few
 * articles now writes into `dup_bands_recent`, whose pages are a few thousand; lookups read both
 * tables; and now and then the recent rows are merged into `dup_bands` in key order, each of its
 * pages written once (electron/analysis/duplicates/update.ts). Every recent row belongs to an
 * article newer than those of every row of `dup_bands`, so reading the main table's rows of a key
 * and then the recent table's lists them oldest first, as one table would.
 */
export const recentBands: Migration = {
  version: 10,
  name: 'recent duplicate band keys',
  sql: `
    CREATE TABLE dup_bands_recent (
      key INTEGER NOT NULL,
      article_id INTEGER NOT NULL,
      position INTEGER NOT NULL,
      PRIMARY KEY (key, article_id, position)
    ) WITHOUT ROWID;
  `,
};
