import type { Migration } from '../migrate.js';

/*
 * Paragraphs are stored once per article (repeats counted in `occurrences`), so the clean body,
 * the FTS index and duplicate detection all see each paragraph once.
 * `flags`: 1 = repeated inside its article, 2 = outlet boilerplate. Keyed by (article, position)
 * without a rowid: one B-tree instead of two on the hottest insert of an import.
 *
 * New articles enter the full-text index from Archive.writeBatch, not from an INSERT trigger: a
 * trigger opens a statement savepoint, and FTS5 flushes its pending terms at every savepoint, which
 * made each article its own index segment and doubled the cost of an import. Deletes and updates
 * are rare and stay on triggers.
 */
export const initial: Migration = {
  version: 1,
  name: 'sources, import runs, articles, paragraphs, full-text index',
  sql: `
    PRAGMA application_id = 1347310677;

    CREATE TABLE sources (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      created_at TEXT NOT NULL
    );

    CREATE TABLE imports (
      id INTEGER PRIMARY KEY,
      origin TEXT NOT NULL,
      options TEXT NOT NULL DEFAULT '{}',
      started_at TEXT NOT NULL,
      finished_at TEXT,
      status TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'interrupted', 'failed')),
      pid INTEGER,
      files INTEGER NOT NULL DEFAULT 0,
      imported INTEGER NOT NULL DEFAULT 0,
      skipped INTEGER NOT NULL DEFAULT 0,
      failed INTEGER NOT NULL DEFAULT 0,
      warnings INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE import_problems (
      id INTEGER PRIMARY KEY,
      import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('error', 'warning')),
      path TEXT NOT NULL,
      reason TEXT NOT NULL
    );
    CREATE INDEX import_problems_import ON import_problems(import_id);

    CREATE TABLE articles (
      id INTEGER PRIMARY KEY,
      content_hash TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      url TEXT,
      source_id INTEGER REFERENCES sources(id),
      author TEXT,
      published_at TEXT,
      language TEXT,
      origin TEXT NOT NULL,
      import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL,
      added_at TEXT NOT NULL
    );
    CREATE INDEX articles_source ON articles(source_id);
    CREATE INDEX articles_published ON articles(published_at);
    CREATE INDEX articles_language ON articles(language);
    CREATE INDEX articles_import ON articles(import_id);

    CREATE TABLE paragraphs (
      article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      text TEXT NOT NULL,
      hash INTEGER NOT NULL,
      occurrences INTEGER NOT NULL DEFAULT 1,
      flags INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (article_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX paragraphs_hash ON paragraphs(hash);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
      title, body,
      content = 'articles', content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3'
    );
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
      INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
      INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
      INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END;
  `,
};
