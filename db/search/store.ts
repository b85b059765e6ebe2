import { ArticleColumns, dayString } from './columns.js';
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
/** The date order of articles under `alias`, as articles_date_key indexes it: undated sorts first. */
const dateKey = (alias: string): string => `ifnull(${alias}.published_at, '')`;
const DATE_KEY = dateKey('a');
/** FTS5 picks the column (body or title) whose extract best shows the matches. */
const SNIPPET_SQL = `snippet(articles_fts, -1, '${MATCH_START}', '${MATCH_END}', '…', 16)`;
const PLAIN_SNIPPET_SQL = "substr(replace(a.body, char(10), ' '), 1, 240)";
const HIT_COLUMNS = 'a.id, a.title, (SELECT name FROM sources WHERE id = a.source_id) AS source, a.published_at AS publishedAt, a.language';
const FACET_LIMIT = 50;
const STATEMENT_CACHE = 200;
/**
 * A date-sorted text search either sorts its whole match set (about half a microsecond a match)
 * or walks the date index probing the full-text index per article (about 140 times that, and
 * (limit + 1) × archive / total probes a page). It walks when that is the cheaper of the two:
 * total² > (limit + 1) × archive × WALK_PROBE_COST, about 5% of a million articles or 17% of 100,000.
 */
const WALK_PROBE_COST = 140;
/** How far the planner counts either side of a text search with filters before it picks a side. */
const PLAN_PROBE_LIMIT = 50_000;
/**
 * Up to this many matches, a page's snippets come from one more pass over the match set; beyond,
 * from a lookup per hit. A lookup costs about what reading 25 matches does (FTS5 parses the
 * expression and seeks each word again), and a page has 20 hits.
 */
const SNIPPET_PASS_LIMIT = 500;

/**
 * How a search reaches its matches.
 * - `text`: the full-text index alone.
 * - `text-first`: each full-text match is looked up in articles_meta and tested against the filters.
 * - `filter-first`: the filters' articles are read from their indexes once, and each full-text
 *   match is tested against that set; cheaper when the filters select fewer articles than the text.
 * - `filter`: no text; the articles' own indexes.
 * With words, the fat articles table (its body comes before source, language and date) is never
 * read per match; without words, SQLite picks among the articles' indexes.
 */
export type Route = 'text' | 'text-first' | 'filter-first' | 'filter';

/** The planner's choice for one compiled search (see SearchStore.probe). */
interface Probed {
  route: Route;
  small: boolean;
}

/** The FROM/WHERE of a match set, the SQL naming a match's article id, and their parameters. */
interface MatchSql {
  sql: string;
  params: unknown[];
  id: string;
}

const FTS_META_JOIN = 'FROM articles_fts JOIN articles a INDEXED BY articles_meta ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?';

/**
 * The match set of `q` along `route`. `meta` adds the articles_meta row of each match as `a`
 * (for a date key); text-first has it anyway.
 */
function matchSql(q: CompiledSearch, route: Route, meta = false): MatchSql {
  const w = q.where;
  switch (route) {
    case 'text':
      return { sql: meta ? FTS_META_JOIN : 'FROM articles_fts WHERE articles_fts MATCH ?', params: [q.match], id: 'articles_fts.rowid' };
    case 'text-first':
      return { sql: `${FTS_META_JOIN} AND (${w.sql})`, params: [q.match, ...w.params], id: 'articles_fts.rowid' };
    case 'filter-first': {
      const head = meta ? FTS_META_JOIN : 'FROM articles_fts WHERE articles_fts MATCH ?';
      // The unary + keeps FTS5 from taking the IN list as rowid lookups, one full-text query per article.
      return { sql: `${head} AND +articles_fts.rowid IN (SELECT a.id FROM articles a WHERE (${w.sql}))`, params: [q.match, ...w.params], id: 'articles_fts.rowid' };
    }
    case 'filter':
      return { sql: `FROM articles a WHERE (${w.sql})`, params: [...w.params], id: 'a.id' };
  }
}

/**
 * A broad search in date order: read the date index from the newest (or oldest) end and ask the
 * full-text index about each article in turn; the match set is never built.
 */
function walkDateIndex(q: CompiledSearch): MatchSql {
  const probe = 'EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND articles_fts.rowid = d.id)';
  if (q.where.sql === '1') return { sql: `FROM articles d INDEXED BY articles_date_key WHERE ${probe}`, params: [q.match], id: 'd.id' };
  return {
    sql: `FROM articles d INDEXED BY articles_date_key JOIN articles a INDEXED BY articles_meta ON a.id = d.id WHERE (${q.where.sql}) AND ${probe}`,
    params: [...q.where.params, q.match],
    id: 'd.id',
  };
}

/** A result before its title and snippet are read: the article and where it sorts. */
interface Ranked {
  id: number;
  sortKey: number | string;
}

/** The order SQL gives `ORDER BY sortKey, id` (direction 1) or `… DESC` (-1): keys are numbers or ASCII dates. */
const inOrder =
  (direction: 1 | -1) =>
  (x: Ranked, y: Ranked): number =>
    direction * (x.sortKey < y.sortKey ? -1 : x.sortKey > y.sortKey ? 1 : x.id - y.id);

