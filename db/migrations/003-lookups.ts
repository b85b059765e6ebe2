import type { Migration } from '../migrate.js';

/*
 * An article's record keeps source, language and date after its body, so reading them from the
 * table walks the body's overflow pages. Searches check filters and count facets for hundreds of
 * thousands of matches, so they read these columns from narrow indexes instead:
 * - articles_meta finds them by id (a filter or facet per full-text match);
 * - source and language indexes carry the date, so `source:x date:…` is answered by one index range.
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
  `,
};
