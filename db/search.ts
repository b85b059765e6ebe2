import type { Database, Statement } from './driver.js';

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
/** FTS5 picks the column (body or title) whose extract best shows the matches. */
const SNIPPET_SQL = `snippet(articles_fts, -1, '${MATCH_START}', '${MATCH_END}', '…', 16)`;
const PLAIN_SNIPPET_SQL = "substr(replace(a.body, char(10), ' '), 1, 240)";
const HIT_COLUMNS = 'a.id, a.title, (SELECT name FROM sources WHERE id = a.source_id) AS source, a.published_at AS publishedAt, a.language';
const FACET_LIMIT = 50;
/**
 * Above this share of the archive, a date-sorted text search walks the date index and tests each
 * article against the match set, instead of fetching and sorting every match.
 */
const WALK_DATE_INDEX_SHARE = 0.02;

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

const onlyText = (q: CompiledSearch): boolean => q.match !== null && q.where.sql === '1';

/** Runs compiled searches; counts, pages and facets are separate calls so the first page never waits on facets. */
export class SearchStore {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  private prepared(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Exact number of matches; with `newerThan`, only articles added after that article id. */
  count(q: CompiledSearch, newerThan?: number): number {
    // Text alone is counted on the index without visiting a single article.
    if (newerThan === undefined && onlyText(q)) {
      return this.prepared('SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?').pluck().get(q.match) as number;
    }
    const b = base(q);
    const sql = newerThan === undefined ? `SELECT count(*) ${b.sql}` : `SELECT count(*) ${b.sql} AND a.id > ?`;
    const params = newerThan === undefined ? b.params : [...b.params, newerThan];
    return this.prepared(sql).pluck().get(...params) as number;
  }

  /**
   * One page in `sort` order after `cursor`; `limit + 1` rows are read to know whether more follow.
   * `total` (from count) tells a broad date-sorted search to walk the date index instead.
   */
  page(q: CompiledSearch, sort: SortOrder, limit: number, cursor: Cursor | null, total: number): HitRow[] {
    const effective: SortOrder = sort === 'relevance' && q.match === null ? 'newest' : sort;
    if (effective !== 'relevance' && q.match !== null && total > this.articleCount() * WALK_DATE_INDEX_SHARE) {
      return this.pageByDateIndex(q, effective, limit, cursor);
    }
    const b = base(q);
    const key = effective === 'relevance' ? BM25 : DATE_KEY;
    const dir = effective === 'newest' ? 'DESC' : 'ASC';
    const params = [...b.params];
    let after = '';
    if (cursor) {
      after = ` AND (${key}, a.id) ${dir === 'DESC' ? '<' : '>'} (?, ?)`;
      params.push(cursor.key, cursor.id);
    }
    const snippet = q.match === null ? PLAIN_SNIPPET_SQL : SNIPPET_SQL;
    const sql = `SELECT ${HIT_COLUMNS}, ${snippet} AS snippet, ${key} AS sortKey
                 ${b.sql}${after}
                 ORDER BY ${key} ${dir}, a.id ${dir} LIMIT ?`;
    return this.prepared(sql).all(...params, limit + 1) as HitRow[];
  }

  private articleCount(): number {
    return (this.prepared('SELECT ifnull(max(id), 0) FROM articles').pluck().get() as number) ?? 0;
  }

  /** Newest/oldest pages of a common term: read the date index in order, keep the matching articles, then snippet those. */
  private pageByDateIndex(q: CompiledSearch, sort: 'newest' | 'oldest', limit: number, cursor: Cursor | null): HitRow[] {
    const dir = sort === 'newest' ? 'DESC' : 'ASC';
    const params: unknown[] = [q.match, ...q.where.params];
    let after = '';
    if (cursor) {
      after = ` AND (${DATE_KEY}, a.id) ${dir === 'DESC' ? '<' : '>'} (?, ?)`;
      params.push(cursor.key, cursor.id);
    }
    const rows = this.prepared(
      `SELECT ${HIT_COLUMNS}, ${DATE_KEY} AS sortKey FROM articles a INDEXED BY articles_date_key
       WHERE +a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) AND (${q.where.sql})${after}
       ORDER BY ${DATE_KEY} ${dir}, a.id ${dir} LIMIT ?`,
    ).all(...params, limit + 1) as Omit<HitRow, 'snippet'>[];
    const snippet = this.prepared(`SELECT ${SNIPPET_SQL} FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?`).pluck();
    return rows.map((r) => ({ ...r, snippet: (snippet.get(q.match, r.id) as string | undefined) ?? '' }));
  }

  /** Every facet from one pass over the match set: per outlet, language and day, summed up here. */
  facets(q: CompiledSearch, granularity?: Granularity): FacetRows {
    const b = base(q);
    const cells = this.prepared(
      `SELECT a.source_id AS source, a.language AS language, substr(a.published_at, 1, 10) AS day, count(*) AS n ${b.sql} GROUP BY 1, 2, 3`,
    ).all(...b.params) as { source: number | null; language: string | null; day: string | null; n: number }[];
    const days = cells.map((c) => c.day).filter((d): d is string => d !== null).sort();
    const unit = granularity ?? chooseGranularity(days[0] ?? null, days[days.length - 1] ?? null);
    const bySource = new Map<number, number>();
    const byLanguage = new Map<string, number>();
    const byPeriod = new Map<string, number>();
    const add = <K>(m: Map<K, number>, k: K, n: number): void => {
      m.set(k, (m.get(k) ?? 0) + n);
    };
    for (const c of cells) {
      if (c.source !== null) add(bySource, c.source, c.n);
      if (c.language !== null) add(byLanguage, c.language, c.n);
      if (c.day !== null) add(byPeriod, periodOf(c.day, unit), c.n);
    }
    const names = new Map(
      (this.prepared('SELECT id, name FROM sources').all() as { id: number; name: string }[]).map((r) => [r.id, r.name] as const),
    );
    const ranked = (m: Map<string, number>): FacetCount[] =>
      [...m].map(([value, count]) => ({ value, count })).sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1)).slice(0, FACET_LIMIT);
    return {
      sources: ranked(new Map([...bySource].map(([id, n]) => [names.get(id) ?? String(id), n]))),
      languages: ranked(byLanguage),
      timeline: [...byPeriod].map(([value, count]) => ({ value, count })).sort((x, y) => (x.value < y.value ? -1 : 1)),
      granularity: unit,
    };
  }
}

/** The day itself, its month (2023-03) or its ISO 8601 week (2023-W12). */
export function periodOf(day: string, unit: Granularity): string {
  if (unit === 'day') return day;
  if (unit === 'month') return day.slice(0, 7);
  const d = new Date(`${day}T00:00:00Z`);
  // An ISO week belongs to the year of its Thursday; week 1 is the one holding 4 January.
  d.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const year = d.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((d.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Days for a few months of news, weeks up to two years, months beyond: a readable number of bars. */
function chooseGranularity(first: string | null, last: string | null): Granularity {
  if (!first || !last) return 'month';
  const days = (Date.parse(last.slice(0, 10)) - Date.parse(first.slice(0, 10))) / 86_400_000;
  if (days <= 92) return 'day';
  if (days <= 731) return 'week';
  return 'month';
}