/** Runs compiled searches; counts, pages and facets are separate calls so the first page never waits on facets. */
export class SearchStore {
  private readonly statements = new Map<string, Statement>();
  /** The route picked for each compiled search, so a search's count and page agree without probing twice. */
  private readonly routes = new WeakMap<CompiledSearch, Probed>();
  private readonly columns: ArticleColumns;

  constructor(private readonly db: Database) {
    this.columns = new ArticleColumns(db);
  }

  /** Statements by SQL, most recently used last; a long session's many query shapes stay bounded. */
  private prepared(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (stmt) this.statements.delete(sql);
    else stmt = this.db.prepare(sql);
    this.statements.set(sql, stmt);
    if (this.statements.size > STATEMENT_CACHE) this.statements.delete(this.statements.keys().next().value!);
    return stmt;
  }

  private route(q: CompiledSearch): Route {
    return this.probe(q).route;
  }

  /**
   * The route for `q`, and whether the probe saw fewer than PLAN_PROBE_LIMIT matches (`small`): filters
   * first always does, since it is picked only when the filters select fewer than the text.
   */
  private probe(q: CompiledSearch): Probed {
    if (q.match === null) return { route: 'filter', small: false };
    if (q.where.sql === '1') return { route: 'text', small: false };
    let probed = this.routes.get(q);
    if (!probed) {
      const text = this.prepared(`SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ${PLAN_PROBE_LIMIT})`).pluck().get(q.match) as number;
      const filtered = this.prepared(`SELECT count(*) FROM (SELECT 1 FROM articles a WHERE (${q.where.sql}) LIMIT ?)`)
        .pluck()
        .get(...q.where.params, text) as number;
      probed = filtered < text ? { route: 'filter-first', small: true } : { route: 'text-first', small: text < PLAN_PROBE_LIMIT };
      this.routes.set(q, probed);
    }
    return probed;
  }

  /** Run `read` in one read transaction, so a count and its page see the same archive while another process imports. */
  private snapshot<T>(read: () => T): T {
    return this.db.transaction(read)();
  }

  /**
   * The exact total and one page, from one snapshot of the archive. When the planner's probe has
   * already shown the match set to be small, a single pass ranks all of it here and gives the
   * total too; otherwise the total is counted and the page read on its own.
   */
  search(q: CompiledSearch, sort: SortOrder, limit: number, cursor: Cursor | null): { total: number; rows: HitRow[] } {
    return this.snapshot(() => {
      const { route, small } = this.probe(q);
      if (!small) {
        const total = this.count(q);
        return { total, rows: this.page(q, sort, limit, cursor, total) };
      }
      const m = matchSql(q, route, sort !== 'relevance');
      const key = sort === 'relevance' ? BM25 : DATE_KEY;
      const all = this.prepared(`SELECT ${m.id} AS id, ${key} AS sortKey ${m.sql}`).all(...m.params) as Ranked[];
      const order = inOrder(sort === 'newest' ? -1 : 1);
      all.sort(order);
      const start = cursor ? all.findIndex((r) => order(r, { id: cursor.id, sortKey: cursor.key }) > 0) : 0;
      return { total: all.length, rows: start < 0 ? [] : this.hits(q, all.slice(start, start + limit + 1), all.length) };
    });
  }

  /** Exact number of matches; with `newerThan`, only articles added after that article id. */
  count(q: CompiledSearch, newerThan?: number): number {
    const m = matchSql(q, this.route(q));
    const sql = newerThan === undefined ? `SELECT count(*) ${m.sql}` : `SELECT count(*) ${m.sql} AND ${m.id} > ?`;
    const params = newerThan === undefined ? m.params : [...m.params, newerThan];
    return this.prepared(sql).pluck().get(...params) as number;
  }

  /**
   * One page in `sort` order after `cursor`; `limit + 1` rows are read to know whether more follow.
   * `total` (from count) tells a broad date-sorted search to walk the date index instead.
   * Results are ranked first on the match set alone; only the page's articles are then read.
   */
  page(q: CompiledSearch, sort: SortOrder, limit: number, cursor: Cursor | null, total: number): HitRow[] {
    const plan = this.plan(q, sort, limit, total);
    const dir = plan.sort === 'newest' ? 'DESC' : 'ASC';
    let ranked: Ranked[];
    if (plan.sort === 'relevance') ranked = this.ranked(matchSql(q, plan.route), BM25, 'ASC', limit, cursor);
    else if (plan.walk) ranked = this.ranked(walkDateIndex(q), dateKey('d'), dir, limit, cursor);
    else ranked = this.ranked(matchSql(q, plan.route, plan.route !== 'filter'), DATE_KEY, dir, limit, cursor);
    return this.hits(q, ranked, total);
  }

