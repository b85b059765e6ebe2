import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { APPLICATION_ID, Archive, type NewArticle } from '../db/archive.js';
import { type Database, openDatabase, type Statement } from '../db/driver.js';
import { registerIndexText } from '../db/fts.js';
import { migrate } from '../db/migrate.js';
import type { ImportProgress } from '../electron/api.js';
import { Workbench } from '../electron/service.js';
import { articleText, CORPUS_VERSION, DEFAULT_SEED, type GeneratedArticle, generatorVocabulary } from './corpus.js';

/*
 * Search benchmark (part of `npm run bench`, or alone: `node dist/bench/search.js`).
 *
 * For each size in SEARCH_SIZES (default 100000) it builds, once, an archive of that many
 * generated articles (bench/.corpus/db/search-<N>.db, reused while its completion marker exists),
 * then runs a fixed mix of queries per class through our whole stack (Workbench.search: parse,
 * compile, exact total and the first page of 20 with snippets; Workbench.facets for the facets
 * class) and, interleaved in the same run on the same file, the FTS5 SQL a competent developer
 * would write by hand for the same question. Absolute times on shared machines are noise; the
 * ratio of p95s is the figure that matters, next to the absolute targets for 1M articles.
 *
 * Each archive also carries the duplicate finder's structures, made as a user's archive gets them:
 * all but the last INCREMENT articles are written, then the finder runs over them from their
 * stored text (as after an upgrade), then the last INCREMENT articles are written as text files
 * and imported through the service, duplicate pass included. Both are timed into the marker, where
 * bench/dups.ts reads them: they are measured when the archive is built, not on every run.
 *
 * The 1M archive is not in the default: its one-off build writes roughly 500–1,100 articles/s on
 * two cores (writeBatch's SQLite work is the bottleneck; generation runs in a worker alongside), so
 * 15–35 minutes, and the duplicate finder's pass over its 13–14 million paragraphs follows (about
 * 13,000 paragraphs/s at 20,000 articles: some 17 minutes, if that holds at a million). Run it with `SEARCH_SIZES=1000000 npm run bench` (or
 * `BENCH_SIZES= SEARCH_SIZES=100000,1000000 npm run bench` to skip the import part); later runs reuse it.
 *
 * SEARCH_REPS (default 5) repetitions of each query after one warm-up pass; SEARCH_PAGES (default
 * 1000) is how deep the keyset-pagination check follows `next`, within SEARCH_PAGE_BUDGET_S seconds
 * (default 600; the report says how deep it got).
 */

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '..', '..', 'bench', '.corpus', 'db');
const BATCH = 5000;
/** Bump when the archive the builder writes changes meaning, so stale caches are rebuilt. */
const BUILD_VERSION = 3;
/** Articles imported last, through the service, into the archive of all the others. */
const INCREMENT = 1000;
const REPS = Number(process.env.SEARCH_REPS ?? 5);
const PAGES = Number(process.env.SEARCH_PAGES ?? 1000);
/** The pagination walk stops early after this many seconds (each page also counts every match). */
const PAGE_BUDGET_S = Number(process.env.SEARCH_PAGE_BUDGET_S ?? 600);

const log = (s: string): void => void process.stderr.write(`${s}\n`);
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/* ------------------------------------------------------------------------------------------ */
/* Building the archive                                                                       */
/* ------------------------------------------------------------------------------------------ */

/** The duplicate finder's work while the archive was built. */
export interface DuplicateBuild {
  /** The finder over every article written before the increment, from their stored text. */
  pass: { articles: number; paragraphs: number; seconds: number };
  /** The last INCREMENT articles imported as files: the whole import, and the finder's part of it. */
  increment: { articles: number; paragraphs: number; importSeconds: number; finderSeconds: number };
}

export interface Marker {
  version: number;
  seed: number;
  /** The generator's version (CORPUS_VERSION): other articles, another archive. */
  corpus: number;
  articles: number;
  /** Writing the articles before the increment, without the duplicate finder. */
  seconds: number;
  rare: string[];
  /** The schema our code creates (see schemaFingerprint): a cache built by older code is rebuilt. */
  schema: string;
  duplicates: DuplicateBuild;
}

