import type { Migration } from '../migrate.js';

/*
 * Schema 5: countries, people and the user's own tags (DESIGN §4, §7).
 * - `entities`: one row per country (from the gazetteer, keyed by its ISO code), person (from the
 *   starter registry, added by the user, or first met in an article) or tag. `registry` marks the
 *   people matched by name and alias in every imported article; `muted` ones are never suggested.
 * - `entity_aliases`: other names of an entity (Rusia, Moskow, Putin, Jokowi), for search filters and
 *   the person finder. An alias may name more than one entity (two people called "Ahmad").
 * - `article_entities`: what an article is about and who decided it. Suggestions come from the
 *   analysers with their evidence (offsets of each mention in the analysed text) and score; a
 *   person's confirm or reject is kept across re-analysis, and so are manual tags.
 * - It is read both ways: by article (the primary key, for an article's tags) and by entity and
 *   status (for `country:` / `person:` filters and bulk changes).
 * - `meta` records which gazetteer and starter registry the archive was last brought up to, and
 *   from which article on analysis is still owed (an archive upgraded from schema 4).
 * - `tag_changes` logs the articles whose tags a person changed, so the facets' copy of the tags
 *   in memory (db/search/entity-columns.ts) rereads those articles, not the whole archive.
 */

export const entities: Migration = {
  version: 5,
  name: 'countries, people and tags',
  sql: `
    CREATE TABLE entities (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('country', 'person', 'tag')),
      name TEXT NOT NULL COLLATE NOCASE,
      code TEXT,
      country TEXT,
      office TEXT,
      origin TEXT NOT NULL CHECK (origin IN ('gazetteer', 'starter', 'user', 'auto')),
      registry INTEGER NOT NULL DEFAULT 0,
      muted INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      UNIQUE (kind, name)
    );
    CREATE UNIQUE INDEX entities_code ON entities(code) WHERE code IS NOT NULL;

    CREATE TABLE entity_aliases (
      alias TEXT NOT NULL COLLATE NOCASE,
      entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
      PRIMARY KEY (alias, entity_id)
    ) WITHOUT ROWID;
    CREATE INDEX entity_aliases_entity ON entity_aliases(entity_id);

    CREATE TABLE article_entities (
      article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
      entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
      status TEXT NOT NULL CHECK (status IN ('suggested', 'confirmed', 'rejected')),
      origin TEXT NOT NULL CHECK (origin IN ('auto', 'manual')),
      mentions INTEGER NOT NULL DEFAULT 0,
      score REAL NOT NULL DEFAULT 0,
      evidence TEXT,
      decided_at TEXT,
      PRIMARY KEY (article_id, entity_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_entities_entity ON article_entities(entity_id, status, article_id);

    CREATE TABLE tag_changes (
      seq INTEGER PRIMARY KEY,
      article_id INTEGER NOT NULL
    );

    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO meta (key, value) SELECT 'analysis_owed_up_to', max(id) FROM articles HAVING count(*) > 0;
  `,
};