  /** How page() will run: the route to the match set, and whether a date order walks the date index. */
  plan(q: CompiledSearch, sort: SortOrder, limit: number, total: number): { route: Route; sort: SortOrder; walk: boolean } {
    const route = this.route(q);
    const effective: SortOrder = sort === 'relevance' && q.match === null ? 'newest' : sort;
    const walk = effective !== 'relevance' && route !== 'filter' && total * total > (limit + 1) * this.articleCount() * WALK_PROBE_COST;
    return { route, sort: effective, walk };
  }

  private ranked(m: MatchSql, key: string, dir: 'ASC' | 'DESC', limit: number, cursor: Cursor | null): Ranked[] {
    const id = m.id;
    const params = [...m.params];
    let after = '';
    if (cursor) {
      after = ` AND (${key}, ${id}) ${dir === 'DESC' ? '<' : '>'} (?, ?)`;
      params.push(cursor.key, cursor.id);
    }
    return this.prepared(`SELECT ${id} AS id, ${key} AS sortKey ${m.sql}${after} ORDER BY ${key} ${dir}, ${id} ${dir} LIMIT ?`).all(
      ...params,
      limit + 1,
    ) as Ranked[];
  }

  /** Titles, outlets and snippets of a page's articles, in the page's order; `total` matches in all. */
  private hits(q: CompiledSearch, ranked: Ranked[], total: number): HitRow[] {
    const ids = JSON.stringify(ranked.map((r) => r.id));
    const snippet = q.match === null ? `, ${PLAIN_SNIPPET_SQL} AS snippet` : '';
    const rows = this.prepared(`SELECT ${HIT_COLUMNS}${snippet} FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))`).all(ids) as (Omit<
      HitRow,
      'sortKey' | 'snippet'
    > & { snippet?: string })[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const snippets = q.match === null ? null : this.snippets(q.match, ranked, total);
    return ranked.flatMap((r) => {
      const row = byId.get(r.id);
      return row ? [{ ...row, snippet: snippets?.get(r.id) ?? row.snippet ?? '', sortKey: r.sortKey }] : [];
    });
  }

  /**
   * FTS5 builds a snippet only on its own cursor over the match. Out of a small match set, one pass
   * makes them for the page's articles alone (SQLite tests `+rowid IN` before computing a column);
   * out of a big one, each article is looked up by id, a seek per word. That id is bound as a
   * BigInt: FTS5 (SQLite 3.53) ignores `rowid = ?` when the value is a REAL, which is how a
   * JavaScript number is bound, and the lookup then returns the first match of the whole archive.
   */
  private snippets(match: string, ranked: Ranked[], total: number): Map<number, string> {
    if (total <= SNIPPET_PASS_LIMIT) {
      const rows = this.prepared(
        `SELECT rowid AS id, ${SNIPPET_SQL} AS snippet FROM articles_fts WHERE articles_fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))`,
      ).all(match, JSON.stringify(ranked.map((r) => r.id))) as { id: number; snippet: string }[];
      return new Map(rows.map((r) => [r.id, r.snippet]));
    }
    const one = this.prepared(`SELECT ${SNIPPET_SQL} FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?`).pluck();
    return new Map(ranked.map((r) => [r.id, (one.get(match, BigInt(r.id)) as string | undefined) ?? '']));
  }

  private articleCount(): number {
    return (this.prepared('SELECT ifnull(max(id), 0) FROM articles').pluck().get() as number) ?? 0;
  }

  /** Every facet of the whole match set: its article ids, counted by outlet, language and day in memory. */
  facets(q: CompiledSearch, granularity?: Granularity): FacetRows {
    return this.snapshot(() => this.facetsNow(q, granularity));
  }

  private facetsNow(q: CompiledSearch, granularity?: Granularity): FacetRows {
    const m = matchSql(q, this.route(q));
    const ids = this.prepared(`SELECT group_concat(${m.id}) ${m.sql}`).pluck().get(...m.params) as string | null;
    const tally = this.columns.tally(ids);
    const days = [...tally.days];
    const unit = granularity ?? chooseGranularity(days.length === 0 ? null : days[days.length - 1]![0] - days[0]![0]);
    const byPeriod = new Map<string, number>();
    for (const [d, n] of days) {
      const p = periodOf(dayString(d), unit);
      byPeriod.set(p, (byPeriod.get(p) ?? 0) + n);
    }
    const names = new Map(
      (this.prepared('SELECT id, name FROM sources').all() as { id: number; name: string }[]).map((r) => [r.id, r.name] as const),
    );
    const ranked = (m: Map<string, number>): FacetCount[] =>
      [...m].map(([value, count]) => ({ value, count })).sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1)).slice(0, FACET_LIMIT);
    return {
      sources: ranked(new Map([...tally.sources].map(([id, n]) => [names.get(id) ?? String(id), n]))),
      languages: ranked(tally.languages),
      timeline: [...byPeriod].map(([value, count]) => ({ value, count })),
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

/** Days for a few months of news, weeks up to two years, months beyond (or nothing dated): a readable number of bars. */
function chooseGranularity(days: number | null): Granularity {
  if (days === null) return 'month';
  if (days <= 92) return 'day';
  if (days <= 731) return 'week';
  return 'month';
}
