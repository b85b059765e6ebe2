import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { Archive } from '../../../db/archive.js';
import {
  type BandRows,
  type BandTable,
  BOILERPLATE_SHARE,
  counted,
  EDGE_FLOOR,
  FLAG_BOILERPLATE,
  LINE_EXACT,
  LINE_OPENING,
  type LineKind,
  MAX_CANDIDATES,
  type ParagraphSignature,
  type PendingArticle,
  refOf,
  unref,
} from '../../../db/duplicates.js';
import { PARAGRAPH_BREAK } from '../../../db/fts.js';
import { givingWay } from './give-way.js';
import { HeldBands, KeyFilter } from './held-bands.js';
import type { LookedUpKeys } from './looked-up.js';
import { KEYS_PER_ARTICLE, keptKeys, StoredKeys, storedKeysFor } from './stored-keys.js';
import { BANDS, openingOf, paragraphSignature, shingleSet, similarity } from './signature.js';
import type { SignReply, SignRequest } from './signature-worker.js';

/*
 * The duplicate finder's incremental pass (DESIGN §8). It takes the articles imported since it last
 * ran, in id order, a chunk per transaction, and for each paragraph:
 * 1. counts it (and its opening words) against its outlet, learning boilerplate at the threshold
 *    and flagging it, retroactively, in every earlier article of the outlet;
 * 2. looks its band keys up: a candidate with the same hash is an exact copy, any other is
 *    confirmed by the real 5-gram similarity; kept pairs become edges, and pairs at or above the
 *    threshold join clusters (union, the older cluster id kept);
 * 3. stores its band keys, unless it is boilerplate or an exact copy of a paragraph that has them.
 * A crash or a cancel between chunks leaves the archive consistent: the watermark moves with the chunk.
 *
 * Where the keys go. A pass over few articles (an import's increment) writes them into the small
 * table of recent keys: at a million articles the main table's index is tens of millions of rows,
 * and a thousand articles' keys, each on a different page of it, made the commit write tens of
 * thousands of pages. A bigger pass (an upgrade, a backlog) first merges the recent keys into
 * the main table, then holds its own (below); keys made again after a schema change go there
 * too, held the same way when they are many, chunk by chunk otherwise. A pass that finds the
 * recent table past its bound merges it first too.
 * Keys go into the main table only while the recent one is empty, and a merge moves all of it, a
 * slice of keys per transaction (recent keys another process writes meanwhile, below the slice,
 * wait for the next merge, or the next sweep of a big pass's): each key's recent rows are newer
 * than its main rows, which keeps a lookup's "oldest first" true across the two.
 *
 * A big pass (not an increment) holds its keys in memory instead (held-bands.ts), looked up as if
 * stored, and stores them in key order once it holds HELD_ROWS and at its end: writing each
 * chunk's keys into an index of tens of millions of rows was most of a pass over a million
 * articles. Until they are stored, the articles they belong to are recorded as keys to make again
 * (DuplicateStore.holdKeys), so a crash loses nothing: the next pass makes them from the text.
 * Another process that finds that record makes the keys itself before it looks anything up: at
 * its start, or, already finding, at its next chunk (processChunk answers null, and the pass
 * makes them before it goes on). The holding pass sees the record changed (or the watermark moved,
 * or band keys written by anyone else) at its next chunk or store, drops what it holds, and goes
 * on as an ordinary pass, making again whatever of its range is still recorded.
 */

export interface DuplicateHooks {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Articles per transaction. */
  chunkSize?: number;
  /** A pass over at most this many articles writes its keys into the table of recent ones (INCREMENT). */
  increment?: number;
  /** Rows of the table of recent keys beyond which a pass first merges it into the main table, and half of which an increment's share leaves (recentBound). */
  recentRows?: number;
  /** Articles the finder has gone through from which an increment merges its share (SHARES_FROM). */
  sharesFrom?: number;
  /**
   * `merging` as keys start moving into the main table (a merge of the recent keys, or a store of
   * the keys a big pass held, each a slice of keys a transaction), `finding` once the pass goes on
   * (or, cancelled midway through a merge, stops).
   */
  onPhase?: (phase: DuplicatePhase) => void;
  /** Keys a big pass holds in memory before it stores them (HELD_ROWS); 0 stores each chunk's keys as it goes. */
  heldRows?: number;
  /** Recent keys merged into the main table per transaction (MERGE_ROWS). */
  mergeRows?: number;
  /** Called as each slice of a merge of the recent keys commits, with the rows it moved; the pass waits for it. For tests. */
  afterMergeSlice?: (moved: number) => void | Promise<void>;
  /** Called as each chunk of articles is done, with the articles done so far; the pass waits for it. For tests. */
  afterChunk?: (done: number) => void | Promise<void>;
  /**
   * Called after each of the pass's write transactions (a chunk, a slice of a merge or of a store
   * of held keys); the pass waits for it. An import keeps its write-ahead log bounded there.
   */
  afterWrite?: () => void | Promise<void>;
  /** Band keys an import looked up ahead, taken by chunks that find the archive as they were read. */
  lookedUp?: LookedUpKeys;
}

export type DuplicatePhase = 'merging' | 'finding';

export interface DuplicateSummary {
  status: 'done' | 'cancelled';
  articles: number;
  paragraphs: number;
  /** Band rows the pass moved from the table of recent keys into the main table first. */
  merged: number;
  durationMs: number;
}

/**
 * Articles per transaction. A chunk holds the service's thread while it is looked up and written
 * (searches wait meanwhile: bench/load.ts measured waits of 9–11 s with 5,000 at 100,000 articles
 * on a busy machine), so it is kept to about a second of work.
 */
