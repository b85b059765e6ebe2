import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database, Statement } from '../driver.js';
import type { QueryNode } from './ast.js';
import { ArticleColumns, dayString, forEachId } from './columns.js';
import { compileQuery } from './compile.js';
import { EntityColumns } from './entity-columns.js';

/** A condition over `a` (the articles table) with its bound parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/**
 * A parsed query as the archive runs it: an FTS5 expression that ranks and highlights (null when
 * the query has no positive text) and the rest as a condition. Both are built by the query
 * compiler from the user's query; user text only ever travels as bound parameters. It never
 * leaves db/: callers hand over the query's tree.
 */
export interface CompiledSearch {
  match: string | null;
  where: SqlCondition;
}

/** A parsed query (null: the empty query, every article). */
export type Query = QueryNode | null;

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
  /** Its countries' and people's names, confirmed first, then by mentions: suggested or confirmed, never rejected. */
  countries: string[];
  persons: string[];
  /** Its paragraphs that share a duplicate cluster with another article's. */
  sharedParagraphs: number;
  sortKey: number | string;
}

/** The first page of a search and how many match: exactly, or at least `total` when `exact` is false. */
export interface SearchPage {
  total: number;
  exact: boolean;
  rows: HitRow[];
}

export interface FacetCount {
  /** What a filter on this facet takes: an outlet, a language code, an ISO country code, a person's name, a period. */
  value: string;
  count: number;
  /** A readable name when `value` is a code (a country's name). */
  label?: string;
}

export type Granularity = 'day' | 'week' | 'month';

export interface FacetRows {
  sources: FacetCount[];
  languages: FacetCount[];
  countries: FacetCount[];
  persons: FacetCount[];
  /** Every period from the first match to the last, empty ones included. */
  timeline: FacetCount[];
  /** Matches without a date, which no period holds. */
  undated: number;
  granularity: Granularity;
}

export interface CountOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Markers FTS5's snippet() puts around matches; private-use characters cannot occur in stored text. */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

/**
 * Counts above this are not finished before the first page is shown: the page says "at least"
 * and the exact number is a call of its own (countExact), as Elasticsearch's track_total_hits.
 */
export const COUNT_CAP = 10_000;

const BM25 = 'bm25(articles_fts, 10.0, 1.0)';
/** The date order of articles under `alias`, as articles_date_key indexes it: undated sorts as ''. */
const dateKey = (alias: string): string => `ifnull(${alias}.published_at, '')`;
const DATE_KEY = dateKey('a');
/** FTS5 picks the column (body or title) whose extract best shows the matches. */
const SNIPPET_SQL = `snippet(articles_fts, -1, '${MATCH_START}', '${MATCH_END}', '…', 16)`;
const PLAIN_SNIPPET_SQL = "(SELECT substr(replace(pantau_visible_text(t.body, t.hidden), char(10), ' '), 1, 240) FROM article_texts t WHERE t.id = a.id)";
const HIT_COLUMNS = 'a.id, a.title, (SELECT name FROM sources WHERE id = a.source_id) AS source, a.published_at AS publishedAt, a.language';
/** A hit's entity names of one kind, joined with U+001F (a page's tags cross into JavaScript as one string an article and kind). */
const hitNames = (kind: 'country' | 'person'): string =>
  `(SELECT group_concat(e.name, char(31) ORDER BY ae.status = 'confirmed' DESC, ae.mentions DESC, e.name)
    FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
    WHERE ae.article_id = a.id AND ae.status <> 'rejected' AND e.kind = '${kind}')`;
/** Read for a page's articles only, by their primary keys and the cluster index: a few lookups a hit. */
const HIT_TAG_COLUMNS = `${hitNames('country')} AS countries, ${hitNames('person')} AS persons,
  (SELECT count(*) FROM dup_members m WHERE m.article_id = a.id
     AND EXISTS (SELECT 1 FROM dup_members o WHERE o.cluster = m.cluster AND o.article_id <> m.article_id)) AS sharedParagraphs`;
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
/** An exact count runs over slices of article ids, so it can report progress and be cancelled between them. */
const COUNT_SLICES = 20;
const MIN_COUNT_SLICE = 50_000;

