import { type Database, pageCacheKiB, type Statement, statementCache } from './driver.js';
import type { EntityKind } from './entities.js';
import { visibleText } from './fts.js';

/** An article as an export row reads it; `text` only when asked for (it is most of the bytes). */
export interface ExportArticle {
  id: number;
  publishedAt: string | null;
  source: string | null;
  section: string | null;
  title: string;
  url: string | null;
  language: string | null;
  author: string | null;
  /** The body without its boilerplate paragraphs, as search sees it. */
  text?: string;
}

/** The names an article is tagged with, by kind, most mentioned first. */
export type ArticleNames = Record<EntityKind, string[]>;

/** Articles tagged with one entity on one day (null: undated). */
export interface EntityDay {
  entityId: number;
  name: string;
  code: string | null;
  day: string | null;
  articles: number;
}

/** Joins a list in SQL; no name contains it. */
const UNIT_SEPARATOR = '\u001f';

/** Reads for exports: rows for a page of article ids at a time, so an export of any size holds one page. */
export class ExportStore {
  private readonly sql: (text: string) => Statement<unknown[]>;

  constructor(private readonly db: Database) {
    this.sql = statementCache(db);
  }

  /** SQLite's page cache for this connection, in KiB: an export reads each page about once, so it needs little. */
  cacheKiB(value?: number): number {
    return pageCacheKiB(this.db, value);
  }

  /** These articles in the order given (ids that are gone are left out). */
  articles(ids: readonly number[], withText: boolean): ExportArticle[] {
    const text = withText ? ', t.body, t.hidden' : '';
    const join = withText ? 'LEFT JOIN article_texts t ON t.id = a.id' : '';
    const rows = this.sql(
      `SELECT a.id, a.published_at AS publishedAt, s.name AS source, a.section, a.title, a.url, a.language, a.author${text}
       FROM articles a LEFT JOIN sources s ON s.id = a.source_id ${join} WHERE a.id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids)) as (ExportArticle & { body?: string | null; hidden?: string | null })[];
    const byId = new Map<number, ExportArticle>();
    for (const { body, hidden, ...r } of rows) byId.set(r.id, withText ? { ...r, text: visibleText(body ?? '', hidden ?? null) } : r);
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The countries, people and tags of these articles (never rejected ones; only confirmed ones
   * with `confirmedOnly`), confirmed first, then by mentions, then by name. Joined into one string
   * per article and kind by SQLite: a page's tags cross into JavaScript as a few strings an
   * article rather than a row each.
   */
  names(ids: readonly number[], confirmedOnly: boolean): Map<number, ArticleNames> {
    const rows = this.sql(
      `SELECT ae.article_id, e.kind, group_concat(e.name, char(31) ORDER BY ae.status = 'confirmed' DESC, ae.mentions DESC, e.name)
       FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
       WHERE ae.article_id IN (SELECT value FROM json_each(?)) AND ae.status ${confirmedOnly ? "= 'confirmed'" : "<> 'rejected'"}
       GROUP BY ae.article_id, e.kind`,
    )
      .raw()
      .all(JSON.stringify(ids)) as [number, EntityKind, string][];
    const out = new Map<number, ArticleNames>();
    for (const [articleId, kind, joined] of rows) {
      let names = out.get(articleId);
      if (!names) {
        names = { country: [], person: [], tag: [] };
        out.set(articleId, names);
      }
      names[kind] = joined.split(UNIT_SEPARATOR);
    }
    return out;
  }

  /**
   * Per entity of `kind` and per day, the articles tagged with it (not rejected; confirmed only
   * with `confirmedOnly`), among `ids` (every article when null). One row per entity and day, so
   * the memory it takes is bounded by entities × days, not by articles.
   */
  entityDays(ids: readonly number[] | null, kind: 'country' | 'person', confirmedOnly: boolean): EntityDay[] {
    const among = ids === null ? '' : 'AND ae.article_id IN (SELECT value FROM json_each(?))';
    const params = ids === null ? [kind] : [kind, JSON.stringify(ids)];
    return this.sql(
      `SELECT e.id AS entityId, e.name, e.code, substr(a.published_at, 1, 10) AS day, count(*) AS articles
       FROM article_entities ae JOIN entities e ON e.id = ae.entity_id JOIN articles a ON a.id = ae.article_id
       WHERE e.kind = ? AND ae.status ${confirmedOnly ? "= 'confirmed'" : "<> 'rejected'"} ${among}
       GROUP BY e.id, day`,
    ).all(...params) as EntityDay[];
  }
}