const CHUNK = 1000;
const FINDER_CACHE_KIB = 256 * 1024;
/** Exact copies of a boilerplate paragraph a new copy is joined with; the rest are in their cluster already. */
const MAX_BRIDGED = 50;
/** Pairs read at a time when regrouping. */
const EDGE_PAGE = 20000;
/** Opening words mark a template only when this many times the boilerplate threshold of articles share them. */
const TEMPLATE_FACTOR = 2;
/**
 * A pass over at most this many articles is an increment: its keys go into the table of recent
 * ones, about 55 rows an article, so at most some 1,100,000 rows on top of the bound below. A
 * pass does not merge midway, so a bigger one (an upgrade, a backlog) would grow that table
 * without bound, and with it the pages each of its commits rewrites: it writes the main table.
 */
const INCREMENT = 20000;
/**
 * Rows of recent keys beyond which the next pass first merges them into the main table; an
 * increment past half of it merges its share (mergeShare), so they seldom get there. A chunk's
 * commit rewrites about as many of the recent table's pages as it has (some 4,000 a million rows,
 * measured), while a merge falls on nearly every leaf page of the main index and rewrites it (at a
 * million articles, some 280,000 pages). Per chunk, half the recent table's pages plus a merge's
 * pages shared among the chunks between two merges is least when the recent table holds
 * √(2 × the main table's rows × a chunk's rows): about 2.7 million rows at a million articles,
 * 850,000 at 100,000, 270,000 at 10,000. The main table's rows are taken as KEYS_PER_ARTICLE for
 * every article the finder has gone through (deleted ones too: too many moves the bound up, as
 * a fixed bound was). Between MIN_RECENT_ROWS and RECENT_ROWS.
 */
export function recentBound(foundUpTo: number): number {
  const best = Math.sqrt(2 * foundUpTo * KEYS_PER_ARTICLE * CHUNK * KEYS_PER_ARTICLE);
  return Math.round(Math.min(RECENT_ROWS, Math.max(MIN_RECENT_ROWS, best)));
}
/**
 * The bound from about 560,000 articles up: about 36,000 articles' keys. The least cost at a
 * million articles is between two and three million rows; the lower end keeps each increment's
 * commits the smaller.
 */
const RECENT_ROWS = 2_000_000;
/** The bound for small archives: a merge is a phase of its own and a pause, which some 4,000 articles' keys are worth. */
const MIN_RECENT_ROWS = 250_000;
/**
 * Archives from which each increment merges its share of the recent keys (mergeShare). In a
 * smaller one the whole merge is short, and shares after every run of an import's finder cost
 * more in all: an import of 10,000 articles into a new archive merged eight shares in 1.32 s,
 * against one whole merge in 0.47 s. At a million articles the whole merge took 7–10 s.
 */
const SHARES_FROM = 200_000;
/**
 * Recent keys merged into the main table per transaction. The recent table at its bound, merged
 * in one, held the archive's write lock 5.7–9.6 s at a million articles, near another process's
 * patience (SQLite's busy timeout, 10 s) and as long a wait for the service's searches. A slice of
 * keys writes only its share of the main index's pages: slices of this many took 0.4–0.7 s each,
 * 7.3–8.2 s in all (bench/dups-merge.ts), with a pause between two (give-way.ts). A crash between two
 * leaves the keys below some key merged and the rest recent, which every pass reads as it would
 * either.
 */
const MERGE_ROWS = 100_000;
/**
 * Keys a big pass holds before storing them, some 145,000 articles' keys: about 200 MB of memory
 * for the keys (held-bands.ts), 64 MB more while they are sorted, beside a filter of at most 128
 * MB. Each store rewrites the pages of the main index the keys fall on, nearly all of it, so fewer
 * and larger stores cost less; memory is the bound.
 */
const HELD_ROWS = 8_000_000;
/**
 * Held keys stored per transaction: a store of millions of rows in one would hold the archive's
 * write lock past another process's patience (SQLite's busy timeout, 10 s) and the service's
 * thread as long. A crash between two leaves the whole range recorded, to be made again.
 */
const STORE_SLICE = 500_000;
/**
 * Sweeps over the keys a merge before a big pass makes: recent keys another process writes below
 * the sweep's slice are swept again, since the big pass writes the main table only once the
 * recent one is empty. A process that keeps writing them wins, and the pass goes on chunk by chunk.
 */
const MERGE_SWEEPS = 3;

/**
 * A big pass's keys in memory, and the articles they belong to: those after `after` up to `upTo`;
 * `generation`, the archive's count of band writes when the pass last wrote or read them all.
 */
interface Hold {
  keys: HeldBands;
  after: number;
  upTo: number;
  generation: number;
  /**
   * For a pass making keys again (after an upgrade), where the range to make ends: its record is
   * the marks it works from, which keep that end and move their start only as keys are stored.
   * Null for a finding pass, whose record is its own and ends where it has got.
   */
  remakeUpTo: number | null;
  /**
   * Articles and paragraphs gone through since the last store. A remaking hold that is dropped
   * takes them back from the pass's count: they are made again.
   */
  articles: number;
  paragraphs: number;
}

/**
 * Whether the archive is as the holding pass left it: no band keys written by anyone else (its
 * filter of the stored keys still whole), its articles' keys still recorded as held by it alone,
 * and no recent keys (another process's increment's, newer than what it holds).
 */
function undisturbed(store: Archive['duplicates'], hold: Hold, recent: boolean): boolean {
  if (recent || store.bandsGeneration() !== hold.generation) return false;
  const range = store.heldRange();
  const end = hold.remakeUpTo ?? hold.upTo;
  if (hold.after === end) return range === null;
  return range !== null && range.after === hold.after && range.upTo === end;
}

/** Where a chunk writes its keys, decided inside its transaction, and whether lookups need the recent table. */
function bandTarget(store: Archive['duplicates'], increment: boolean): { recent: boolean; into: BandTable } {
  const recent = store.hasRecentBands();
  // Another process's increment may have written recent keys since this pass merged them: the
  // chunk's keys, newer still, then go there too.
  return { recent, into: increment || recent ? 'recent' : 'main' };
}

