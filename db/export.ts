import type { Database, Statement } from './driver.js';
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

/** Reads for exports: rows for a page of article ids at a time, so an export of any size holds one page. */
export class ExportStore {
  private readonly stmts = new Map<string, Statement<unknown[]>>();

  constructor(private readonly db: Database) {}

  private sql(text: string): Statement<unknown[]> {
    let s = this.stmts.get(text);
    if (!s) {
      s = this.db.prepare<unknown[]>(text);
      this.stmts.set(text, s);
    }
    return s;
  }

  /** SQLite's page cache for this connection, in KiB: an export reads each page about once, so it needs little. */
  cacheKiB(value?: number): number {
    if (value !== undefined) this.db.pragma(`cache_size = -${Math.round(value)}`);
    return -(this.db.pragma('cache_size', { simple: true }) as number);
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

  /** Every entity's kind and name by id, read once per export: the tags of each page are then named without a join. */
  entityNames(): Map<number, { kind: EntityKind; name: string }> {
    const rows = this.sql('SELECT id, kind, name FROM entities').raw().all() as [number, EntityKind, string][];
    return new Map(rows.map(([id, kind, name]) => [id, { kind, name }]));
  }

  /**
   * The countries, people and tags of these articles (never rejected ones; only confirmed ones
   * with `confirmedOnly`), confirmed first, then by mentions, then by name. Tags are read by the
   * table's primary key and named from `entities` (entityNames), then ordered per article.
   */
  names(ids: readonly number[], confirmedOnly: boolean, entities: ReadonlyMap<number, { kind: EntityKind; name: string }>): Map<number, ArticleNames> {
    const rows = this.sql(
      `SELECT article_id, entity_id, status = 'confirmed', mentions FROM article_entities
       WHERE article_id IN (SELECT value FROM json_each(?)) AND status ${confirmedOnly ? "= 'confirmed'" : "<> 'rejected'"}`,
    )
      .raw()
      .all(JSON.stringify(ids)) as [number, number, number, number][];
    const byArticle = new Map<number, { name: string; kind: EntityKind; confirmed: number; mentions: number }[]>();
    for (const [articleId, entityId, confirmed, mentions] of rows) {
      const e = entities.get(entityId);
      if (!e) continue;
      const list = byArticle.get(articleId);
      const tag = { name: e.name, kind: e.kind, confirmed, mentions };
      if (list) list.push(tag);
      else byArticle.set(articleId, [tag]);
    }
    const out = new Map<number, ArticleNames>();
    for (const [articleId, tags] of byArticle) {
      tags.sort((x, y) => y.confirmed - x.confirmed || y.mentions - x.mentions || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      const names: ArticleNames = { country: [], person: [], tag: [] };
      for (const t of tags) names[t.kind].push(t.name);
      out.set(articleId, names);
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
