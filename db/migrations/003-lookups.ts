import type { Migration } from '../migrate.js';

/*
 * An article's record keeps source, language and date after its body, so reading them from the
 * table walks the body's overflow pages. Searches check filters and count facets for hundreds of
 * thousands of matches, so they read these columns from narrow indexes instead:
 * - articles_meta finds them by id (a filter or facet per full-text match);
 * - source and language indexes carry the date, so `source:x date:…` is answered by one index range.
 * Facets keep these columns in memory (db/columns.ts) and read new articles by id; article_edits
 * counts removals and changes to them, which a by-id reading cannot see.
 */
export const lookups: Migration = {
  version: 3,
  name: 'narrow indexes for filters and facets',
  sql: `
    CREATE INDEX articles_meta ON articles(id, source_id, language, published_at);
    DROP INDEX articles_source;
    CREATE INDEX articles_source_date ON articles(source_id, published_at);
    DROP INDEX articles_language;
    CREATE INDEX articles_language_date ON articles(language, published_at);

    CREATE TABLE article_edits (n INTEGER NOT NULL);
    INSERT INTO article_edits (n) VALUES (0);
    CREATE TRIGGER articles_edits_delete AFTER DELETE ON articles BEGIN
      UPDATE article_edits SET n = n + 1;
    END;
    CREATE TRIGGER articles_edits_update AFTER UPDATE OF source_id, language, published_at ON articles BEGIN
      UPDATE article_edits SET n = n + 1;
    END;
  `,
};