/**
 * Band keys of the chunk in hand, held back to be written in key order at its end; a paragraph
 * of the chunk finds the earlier ones here as it finds the stored ones in the archive. Held as a
 * big pass holds its keys (typed arrays, sorted by radix): a Map of arrays and a comparison sort
 * took about 1.1 s of the writer's thread in an import of 10,000 articles, and their garbage
 * lengthened every collection of that thread's young objects.
 */
class ChunkBands {
  private readonly held: HeldBands;

  /** `articles`: the chunk; its paragraphs bound how many keys it can add. */
  constructor(articles: readonly PendingArticle[]) {
    let paragraphs = 0;
    for (const a of articles) paragraphs += a.paragraphs.length;
    this.held = new HeldBands(paragraphs * BANDS, null);
  }

  /** Keys are added in article order, and a paragraph's after the earlier paragraph's. */
  add(key: number, articleId: number, position: number): void {
    this.held.add(key, refOf(articleId, position));
  }

  /** Every key added, sorted as the band tables store them. */
  rows(): BandRows {
    const order = this.held.sorted();
    const keys = new Int32Array(order.length);
    const refs = new Float64Array(order.length);
    for (let k = 0; k < order.length; k++) {
      keys[k] = this.held.keyAt(order[k]!);
      refs[k] = this.held.refAt(order[k]!);
    }
    return { keys, refs };
  }

  /** Hand every key added to `keys`, in the order added (article order): held keys are read back oldest first. */
  holdIn(keys: HeldBands): void {
    for (let i = 0; i < this.held.size; i++) keys.add(this.held.keyAt(i), this.held.refAt(i));
  }

  /** The stored candidates with this chunk's, most shared keys first, then oldest, at most MAX_CANDIDATES. */
  candidates(keys: readonly number[], exceptArticle: number, stored: [number, number][]): number[] {
    let shared: Map<number, number> | null = null;
    for (const key of keys) {
      for (const ref of this.held.refs(key, Number.POSITIVE_INFINITY)) if (unref(ref).articleId !== exceptArticle) shared = counted(shared, ref);
    }
    if (shared === null) return stored.map(([ref]) => ref);
    // The chunk's paragraphs are not stored yet, so the two lists never name the same one.
    for (const [ref, n] of stored) shared.set(ref, n);
    return [...shared].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, MAX_CANDIDATES).map(([ref]) => ref);
  }
}

/** A map that forgets its oldest entry beyond `size`. */
class Recent<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly size: number) {}
  get(key: K, make: () => V): V {
    let v = this.map.get(key);
    if (v === undefined) {
      v = make();
      if (this.map.size >= this.size) this.map.delete(this.map.keys().next().value!);
      this.map.set(key, v);
    }
    return v;
  }
}

/**
 * The 5-gram sets of stored paragraphs a lookup proposed, and the texts they came from. Candidates
 * gather around the same few paragraphs (an original and its copies, a stock opening), so most are
 * asked for again within a run.
 */
class Shingles {
  private readonly sets = new Recent<number, Uint32Array>(20000);
  private readonly texts = new Recent<number, string[]>(2000);
  constructor(private readonly store: Archive['duplicates']) {}
  of(ref: number): Uint32Array {
    return this.sets.get(ref, () => {
      const { articleId, position } = unref(ref);
      return shingleSet(this.texts.get(articleId, () => this.store.paragraphTexts(articleId))[position] ?? '');
    });
  }
}

/**
 * Articles of each outlet up to the chunk in hand, for the boilerplate share. Counted in full once
 * a pass, then by the articles since: at a million articles a full count read a tenth of an index
 * each time a line reached the threshold, a few per cent of the pass. An article deleted meanwhile
 * stays counted; the share is a rough bound, not an exact one.
 */
class OutletSizes {
  private readonly known = new Map<number, { upTo: number; size: number }>();
  constructor(private readonly store: Archive['duplicates']) {}
  of(sourceId: number, upTo: number): number {
    const k = this.known.get(sourceId);
    if (k !== undefined && k.upTo === upTo) return k.size;
    const size = k === undefined || k.upTo > upTo ? this.store.outletSize(sourceId, upTo) : k.size + this.store.outletSize(sourceId, upTo, k.upTo);
    this.known.set(sourceId, { upTo, size });
    return size;
  }
}

/**
 * Flag what an outlet has just been found to repeat, in each of its articles up to `upTo`; answers
 * the clusters that lost members. With `examples`, the lines were learnt without one (relearning
 * from counts) and each takes the first paragraph found.
 */
function flagLearnt(archive: Archive, sourceId: number, exact: Set<bigint>, openings: Set<number>, upTo: number, examples = false): number[] {
  const store = archive.duplicates;
  const left: number[] = [];
  const exampled = new Set<bigint | number>();
  const example = (kind: LineKind, key: bigint | number, text: string): void => {
    if (!examples || exampled.has(key)) return;
    store.setExample(sourceId, kind, key, text);
    exampled.add(key);
  };
  for (const a of store.outletArticles(sourceId, upTo)) {
    const texts = a.body.split(PARAGRAPH_BREAK);
    const hit: number[] = [];
    for (const p of a.paragraphs) {
      if (p.flags & FLAG_BOILERPLATE) continue;
      const text = texts[p.position] ?? '';
      const opening = openings.size > 0 ? openingOf(text) : null;
      if (exact.has(p.hash)) example(LINE_EXACT, p.hash, text);
      else if (opening !== null && openings.has(opening)) example(LINE_OPENING, opening, text);
      else continue;
      hit.push(p.position);
    }
    if (hit.length > 0) left.push(...store.flagBoilerplate(a.id, hit, a.hidden));
  }
  return left;
}

/** The exact copies of a paragraph that are text, not boilerplate. */
function exactText(store: Archive['duplicates'], ref: number): number[] {
  return store.exactCopies(ref, MAX_BRIDGED).filter((r) => {
    const { articleId, position } = unref(r);
    const row = store.paragraphRow(articleId, position);
    return row !== null && (row.flags & FLAG_BOILERPLATE) === 0;
  });
}

