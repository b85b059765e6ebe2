import type { Migration } from '../migrate.js';
import { FTS_TABLE_SQL, indexText } from '../fts.js';

/*
 * Schema 4: each article's text is stored once, apart from its metadata.
 * - `articles` is a narrow row (title, url, outlet, dates, language, a 16-byte content hash): every
 *   metadata read, filter and facet stays off the text's overflow pages, so the covering index of
 *   schema 3 is gone.
 * - `article_texts` holds the clean body (distinct paragraphs joined by blank lines).
 * - `paragraphs` keeps position, hash, repeat count and flags; its text is the body's paragraph
 *   at that position, not a second copy.
 * - The full-text index is external content over both (see fts.ts), without prefix indexes: the
 *   search benchmark showed `term*` fast enough without them for their size (bench/RESULTS.md).
 * - No index on paragraph hashes or on the import an article came from: nothing reads them yet, and
 *   the hash index was the most scattered write of an import (a random place per paragraph). The
 *   duplicate finder will add the lookup it needs.
 * New articles enter the index from Archive.writeBatch (an INSERT trigger would flush FTS5 at
 * every statement savepoint); removal and edits stay on triggers.
 */

const SCHEMA = `
  DROP TRIGGER articles_fts_delete;
  DROP TRIGGER articles_fts_update;
  DROP TRIGGER articles_edits_delete;
  DROP TRIGGER articles_edits_update;
  DROP TABLE articles_fts;

  CREATE TABLE articles_v4 (
    id INTEGER PRIMARY KEY,
    content_hash BLOB NOT NULL UNIQUE,
    title TEXT NOT NULL,
    url TEXT,
    source_id INTEGER REFERENCES sources(id),
    author TEXT,
    published_at TEXT,
    language TEXT,
    origin TEXT NOT NULL,
    import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL,
    added_at TEXT NOT NULL
  );
  INSERT INTO articles_v4 (id, content_hash, title, url, source_id, author, published_at, language, origin, import_id, added_at)
    SELECT id, unhex(substr(content_hash, 1, 32)), title, url, source_id, author, published_at, language, origin, import_id, added_at
    FROM articles ORDER BY id;

  CREATE TABLE article_texts (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL
  );
  INSERT INTO article_texts (id, body) SELECT id, body FROM articles ORDER BY id;

  CREATE TABLE paragraphs_v4 (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    occurrences INTEGER NOT NULL DEFAULT 1,
    flags INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, position)
  ) WITHOUT ROWID;
  INSERT INTO paragraphs_v4 (article_id, position, hash, occurrences, flags)
    SELECT article_id, position, hash, occurrences, flags FROM paragraphs ORDER BY article_id, position;

  DROP TABLE paragraphs;
  DROP TABLE articles;
  ALTER TABLE articles_v4 RENAME TO articles;
  ALTER TABLE paragraphs_v4 RENAME TO paragraphs;

  CREATE INDEX articles_date_key ON articles(ifnull(published_at, ''), id);
  CREATE INDEX articles_source_date ON articles(source_id, published_at);
  CREATE INDEX articles_language_date ON articles(language, published_at);

  ${FTS_TABLE_SQL}

  -- The text row goes with its article, after FTS5 has been told which tokens to remove.
  CREATE TRIGGER articles_delete BEFORE DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
      SELECT 'delete', old.id, pantau_index_text(old.title), pantau_index_text(t.body) FROM article_texts t WHERE t.id = old.id;
    DELETE FROM article_texts WHERE id = old.id;
  END;
  CREATE TRIGGER articles_title_update AFTER UPDATE OF title ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
      SELECT 'delete', old.id, pantau_index_text(old.title), pantau_index_text(t.body) FROM article_texts t WHERE t.id = old.id;
    INSERT INTO articles_fts (rowid, title, body)
      SELECT new.id, pantau_index_text(new.title), pantau_index_text(t.body) FROM article_texts t WHERE t.id = new.id;
  END;
  CREATE TRIGGER article_texts_update AFTER UPDATE OF body ON article_texts BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
      SELECT 'delete', old.id, pantau_index_text(a.title), pantau_index_text(old.body) FROM articles a WHERE a.id = old.id;
    INSERT INTO articles_fts (rowid, title, body)
      SELECT new.id, pantau_index_text(a.title), pantau_index_text(new.body) FROM articles a WHERE a.id = new.id;
  END;

  CREATE TRIGGER articles_edits_delete AFTER DELETE ON articles BEGIN
    UPDATE article_edits SET n = n + 1;
  END;
  CREATE TRIGGER articles_edits_update AFTER UPDATE OF source_id, language, published_at ON articles BEGIN
    UPDATE article_edits SET n = n + 1;
  END;
`;

const CHUNK = 2000;

export const textOnce: Migration = {
  version: 4,
  name: 'text stored once, narrow article rows',
  run(db, progress) {
    db.exec(SCHEMA);
    const total = db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
    const read = db.prepare<[number, number], { id: number; title: string; body: string }>(
      'SELECT a.id, a.title, t.body FROM articles a JOIN article_texts t ON t.id = a.id WHERE a.id > ? ORDER BY a.id LIMIT ?',
    );
    const index = db.prepare('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)');
    let done = 0;
    let after = 0;
    progress(0, total);
    for (let rows = read.all(after, CHUNK); rows.length > 0; rows = read.all(after, CHUNK)) {
      for (const r of rows) index.run(r.id, indexText(r.title), indexText(r.body));
      done += rows.length;
      after = rows[rows.length - 1]!.id;
      progress(done, total);
    }
  },
};