/** Where the archive of `size` articles and its completion marker are kept. */
export const archiveFile = (size: number): { file: string; markerFile: string } => {
  const file = join(work, `search-${size}.db`);
  return { file, markerFile: `${file}.complete.json` };
};

/** What an archive looks like to SQLite: its ids and schema, without the planner's statistics. */
function fingerprintOf(file: string): string {
  const db = openDatabase(file, { readonly: true });
  const sql =
    (db
      .prepare("SELECT group_concat(type || ':' || name || ':' || ifnull(sql, ''), char(10)) FROM (SELECT * FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name)")
      .pluck()
      .get() as string) ?? '';
  const ids = `${String(db.pragma('application_id', { simple: true }))}/${String(db.pragma('user_version', { simple: true }))}`;
  db.close();
  return createHash('sha256').update(`${ids}\n${sql}`).digest('hex').slice(0, 16);
}

/** What a freshly created archive looks like, so a schema change invalidates the cached archives. */
async function schemaFingerprint(): Promise<string> {
  const probe = join(work, '.schema-probe.db');
  const clean = (): void => {
    for (const f of [probe, `${probe}-wal`, `${probe}-shm`]) rmSync(f, { force: true });
  };
  clean();
  (await Archive.open(probe)).close();
  const fingerprint = fingerprintOf(probe);
  clean();
  return fingerprint;
}

/**
 * A cached archive from before a schema change is brought up to date by the migrations a user's
 * archive runs, and reused if it then looks like a fresh one. Archive.open would first copy it
 * aside, as a user's archive is; for a cache of up to 10 GB that copy is only a cost, so the
 * migrations run here on their own. The duplicate finder then catches up on whatever the
 * migration left it (all of it, coming from before schema 6).
 */
async function migrated(file: string, schema: string): Promise<boolean> {
  const started = now();
  const db = openDatabase(file, { applicationId: APPLICATION_ID });
  try {
    registerIndexText(db);
    migrate(db, file);
  } finally {
    db.close();
  }
  const same = fingerprintOf(file) === schema;
  log(`search archive: migrated ${file} in ${((now() - started) / 1000).toFixed(1)} s${same ? '' : ', but it still differs from a new archive'}`);
  if (same) {
    const wb = await Workbench.open(file);
    try {
      const found = await wb.dupsUpdate();
      if (found.articles > 0) log(`search archive: duplicate finder over ${found.articles} articles in ${(found.durationMs / 1000).toFixed(0)} s`);
    } finally {
      wb.close();
    }
  }
  return same;
}

/**
 * Terms with 10–100 matching articles, read once from the index (fts5vocab scans every posting
 * list, so this is cached in the marker). With more articles the generator's rarest words occur
 * more often; then the rarest ones there are.
 */
function rareTerms(db: Database): string[] {
  db.exec("CREATE VIRTUAL TABLE temp.bench_vocab USING fts5vocab('main', 'articles_fts', 'row')");
  const rows = db.prepare("SELECT term, doc FROM temp.bench_vocab WHERE doc >= 10 AND term GLOB '[a-z]*' ORDER BY doc, term").all() as {
    term: string;
    doc: number;
  }[];
  db.exec('DROP TABLE temp.bench_vocab');
  const inRange = rows.filter((r) => r.doc <= 100);
  const pool = inRange.length >= 10 ? inRange : rows.slice(0, 50);
  return Array.from({ length: 10 }, (_, i) => pool[Math.floor((i * pool.length) / 10)]!.term);
}

/**
 * Seconds an import spends in its duplicate phases, read from its progress reports: finding, and
 * the merge of the finder's recent keys that may come first (`duplicate-keys`), part of its cost.
 */
export function finderClock(): { onProgress: (p: ImportProgress) => void; seconds: () => number } {
  const finding = (p: ImportProgress['phase'] | null): boolean => p === 'duplicates' || p === 'duplicate-keys';
  let phase: ImportProgress['phase'] | null = null;
  let since = 0;
  let total = 0;
  return {
    onProgress: (p) => {
      if (finding(p.phase) === finding(phase)) {
        phase = p.phase;
        return;
      }
      if (finding(p.phase)) since = now();
      else total += now() - since;
      phase = p.phase;
    },
    seconds: () => total / 1000,
  };
}