/**
 * Whether an outlet's line is now its boilerplate: in at least `minArticles` of its articles (twice
 * that for opening words, which real paragraphs share more easily) and in at least
 * BOILERPLATE_SHARE of them. The share keeps a wire paragraph that one outlet ran a dozen times
 * among its thousands of articles a duplicate, not chrome.
 */
function reachesBoilerplate(kind: LineKind, articles: number, minArticles: number, outletArticles: number): boolean {
  return articles >= minArticles * (kind === LINE_OPENING ? TEMPLATE_FACTOR : 1) && articles >= BOILERPLATE_SHARE * outletArticles;
}

/**
 * A paragraph's text by position, from the article's body split when one is first needed: with
 * the band keys in hand (an import's), most articles need none, and their text is never read.
 */
function paragraphText(a: PendingArticle): (position: number) => string {
  let parts: string[] | null = null;
  return (position) => (parts ??= a.body.split(PARAGRAPH_BREAK))[position] ?? '';
}

/**
 * One chunk of articles through the finder, inside one transaction. Null, with nothing done, when
 * the watermark is no longer where the chunk was read from (another process got there first),
 * when a holding pass finds the archive disturbed, or when an ordinary one finds keys recorded
 * as held by another process, which it must make before it looks anything up.
 */
function processChunk(
  archive: Archive,
  articles: PendingArticle[],
  signatures: (id: number) => ParagraphSignature[] | undefined,
  shingles: Shingles,
  outletSizes: OutletSizes,
  start: number,
  increment: boolean,
  hold: Hold | null,
  stored: StoredKeys | null,
  lookedUp: LookedUpKeys | undefined,
): number | null {
  const store = archive.duplicates;
  if (store.indexedUpTo() !== start) return null;
  const bands = bandTarget(store, increment);
  if (hold === null ? store.rekeyUpTo() > 0 : hold.upTo !== start || !undisturbed(store, hold, bands.recent)) return null;
  const filter = hold === null && stored?.whole(store) ? stored : null;
  const looked = hold === null ? (lookedUp?.at(store.bandsGeneration()) ?? undefined) : undefined;
  store.refresh();
  const threshold = store.threshold();
  const minArticles = store.boilerplateArticles();
  const dirty = new Set<number>();
  const learnt = new Map<number, { exact: Set<bigint>; openings: Set<number> }>();
  const fresh = new ChunkBands(articles);
  let paragraphs = 0;

  const join = (ref: number, others: number[]): void => {
    const clusters = [...new Set([ref, ...others].map((r) => store.clusterOf(r)).filter((c): c is number => c !== null))].sort((x, y) => x - y);
    const keep = clusters[0] ?? store.createCluster();
    for (const c of clusters.slice(1)) store.mergeClusters(keep, c);
    for (const r of [ref, ...others]) if (store.clusterOf(r) === null) store.addMember(keep, r);
    dirty.add(keep);
  };

  /** Count a line against its outlet; learn it when it reaches the threshold. */
  const count = (article: PendingArticle, kind: LineKind, key: bigint | number, textAt: (position: number) => string, position: number): void => {
    const sourceId = article.sourceId!;
    const n = store.countLine(sourceId, kind, key, article.id);
    if (n < minArticles || store.isBoilerplate(sourceId, kind, key)) return;
    const size = outletSizes.of(sourceId, articles[articles.length - 1]!.id);
    if (!reachesBoilerplate(kind, n, minArticles, size)) return;
    store.learn(sourceId, kind, key, textAt(position));
    const l = learnt.get(sourceId) ?? { exact: new Set<bigint>(), openings: new Set<number>() };
    if (kind === LINE_EXACT) l.exact.add(key as bigint);
    else l.openings.add(key as number);
    learnt.set(sourceId, l);
  };

  for (const a of articles) {
    const textAt = paragraphText(a);
    const given = signatures(a.id);
    const boiler: number[] = [];
    for (const p of a.paragraphs) {
      paragraphs += 1;
      const sig = given?.[p.position] ?? paragraphSignature(textAt(p.position));
      let boilerplate = (p.flags & FLAG_BOILERPLATE) !== 0;
      if (a.sourceId !== null) {
        if (sig.short) count(a, LINE_EXACT, p.hash, textAt, p.position);
        if (sig.opening !== null) count(a, LINE_OPENING, sig.opening, textAt, p.position);
        if (!boilerplate && (store.isBoilerplate(a.sourceId, LINE_EXACT, p.hash) || store.isBoilerplate(a.sourceId, LINE_OPENING, sig.opening))) {
          boiler.push(p.position);
          boilerplate = true;
        }
      }
      if (sig.keys === null) continue;
      // Boilerplate is looked up and paired like any paragraph, so that if a new threshold makes it
      // text again its pairs are there; it never joins a cluster.
      const ref = refOf(a.id, p.position);
      let exact = false;
      let mine: Uint32Array | null = null;
      const joined: number[] = [];
      for (const c of fresh.candidates(sig.keys, a.id, store.candidates(sig.keys, a.id, bands.recent, hold?.keys ?? filter ?? undefined, looked))) {
        const { articleId, position } = unref(c);
        const row = store.paragraphRow(articleId, position);
        if (row === null) continue;
        const other = (row.flags & FLAG_BOILERPLATE) !== 0;
        let sim = 1;
        // A copy of a paragraph that is boilerplate elsewhere is found through it but keeps keys of
        // its own, so the copies that are text find each other.
        if (row.hash === p.hash) exact ||= !other;
        else {
          mine ??= shingleSet(textAt(p.position));
          sim = similarity(mine, shingles.of(c));
        }
        if (sim < EDGE_FLOOR) continue;
        store.addEdge(ref, c, sim);
        if (sim < threshold || boilerplate) continue;
        if (!other) joined.push(c);
        // Equal text is a copy of every copy: the exact copies of a paragraph that has become
        // boilerplate in its outlet are copies of this one, though they pair only with it.
        else if (sim >= 1) joined.push(...exactText(store, c));
      }
      // Boilerplate keeps no keys: a line an outlet repeats in every article would make one key
      // the whole outlet's.
      if (!exact && !boilerplate) for (const key of sig.keys) fresh.add(key, a.id, p.position);
      if (joined.length > 0) join(ref, joined);
    }
    if (boiler.length > 0) for (const c of store.flagBoilerplate(a.id, boiler, a.hidden)) dirty.add(c);
  }
  const last = articles[articles.length - 1]!.id;
  if (hold === null) {
    const rows = fresh.rows();
    store.addBands(rows, bands.into);
    filter?.took(rows.keys, store.bandsGeneration());
    // Each key's new rows in article order, after its stored ones.
    looked?.took(rows, store.bandsGeneration());
  } else {
    fresh.holdIn(hold.keys);
    hold.upTo = last;
    store.holdKeys(hold.after, last);
  }
  for (const [sourceId, l] of learnt) for (const c of flagLearnt(archive, sourceId, l.exact, l.openings, last)) dirty.add(c);
  store.refreshClusters(dirty);
  store.setIndexedUpTo(last);
  return paragraphs;
}

