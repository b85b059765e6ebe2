import type { Database } from './driver.js';

/** A condition over `a` (the articles table) with its bound parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/**
 * A parsed query as the archive runs it: an FTS5 expression that ranks and highlights (null when
 * the query has no positive text) and the rest as a condition. Both are built by the query
 * compiler from the user's query; user text only ever travels as bound parameters.
 */
export interface CompiledSearch {
  match: string | null;
  where: SqlCondition;
}

export type SortOrder = 'relevance' | 'newest' | 'oldest';

/** Where the previous page stopped: the sort key and id of its last row. */
export interface Cursor {
  sort: SortOrder;
  key: number | string;
  id: number;
}

export interface HitRow {
  id: number;
  title: string;
  source: string | null;
  publishedAt: string | null;
  language: string | null;
  snippet: string;
  sortKey: number | string;
}

export interface FacetCount {
  value: string;
  count: number;
}

export type Granularity = 'day' | 'week' | 'month';

export interface FacetRows {
  sources: FacetCount[];
  languages: FacetCount[];
  timeline: FacetCount[];
  granularity: Granularity;
}

/** Markers FTS5's snippet() puts around matches; private-use characters cannot occur in stored text. */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

const BM25 = 'bm25(articles_fts, 10.0, 1.0)';
const DATE_KEY = "ifnull(a.published_at, '')";
const SNIPPET = (col: number, start: string, end: string): string => `snippet(articles_fts, ${col}, '${start}', '${end}', '…', 16)`;
/** The body's snippet when it matches, else the title's: an article found by its title still shows why. */
const SNIPPET_SQL = `coalesce(nullif(${SNIPPET(1, MATCH_START, MATCH_END)}, ${SNIPPET(1, '', '')}), ${SNIPPET(0, MATCH_START, MATCH_END)})`;
const PLAIN_SNIPPET_SQL = "substr(replace(a.body, char(10), ' '), 1, 240)";
const FACET_LIMIT = 50;

/** The FROM/WHERE every search statement shares, so count, page and facets see one match set. */
function base(q: CompiledSearch): { sql: string; params: unknown[] } {
  if (q.match === null) {
    return { sql: `FROM articles a WHERE (${q.where.sql})`, params: [...q.where.params] };
  }
  return {
    sql: `FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ? AND (${q.where.sql})`,
    params: [q.match, ...q.where.params],
  };
}

/** Runs compiled searches; counts, pages and facets are separate calls so the first page never waits on facets. */
export class SearchStore {
  constructor(private readonly db: Database) {}

  /** Exact number of matches; with `newerThan`, only articles added after that article id. */
  count(q: CompiledSearch, newerThan?: number): number {
    const b = base(q);
    const sql = newerThan === undefined ? `SELECT count(*) ${b.sql}` : `SELECT count(*) ${b.sql} AND a.id > ?`;
    const params = newerThan === undefined ? b.params : [...b.params, newerThan];
    return (this.db.prepare(sql).pluck().get(...params) as number) ?? 0;
  }

  /** One page in `sort` order after `cursor`; `limit + 1` rows are read to know whether more follow. */
  page(q: CompiledSearch, sort: SortOrder, limit: number, cursor: Cursor | null): HitRow[] {
    const b = base(q);
    const effective: SortOrder = sort === 'relevance' && q.match === null ? 'newest' : sort;
    const key = effective === 'relevance' ? BM25 : DATE_KEY;
    const dir = effective === 'newest' ? 'DESC' : 'ASC';
    const params = [...b.params];
    let after = '';
    if (cursor) {
      after = ` AND (${key}, a.id) ${dir === 'DESC' ? '<' : '>'} (?, ?)`;
      params.push(cursor.key, cursor.id);
    }
    const snippet = q.match === null ? PLAIN_SNIPPET_SQL : SNIPPET_SQL;
    const sql = `SELECT a.id, a.title, (SELECT name FROM sources WHERE id = a.source_id) AS source, a.published_at AS publishedAt,
                        a.language, ${snippet} AS snippet, ${key} AS sortKey
                 ${b.sql}${after}
                 ORDER BY ${key} ${dir}, a.id ${dir} LIMIT ?`;
    return this.db.prepare(sql).all(...params, limit + 1) as HitRow[];
  }

  facets(q: CompiledSearch, granularity?: Granularity): FacetRows {
    const b = base(q);
    const group = (expr: string, order: string, limit = FACET_LIMIT): FacetCount[] =>
      this.db
        .prepare(`SELECT ${expr} AS value, count(*) AS count ${b.sql} AND ${expr} IS NOT NULL GROUP BY 1 ORDER BY ${order} LIMIT ${limit}`)
        .all(...b.params) as FacetCount[];
    const span = this.db.prepare(`SELECT min(a.published_at) AS first, max(a.published_at) AS last ${b.sql}`).get(...b.params) as {
      first: string | null;
      last: string | null;
    };
    const unit = granularity ?? chooseGranularity(span.first, span.last);
    const period = { day: 'substr(a.published_at, 1, 10)', week: "strftime('%Y-W%W', substr(a.published_at, 1, 10))", month: 'substr(a.published_at, 1, 7)' }[unit];
    return {
      sources: group('(SELECT name FROM sources WHERE id = a.source_id)', 'count DESC, value'),
      languages: group('a.language', 'count DESC, value'),
      timeline: group(period, 'value', 100_000),
      granularity: unit,
    };
  }
}

/** Days for a few months of news, weeks up to two years, months beyond: a readable number of bars. */
function chooseGranularity(first: string | null, last: string | null): Granularity {
  if (!first || !last) return 'month';
  const days = (Date.parse(last.slice(0, 10)) - Date.parse(first.slice(0, 10))) / 86_400_000;
  if (days <= 92) return 'day';
  if (days <= 731) return 'week';
  return 'month';
}