/** The last articles of the stream, written as files and imported through the service into the archive of all the others. */
async function importIncrement(file: string, tail: GeneratedArticle[]): Promise<DuplicateBuild['increment']> {
  const dir = join(work, `increment-${basename(file, '.db')}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  tail.forEach((a, i) => writeFileSync(join(dir, `${String(i).padStart(5, '0')}.txt`), articleText(a)));
  const before = openDatabase(file, { readonly: true });
  const lastId = before.prepare('SELECT ifnull(max(id), 0) FROM articles').pluck().get() as number;
  before.close();
  const wb = await Workbench.open(file);
  const clock = finderClock();
  const started = now();
  try {
    const summary = await wb.import({ paths: [dir] }, { onProgress: clock.onProgress });
    if (summary.imported !== tail.length) throw new Error(`the increment stored ${summary.imported} of ${tail.length} articles`);
  } finally {
    wb.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const importSeconds = (now() - started) / 1000;
  const after = openDatabase(file, { readonly: true });
  const paragraphs = after.prepare('SELECT count(*) FROM paragraphs WHERE article_id > ?').pluck().get(lastId) as number;
  after.close();
  return { articles: tail.length, paragraphs, importSeconds, finderSeconds: clock.seconds() };
}

async function buildArchive(size: number): Promise<{ file: string; marker: Marker }> {
  mkdirSync(work, { recursive: true });
  const { file, markerFile } = archiveFile(size);
  const schema = await schemaFingerprint();
  if (existsSync(markerFile) && existsSync(file)) {
    const marker = JSON.parse(readFileSync(markerFile, 'utf8')) as Marker;
    if (marker.version === BUILD_VERSION && marker.seed === DEFAULT_SEED && marker.corpus === CORPUS_VERSION && marker.articles === size) {
      if (marker.schema === schema) return { file, marker };
      if (await migrated(file, schema)) {
        const updated = { ...marker, schema };
        writeFileSync(markerFile, JSON.stringify(updated));
        return { file, marker: updated };
      }
    }
    log(`search archive ${size}: the cached archive was built by other code (generator, schema or builder changed); rebuilding`);
  }
  // Deleted, not migrated or copied: a stale archive of a million articles is 10 GB.
  for (const f of [markerFile, file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const tail = Math.min(INCREMENT, Math.floor(size / 10));
  const base = size - tail;
  log(`search archive ${size}: building ${file}`);
  const started = now();
  // Opened once through the service, which enters the gazetteer's countries and the starter registry of people.
  (await Workbench.open(file, { create: true })).close();
  const archive = await Archive.open(file);
  const importId = archive.startImport([`generated:${size}`], { seed: DEFAULT_SEED, benchmark: 'search' });
  const counts = { files: 0, imported: 0, skipped: 0, failed: 0, warnings: 0 };
  // Generation and hashing run in a worker one batch ahead of the writes here.
  const worker = new Worker(new URL('./search-gen.js', import.meta.url), { workerData: { count: size, seed: DEFAULT_SEED, batch: BATCH, tail } });
  const replies: unknown[] = [];
  // Not Promise.race against one long-lived "failed" promise: every race would leave a reaction on
  // it holding its batch, and a million articles would pile up in memory.
  let waiting: { resolve: (b: unknown) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  worker.on('message', (b: unknown) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w.resolve(b);
    } else replies.push(b);
  });
  worker.once('error', (err) => {
    failure = err;
    waiting?.reject(err);
    waiting = null;
  });
  const ask = <T>(what: 'next' | 'tail'): Promise<T> => {
    if (failure) return Promise.reject(failure);
    worker.postMessage(what);
    const ready = replies.shift();
    return ready ? Promise.resolve(ready as T) : new Promise<T>((resolve, reject) => (waiting = { resolve: resolve as (b: unknown) => void, reject }));
  };
  let i = 0;
  let last: GeneratedArticle[];
  try {
    let pending = ask<NewArticle[]>('next');
    for (;;) {
      const batch = await pending;
      if (batch.length === 0) break;
      pending = ask<NewArticle[]>('next');
      counts.files += batch.length;
      const r = archive.writeBatch(importId, batch, [], counts);
      counts.imported += r.imported;
      counts.skipped += r.skipped;
      i += batch.length;
      if (i % 20_000 === 0 || i === base) {
        const s = (now() - started) / 1000;
        log(`  ${i} / ${base} articles, ${s.toFixed(0)} s, ${(i / s).toFixed(0)} articles/s`);
      }
    }
    last = await ask<GeneratedArticle[]>('tail');
  } finally {
    await worker.terminate();
  }
  archive.finishImport(importId, 'done');
  archive.close();
  const seconds = (now() - started) / 1000;
  log(`search archive ${size}: ${counts.imported} stored (${counts.skipped} duplicates) in ${seconds.toFixed(0)} s, ${(base / seconds).toFixed(0)} articles/s; duplicate finder`);

  const wb = await Workbench.open(file);
  let pass: DuplicateBuild['pass'];
  try {
    let shown = 0;
    const found = await wb.dupsUpdate({
      onProgress: (done, total) => {
        if (done - shown < 50_000 && done !== total) return;
        shown = done;
        log(`  ${done} / ${total} articles through the duplicate finder`);
      },
    });
    pass = { articles: found.articles, paragraphs: found.paragraphs, seconds: found.durationMs / 1000 };
  } finally {
    wb.close();
  }
  log(`search archive ${size}: duplicate finder ${pass.paragraphs} paragraphs in ${pass.seconds.toFixed(0)} s; importing the last ${last.length} articles`);
  const increment = await importIncrement(file, last);
  log(`search archive ${size}: ${increment.articles} articles imported in ${increment.importSeconds.toFixed(1)} s, ${increment.finderSeconds.toFixed(1)} s of it the duplicate finder; picking rare terms`);
  const db = openDatabase(file);
  const rare = rareTerms(db);
  db.close();
  const marker: Marker = { version: BUILD_VERSION, seed: DEFAULT_SEED, corpus: CORPUS_VERSION, articles: size, seconds, rare, schema, duplicates: { pass, increment } };
  writeFileSync(markerFile, JSON.stringify(marker));
  return { file, marker };
}

/* ------------------------------------------------------------------------------------------ */
/* The query mix                                                                              */
/* ------------------------------------------------------------------------------------------ */

type Sort = 'relevance' | 'newest';

/** One query both ways: the user's text for our stack, and what a developer would hand to FTS5. */
interface Query {
  text: string;
  sort: Sort;
  /** Hand-written FTS5 expression. */
  match: string;
  /** Filters as plain SQL over `a` (articles), with their parameters. */
  filter?: { sql: string; params: unknown[] };
}

interface QueryClass {
  name: string;
  /** What one run of a query does: the count and first page, the facets, or both (the results view). */
  does: 'page' | 'facets' | 'page+facets';
  queries: Query[];
}

const q = (w: string): string => `"${w}"`;

/** Countries and people of the generated corpus, for `country:` and `person:` filters. */
const TAG_FILTERS: readonly [field: 'country' | 'person', value: string][] = [
  ['country', 'RU'], ['person', 'Xi Jinping'], ['country', 'JP'], ['person', 'Joko Widodo'], ['country', 'DE'],
  ['person', 'Anwar Ibrahim'], ['country', 'SA'], ['person', 'Narendra Modi'], ['country', 'BR'], ['person', 'Emmanuel Macron'],
];

function queryMix(rare: string[]): QueryClass[] {
  const v = generatorVocabulary();
  const lang = (i: number): string[] => (i % 2 === 0 ? v.id : v.en);
  const ten = <T>(f: (i: number) => T): T[] => Array.from({ length: 10 }, (_, i) => f(i));
  const word = (text: string, sort: Sort = 'relevance'): Query => ({ text, sort, match: q(text) });
  // Top 5 of each language: in most of that language's articles.
  const common = ten((i) => lang(i)[Math.floor(i / 2)]!);
  const stems: string[] = [];
  for (let r = 30; stems.length < 10; r += 1) {
    const i = stems.length;
    const stem = lang(i)[r]!.slice(0, i % 3 === 0 ? 4 : 3);
    if (stem.length >= 3 && !stems.includes(stem)) stems.push(stem);
  }
  return [
    { name: 'rare term', does: 'page', queries: rare.map((w) => word(w)) },
    { name: 'common term', does: 'page', queries: common.map((w) => word(w)) },
    {
      name: 'phrase',
      does: 'page',
      // Two adjacent ranks around 20–30: words in most articles of their language, rarely side by side.
      queries: ten((i) => {
        const ws = lang(i);
        const [a, b] = [ws[20 + i]!, ws[21 + i]!];
        return { text: `"${a} ${b}"`, sort: 'relevance' as const, match: q(`${a} ${b}`) };
      }),
    },
    { name: 'prefix', does: 'page', queries: stems.map((s) => ({ text: `${s}*`, sort: 'relevance' as const, match: `${q(s)} *` })) },
    {
      name: 'boolean',
      does: 'page',
      // (a OR b) -c: two mid-frequency words (ranks ~1000–1500), minus one in about a quarter of articles.
      queries: ten((i) => {
        const ws = lang(i);
        const [a, b, c] = [ws[1000 + i * 37]!, ws[1500 + i * 41]!, ws[150 + i * 7]!];
        return { text: `(${a} OR ${b}) -${c}`, sort: 'relevance' as const, match: `(${q(a)} OR ${q(b)}) NOT ${q(c)}` };
      }),
    },
    {
      name: 'filtered',
      does: 'page',
      // A word in about 40% of its language's articles, one outlet of eight, three months of twelve.
      queries: ten((i) => {
        const w = lang(i)[100 + i * 13]!;
        const outlet = v.outlets[i % v.outlets.length]!;
        return {
          text: `${w} source:"${outlet}" date:2023-03-01..2023-05-31`,
          sort: 'relevance' as const,
          match: q(w),
          filter: {
            sql: 'a.source_id = (SELECT id FROM sources WHERE name = ?) AND a.published_at >= ? AND a.published_at < ?',
            params: [outlet, '2023-03-01', '2023-06-01'],
          },
        };
      }),
    },
    {
      name: 'tagged',
      does: 'page',
      // A word in about 40% of its language's articles, about a country or a person the generator names often.
      queries: ten((i) => {
        const w = lang(i)[100 + i * 13]!;
        const [field, value] = TAG_FILTERS[i % TAG_FILTERS.length]!;
        return {
          text: `${w} ${field}:"${value}"`,
          sort: 'relevance' as const,
          match: q(w),
          filter: {
            sql: `a.id IN (SELECT article_id FROM article_entities WHERE status <> 'rejected' AND entity_id =
                    (SELECT id FROM entities WHERE kind = ? AND ${field === 'country' ? 'code' : 'name'} = ?))`,
            params: [field, value],
          },
        };
      }),
    },
    // A word in about 15% of its language's articles, newest first.
    { name: 'sorted by date', does: 'page', queries: ten((i) => word(lang(i)[300 + i * 17]!, 'newest')) },
    { name: 'common term: facets', does: 'facets', queries: common.map((w) => word(w)) },
    { name: 'common term: newest page + facets', does: 'page+facets', queries: common.map((w) => word(w, 'newest')) },
  ];
}

/* ------------------------------------------------------------------------------------------ */
/* The bare, hand-written SQL                                                                 */
/* ------------------------------------------------------------------------------------------ */

class Bare {
  private readonly cache = new Map<string, Statement>();
  private readonly sourceNames: Map<number, string>;
  constructor(private readonly db: Database) {
    this.sourceNames = new Map((db.prepare('SELECT id, name FROM sources').all() as { id: number; name: string }[]).map((r) => [r.id, r.name]));
  }

  private stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  search(query: Query): { total: number; rows: unknown[] } {
    const f = query.filter;
    const where = f ? ` AND ${f.sql}` : '';
    const params = f ? f.params : [];
    const total = (
      f
        ? this.stmt(`SELECT count(*) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?${where}`)
        : this.stmt('SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?')
    )
      .pluck()
      .get(query.match, ...params) as number;
    const order = query.sort === 'newest' ? 'a.published_at DESC, a.id DESC' : 'bm25(articles_fts, 10.0, 1.0)';
    const rows = this.stmt(
      `SELECT a.id, a.title, s.name AS source, a.published_at AS publishedAt, a.language,
              snippet(articles_fts, -1, '<mark>', '</mark>', '…', 16) AS snippet
       FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid LEFT JOIN sources s ON s.id = a.source_id
       WHERE articles_fts MATCH ?${where}
       ORDER BY ${order} LIMIT 20`,
    ).all(query.match, ...params);
    return { total, rows };
  }

  /** The first page alone, ranked (`ORDER BY rank LIMIT 20` with our weights) and with snippets, no count. */
  firstPage(query: Query): unknown[] {
    const f = query.filter;
    const where = f ? ` AND ${f.sql}` : '';
    return this.stmt(
      `SELECT a.id, a.title, s.name AS source, a.published_at AS publishedAt, a.language,
              snippet(articles_fts, -1, '<mark>', '</mark>', '…', 16) AS snippet
       FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid LEFT JOIN sources s ON s.id = a.source_id
       WHERE articles_fts MATCH ?${where}
       ORDER BY bm25(articles_fts, 10.0, 1.0) LIMIT 20`,
    ).all(query.match, ...(f ? f.params : []));
  }

  /** One pass over the match set, folded into sources, languages and weeks in JavaScript. */
  facets(query: Query): { sources: number; languages: number; weeks: number } {
    const rows = this.stmt(
      `SELECT a.source_id AS s, a.language AS l, substr(a.published_at, 1, 10) AS d, count(*) AS n
       FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
       WHERE articles_fts MATCH ? GROUP BY 1, 2, 3`,
    ).all(query.match) as { s: number | null; l: string | null; d: string | null; n: number }[];
    const sources = new Map<string, number>();
    const languages = new Map<string, number>();
    const weeks = new Map<string, number>();
    const bump = (m: Map<string, number>, k: string, n: number): void => void m.set(k, (m.get(k) ?? 0) + n);
    for (const r of rows) {
      if (r.s !== null) bump(sources, this.sourceNames.get(r.s) ?? '?', r.n);
      if (r.l !== null) bump(languages, r.l, r.n);
      if (r.d !== null) bump(weeks, isoWeek(r.d), r.n);
    }
    return { sources: sources.size, languages: languages.size, weeks: weeks.size };
  }
}

/** `%Y-W%W` as SQLite's strftime writes it (weeks start on Monday; days before the first Monday are week 00). */
function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1);
  const yday = Math.round((d.getTime() - jan1) / 86_400_000);
  const wday = d.getUTCDay();
  return `${d.getUTCFullYear()}-W${String(Math.floor((yday + 7 - ((wday + 6) % 7)) / 7)).padStart(2, '0')}`;
}

/* ------------------------------------------------------------------------------------------ */
/* Measuring                                                                                  */
/* ------------------------------------------------------------------------------------------ */

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

interface ClassResult {
  cls: QueryClass;
  ours: number[];
  bare: number[];
  totals: number[];
  mismatches: string[];
}

function runClass(wb: Workbench, bare: Bare, cls: QueryClass): ClassResult {
  const res: ClassResult = { cls, ours: [], bare: [], totals: [], mismatches: [] };
  const page = cls.does !== 'facets';
  const facets = cls.does !== 'page';
  /** Our first page counts up to COUNT_CAP; above it the bare exact count is compared with the cap. */
  const ours = (query: Query): number => {
    const r = page ? wb.search({ query: query.text, sort: query.sort, limit: 20 }) : null;
    if (facets) wb.facets({ query: query.text });
    return r === null ? -1 : r.totalIsExact ? r.total : -(r.total + 1);
  };
  const hand = (query: Query): number => {
    const total = page ? bare.search(query).total : -1;
    if (facets) bare.facets(query);
    return total;
  };
  // Warm-up pass, which also checks that both sides count the same articles.
  for (const query of cls.queries) {
    const a = ours(query);
    const b = hand(query);
    res.totals.push(page ? b : wb.search({ query: query.text, limit: 1 }).total);
    const agrees = a === b || (a < -1 && b >= -a - 1);
    if (!agrees) res.mismatches.push(`${query.text}: ours ${a >= 0 ? a : `${-a - 1}+`}, bare ${b}`);
  }
  for (let rep = 0; rep < REPS; rep++) {
    for (const [i, query] of cls.queries.entries()) {
      // Alternate who goes first so neither always inherits the other's warm cache.
      const order = (rep + i) % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const);
      for (const who of order) {
        const t0 = now();
        if (who === 'ours') ours(query);
        else hand(query);
        (who === 'ours' ? res.ours : res.bare).push(now() - t0);
      }
    }
  }
  return res;
}

/**
 * Results before counts, per class: our first page with its capped count by relevance against the
 * bare first page alone (no count), and our first page of the same queries newest first, whose
 * target at a million articles is 300 ms p95.
 */
function firstPages(wb: Workbench, bare: Bare, cls: QueryClass): { relevance: number[]; bare: number[]; newest: number[] } {
  const res = { relevance: [] as number[], bare: [] as number[], newest: [] as number[] };
  const time = (into: number[], f: () => unknown): void => {
    const t0 = now();
    f();
    into.push(now() - t0);
  };
  for (const q of cls.queries) {
    wb.search({ query: q.text, sort: 'relevance', limit: 20 });
    bare.firstPage(q);
    wb.search({ query: q.text, sort: 'newest', limit: 20 });
  }
  for (let rep = 0; rep < REPS; rep++) {
    for (const [i, q] of cls.queries.entries()) {
      const ours = (): void => time(res.relevance, () => wb.search({ query: q.text, sort: 'relevance', limit: 20 }));
      const theirs = (): void => time(res.bare, () => bare.firstPage(q));
      if ((rep + i) % 2 === 0) {
        ours();
        theirs();
      } else {
        theirs();
        ours();
      }
      time(res.newest, () => wb.search({ query: q.text, sort: 'newest', limit: 20 }));
    }
  }
  return res;
}

function deepPages(wb: Workbench, word: string): string {
  const times: number[] = [];
  let after: string | undefined;
  let lastAfter: string | undefined;
  let total = '';
  let ended = false;
  const walkStarted = now();
  for (let page = 1; page <= PAGES; page++) {
    if (now() - walkStarted > PAGE_BUDGET_S * 1000) break;
    const t0 = now();
    lastAfter = after;
    const r = wb.search({ query: word, sort: 'newest', limit: 20, ...(after === undefined ? {} : { after }) });
    times.push(now() - t0);
    total = `${r.total}${r.totalIsExact ? '' : '+'}`;
    if (r.next === null) {
      ended = true;
      break;
    }
    after = r.next;
  }
  // The last page again, a few times, to read its latency rather than one noisy sample.
  const again: number[] = [];
  const firstAgain: number[] = [];
  for (let k = 0; k < 5; k++) {
    let t0 = now();
    wb.search({ query: word, sort: 'newest', limit: 20 });
    firstAgain.push(now() - t0);
    t0 = now();
    wb.search({ query: word, sort: 'newest', limit: 20, ...(lastAfter === undefined ? {} : { after: lastAfter }) });
    again.push(now() - t0);
  }
  return (
    `Keyset pagination, \`${word}\` newest first (${total} matches): followed \`next\` to page ${times.length}` +
    ` (${ended ? 'the end' : `${times.length * 20} results deep`}${!ended && times.length < PAGES ? `, stopped by the ${PAGE_BUDGET_S} s budget` : ''}); ` +
    `page 1 median ${ms(pct(firstAgain, 50))} ms, page ${times.length} median ${ms(pct(again, 50))} ms ` +
    `(${(pct(again, 50) / pct(firstAgain, 50)).toFixed(2)}×); all ${times.length} pages p50 ${ms(pct(times, 50))} / p95 ${ms(pct(times, 95))} / max ${ms(Math.max(...times))} ms.`
  );
}