/**
 * One chunk of articles whose band keys are made again (schemas 7 and 11 replaced keys): each
 * paragraph that keeps keys in the finder's pass (long enough, not boilerplate, not an exact copy
 * of an earlier paragraph that is text) gets them. Pairs and clusters stay as they are. Null, with
 * nothing done, when another process got to the chunk first, or when a holding pass finds the
 * archive disturbed. A holding pass keeps the keys and leaves the marks where they are: they move
 * when the keys are stored.
 */
function rekeyChunk(
  store: Archive['duplicates'],
  articles: PendingArticle[],
  signatures: (id: number) => ParagraphSignature[] | undefined,
  start: number,
  hold: Hold | null,
  stored: StoredKeys | null,
): number | null {
  // With no record left, a holding pass stored the keys since this chunk was read.
  if (hold === null ? store.rekeyUpTo() === 0 || store.rekeyedUpTo() !== start : hold.upTo !== start || !undisturbed(store, hold, store.hasRecentBands())) return null;
  const bands = bandTarget(store, false);
  const filter = hold === null && stored?.whole(store) ? stored : null;
  const fresh = new ChunkBands(articles);
  let paragraphs = 0;
  const isTextCopy = (hash: bigint) => (ref: number): boolean => {
    const { articleId, position } = unref(ref);
    const row = store.paragraphRow(articleId, position);
    return row !== null && row.hash === hash && (row.flags & FLAG_BOILERPLATE) === 0;
  };
  for (const a of articles) {
    const textAt = paragraphText(a);
    const given = signatures(a.id);
    for (const p of a.paragraphs) {
      paragraphs += 1;
      if ((p.flags & FLAG_BOILERPLATE) !== 0) continue;
      const sig = given?.[p.position] ?? paragraphSignature(textAt(p.position));
      if (sig.keys === null) continue;
      if (fresh.candidates(sig.keys, a.id, store.candidates(sig.keys, a.id, bands.recent, hold?.keys ?? filter ?? undefined)).some(isTextCopy(p.hash))) continue;
      for (const key of sig.keys) fresh.add(key, a.id, p.position);
    }
  }
  const last = articles[articles.length - 1]!.id;
  if (hold === null) {
    const rows = fresh.rows();
    store.addBands(rows, bands.into);
    filter?.took(rows.keys, store.bandsGeneration());
    store.setRekeyedUpTo(last);
  } else {
    fresh.holdIn(hold.keys);
    hold.upTo = last;
  }
  return paragraphs;
}

/** A walk over articles in id order from a watermark, a chunk per transaction. */
interface Pass {
  /** After a chunk answered null: true ends the walk (disturbed), false starts it again from the watermark. */
  disturbed?: () => boolean;
  /** True while its chunks only read (a holding pass making keys again): they take no write lock. */
  readOnly?: () => boolean;
  from: () => number;
  read: (afterId: number) => PendingArticle[];
  process: (chunk: PendingArticle[], signatures: (id: number) => ParagraphSignature[] | undefined, start: number, stored: StoredKeys | null) => number | null;
}

/**
 * Bring the duplicate clusters and boilerplate up to date with every article imported since the
 * last pass, after making again the band keys a schema upgrade left to make. `known` holds band
 * keys the import workers already made (by article id and position); the rest are made from the
 * stored text. A pass that merges the recent keys does so first, in a transaction of its own.
 */