/**
 * How a search reaches its matches.
 * - `text`: the full-text index alone.
 * - `text-first`: each full-text match's article row is tested against the filters.
 * - `filter-first`: the filters' articles are read from their indexes once, and each full-text
 *   match is tested against that set; cheaper when the filters select fewer articles than the text.
 * - `filter`: no text; the articles' own indexes.
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

const FTS_ARTICLE_JOIN = 'FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?';
const FTS_ONLY = 'FROM articles_fts WHERE articles_fts MATCH ?';

/** The match set of `q` along `route`. `meta` adds each match's article row as `a` (for a date key). */
function matchSql(q: CompiledSearch, route: Route, meta = false): MatchSql {
  const w = q.where;
  switch (route) {
    case 'text':
      return { sql: meta ? FTS_ARTICLE_JOIN : FTS_ONLY, params: [q.match], id: 'articles_fts.rowid' };
    case 'text-first':
      return { sql: `${FTS_ARTICLE_JOIN} AND (${w.sql})`, params: [q.match, ...w.params], id: 'articles_fts.rowid' };
    case 'filter-first': {
      const head = meta ? FTS_ARTICLE_JOIN : FTS_ONLY;
      // The unary + keeps FTS5 from taking the IN list as rowid lookups, one full-text query per article.
      return { sql: `${head} AND +articles_fts.rowid IN (SELECT a.id FROM articles a WHERE (${w.sql}))`, params: [q.match, ...w.params], id: 'articles_fts.rowid' };
    }
    case 'filter':
      return { sql: `FROM articles a WHERE (${w.sql})`, params: [...w.params], id: 'a.id' };
  }
}

const PROBE = 'EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND articles_fts.rowid = d.id)';

/**
 * A broad search in date order: read the date index from the newest (or oldest) end and ask the
 * full-text index about each article in turn; the match set is never built. With `window`, only
 * that many articles of the index are read (see SearchStore.walkWithin).
 */
function walkDateIndex(q: CompiledSearch, window?: { size: number; dir: 'ASC' | 'DESC'; after: string; afterParams: unknown[] }): MatchSql {
  const from = window
    ? `(SELECT id, published_at FROM articles INDEXED BY articles_date_key WHERE 1${window.after} ORDER BY ifnull(published_at, '') ${window.dir}, id ${window.dir} LIMIT ${window.size}) d`
    : 'articles d INDEXED BY articles_date_key';
  const head = window ? window.afterParams : [];
  if (q.where.sql === '1') return { sql: `FROM ${from} WHERE ${PROBE}`, params: [...head, q.match], id: 'd.id' };
  return {
    sql: `FROM ${from} JOIN articles a ON a.id = d.id WHERE (${q.where.sql}) AND ${PROBE}`,
    params: [...head, ...q.where.params, q.match],
    id: 'd.id',
  };
}

/** A result before its title and snippet are read: the article and where it sorts. */
interface Ranked {
  id: number;
  sortKey: number | string;
}

/**
 * The order of `sort`: relevance ascending (bm25 is lower for better), newest descending, oldest
 * ascending; undated articles ('' keys) come last in both date orders.
 */
const inOrder =
  (sort: SortOrder) =>
  (x: Ranked, y: Ranked): number => {
    if (sort === 'oldest' && (x.sortKey === '') !== (y.sortKey === '')) return x.sortKey === '' ? 1 : -1;
    const direction = sort === 'newest' ? -1 : 1;
    return direction * (x.sortKey < y.sortKey ? -1 : x.sortKey > y.sortKey ? 1 : x.id - y.id);
  };

