import type { Migration } from '../migrate.js';

/*
 * Schema 6: duplicate paragraphs and outlet boilerplate (DESIGN §8).
 * - `articles.section`: the subdomain an article was published under (news.detik.com → news);
 *   the outlet stays the registrable domain.
 * - `article_texts.hidden`: positions of the article's boilerplate paragraphs ("3,7"), NULL when
 *   none. The full-text index and its snippets see the body without them (pantau_visible_text), so a
 *   video teaser naming a politician no longer makes the article match that name. Setting it
 *   re-indexes the article through a trigger.
 * - `dup_bands`: four LSH band keys per distinct paragraph of at least eight words, pointing at its
 *   first occurrence (article, position). Exact copies store none: they share all four keys with
 *   the paragraph they copy, which is how they are found.
 * - `dup_edges`: every pair the band lookup proposed whose real 5-gram similarity reached 0.5,
 *   between paragraphs named `article_id * 65536 + position`. Clusters are the union of the edges
 *   at or above the user's threshold, so a new threshold regroups from here without rereading text.
 * - `dup_members`: each paragraph in a cluster; `dup_clusters`: each cluster's size, outlets and
 *   first and last appearance, kept up to date as members join, for sorting without aggregating.
 *   AUTOINCREMENT: the id of a cluster that is gone is never given to another.
 * - `outlet_lines`: in how many articles of an outlet a short paragraph (kind 0, by its hash) or a
 *   short paragraph's opening words (kind 1) appeared; at the boilerplate threshold it is boilerplate.
 */
export const duplicates: Migration = {
  version: 6,
  name: 'duplicate paragraphs and boilerplate',
  sql: `
    ALTER TABLE articles ADD COLUMN section TEXT;
    ALTER TABLE article_texts ADD COLUMN hidden TEXT;

    DROP TRIGGER articles_delete;
    DROP TRIGGER articles_title_update;
    DROP TRIGGER article_texts_update;
    DROP VIEW article_fts_source;
    CREATE VIEW article_fts_source (id, title, body) AS
      SELECT a.id, a.title, pantau_visible_text(t.body, t.hidden) FROM articles a JOIN article_texts t ON t.id = a.id;

    CREATE TRIGGER articles_delete BEFORE DELETE ON articles BEGIN
      INSERT INTO articles_fts (articles_fts, rowid, title, body)
        SELECT 'delete', old.id, pantau_index_text(old.title), pantau_index_text(pantau_visible_text(t.body, t.hidden)) FROM article_texts t WHERE t.id = old.id;
      DELETE FROM article_texts WHERE id = old.id;
    END;
    CREATE TRIGGER articles_title_update AFTER UPDATE OF title ON articles BEGIN
      INSERT INTO articles_fts (articles_fts, rowid, title, body)
        SELECT 'delete', old.id, pantau_index_text(old.title), pantau_index_text(pantau_visible_text(t.body, t.hidden)) FROM article_texts t WHERE t.id = old.id;
      INSERT INTO articles_fts (rowid, title, body)
        SELECT new.id, pantau_index_text(new.title), pantau_index_text(pantau_visible_text(t.body, t.hidden)) FROM article_texts t WHERE t.id = new.id;
    END;
    CREATE TRIGGER article_texts_update AFTER UPDATE OF body, hidden ON article_texts BEGIN
      INSERT INTO articles_fts (articles_fts, rowid, title, body)
        SELECT 'delete', old.id, pantau_index_text(a.title), pantau_index_text(pantau_visible_text(old.body, old.hidden)) FROM articles a WHERE a.id = old.id;
      INSERT INTO articles_fts (rowid, title, body)
        SELECT new.id, pantau_index_text(a.title), pantau_index_text(pantau_visible_text(new.body, new.hidden)) FROM articles a WHERE a.id = new.id;
    END;

    CREATE TABLE dup_bands (
      key INTEGER NOT NULL,
      article_id INTEGER NOT NULL,
      position INTEGER NOT NULL,
      PRIMARY KEY (key, article_id, position)
    ) WITHOUT ROWID;

    CREATE TABLE dup_edges (
      a INTEGER NOT NULL,
      b INTEGER NOT NULL,
      similarity REAL NOT NULL,
      PRIMARY KEY (a, b)
    ) WITHOUT ROWID;

    CREATE TABLE dup_clusters (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      size INTEGER NOT NULL DEFAULT 0,
      outlets INTEGER NOT NULL DEFAULT 0,
      first_article INTEGER,
      first_position INTEGER,
      first_published TEXT,
      last_published TEXT
    );
    CREATE INDEX dup_clusters_size ON dup_clusters(size, id);
    CREATE INDEX dup_clusters_outlets ON dup_clusters(outlets, size);
    CREATE INDEX dup_clusters_recent ON dup_clusters(last_published, id);

    CREATE TABLE dup_members (
      article_id INTEGER NOT NULL,
      position INTEGER NOT NULL,
      cluster INTEGER NOT NULL,
      PRIMARY KEY (article_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX dup_members_cluster ON dup_members(cluster);

    CREATE TABLE outlet_lines (
      source_id INTEGER NOT NULL,
      kind INTEGER NOT NULL,
      key INTEGER NOT NULL,
      articles INTEGER NOT NULL,
      last_article INTEGER NOT NULL,
      PRIMARY KEY (source_id, kind, key)
    ) WITHOUT ROWID;

    CREATE TABLE boilerplate (
      source_id INTEGER NOT NULL,
      kind INTEGER NOT NULL,
      key INTEGER NOT NULL,
      example TEXT NOT NULL,
      PRIMARY KEY (source_id, kind, key)
    ) WITHOUT ROWID;
  `,
};