export async function updateDuplicates(
  archive: Archive,
  known: ReadonlyMap<number, ParagraphSignature[]> = new Map(),
  hooks: DuplicateHooks = {},
): Promise<DuplicateSummary> {
  const started = Date.now();
  const store = archive.duplicates;
  const size = hooks.chunkSize ?? CHUNK;
  let total = store.pendingCount();
  const increment = store.rekeyUpTo() === 0 && total <= (hooks.increment ?? INCREMENT);
  /** Whether the finding, once the keys to make again are made, is an increment's. */
  let few = increment;
  const summary: DuplicateSummary = { status: 'done', articles: 0, paragraphs: 0, merged: 0, durationMs: 0 };
  // Articles without signatures in hand, more than a chunk of them (an upgraded archive, an
  // import's backlog): a thread makes the next chunk's while this one is written. A chunk's
  // articles are only ever changed by the chunks before it, so reading it ahead is safe.
  const signer = total > size ? new Signer() : null;
  type Signed = ReadonlyMap<number, ParagraphSignature[]>;
  const sign = (chunk: PendingArticle[]): Promise<Signed> | null => {
    const missing = chunk.filter((a) => !known.has(a.id));
    return signer && missing.length > 0 ? signer.sign(missing) : null;
  };
  hooks.onProgress?.(0, total);
  // The band index is read and written all over; a larger page cache while the finder runs keeps
  // more of it in memory (SQLite takes the pages only as it needs them).
  const shingles = new Shingles(store);
  const outletSizes = new OutletSizes(store);
  const cache = store.cacheKiB();
  store.cacheKiB(Math.max(cache, FINDER_CACHE_KIB));

  const heldRows = hooks.heldRows ?? HELD_ROWS;
  let hold: Hold | null = null;
  /**
   * Store the held keys in key order, STORE_SLICE a transaction, the record of the held range
   * going (or, making keys again, moving up to what was held) with the last; false when the
   * archive was found disturbed (what was stored stays, the rest is another pass's to make).
   */
  const storeHeld = async (): Promise<boolean> => {
    const h = hold!;
    hooks.onPhase?.('merging');
    const order = h.keys.sorted();
    const giveWay = givingWay();
    for (let from = 0; from === 0 || from < order.length; from += STORE_SLICE) {
      await giveWay();
      const stored = archive.inTransaction(() => {
        store.assertKnownSchema();
        if ((h.remakeUpTo === null && store.indexedUpTo() !== h.upTo) || !undisturbed(store, h, store.hasRecentBands())) return false;
        store.putBands('main', (put) => {
          for (let k = from; k < Math.min(order.length, from + STORE_SLICE); k++) {
            const { articleId, position } = unref(h.keys.refAt(order[k]!));
            put(h.keys.keyAt(order[k]!), articleId, position);
          }
        });
        h.generation = store.bandsGeneration();
        if (from + STORE_SLICE >= order.length) {
          if (h.remakeUpTo === null) store.releaseKeys();
          else store.setRekeyedUpTo(h.upTo);
        }
        return true;
      });
      if (!stored) {
        // The pass goes on, chunk by chunk.
        hooks.onPhase?.('finding');
        return false;
      }
      await hooks.afterWrite?.();
    }
    h.keys.clear();
    h.articles = 0;
    h.paragraphs = 0;
    h.after = h.upTo;
    return true;
  };

  const run = async (pass: Pass): Promise<'done' | 'cancelled' | 'disturbed'> => {
    let start = pass.from();
    let chunk = pass.read(start);
    let signing = sign(chunk);
    // Made only for a pass with something to find; a holding pass has a filter of its own (held-bands.ts).
    const stored = hold === null && chunk.length > 0 ? storedKeysFor(archive, total - summary.articles) : null;
    while (chunk.length > 0) {
      if (hooks.signal?.aborted) return 'cancelled';
      const end = chunk[chunk.length - 1]!.id;
      const next = pass.read(end);
      const nextSigning = sign(next);
      const signed: Signed = (await signing) ?? new Map();
      const current = chunk;
      const work = (): number | null => {
        store.assertKnownSchema();
        return pass.process(current, (id) => known.get(id) ?? signed.get(id), start, stored);
      };
      let done: number | null;
      try {
        done = pass.readOnly?.() ? archive.inReadTransaction(work) : StoredKeys.settling(stored, () => archive.inTransaction(work));
      } catch (err) {
        hooks.lookedUp?.forget();
        throw err;
      }
      if (done === null) {
        if (pass.disturbed?.()) return 'disturbed';
        // Another process moved the watermark: start again from where it is now.
        start = pass.from();
        chunk = pass.read(start);
        signing = sign(chunk);
        continue;
      }
      summary.paragraphs += done;
      summary.articles += chunk.length;
      if (hold !== null) {
        hold.articles += chunk.length;
        hold.paragraphs += done;
      }
      hooks.onProgress?.(summary.articles, total);
      await hooks.afterWrite?.();
      await hooks.afterChunk?.(summary.articles);
      start = end;
      chunk = next;
      signing = nextSigning;
      if (hold !== null && hold.keys.size >= heldRows) {
        if (!(await storeHeld())) return 'disturbed';
        hooks.onPhase?.('finding');
      }
      await yieldToLoop();
    }
    return 'done';
  };

  const rekey: Pass = {
    from: () => store.rekeyedUpTo(),
    read: (afterId) => store.pending(afterId, size, store.rekeyUpTo()),
    process: (chunk, signatures, start, stored) => rekeyChunk(store, chunk, signatures, start, hold, stored),
    disturbed: () => hold !== null,
    // Held, its keys are written only by the stores, so an import beside it never waits for a chunk.
    readOnly: () => hold !== null,
  };
  const find: Pass = {
    from: () => store.indexedUpTo(),
    read: (afterId) => store.pending(afterId, size),
    process: (chunk, signatures, start, stored) => processChunk(archive, chunk, signatures, shingles, outletSizes, start, few, hold, stored, hooks.lookedUp),
    disturbed: () => hold !== null || store.rekeyUpTo() > 0,
  };
  /**
   * A big pass's hold: from the watermark, or (`remaking`) from the marks of the keys to make
   * again. With a filter of the stored keys when the pass is at least as big as what has its keys
   * stored: reading every stored key costs about what the pass does.
   */
  const startHold = (remaking: boolean): Hold => {
    // Read first: keys written by anyone while the filter is filled move it, and the pass's first chunk sees that.
    const generation = store.bandsGeneration();
    const at = remaking ? store.rekeyedUpTo() : store.indexedUpTo();
    const toMake = store.keysToMakeCount();
    const pending = remaking ? toMake : store.pendingCount();
    // Every article up to the watermark has its keys stored, but those whose keys are to be made.
    const before = store.articlesUpTo(store.indexedUpTo()) - toMake;
    let filter: KeyFilter | null = null;
    if (before <= pending) {
      filter = new KeyFilter((before + pending) * KEYS_PER_ARTICLE);
      for (const key of store.mainBandKeys()) filter.add(key);
    }
    const keys = new HeldBands(Math.min(heldRows, pending * KEYS_PER_ARTICLE), filter);
    return { keys, after: at, upTo: at, generation, remakeUpTo: remaking ? store.rekeyUpTo() : null, articles: 0, paragraphs: 0 };
  };
  /**
   * Make the keys to make again. Many of them (an upgrade's, a crashed big pass's) are held, as a
   * big finding pass holds its own; disturbed, the rest are made chunk by chunk.
   */
  const remake = async (first: boolean): Promise<'done' | 'cancelled'> => {
    // After the first round, what is to make is the keys of this pass's own dropped hold, whose
    // articles it has found and counted already: more work than the total said.
    if (!first) total += store.keysToMakeCount();
    const big = first && heldRows > 0 && !hooks.signal?.aborted && store.keysToMakeCount() > (hooks.increment ?? INCREMENT);
    if (big) {
      hold = startHold(true);
      const made = await run(rekey);
      // Stored on a cancel too, as a finding pass's keys are. Disturbed, in a chunk or in the
      // store, the pass below makes what is still recorded.
      let stored = made !== 'disturbed';
      if (stored && hold.after !== hold.upTo) {
        stored = await storeHeld();
        if (stored && made === 'done') hooks.onPhase?.('finding');
      }
      // Dropped, what it held is made again below: counted once, so progress stays within its total.
      if (!stored) {
        summary.articles -= hold.articles;
        summary.paragraphs -= hold.paragraphs;
      }
      hold = null;
      if (made === 'cancelled') return 'cancelled';
    }
    return (await run(rekey)) === 'cancelled' ? 'cancelled' : 'done';
  };
  const bound = (): number => hooks.recentRows ?? recentBound(store.indexedUpTo());
  const mergeDue = (): boolean => (increment ? store.recentBandRows() > bound() : store.hasRecentBands());
  /**
   * One slice of a merge, its own transaction: `rows` recent keys after the key `after`, or, for
   * a share, after the key where the last share stopped, which then moves past them.
   */
  const mergeSlice = async (after: number | undefined | 'share', rows: number): Promise<{ moved: number; upTo: number | null }> => {
    const kept = keptKeys(archive);
    const slice = StoredKeys.settling(kept, () =>
      archive.inTransaction(() => {
        store.assertKnownSchema();
        const whole = kept?.whole(store);
        const moved = store.mergeRecentBands(after === 'share' ? store.mergeCursor() : after, rows);
        if (after === 'share') store.setMergeCursor(moved.upTo);
        // Moved keys are stored keys still: the filter stays whole.
        if (whole) kept!.took([], store.bandsGeneration());
        return moved;
      }),
    );
    summary.merged += slice.moved;
    await hooks.afterWrite?.();
    await hooks.afterMergeSlice?.(slice.moved);
    return slice;
  };
  /**
   * An increment's share: the recent keys past half the bound, merged after the finding from where
   * the last share stopped, going round the keys. Each increment then merges about the keys it
   * added, from the part of the key range merged longest ago, where the recent keys are densest:
   * about as many of the main table's pages a row as a merge of the whole table rewrote, shared
   * out, rather than one increment in about 36 taking the whole merge (7–10 s at a million
   * articles) on top of its own work.
   */
  const mergeShare = async (): Promise<void> => {
    let rest = store.recentBandRows() - Math.floor(bound() / 2);
    if (rest <= 0) return;
    hooks.onPhase?.('merging');
    const giveWay = givingWay();
    for (let wrapped = false; rest > 0 && !hooks.signal?.aborted; ) {
      await giveWay();
      const slice = await mergeSlice('share', Math.min(rest, hooks.mergeRows ?? MERGE_ROWS));
      rest -= slice.moved;
      if (slice.upTo === null) {
        if (wrapped) break;
        wrapped = true;
      }
    }
  };
  let mergedFirst = false;
  try {
    if (total > 0 && !hooks.signal?.aborted && mergeDue()) {
      mergedFirst = true;
      hooks.onPhase?.('merging');
      const giveWay = givingWay();
      // An increment's merge only needs the table smaller; a big pass's, empty.
      for (let sweep = 0; sweep < (increment ? 1 : MERGE_SWEEPS) && !hooks.signal?.aborted && (sweep === 0 || store.hasRecentBands()); sweep++) {
        for (let after: number | undefined; !hooks.signal?.aborted; ) {
          await giveWay();
          const slice = await mergeSlice(after, hooks.mergeRows ?? MERGE_ROWS);
          if (slice.upTo === null) break;
          after = slice.upTo;
        }
      }
      hooks.onPhase?.('finding');
    }
    for (let round = 0; ; round++) {
      if ((await remake(round === 0)) === 'cancelled') {
        summary.status = 'cancelled';
        break;
      }
      // Articles deleted since the upgrade leave nothing to make keys for: the marks go all the
      // same. Not those of another process's hold, which has articles in them.
      if (store.rekeyUpTo() > 0) {
        archive.inTransaction(() => {
          if (store.rekeyUpTo() > 0 && !store.keysToMake()) store.releaseKeys();
        });
      }
      // What is left is what was never found. A pass that only made keys again first (after a crash)
      // may be an increment's after all.
      few = store.pendingCount() <= (hooks.increment ?? INCREMENT);
      // Only on the first round: a pass disturbed once goes on chunk by chunk, so two holding
      // passes cannot disturb each other for ever (one whose remaking was disturbed may still
      // hold its finding, once).
      hold = round === 0 && !few && heldRows > 0 && !hooks.signal?.aborted ? startHold(false) : null;
      const found = await run(find);
      if (found === 'cancelled') summary.status = 'cancelled';
      // Stored on a cancel too: the next pass would otherwise make them again from the text.
      const stored = found !== 'disturbed' && (hold === null || hold.after === hold.upTo || (await storeHeld()));
      hold = null;
      // Disturbed: whatever of its range is still recorded is made again by the next round, or by
      // the process that disturbed it; the rest of the pass is an ordinary one.
      if (stored || summary.status === 'cancelled') break;
    }
    const shares = store.indexedUpTo() >= (hooks.sharesFrom ?? SHARES_FROM);
    if (increment && shares && !mergedFirst && summary.articles > 0 && summary.status !== 'cancelled' && !hooks.signal?.aborted) await mergeShare();
  } finally {
    store.cacheKiB(cache);
    await signer?.close();
  }
  summary.durationMs = Date.now() - started;
  return summary;
}

