import { BatchedInsert } from './batched-insert.js';
import { type Database, pageCacheKiB, type Statement, statementCache } from './driver.js';
import { PARAGRAPH_BREAK } from './fts.js';
import { assertKnownVersion } from './migrate.js';

export const FLAG_BOILERPLATE = 2;

/** A paragraph's name in edges: its article and position in one integer. */
export const REF_BASE = 65536;
export const refOf = (articleId: number, position: number): number => articleId * REF_BASE + position;
export const unref = (ref: number): { articleId: number; position: number } => ({
  articleId: Math.floor(ref / REF_BASE),
  position: ref % REF_BASE,
});

/**
 * `counts` with one more for `ref`; made at the first, since most paragraphs a finder looks up have
 * no candidate, and an empty Map for each was much of what its lookups allocated.
 */
export function counted(counts: Map<number, number> | null, ref: number): Map<number, number> {
  const map = counts ?? new Map<number, number>();
  map.set(ref, (map.get(ref) ?? 0) + 1);
  return map;
}

/** What an outlet repeats: a whole short paragraph (by its hash) or the opening words of one. */
export type LineKind = 0 | 1;
export const LINE_EXACT: LineKind = 0;
export const LINE_OPENING: LineKind = 1;

/** What the duplicate finder needs of a paragraph, made from its text once (electron/analysis/duplicates/signature.ts). */
export interface ParagraphSignature {
  /** LSH band keys; null for a paragraph too short to take part. */
  keys: number[] | null;
  /** The first three words hashed, for outlet templates; null unless `short` with three words. */
  opening: number | null;
  /** Short enough to be outlet chrome. */
  short: boolean;
}

/**
 * Band keys to store, as parallel columns: `keys[i]` for the paragraph `refs[i]` (see `refOf`), sorted
 * by key, then ref, as the band tables store them.
 */
export interface BandRows {
  keys: ArrayLike<number>;
  refs: ArrayLike<number>;
}

export interface PendingArticle {
  id: number;
  sourceId: number | null;
  /** Read when first asked for (see `pending`). */
  readonly body: string;
  readonly hidden: string | null;
  paragraphs: { position: number; hash: bigint; flags: number }[];
}

export interface ClusterRow {
  id: number;
  size: number;
  outlets: number;
  firstArticle: number;
  firstPosition: number;
  firstPublished: string | null;
  lastPublished: string | null;
}

export interface MemberRow {
  articleId: number;
  position: number;
  source: string | null;
  section: string | null;
  title: string;
  publishedAt: string | null;
}

export interface BoilerplateRow {
  source: string;
  kind: 'paragraph' | 'template';
  example: string;
  articles: number;
}

export type ClusterSort = 'size' | 'outlets' | 'recent';

/**
 * Band keys a big pass of the finder holds in memory rather than stored
 * (electron/analysis/duplicates/held-bands.ts): a lookup reads them after the stored rows, which
 * are all older.
 */
export interface HeldKeys {
  /** False when no stored row can have this key, so the lookup skips the tables. */
  mayBeStored(key: number): boolean;
  /** At most `limit` refs held under this key, oldest first. */
  refs(key: number, limit: number): number[];
}

/** A key's stored rows as a lookup would read them, looked up ahead of the pass on another connection. */
export interface StoredRows {
  /** `[article, position]` of the key's rows in both tables, oldest first, at most KEY_ROWS; undefined when not looked up. */
  rowsOf(key: number): readonly (readonly [number, number])[] | undefined;
}

/** Where band keys are written: the main table, or the small table of recent keys (schema 10). */
export type BandTable = 'main' | 'recent';
const BAND_TABLES: Record<BandTable, string> = { main: 'dup_bands', recent: 'dup_bands_recent' };

export const DEFAULT_THRESHOLD = 0.8;
/** Pairs below this similarity are not kept, so thresholds can be lowered to it without rereading text. */
export const EDGE_FLOOR = 0.5;
export const DEFAULT_BOILERPLATE_ARTICLES = 5;
/** Candidates a paragraph is compared with, at most. */
export const MAX_CANDIDATES = 50;
/** Rows read per band key in a lookup, both band tables together. */
export const KEY_ROWS = 200;
/** Below every band key (signed 32-bit integers): where a merge of the recent keys starts. */
const BEFORE_EVERY_KEY = -0x80000001;
/** Boilerplate also appears in at least this share of its outlet's articles. */
export const BOILERPLATE_SHARE = 0.02;