/** Whether the full-text expression has a prefix term (`word *`); user words never contain `*`. */
const hasPrefix = (q: CompiledSearch): boolean => q.match !== null && q.match.includes('*');

class Cancelled extends Error {
  override name = 'AbortError';
  constructor() {
    super('cancelled');
  }
}

/** Runs searches; the first page, the exact count and the facets are separate calls, so the page never waits on the others. */
export class SearchStore {
  private readonly statements = new Map<string, Statement>();
  /** Each query tree compiled once; the planner's route is kept with it, so a count and its page agree. */
  private readonly compiledQueries = new WeakMap<QueryNode, CompiledSearch>();
  private readonly routes = new WeakMap<CompiledSearch, Probed>();
  private readonly everything: CompiledSearch = { match: null, where: { sql: '1', params: [] } };
  private readonly columns: ArticleColumns;
  private readonly entityColumns: EntityColumns;
  /** Where the first page's count stops (COUNT_CAP; tests lower it to reach the capped paths on a small archive). */
  countCap = COUNT_CAP;

  constructor(private readonly db: Database) {
    this.columns = new ArticleColumns(db);
    this.entityColumns = new EntityColumns(db);
  }

  /** Whether `query` is ranked by relevance scores (it has words to rank by); otherwise its relevance order is by date. */
  ranksByText(query: Query): boolean {
    return this.compile(query).match !== null;
  }