/** The thread of signature-worker.ts; each answer resolves the promise its chunk was sent with. */
class Signer {
  private readonly worker = new Worker(new URL('./signature-worker.js', import.meta.url));
  private readonly pending = new Map<number, { resolve: (m: ReadonlyMap<number, ParagraphSignature[]>) => void; reject: (e: Error) => void }>();
  private next = 0;
  private failure: Error | null = null;

  constructor() {
    this.worker.on('message', (reply: SignReply) => {
      this.pending.get(reply.chunk)?.resolve(new Map(reply.signatures));
      this.pending.delete(reply.chunk);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`the duplicate finder's thread stopped (exit code ${code})`));
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  sign(articles: PendingArticle[]): Promise<ReadonlyMap<number, ParagraphSignature[]>> {
    if (this.failure) return Promise.reject(this.failure);
    const chunk = this.next++;
    const answer = new Promise<ReadonlyMap<number, ParagraphSignature[]>>((resolve, reject) => this.pending.set(chunk, { resolve, reject }));
    // Awaited in turn; until then a failure must not count as an unhandled rejection.
    answer.catch(() => undefined);
    this.worker.postMessage({ chunk, articles: articles.map((a) => ({ id: a.id, body: a.body })) } satisfies SignRequest);
    return answer;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('closed');
    await this.worker.terminate();
  }
}

/**
 * Regroup every cluster from the kept pairs at a new threshold. The grouping is made in memory
 * first, with progress and a chance to cancel, then written in one transaction: a cancelled
 * regrouping changes nothing. Ids are kept where a new cluster holds members of an old one.
 */
export async function regroup(archive: Archive, threshold: number, hooks: DuplicateHooks = {}): Promise<'done' | 'cancelled'> {
  const store = archive.duplicates;
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (y !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  const total = store.edgeCount();
  // Boilerplate joins nothing, as in the incremental pass: pairs through it are left out.
  const text = new Map<number, boolean>();
  const isText = (ref: number): boolean => {
    let t = text.get(ref);
    if (t === undefined) {
      const { articleId, position } = unref(ref);
      const row = store.paragraphRow(articleId, position);
      t = row !== null && (row.flags & FLAG_BOILERPLATE) === 0;
      text.set(ref, t);
    }
    return t;
  };
  let done = 0;
  hooks.onProgress?.(0, total);
  const union = (a: number, b: number): void => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  // The exact copies of each boilerplate paragraph that are text: copies of one another, as the
  // incremental pass joins them.
  const bridged = new Map<number, number>();
  let after: [number, number] = [-1, -1];
  for (let page = store.edgesAfter(threshold, ...after, EDGE_PAGE); page.length > 0; page = store.edgesAfter(threshold, ...after, EDGE_PAGE)) {
    for (const [a, b, sim] of page) {
      if (isText(a) && isText(b)) union(a, b);
      else if (sim >= 1 && isText(a) !== isText(b)) {
        const [hub, copy] = isText(a) ? [b, a] : [a, b];
        const first = bridged.get(hub);
        if (first === undefined) bridged.set(hub, copy);
        else union(first, copy);
      }
    }
    const last = page[page.length - 1]!;
    after = [last[0], last[1]];
    done += page.length;
    hooks.onProgress?.(done, total);
    await yieldToLoop();
    if (hooks.signal?.aborted) return 'cancelled';
  }
  if (hooks.signal?.aborted) return 'cancelled';
  archive.inTransaction(() => {
    const before = new Map<number, number>();
    for (const ref of parent.keys()) {
      const c = store.clusterOf(ref);
      if (c !== null) before.set(ref, c);
    }
    store.clearClusters();
    const groups = new Map<number, number[]>();
    for (const ref of parent.keys()) {
      const root = find(ref);
      const group = groups.get(root);
      if (group) group.push(ref);
      else groups.set(root, [ref]);
    }
    const taken = new Set<number>();
    for (const root of [...groups.keys()].sort((x, y) => x - y)) {
      const members = groups.get(root)!;
      if (members.length < 2) continue;
      const old = members.map((r) => before.get(r)).filter((c): c is number => c !== undefined && !taken.has(c)).sort((x, y) => x - y)[0];
      const id = store.createCluster(old);
      taken.add(id);
      for (const r of members) store.addMember(id, r);
      store.refreshClusters([id]);
    }
    store.setThreshold(threshold);
  });
  hooks.onProgress?.(total, total);
  return 'done';
}

/**
 * Learn every outlet's boilerplate again at a new threshold (articles of one outlet a paragraph
 * must appear in), flag it everywhere, and regroup the clusters around it. One transaction for the
 * flags; the regrouping that follows can be cancelled on its own.
 */
export async function relearnBoilerplate(archive: Archive, articles: number, hooks: DuplicateHooks = {}): Promise<'done' | 'cancelled'> {
  const store = archive.duplicates;
  archive.inTransaction(() => {
    store.unlearnAll();
    store.setBoilerplateArticles(articles);
    const bySource = new Map<number, { exact: Set<bigint>; openings: Set<number> }>();
    const upTo = store.indexedUpTo();
    const sizes = new Map<number, number>();
    for (const l of store.frequentLines(articles)) {
      if (!sizes.has(l.sourceId)) sizes.set(l.sourceId, store.outletSize(l.sourceId, upTo));
      if (!reachesBoilerplate(l.kind, l.articles, articles, sizes.get(l.sourceId)!)) continue;
      store.learn(l.sourceId, l.kind, l.key, '');
      const s = bySource.get(l.sourceId) ?? { exact: new Set<bigint>(), openings: new Set<number>() };
      if (l.kind === LINE_EXACT) s.exact.add(l.key);
      else s.openings.add(Number(l.key));
      bySource.set(l.sourceId, s);
    }
    const left = new Set<number>();
    for (const [sourceId, s] of bySource) for (const c of flagLearnt(archive, sourceId, s.exact, s.openings, upTo, true)) left.add(c);
    store.refreshClusters(left);
  });
  return regroup(archive, store.threshold(), hooks);
}