const ORDER: Record<ClusterSort, string> = {
  size: 'size DESC, id',
  outlets: 'outlets DESC, size DESC, id',
  recent: 'ifnull(last_published, \'\') DESC, id DESC',
};

const CLUSTER_COLUMNS = `id, size, outlets, first_article AS firstArticle, first_position AS firstPosition,
  first_published AS firstPublished, last_published AS lastPublished`;

/** Storage of duplicate clusters, LSH bands and outlet boilerplate; the finder itself is in electron/analysis/duplicates. */
export class DuplicateStore {
  private readonly sql: (text: string) => Statement<unknown[]>;
  private readonly bandInserts: Partial<Record<BandTable, BatchedInsert>> = {};
  /** Learnt boilerplate per outlet, as `kind:key`; read once per outlet and kept current by `learn`. */
  private readonly learnt = new Map<number, Set<string>>();
  private generation: string | null | undefined;

  constructor(private readonly db: Database) {
    this.sql = statementCache(db);
  }

  private meta(key: string): string | null {
    return (this.sql('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
  }

  private setMeta(key: string, value: string): void {
    this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  threshold(): number {
    return Number(this.meta('dup_threshold') ?? DEFAULT_THRESHOLD);
  }

  setThreshold(value: number): void {
    this.setMeta('dup_threshold', String(value));
  }

  boilerplateArticles(): number {
    return Number(this.meta('boilerplate_articles') ?? DEFAULT_BOILERPLATE_ARTICLES);
  }

  setBoilerplateArticles(value: number): void {
    this.setMeta('boilerplate_articles', String(value));
  }

  /**
   * Refuse, inside a transaction that writes band keys, an archive that a newer Pantau upgraded
   * while this one had it open: the upgrade may have replaced the kind of key (schema 11 did), and
   * keys of the old kind written after it would never be made again.
   */
  assertKnownSchema(): void {
    assertKnownVersion(this.db, this.db.name);
  }

  /** Articles up to this id have been through the duplicate finder. */
  indexedUpTo(): number {
    return Number(this.meta('dup_indexed_up_to') ?? 0);
  }

  /** Only ever raised: a pass that lost a race to another process cannot move it back. */
  setIndexedUpTo(id: number): void {
    if (id > this.indexedUpTo()) this.setMeta('dup_indexed_up_to', String(id));
  }

  /** Articles the finder still owes work: those it has not seen, and those whose band keys it must make again. */
  pendingCount(): number {
    const unseen = this.sql('SELECT count(*) FROM articles WHERE id > ?').pluck().get(this.indexedUpTo()) as number;
    return unseen + this.keysToMakeCount();
  }

  /**
   * Articles whose band keys are to be made again (schemas 7 and 11 replaced keys; a big pass
   * records those it holds): those with ids above `rekeyedUpTo()` and up to this one. Zero when
   * there are none.
   */
  rekeyUpTo(): number {
    return Number(this.meta('dup_rekey_up_to') ?? 0);
  }

  rekeyedUpTo(): number {
    return Number(this.meta('dup_rekeyed_up_to') ?? 0);
  }

  /** Moves with each chunk of keys made again, or with each store of those a pass held; at the end both marks go. */
  setRekeyedUpTo(id: number): void {
    if (id >= this.rekeyUpTo()) this.releaseKeys();
    else if (id > this.rekeyedUpTo()) this.setMeta('dup_rekeyed_up_to', String(id));
  }

  /** Articles whose keys are to be made again. */
  keysToMakeCount(): number {
    const upTo = this.rekeyUpTo();
    if (upTo === 0) return 0;
    return this.sql('SELECT count(*) FROM articles WHERE id > ? AND id <= ?').pluck().get(this.rekeyedUpTo(), upTo) as number;
  }

  /**
   * Articles in id order after `afterId` (and up to `upTo`), with their paragraph rows. Their text
   * is read only when first asked for, in the transaction that asks: the finder of an import has
   * the band keys of its articles in hand and needs the text of few paragraphs, and reading every
   * body back allocated about 50 MB of the 922 MB the writer's thread allocated in an import of
   * 10,000 articles (sampled).
   */
  pending(afterId: number, limit: number, upTo = Number.MAX_SAFE_INTEGER): PendingArticle[] {
    const rows = this.sql(
      'SELECT a.id, a.source_id AS sourceId FROM articles a JOIN article_texts t ON t.id = a.id WHERE a.id > ? AND a.id <= ? ORDER BY a.id LIMIT ?',
    ).all(afterId, upTo, limit) as { id: number; sourceId: number | null }[];
    if (rows.length === 0) return [];
    // The paragraphs of the whole range in one walk of their table rather than one statement an article.
    const paragraphs = new Map(rows.map((r) => [r.id, [] as PendingArticle['paragraphs']]));
    const range = this.sql('SELECT article_id, position, hash, flags FROM paragraphs WHERE article_id >= ? AND article_id <= ? ORDER BY article_id, position')
      .safeIntegers(true)
      .raw(true)
      .all(rows[0]!.id, rows[rows.length - 1]!.id) as [bigint, bigint, bigint, bigint][];
    for (const [articleId, position, hash, flags] of range) paragraphs.get(Number(articleId))?.push({ position: Number(position), hash, flags: Number(flags) });
    const texts = this.sql('SELECT body, hidden FROM article_texts WHERE id = ?');
    return rows.map(({ id, sourceId }) => {
      let text: { body: string; hidden: string | null } | undefined;
      const stored = () => (text ??= (texts.get(id) as typeof text) ?? { body: '', hidden: null });
      return {
        id,
        sourceId,
        get body() {
          return stored().body;
        },
        get hidden() {
          return stored().hidden;
        },
        paragraphs: paragraphs.get(id)!,
      };
    });
  }

  /** The paragraphs of an article as stored (the body split at its paragraph breaks). */
  paragraphTexts(articleId: number): string[] {
    const body = this.sql('SELECT body FROM article_texts WHERE id = ?').pluck().get(articleId) as string | undefined;
    return body === undefined ? [] : body.split(PARAGRAPH_BREAK);
  }

  /** A paragraph row's hash and flags, or null when it is gone. */
  paragraphRow(articleId: number, position: number): { hash: bigint; flags: number } | null {
    const r = this.sql('SELECT hash, flags FROM paragraphs WHERE article_id = ? AND position = ?').safeIntegers(true).get(articleId, position) as
      | { hash: bigint; flags: bigint }
      | undefined;
    return r ? { hash: r.hash, flags: Number(r.flags) } : null;
  }

  /**
   * Paragraphs stored under any of these (four) band keys, outside `exceptArticle`, most shared
   * keys first, at most MAX_CANDIDATES: a paragraph copied into thousands of articles is compared
   * with the first of them, and the rest join its cluster through them. `withRecent: false` leaves
   * out the table of recent keys, for a caller that knows it is empty. `held`: keys a big pass
   * holds in memory, newer than every stored row, read after them as if stored. `looked`: rows
   * read ahead for the same state of the tables, taken instead of reading them again.
   */
  candidates(keys: readonly number[], exceptArticle: number, withRecent = true, held?: HeldKeys, looked?: StoredRows): [ref: number, sharedKeys: number][] {
    // Each key's rows are read oldest first and only so far: a key thousands of paragraphs share (a
    // stock opening) costs a bounded lookup, and the oldest of them carry the clusters. The two
    // tables are read as one, merged in article order, as one table would give them. (The finder
    // keeps every recent row newer than every main row, so that is the main table's rows, then the
    // recent table's; the order does not rest on it.) SQLite merges the two index walks without
    // sorting and stops at the bound; one statement a key rather than two, since the call itself
    // is much of a cached lookup's cost.
    const q = withRecent ? this.bothTables() : this.sql(`SELECT article_id, position FROM dup_bands WHERE key = ? LIMIT ${KEY_ROWS}`).raw(true);
    let shared: Map<number, number> | null = null;
    for (const key of keys) {
      let rows = 0;
      if (held === undefined || held.mayBeStored(key)) {
        for (const [a, p] of (looked?.rowsOf(key) ?? (withRecent ? q.all(key, key) : q.all(key))) as [number, number][]) {
          rows += 1;
          if (a !== exceptArticle) shared = counted(shared, refOf(a, p));
        }
      }
      if (held !== undefined && rows < KEY_ROWS) for (const ref of held.refs(key, KEY_ROWS - rows)) if (unref(ref).articleId !== exceptArticle) shared = counted(shared, ref);
    }
    if (shared === null) return [];
    return [...shared].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, MAX_CANDIDATES);
  }

  /** A key's rows in both tables as `candidates` reads them; for lookups made ahead of a pass. */
  storedRows(key: number): [number, number][] {
    return this.bothTables().all(key, key) as [number, number][];
  }

  private bothTables(): Statement<unknown[]> {
    return this.sql(
      `SELECT article_id, position FROM dup_bands WHERE key = ? UNION ALL SELECT article_id, position FROM dup_bands_recent WHERE key = ? ORDER BY 1, 2 LIMIT ${KEY_ROWS}`,
    ).raw(true);
  }

  /**
   * Store band keys in the main table or the table of recent keys. In key order: the index's pages
   * are then each visited once, in turn, rather than at random once per key, which at a hundred
   * thousand articles made the writes most of the finder's time. A pass over few articles writes
   * the recent table: its rows land on a few thousand pages rather than on tens of thousands of
   * the main index's.
   */
  addBands(rows: BandRows, into: BandTable): void {
    if (rows.keys.length === 0) return;
    // The lookups ahead take the rows in this order as the tables' own (looked-up.ts): out of order is a bug, not slowness.
    for (let i = 1; i < rows.keys.length; i++) {
      if (rows.keys[i - 1]! > rows.keys[i]! || (rows.keys[i - 1] === rows.keys[i] && rows.refs[i - 1]! > rows.refs[i]!)) throw new Error('band rows to store are not in key order');
    }
    this.putBands(into, (put) => {
      for (let i = 0; i < rows.keys.length; i++) {
        const { articleId, position } = unref(rows.refs[i]!);
        put(rows.keys[i]!, articleId, position);
      }
    });
  }

  /** Store the band keys `fill` puts, for a caller that gives them in key order itself; all are stored when it returns. */
  putBands(into: BandTable, fill: (put: (key: number, articleId: number, position: number) => void) => void): void {
    this.bumpBandsGeneration();
    const insert = (this.bandInserts[into] ??= new BatchedInsert(this.db, `INSERT OR IGNORE INTO ${BAND_TABLES[into]} (key, article_id, position)`, 3));
    insert.write(fill);
  }

  /**
   * Moves with every write of band keys, by any process: a pass that holds a filter of the stored
   * keys knows from it that the filter is still whole.
   */
  bandsGeneration(): number {
    return Number(this.meta('dup_bands_generation') ?? 0);
  }

  private bumpBandsGeneration(): void {
    this.setMeta('dup_bands_generation', String(this.bandsGeneration() + 1));
  }

  /** Every stored key of the main table, in key order, once per row; to fill a big pass's filter. */
  mainBandKeys(): IterableIterator<number> {
    return this.sql('SELECT key FROM dup_bands').pluck().iterate() as IterableIterator<number>;
  }

  /** Every stored key of both tables, once per row; to fill a filter of the stored keys. */
  storedBandKeys(): IterableIterator<number> {
    return this.sql('SELECT key FROM dup_bands UNION ALL SELECT key FROM dup_bands_recent').pluck().iterate() as IterableIterator<number>;
  }

  /**
   * The articles whose keys a big pass holds in memory, unstored: those after `after` up to
   * `upTo`. They are recorded as keys to make again (the marks of `rekeyUpTo`), so that if the pass
   * dies before storing them, the next pass makes them from the text, and another process's pass
   * does so before it looks anything up.
   */
  holdKeys(after: number, upTo: number): void {
    this.setMeta('dup_rekey_up_to', String(upTo));
    this.setMeta('dup_rekeyed_up_to', String(after));
  }

  /** The range `holdKeys` recorded (or a schema upgrade's keys to make again), null when none. */
  heldRange(): { after: number; upTo: number } | null {
    const upTo = this.rekeyUpTo();
    return upTo === 0 ? null : { after: this.rekeyedUpTo(), upTo };
  }

  /** The held keys are stored: the range goes. */
  releaseKeys(): void {
    this.sql("DELETE FROM meta WHERE key IN ('dup_rekey_up_to', 'dup_rekeyed_up_to')").run();
  }

  /** Whether any article is left in the range of keys to make again. */
  keysToMake(): boolean {
    return this.keysToMakeCount() > 0;
  }

  /** Whether the table of recent band keys holds any. */
  hasRecentBands(): boolean {
    return this.sql('SELECT EXISTS (SELECT 1 FROM dup_bands_recent)').pluck().get() === 1;
  }

  /** Rows in the table of recent band keys. */
  recentBandRows(): number {
    return this.sql('SELECT count(*) FROM dup_bands_recent').pluck().get() as number;
  }

  /** The key after which an increment's share of the recent keys is next merged (mergeShare in update.ts). */
  mergeCursor(): number {
    return Number(this.meta('dup_merge_after') ?? BEFORE_EVERY_KEY);
  }

  setMergeCursor(after: number | null): void {
    this.setMeta('dup_merge_after', String(after ?? BEFORE_EVERY_KEY));
  }

  /**
   * Move recent band keys into the main table, in key order, so each of its pages is written once:
   * those above the key `after`, up to the key at which `rows` of them are reached (all of that
   * key's rows go with it). Answers the rows moved and the last key moved, null once none is left
   * above `after`. The caller holds the transaction. A merge in slices of keys keeps what a whole
   * one keeps, key by key: a key's recent rows newer than its main rows.
   */
  mergeRecentBands(after = BEFORE_EVERY_KEY, rows = Infinity): { moved: number; upTo: number | null } {
    this.bumpBandsGeneration();
    const upTo = Number.isFinite(rows)
      ? ((this.sql('SELECT key FROM dup_bands_recent WHERE key > ? ORDER BY key LIMIT 1 OFFSET ?').pluck().get(after, rows - 1) as number | undefined) ?? null)
      : null;
    const range = upTo === null ? 'key > ?' : 'key > ? AND key <= ?';
    const bounds = upTo === null ? [after] : [after, upTo];
    this.sql(
      `INSERT OR IGNORE INTO dup_bands (key, article_id, position) SELECT key, article_id, position FROM dup_bands_recent WHERE ${range} ORDER BY key, article_id, position`,
    ).run(...bounds);
    return { moved: this.sql(`DELETE FROM dup_bands_recent WHERE ${range}`).run(...bounds).changes, upTo };
  }

  /** SQLite's page cache for this connection, in KiB; the finder enlarges it while it runs. */
  cacheKiB(value?: number): number {
    return pageCacheKiB(this.db, value);
  }

  /** Articles up to an id. */
  articlesUpTo(id: number): number {
    return this.sql('SELECT count(*) FROM articles WHERE id <= ?').pluck().get(id) as number;
  }

  /** Articles of an outlet up to an id (and after `after`). */
  outletSize(sourceId: number, upTo: number, after?: number): number {
    // The range since an earlier count is read by id (every outlet's articles in it), not through
    // the outlet's whole share of its index.
    if (after !== undefined) return this.sql('SELECT count(*) FROM articles WHERE +source_id = ? AND id > ? AND id <= ?').pluck().get(sourceId, after, upTo) as number;
    return this.sql('SELECT count(*) FROM articles WHERE source_id = ? AND id <= ?').pluck().get(sourceId, upTo) as number;
  }

  addEdge(a: number, b: number, similarity: number): void {
    this.sql('INSERT OR REPLACE INTO dup_edges (a, b, similarity) VALUES (?, ?, ?)').run(Math.min(a, b), Math.max(a, b), similarity);
  }

  /** Kept pairs at or above `threshold` after the pair (a, b), a page at a time, so no read stays open between pages. */
  edgesAfter(threshold: number, a: number, b: number, limit: number): [number, number, number][] {
    return this.sql('SELECT a, b, similarity FROM dup_edges WHERE (a, b) > (?, ?) AND similarity >= ? ORDER BY a, b LIMIT ?').raw(true).all(a, b, threshold, limit) as [
      number,
      number,
      number,
    ][];
  }

  /**
   * Later paragraphs paired with `ref` as exact copies of it (similarity 1). `ref` is the older of
   * each such pair when it is the occurrence a band lookup found, so the primary key serves this.
   */
  exactCopies(ref: number, limit: number): number[] {
    return this.sql('SELECT b FROM dup_edges WHERE a = ? AND similarity >= 1 LIMIT ?').pluck().all(ref, limit) as number[];
  }

  edgeCount(): number {
    return this.sql('SELECT count(*) FROM dup_edges').pluck().get() as number;
  }

  clusterOf(ref: number): number | null {
    const { articleId, position } = unref(ref);
    return (this.sql('SELECT cluster FROM dup_members WHERE article_id = ? AND position = ?').pluck().get(articleId, position) as number | undefined) ?? null;
  }

  /** A new cluster; `id` keeps an earlier number when clusters are regrouped. */
  createCluster(id?: number): number {
    return Number(this.sql('INSERT INTO dup_clusters (id) VALUES (?)').run(id ?? null).lastInsertRowid);
  }

  addMember(cluster: number, ref: number): void {
    const { articleId, position } = unref(ref);
    this.sql('INSERT OR REPLACE INTO dup_members (article_id, position, cluster) VALUES (?, ?, ?)').run(articleId, position, cluster);
  }

  removeMember(ref: number): number | null {
    const cluster = this.clusterOf(ref);
    if (cluster !== null) {
      const { articleId, position } = unref(ref);
      this.sql('DELETE FROM dup_members WHERE article_id = ? AND position = ?').run(articleId, position);
    }
    return cluster;
  }

  /** `drop`'s members join `keep`, which is the older cluster, so ids stay stable as clusters grow. */
  mergeClusters(keep: number, drop: number): void {
    this.sql('UPDATE dup_members SET cluster = ? WHERE cluster = ?').run(keep, drop);
    this.sql('DELETE FROM dup_clusters WHERE id = ?').run(drop);
  }

  /** Recount the clusters' members, outlets and first and last appearance; a cluster left with fewer than two members goes. */
  refreshClusters(ids: Iterable<number>): void {
    const members = this.sql(
      `SELECT m.article_id AS articleId, m.position, a.source_id AS sourceId, a.published_at AS publishedAt
       FROM dup_members m JOIN articles a ON a.id = m.article_id WHERE m.cluster = ?`,
    );
    const update = this.sql(
      `UPDATE dup_clusters SET size = ?, outlets = ?, first_article = ?, first_position = ?, first_published = ?, last_published = ? WHERE id = ?`,
    );
    for (const id of ids) {
      const rows = members.all(id) as { articleId: number; position: number; sourceId: number | null; publishedAt: string | null }[];
      if (rows.length < 2) {
        this.sql('DELETE FROM dup_members WHERE cluster = ?').run(id);
        this.sql('DELETE FROM dup_clusters WHERE id = ?').run(id);
        continue;
      }
      // First seen: the earliest publication date; undated articles after dated ones; ties by import order.
      // Compared as SQLite compares text, the order `members` lists them in.
      const date = (r: { publishedAt: string | null }): string => r.publishedAt ?? '\uffff';
      rows.sort((x, y) => (date(x) < date(y) ? -1 : date(x) > date(y) ? 1 : x.articleId - y.articleId || x.position - y.position));
      const first = rows[0]!;
      const dates = rows.map((r) => r.publishedAt).filter((d): d is string => d !== null);
      const outlets = new Set(rows.map((r) => r.sourceId).filter((s) => s !== null)).size;
      update.run(rows.length, outlets, first.articleId, first.position, dates[0] ?? null, dates[dates.length - 1] ?? null, id);
    }
  }

  /** Forget every cluster (the bands and edges stay), before regrouping. */
  clearClusters(): void {
    this.sql('DELETE FROM dup_members').run();
    this.sql('DELETE FROM dup_clusters').run();
  }


  /** Count one more article of an outlet with this line; answers how many articles have it now. */
  countLine(sourceId: number, kind: LineKind, key: bigint | number, articleId: number): number {
    const row = this.sql(
      `INSERT INTO outlet_lines (source_id, kind, key, articles, last_article) VALUES (?, ?, ?, 1, ?)
       ON CONFLICT (source_id, kind, key) DO UPDATE SET articles = articles + (last_article <> excluded.last_article), last_article = excluded.last_article
       RETURNING articles`,
    ).pluck().get(sourceId, kind, key, articleId) as number;
    return row;
  }

  /** Lines of every outlet seen in at least `articles` of its articles, for a lowered threshold. */
  frequentLines(articles: number): { sourceId: number; kind: LineKind; key: bigint; articles: number }[] {
    return this.sql('SELECT source_id AS sourceId, kind, key, articles FROM outlet_lines WHERE articles >= ?').safeIntegers(true).all(articles).map((r) => {
      const row = r as { sourceId: bigint; kind: bigint; key: bigint; articles: bigint };
      return { sourceId: Number(row.sourceId), kind: Number(row.kind) as LineKind, key: row.key, articles: Number(row.articles) };
    });
  }

  /** Keep the first paragraph found as the example of a line relearnt without one. */
  setExample(sourceId: number, kind: LineKind, key: bigint | number, example: string): void {
    this.sql("UPDATE boilerplate SET example = ? WHERE source_id = ? AND kind = ? AND key = ? AND example = ''").run(example, sourceId, kind, key);
  }

  /**
   * Drop the learnt-boilerplate cache if another process (or a rolled-back transaction of this one)
   * may have changed what it holds: `boilerplate_generation` moves with every learning and unlearning.
   */
  refresh(): void {
    const generation = this.meta('boilerplate_generation');
    if (generation !== this.generation) {
      this.learnt.clear();
      this.generation = generation;
    }
  }

  /** After a rolled-back transaction: the cache may hold what was never committed. */
  forgetCache(): void {
    this.learnt.clear();
    this.generation = undefined;
  }

  private bumpGeneration(): void {
    this.generation = String(Number(this.meta('boilerplate_generation') ?? 0) + 1);
    this.setMeta('boilerplate_generation', this.generation);
  }

  private learntOf(sourceId: number): Set<string> {
    let set = this.learnt.get(sourceId);
    if (!set) {
      const rows = this.sql('SELECT kind, key FROM boilerplate WHERE source_id = ?').safeIntegers(true).all(sourceId) as { kind: bigint; key: bigint }[];
      set = new Set(rows.map((r) => `${r.kind}:${r.key}`));
      this.learnt.set(sourceId, set);
    }
    return set;
  }

  isBoilerplate(sourceId: number, kind: LineKind, key: bigint | number | null): boolean {
    return key !== null && this.learntOf(sourceId).has(`${kind}:${key}`);
  }

  learn(sourceId: number, kind: LineKind, key: bigint | number, example: string): void {
    this.sql('INSERT OR IGNORE INTO boilerplate (source_id, kind, key, example) VALUES (?, ?, ?, ?)').run(sourceId, kind, key, example);
    this.learntOf(sourceId).add(`${kind}:${key}`);
    this.bumpGeneration();
  }

  /** Forget all learnt boilerplate and unflag every paragraph (before relearning at a new threshold); answers the articles touched. */
  unlearnAll(): number[] {
    const ids = this.sql('SELECT id FROM article_texts WHERE hidden IS NOT NULL').pluck().all() as number[];
    this.sql(`UPDATE paragraphs SET flags = flags & ~${FLAG_BOILERPLATE} WHERE article_id IN (SELECT id FROM article_texts WHERE hidden IS NOT NULL)`).run();
    this.sql('UPDATE article_texts SET hidden = NULL WHERE hidden IS NOT NULL').run();
    this.sql('DELETE FROM boilerplate').run();
    this.learnt.clear();
    this.bumpGeneration();
    return ids;
  }

  /** Articles of an outlet in id order, with their paragraph rows, for flagging what it just learnt. */
  outletArticles(sourceId: number, upTo: number): PendingArticle[] {
    const ids = this.sql('SELECT id FROM articles WHERE source_id = ? AND id <= ? ORDER BY id').pluck().all(sourceId, upTo) as number[];
    return ids.flatMap((id) => this.pending(id - 1, 1));
  }

  /** Mark these paragraphs of an article as boilerplate: out of the search index and out of clusters. Answers the clusters it left. */
  flagBoilerplate(articleId: number, positions: readonly number[], hidden: string | null): number[] {
    const all = new Set(hidden === null || hidden === '' ? [] : hidden.split(',').map(Number));
    const left: number[] = [];
    for (const p of positions) {
      all.add(p);
      this.sql(`UPDATE paragraphs SET flags = flags | ${FLAG_BOILERPLATE} WHERE article_id = ? AND position = ?`).run(articleId, p);
      const c = this.removeMember(refOf(articleId, p));
      if (c !== null) left.push(c);
    }
    const text = [...all].sort((a, b) => a - b).join(',');
    if (text !== (hidden ?? '')) this.sql('UPDATE article_texts SET hidden = ? WHERE id = ?').run(text, articleId);
    return left;
  }

  // The queries below answer the UI and the CLI.

  clusterCount(minSize: number): number {
    return this.sql('SELECT count(*) FROM dup_clusters WHERE size >= ?').pluck().get(minSize) as number;
  }

  clusters(sort: ClusterSort, minSize: number, limit: number, offset: number): ClusterRow[] {
    return this.sql(`SELECT ${CLUSTER_COLUMNS} FROM dup_clusters WHERE size >= ? ORDER BY ${ORDER[sort]} LIMIT ? OFFSET ?`).all(minSize, limit, offset) as ClusterRow[];
  }

  /**
   * Every cluster's id in `sort` order (only those touching `articleIds` when given), for an export
   * that then reads them a page at a time.
   */
  clusterIds(sort: ClusterSort, minSize: number, articleIds?: readonly number[]): number[] {
    const among = articleIds === undefined ? '' : 'AND id IN (SELECT cluster FROM dup_members WHERE article_id IN (SELECT value FROM json_each(?)))';
    const params = articleIds === undefined ? [minSize] : [minSize, JSON.stringify(articleIds)];
    return this.sql(`SELECT id FROM dup_clusters WHERE size >= ? ${among} ORDER BY ${ORDER[sort]}`).pluck().all(...params) as number[];
  }

  /** These clusters, in the order given. */
  clustersById(ids: readonly number[]): ClusterRow[] {
    const rows = this.sql(`SELECT ${CLUSTER_COLUMNS} FROM dup_clusters WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as ClusterRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  cluster(id: number): ClusterRow | null {
    return (this.sql(`SELECT ${CLUSTER_COLUMNS} FROM dup_clusters WHERE id = ?`).get(id) as ClusterRow | undefined) ?? null;
  }

  /** Clusters with a member in any of these articles, sorted and cut as `clusters` does. */
  clustersOf(articleIds: readonly number[], sort: ClusterSort, minSize: number, limit: number, offset: number): { total: number; rows: ClusterRow[] } {
    const ids = new Set<number>();
    const q = this.sql('SELECT DISTINCT cluster FROM dup_members WHERE article_id = ?').pluck();
    for (const a of articleIds) for (const c of q.all(a) as number[]) ids.add(c);
    const rows = this.sql(`SELECT ${CLUSTER_COLUMNS} FROM dup_clusters WHERE id IN (SELECT value FROM json_each(?)) AND size >= ? ORDER BY ${ORDER[sort]}`).all(
      JSON.stringify([...ids]),
      minSize,
    ) as ClusterRow[];
    return { total: rows.length, rows: rows.slice(offset, offset + limit) };
  }

  /** A cluster's members in time order (undated last, then import order). */
  members(cluster: number): MemberRow[] {
    return this.sql(
      `SELECT m.article_id AS articleId, m.position, s.name AS source, a.section, a.title, a.published_at AS publishedAt
       FROM dup_members m JOIN articles a ON a.id = m.article_id LEFT JOIN sources s ON s.id = a.source_id
       WHERE m.cluster = ? ORDER BY a.published_at IS NULL, a.published_at, m.article_id, m.position`,
    ).all(cluster) as MemberRow[];
  }

  /** Each clustered paragraph of an article and its cluster. */
  membership(articleId: number): Map<number, number> {
    const rows = this.sql('SELECT position, cluster FROM dup_members WHERE article_id = ?').all(articleId) as { position: number; cluster: number }[];
    return new Map(rows.map((r) => [r.position, r.cluster]));
  }

  boilerplateList(): BoilerplateRow[] {
    return (this.sql(
      `SELECT s.name AS source, b.kind, b.example,
              (SELECT articles FROM outlet_lines l WHERE l.source_id = b.source_id AND l.kind = b.kind AND l.key = b.key) AS articles
       FROM boilerplate b JOIN sources s ON s.id = b.source_id ORDER BY s.name, articles DESC`,
    ).all() as { source: string; kind: number; example: string; articles: number | null }[]).map((r) => ({
      source: r.source,
      kind: r.kind === LINE_EXACT ? 'paragraph' : 'template',
      example: r.example,
      articles: r.articles ?? 0,
    }));
  }

  /** The sizes of the duplicate structures, for the benchmark's size budget. */
  bytes(): number {
    const tables = ['dup_bands', 'dup_bands_recent', 'dup_edges', 'dup_clusters', 'dup_clusters_size', 'dup_clusters_outlets', 'dup_clusters_recent', 'dup_members', 'dup_members_cluster', 'outlet_lines', 'boilerplate'];
    return this.sql(`SELECT ifnull(sum(pgsize), 0) FROM dbstat WHERE name IN (SELECT value FROM json_each(?))`).pluck().get(JSON.stringify(tables)) as number;
  }
}