  private compile(query: Query): CompiledSearch {
    if (query === null) return this.everything;
    let c = this.compiledQueries.get(query);
    if (!c) {
      c = compileQuery(query);
      this.compiledQueries.set(query, c);
    }
    return c;
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
      const text = this.prepared(`SELECT count(*) FROM (SELECT 1 ${FTS_ONLY} LIMIT ${PLAN_PROBE_LIMIT})`).pluck().get(q.match) as number;
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
   * The first page after `cursor` and a count that is exact up to COUNT_CAP (a lower bound above
   * it), from one snapshot of the archive. When the planner's probe has already shown the match set
   * to be small, a single pass ranks all of it and gives the exact total too.
   */
  search(query: Query, sort: SortOrder, limit: number, cursor: Cursor | null): SearchPage {
    const q = this.compile(query);
    return this.snapshot(() => {
      const { route, small } = this.probe(q);
      if (!small) {
        const counted = this.cappedCount(q);
        const exact = counted <= this.countCap;
        return { total: Math.min(counted, this.countCap), exact, rows: this.pageOf(q, sort, limit, cursor, exact ? counted : null) };
      }
      const m = matchSql(q, route, sort !== 'relevance');
      const key = sort === 'relevance' ? BM25 : DATE_KEY;
      const all = this.prepared(`SELECT ${m.id} AS id, ${key} AS sortKey ${m.sql}`).all(...m.params) as Ranked[];
      const order = inOrder(sort);
      all.sort(order);
      const start = cursor ? all.findIndex((r) => order(r, { id: cursor.id, sortKey: cursor.key }) > 0) : 0;
      const rows = start < 0 ? [] : this.hits(q, all.slice(start, start + limit + 1), all.length);
      return { total: all.length, exact: true, rows };
    });
  }

  /** Matches counted up to the cap + 1: enough to tell an exact total from a lower bound. */
  private cappedCount(q: CompiledSearch): number {
    const m = matchSql(q, this.route(q));
    return this.prepared(`SELECT count(*) FROM (SELECT 1 ${m.sql} LIMIT ?)`).pluck().get(...m.params, this.countCap + 1) as number;
  }

  /** Exact number of matches, in one statement; with `newerThan`, only articles added after that article id. */
  count(query: Query, newerThan?: number): number {
    const q = this.compile(query);
    const m = matchSql(q, this.route(q));
    const sql = newerThan === undefined ? `SELECT count(*) ${m.sql}` : `SELECT count(*) ${m.sql} AND ${m.id} > ?`;
    const params = newerThan === undefined ? m.params : [...m.params, BigInt(newerThan)];
    return this.prepared(sql).pluck().get(...params) as number;
  }

  /** The id of every match, in id order: what a bulk change applies to. */
  ids(query: Query): number[] {
    const q = this.compile(query);
    const m = matchSql(q, this.route(q));
    const ids: number[] = [];
    forEachId(this.prepared(`SELECT group_concat(id) FROM (SELECT ${m.id} AS id ${m.sql} ORDER BY 1)`).pluck().get(...m.params) as string | null, (id) => ids.push(id));
    return ids;
  }

  /**
   * Every match's id in `sort` order, for an export: the order a user pages through, sorted by
   * SQLite; 8 bytes an article.
   */
  orderedIds(query: Query, sort: SortOrder): Float64Array {
    const q = this.compile(query);
    const effective: SortOrder = sort === 'relevance' && q.match === null ? 'newest' : sort;
    const m = matchSql(q, this.route(q), effective !== 'relevance');
    const id = m.id;
    const order =
      effective === 'relevance'
        ? `${BM25}, ${id}`
        : effective === 'newest'
          ? `${DATE_KEY} DESC, ${id} DESC`
          : `a.published_at IS NULL, ${DATE_KEY}, ${id}`;
    return this.snapshot(() => {
      // A typed array grown by doubling: 8 bytes an id, without a JavaScript value per id to collect.
      let ids = new Float64Array(1024);
      let n = 0;
      for (const value of this.prepared(`SELECT ${id} ${m.sql} ORDER BY ${order}`).pluck().iterate(...m.params) as Iterable<number>) {
        if (n === ids.length) {
          const grown = new Float64Array(ids.length * 2);
          grown.set(ids);
          ids = grown;
        }
        ids[n++] = value;
      }
      return ids.subarray(0, n);
    });
  }

  /** Snippets of these matches of `query` (by id), as search shows them; plain openings when the query has no text. */
  snippetsOf(query: Query, ids: readonly number[], total: number): Map<number, string> {
    const q = this.compile(query);
    if (q.match !== null) return this.snippets(q.match, ids.map((id) => ({ id, sortKey: 0 })), total);
    const rows = this.prepared(`SELECT a.id, ${PLAIN_SNIPPET_SQL} AS snippet FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(ids),
    ) as { id: number; snippet: string | null }[];
    return new Map(rows.map((r) => [r.id, r.snippet ?? '']));
  }

  /**
   * Exact number of matches, counted over slices of article ids with a turn of the event loop
   * between them: `signal` cancels it (rejecting with an AbortError), `onProgress` follows it.
   */
  async countExact(query: Query, { signal, onProgress }: CountOptions = {}): Promise<number> {
    const q = this.compile(query);
    const m = matchSql(q, this.route(q));
    const top = this.articleCount();
    const slice = Math.max(MIN_COUNT_SLICE, Math.ceil(top / COUNT_SLICES));
    const stmt = this.prepared(`SELECT count(*) ${m.sql} AND ${m.id} BETWEEN ? AND ?`).pluck();
    let total = 0;
    for (let from = 1; from <= top; from += slice) {
      if (signal?.aborted) throw new Cancelled();
      total += stmt.get(...m.params, BigInt(from), BigInt(Math.min(top, from + slice - 1))) as number;
      onProgress?.(Math.min(top, from + slice - 1), top);
      await nextTurn();
    }
    if (signal?.aborted) throw new Cancelled();
    return total;
  }

  /**
   * One page in `sort` order after `cursor`; `limit + 1` rows are read to know whether more follow.
   * `total` is the exact count when known (null when only known to pass COUNT_CAP): it tells a
   * date-sorted search whether to walk the date index. Only the page's articles are then read.
   */
  page(query: Query, sort: SortOrder, limit: number, cursor: Cursor | null, total: number | null): HitRow[] {
    return this.pageOf(this.compile(query), sort, limit, cursor, total);
  }

  private pageOf(q: CompiledSearch, sort: SortOrder, limit: number, cursor: Cursor | null, total: number | null): HitRow[] {
    const plan = this.planOf(q, sort, limit, total);
    let ranked: Ranked[] | null = null;
    if (plan.sort === 'relevance') ranked = this.ranked(matchSql(q, plan.route), BM25, 'relevance', limit, cursor);
    else if (plan.walk !== 'never' && hasPrefix(q)) {
      // A probe per article would expand the prefix over the term list each time (there are no
      // prefix indexes): the match set is read once and the date index walked against it instead.
      if (plan.route === 'text') ranked = this.walkAgainstMatches(q, plan.sort, limit, cursor);
    } else if (plan.walk === 'always') ranked = this.ranked(walkDateIndex(q), dateKey('d'), plan.sort, limit, cursor);
    else if (plan.walk === 'try') ranked = this.walkWithin(q, plan.sort, limit, cursor, total);
    ranked ??= this.ranked(matchSql(q, plan.route, plan.route !== 'filter'), DATE_KEY, plan.sort, limit, cursor);
    return this.hits(q, ranked, total ?? Infinity);
  }

  /** How page() will run: the route to the match set, and whether a date order walks the date index. */
  plan(query: Query, sort: SortOrder, limit: number, total: number | null): { route: Route; sort: SortOrder; walk: 'always' | 'try' | 'never' } {
    return this.planOf(this.compile(query), sort, limit, total);
  }

  private planOf(q: CompiledSearch, sort: SortOrder, limit: number, total: number | null): { route: Route; sort: SortOrder; walk: 'always' | 'try' | 'never' } {
    const route = this.route(q);
    const effective: SortOrder = sort === 'relevance' && q.match === null ? 'newest' : sort;
    if (effective === 'relevance' || route === 'filter') return { route, sort: effective, walk: 'never' };
    if (total === null) return { route, sort: effective, walk: 'try' };
    return { route, sort: effective, walk: total * total > (limit + 1) * this.articleCount() * WALK_PROBE_COST ? 'always' : 'never' };
  }

  /**
   * A date-sorted page of a search whose total is only known to pass COUNT_CAP. Walking the date
   * index pays off when the matches are dense, sorting them when they are sparse; the crossover
   * is at total² = (limit + 1) × archive × WALK_PROBE_COST. So the walk reads a window of the index
   * just large enough to fill the page if the matches are at least that dense; if the window
   * does not fill it, the match set is sorted instead, having lost at most what that sort costs.
   * Null when the walk gave up.
   */
  private walkWithin(q: CompiledSearch, sort: SortOrder, limit: number, cursor: Cursor | null, total: number | null): Ranked[] | null {
    const archive = this.articleCount();
    const crossover = Math.max(total ?? 0, Math.sqrt((limit + 1) * archive * WALK_PROBE_COST));
    const size = Math.ceil((2 * (limit + 1) * archive) / crossover);
    const dir = sort === 'newest' ? 'DESC' : 'ASC';
    const found: Ranked[] = [];
    for (const { sql: after, params: afterParams } of this.dateIndexStretches(sort, cursor)) {
      const window = { size, dir: dir as 'ASC' | 'DESC', after, afterParams };
      const m = walkDateIndex(q, window);
      const want = limit + 1 - found.length;
      const rows = this.prepared(`SELECT d.id AS id, ifnull(d.published_at, '') AS sortKey ${m.sql} ORDER BY sortKey ${dir}, d.id ${dir} LIMIT ?`).all(...m.params, want) as Ranked[];
      found.push(...rows);
      if (found.length > limit) return found;
      const read = this.prepared(`SELECT count(*) FROM (SELECT 1 FROM articles INDEXED BY articles_date_key WHERE 1${after} LIMIT ${size})`).pluck().get(...afterParams) as number;
      if (read === size) return null;
    }
    return found;
  }

  /**
   * A date-ordered page read by walking the date index and keeping the articles in the match set,
   * which is read once into a bitmap of article ids.
   */
  private walkAgainstMatches(q: CompiledSearch, sort: SortOrder, limit: number, cursor: Cursor | null): Ranked[] {
    const ids = this.prepared(`SELECT group_concat(rowid) ${FTS_ONLY}`).pluck().get(q.match) as string | null;
    const matched = new Uint8Array(this.articleCount() + 1);
    forEachId(ids, (id) => {
      if (id < matched.length) matched[id] = 1;
    });
    const dir = sort === 'newest' ? 'DESC' : 'ASC';
    const found: Ranked[] = [];
    for (const { sql: after, params } of this.dateIndexStretches(sort, cursor)) {
      const rows = this.prepared(
        `SELECT id, ifnull(published_at, '') AS sortKey FROM articles INDEXED BY articles_date_key WHERE 1${after} ORDER BY ifnull(published_at, '') ${dir}, id ${dir}`,
      ).iterate(...params) as IterableIterator<Ranked>;
      for (const row of rows) {
        if (matched[row.id] !== 1) continue;
        found.push(row);
        if (found.length > limit) {
          rows.return?.();
          return found;
        }
      }
    }
    return found;
  }

  /**
   * The stretches of the date index a date-ordered page reads, in order, as conditions on the
   * index's own columns after `cursor`: the whole index newest first; oldest first, its dated
   * articles and then its undated ones (see oldestParts).
   */
  private dateIndexStretches(sort: SortOrder, cursor: Cursor | null): SqlCondition[] {
    const parts = sort === 'oldest' ? this.oldestParts(cursor) : [{ extra: '', cursor }];
    return parts.map((part) => {
      if (!part.cursor) return { sql: part.extra, params: [] };
      return {
        sql: `${part.extra} AND (ifnull(published_at, ''), id) ${sort === 'newest' ? '<' : '>'} (?, ?)`,
        params: [part.cursor.key, part.cursor.id],
      };
    });
  }

  /**
   * Oldest first reads the dated articles, then the undated ones (whose key is ''), so undated
   * articles come last in both date orders while one index serves both.
   */
  private oldestParts(cursor: Cursor | null): { extra: string; cursor: Cursor | null }[] {
    const dated = { extra: " AND ifnull(published_at, '') > ''", cursor };
    const undated = { extra: " AND ifnull(published_at, '') = ''", cursor: cursor?.key === '' ? cursor : null };
    return cursor?.key === '' ? [undated] : [dated, undated];
  }

  private ranked(m: MatchSql, key: string, sort: SortOrder, limit: number, cursor: Cursor | null): Ranked[] {
    if (sort !== 'oldest' || key === BM25) return this.rankedPart(m, key, sort === 'newest' ? 'DESC' : 'ASC', limit, cursor, '');
    const found: Ranked[] = [];
    for (const part of this.oldestParts(cursor)) {
      const rows = this.rankedPart(m, key, 'ASC', limit - found.length, part.cursor, part.extra.replace(/ifnull\(published_at, ''\)/g, key));
      found.push(...rows);
      if (found.length > limit) break;
    }
    return found;
  }

  private rankedPart(m: MatchSql, key: string, dir: 'ASC' | 'DESC', limit: number, cursor: Cursor | null, extra: string): Ranked[] {
    const id = m.id;
    const params = [...m.params];
    let after = extra;
    if (cursor) {
      after += ` AND (${key}, ${id}) ${dir === 'DESC' ? '<' : '>'} (?, ?)`;
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
    const rows = this.prepared(`SELECT ${HIT_COLUMNS}, ${HIT_TAG_COLUMNS}${snippet} FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))`).all(
      ids,
    ) as (Omit<HitRow, 'sortKey' | 'snippet' | 'countries' | 'persons'> & { snippet?: string; countries: string | null; persons: string | null })[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const snippets = q.match === null ? null : this.snippets(q.match, ranked, total);
    const names = (joined: string | null): string[] => (joined === null ? [] : joined.split('\u001f'));
    return ranked.flatMap((r) => {
      const row = byId.get(r.id);
      if (!row) return [];
      return [{ ...row, countries: names(row.countries), persons: names(row.persons), snippet: snippets?.get(r.id) ?? row.snippet ?? '', sortKey: r.sortKey }];
    });
  }

  /**
   * FTS5 builds a snippet only on its own cursor over the match. Out of a small match set, one pass
   * makes them for the page's articles alone (SQLite tests `+rowid IN` before computing a column);
   * out of a big one (unless the query has a prefix term), each article is looked up by id, a seek per word. That id is bound as a
   * BigInt: FTS5 (SQLite 3.53) ignores `rowid = ?` when the value is a REAL, which is how a
   * JavaScript number is bound, and the lookup then returns the first match of the whole archive.
   */
  private snippets(match: string, ranked: Ranked[], total: number): Map<number, string> {
    // A prefix term is expanded into every word it starts anew for each statement (the index has no
    // prefix indexes): one pass expands it once instead of once per hit.
    if (total <= SNIPPET_PASS_LIMIT || match.includes('*')) {
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

  /**
   * Every facet of the whole match set: its article ids, counted by outlet, language and day in
   * memory; countries and people by their tags (suggested and confirmed, or only confirmed).
   */
  facets(query: Query, granularity?: Granularity, confirmedOnly = false): FacetRows {
    const q = this.compile(query);
    return this.snapshot(() => this.facetsNow(q, granularity, confirmedOnly));
  }

  /** The countries and people most often tagged in the match set, named; counted in memory (EntityColumns). */
  private entityFacets(ids: string | null, confirmedOnly: boolean): { countries: FacetCount[]; persons: FacetCount[] } {
    const counts = this.entityColumns.tally(ids, confirmedOnly);
    const names = this.prepared(
      "SELECT id, kind, code, name FROM entities WHERE kind IN ('country', 'person') AND id IN (SELECT value FROM json_each(?))",
    ).all(JSON.stringify([...counts.keys()])) as { id: number; kind: 'country' | 'person'; code: string | null; name: string }[];
    const facet = (kind: 'country' | 'person'): FacetCount[] =>
      names
        .filter((e) => e.kind === kind)
        .map((e) => ({ e, count: counts.get(e.id)! }))
        .sort((x, y) => y.count - x.count || (x.e.name < y.e.name ? -1 : 1))
        .slice(0, FACET_LIMIT)
        .map(({ e, count }) => (kind === 'country' ? { value: e.code!, count, label: e.name } : { value: e.name, count }));
    return { countries: facet('country'), persons: facet('person') };
  }

  private facetsNow(q: CompiledSearch, granularity: Granularity | undefined, confirmedOnly: boolean): FacetRows {
    const m = matchSql(q, this.route(q));
    const ids = this.prepared(`SELECT group_concat(${m.id}) ${m.sql}`).pluck().get(...m.params) as string | null;
    const tally = this.columns.tally(ids);
    const days = [...tally.days];
    const first = days[0]?.[0];
    const last = days.at(-1)?.[0];
    const unit = granularity ?? chooseGranularity(first === undefined || last === undefined ? null : last - first);
    const byPeriod = new Map<string, number>();
    if (first !== undefined && last !== undefined) {
      // Every period between the first and the last match, so a gap in the news shows as a gap.
      for (let d = first; d <= last; d++) {
        const p = periodOf(dayString(d), unit);
        if (!byPeriod.has(p)) byPeriod.set(p, 0);
      }
    }
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
      ...this.entityFacets(ids, confirmedOnly),
      timeline: [...byPeriod].map(([value, count]) => ({ value, count })),
      undated: tally.undated,
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