async function benchSize(size: number): Promise<string> {
  const { file, marker } = await buildArchive(size);
  log(`search ${size}: built in ${marker.seconds.toFixed(0)} s; measuring, ${REPS} repetitions per query`);
  const wb = await Workbench.open(file);
  const db = openDatabase(file);
  // The index's content view hides boilerplate through Pantau's SQL function; the bare queries read it too.
  registerIndexText(db);
  const bare = new Bare(db);
  const lines: string[] = [
    '',
    `### Search, ${size.toLocaleString('en')} articles (${REPS} runs × 10 queries per class, ours and bare interleaved)`,
    '',
    '| class | example | avg total | ours p50 ms | ours p95 ms | bare p50 ms | bare p95 ms | p95 ours/bare | target ≤1.5× | target at 1M |',
    '|---|---|---:|---:|---:|---:|---:|---:|:---:|:---:|',
  ];
  const notes: string[] = [];
  try {
    for (const cls of queryMix(marker.rare)) {
      const t0 = now();
      const r = runClass(wb, bare, cls);
      log(`  ${cls.name}: ${((now() - t0) / 1000).toFixed(1)} s`);
      const [op50, op95, bp50, bp95] = [pct(r.ours, 50), pct(r.ours, 95), pct(r.bare, 50), pct(r.bare, 95)];
      const ratio = op95 / bp95;
      const avgTotal = r.totals.reduce((a, b) => a + b, 0) / r.totals.length;
      // The issue's absolute targets: selective queries (here: matching at most 1% of the archive)
      // under 100 ms, the most common terms with facets under 500 ms; other broad queries have none.
      const limit = cls.does !== 'page' ? 500 : avgTotal <= size / 100 ? 100 : null;
      const abs = limit === null ? '— (broad)' : size >= 1_000_000 ? `${op95 < limit ? '✅' : '❌'} <${limit} ms` : `(<${limit} ms at 1M)`;
      const avg = avgTotal.toFixed(0);
      const ex = cls.queries[0]!;
      const example = `\`${ex.text.replace(/\|/g, '\\|')}\`${ex.sort === 'newest' ? ' newest' : ''}${cls.does === 'page' ? '' : ' facets'}`;
      lines.push(
        `| ${cls.name} | ${example} | ${avg} | ${ms(op50)} | ${ms(op95)} | ${ms(bp50)} | ${ms(bp95)} | ${ratio.toFixed(2)}× | ${ratio <= 1.5 ? '✅' : '❌'} | ${abs} |`,
      );
      for (const m of r.mismatches) notes.push(`- count mismatch (${cls.name}): ${m}`);
    }
    notes.push(
      '',
      `### First page before counts, ${size.toLocaleString('en')} articles`,
      '',
      'Ours: the first page of 20 with snippets and the count capped at 10,000. Bare: `MATCH … ORDER BY bm25 LIMIT 20` with snippets, no count.',
      '',
      '| class | relevance: ours p95 ms | bare p95 ms | ours/bare | newest first: ours p50 ms | ours p95 ms | target ≤300 ms at 1M |',
      '|---|---:|---:|---:|---:|---:|:---:|',
    );
    for (const cls of queryMix(marker.rare).filter((c) => c.does === 'page')) {
      const f = firstPages(wb, bare, cls);
      const [rp95, bp95, np50, np95] = [pct(f.relevance, 95), pct(f.bare, 95), pct(f.newest, 50), pct(f.newest, 95)];
      const target = size >= 1_000_000 ? (np95 <= 300 ? '✅' : '❌') : '(at 1M)';
      notes.push(`| ${cls.name} | ${ms(rp95)} | ${ms(bp95)} | ${(rp95 / bp95).toFixed(2)}× | ${ms(np50)} | ${ms(np95)} | ${target} |`);
    }
    log('  pagination');
    notes.push('', deepPages(wb, queryMix(marker.rare)[1]!.queries[0]!.text));
  } finally {
    db.close();
    wb.close();
  }
  return [...lines, ...notes, ''].join('\n');
}

/** The archive sizes this run measures (SEARCH_SIZES). */
export const searchSizes = (): number[] =>
  (process.env.SEARCH_SIZES ?? '100000')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);

/** Build (or reuse) the archive of `size` articles, for bench/dups.ts, which reads what its build measured. */
export const searchArchive = buildArchive;

// Run as a program, not when bench/dups.ts imports the builder.
if (process.argv[1] === fileURLToPath(import.meta.url)) for (const size of searchSizes()) process.stdout.write(await benchSize(size));
