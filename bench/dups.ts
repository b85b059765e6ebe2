import { rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Archive } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { FLAG_BOILERPLATE } from '../db/duplicates.js';
import { PARAGRAPH_BREAK } from '../db/fts.js';
import { normaliseParagraph, wordCount } from '../electron/analysis/duplicates/normalise.js';
import { MIN_WORDS, shingleSet, similarity } from '../electron/analysis/duplicates/signature.js';
import { Workbench } from '../electron/service.js';
import { prng } from '../tests/prng.js';
import { articles, DEFAULT_SEED, type Edit, EDITS, generateCorpus } from './corpus.js';
import { finderClock, searchArchive, searchSizes } from './search.js';

/*
 * Duplicate-paragraph benchmark (part of `npm run bench`, or alone: `node dist/bench/dups.js`).
 *
 * Quality. The generated corpus of DUPS_ARTICLES (default 10000) articles is imported through the
 * service, duplicate pass included. A sample of DUPS_SAMPLE (default 20000) paragraphs that take
 * part in duplicate detection (at least MIN_WORDS words, not boilerplate) is drawn: every planted
 * copy and its original (bench/corpus.ts plants them with a known edit), the rest at random. The
 * ground truth is brute force over the sample with the finder's own `similarity` over its own
 * `shingleSet`: every pair at or above the archive's threshold, grouped transitively. Comparing all
 * 200 million pairs is too slow in JavaScript, so candidates come from prefix filtering, which
 * misses no pair (see `truthPairs`). Pairs within one article are left out, as the finder leaves
 * them out. Pairwise precision and recall compare the sampled paragraphs the finder put in one
 * cluster with those the truth puts in one group. The finder's clusters may also join two sampled
 * paragraphs through paragraphs outside the sample, which the truth restricted to the sample
 * cannot see: such pairs count against precision.
 *
 * Speed, size and the incremental update are read from the search archives of SEARCH_SIZES
 * (bench/search.ts builds them, timing the finder over the whole archive and the import of the
 * last 1,000 articles into it). The finder has one pass: an exact copy is found by the same band
 * lookup as a near one (it has the same hash), so exact and near work are not timed apart.
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', 'bench', '.corpus');
const work = join(root, 'db');
const ARTICLES = Number(process.env.DUPS_ARTICLES ?? 10000);
const SAMPLE = Number(process.env.DUPS_SAMPLE ?? 20000);
/** Floating-point slack for the prefix lengths: a longer prefix only costs time, a shorter one could miss a pair. */
const EPS = 1e-9;

const log = (s: string): void => void process.stderr.write(`${s}\n`);
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const fmt = (n: number, d = 0): string => n.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
const MB = 1048576;

/** A paragraph of the archive: its article, position, text. */
interface Para {
  articleId: number;
  position: number;
  text: string;
}

/** Disjoint sets over 0..n-1. */
class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r]!;
    for (let y = x; this.parent[y] !== r; ) {
      const next = this.parent[y]!;
      this.parent[y] = r;
      y = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * Every pair of sets with `similarity` ≥ t, exactly, by prefix filtering (Chaudhuri et al. 2006)
 * with length and position bounds (Xiao et al.'s PPJoin, 2008). Shingles are ranked rarest first
 * over the whole sample and each set is read in that order. For sets y ≤ x in size, similarity ≥ t
 * needs at least α = ⌈t·max(|y|, |x|/3)⌉ shared shingles (the denominator is the smaller set, or a
 * third of the larger if that is more), hence at least ⌈t·|y|⌉. Two sets sharing s shingles meet on
 * their rarest shared one within the first |x| − s + 1 of x and the first |y| − s + 1 of y. So y is
 * indexed under its first |y| − ⌈t·|y|⌉ + 1 shingles, with their positions, and x, probing in rank
 * order, meets a qualifying y first on that rarest shared shingle. A y met first at a position of
 * x or y that leaves fewer than α shingles to share cannot qualify. Every other candidate is
 * counted until it cannot reach α, and what reaches it is confirmed by `similarity` itself, so the
 * pairs are exactly those brute force would find.
 */
export function truthPairs(sets: Uint32Array[], articleOf: Int32Array, t: number): { pairs: [number, number][]; sameArticle: number; candidates: number } {
  const freq = new Map<number, number>();
  for (const s of sets) for (const h of s) freq.set(h, (freq.get(h) ?? 0) + 1);
  const order = [...freq.keys()].sort((a, b) => freq.get(a)! - freq.get(b)! || a - b);
  const rank = new Map<number, number>(order.map((h, r) => [h, r]));
  const ranked = sets.map((s) => Int32Array.from(s, (h) => rank.get(h)!).sort());
  const bySize = sets.map((_, i) => i).sort((a, b) => sets[a]!.length - sets[b]!.length || a - b);
  // Postings of (set, position) in ascending set size, as the sets are indexed.
  const index: (number[] | undefined)[] = new Array(order.length);
  const POS = 1 << 16;
  const seen = new Int32Array(sets.length).fill(-1);
  const pairs: [number, number][] = [];
  let sameArticle = 0;
  let candidates = 0;
  for (const x of bySize) {
    const rx = ranked[x]!;
    const nx = rx.length;
    const need = (ny: number): number => Math.max(1, Math.ceil(t * Math.max(ny, nx / 3) - EPS));
    const probe = nx - need(0) + 1;
    for (let k = 0; k < probe; k++) {
      const postings = index[rx[k]!];
      if (postings === undefined) continue;
      for (const entry of postings) {
        const y = Math.floor(entry / POS);
        const ny = sets[y]!.length;
        const alpha = need(ny);
        // Larger sets come later in the postings and need at least as much shared.
        if (nx - k < alpha) break;
        if (seen[y] === x) continue;
        seen[y] = x;
        if (ny - (entry % POS) < alpha) continue;
        candidates += 1;
        if (!shareAtLeast(ranked[x]!, ranked[y]!, alpha) || similarity(sets[x]!, sets[y]!) < t) continue;
        if (articleOf[x] === articleOf[y]) sameArticle += 1;
        else pairs.push([y, x]);
      }
    }
    if (nx >= POS) throw new Error(`a paragraph of ${nx} shingles is longer than the index allows`);
    const indexed = nx - Math.max(1, Math.ceil(t * nx - EPS)) + 1;
    for (let k = 0; k < indexed; k++) (index[rx[k]!] ??= []).push(x * POS + k);
  }
  return { pairs, sameArticle, candidates };
}

/** Whether two sorted sets share at least `alpha` elements, stopping as soon as they cannot. */
function shareAtLeast(a: Int32Array, b: Int32Array, alpha: number): boolean {
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (shared + Math.min(a.length - i, b.length - j) < alpha) return false;
    if (a[i]! === b[j]!) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (a[i]! < b[j]!) i += 1;
    else j += 1;
  }
  return shared >= alpha;
}

/** Pairs within groups: the number of unordered pairs of members that share a label, per label counts given. */
const pairsIn = (counts: Iterable<number>): number => {
  let n = 0;
  for (const c of counts) n += (c * (c - 1)) / 2;
  return n;
};

const countBy = <K>(keys: Iterable<K>): Map<K, number> => {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
};

/** The generated article's index, from the file the import read it from (bench/corpus.ts names them by index). */
const indexOfOrigin = (origin: string): number => Number(basename(origin, '.txt'));

async function quality(): Promise<string> {
  const corpus = generateCorpus(root, ARTICLES);
  const file = join(work, `dups-${ARTICLES}.db`);
  const clean = (): void => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  };
  clean();
  log(`duplicates: importing ${ARTICLES} articles`);
  const wb = await Workbench.open(file, { create: true });
  const clock = finderClock();
  const started = now();
  try {
    const summary = await wb.import({ paths: [corpus.dir] }, { onProgress: clock.onProgress });
    if (summary.imported !== ARTICLES) throw new Error(`the import stored ${summary.imported} of ${ARTICLES} articles`);
  } finally {
    wb.close();
  }
  const importSeconds = (now() - started) / 1000;

  const db = openDatabase(file, { readonly: true });
  const threshold = Number((db.prepare("SELECT value FROM meta WHERE key = 'dup_threshold'").pluck().get() as string | undefined) ?? 0.8);
  const idOf = new Map<number, number>();
  for (const r of db.prepare('SELECT id, origin FROM articles').all() as { id: number; origin: string }[]) idOf.set(indexOfOrigin(r.origin), r.id);
  const bodies = new Map<number, string[]>();
  for (const r of db.prepare('SELECT id, body FROM article_texts').all() as { id: number; body: string }[]) bodies.set(r.id, r.body.split(PARAGRAPH_BREAK));
  const eligible: Para[] = [];
  const key = (articleId: number, position: number): string => `${articleId}:${position}`;
  const eligibleAt = new Map<string, number>();
  let boilerplate = 0;
  let paragraphs = 0;
  for (const r of db.prepare('SELECT article_id AS articleId, position, flags FROM paragraphs ORDER BY article_id, position').all() as {
    articleId: number;
    position: number;
    flags: number;
  }[]) {
    paragraphs += 1;
    const text = bodies.get(r.articleId)?.[r.position] ?? '';
    if (wordCount(normaliseParagraph(text)) < MIN_WORDS) continue;
    if (r.flags & FLAG_BOILERPLATE) {
      boilerplate += 1;
      continue;
    }
    eligibleAt.set(key(r.articleId, r.position), eligible.length);
    eligible.push({ articleId: r.articleId, position: r.position, text });
  }
  const clusterOf = new Map<string, number>();
  for (const r of db.prepare('SELECT article_id AS a, position AS p, cluster FROM dup_members').all() as { a: number; p: number; cluster: number }[]) {
    clusterOf.set(key(r.a, r.p), r.cluster);
  }
  db.close();
  clean();

  // The planted copies and their originals, found in the archive by their normalised text.
  const find = (index: number, text: string): number | null => {
    const id = idOf.get(index);
    if (id === undefined) return null;
    const want = normaliseParagraph(text);
    const position = (bodies.get(id) ?? []).findIndex((p) => normaliseParagraph(p) === want);
    return position < 0 ? null : (eligibleAt.get(key(id, position)) ?? null);
  };
  const planted: { copy: number; original: number; edit: Edit }[] = [];
  let plantedTotal = 0;
  let i = 0;
  for (const a of articles(ARTICLES, DEFAULT_SEED)) {
    for (const p of a.planted) {
      plantedTotal += 1;
      const copy = find(i, p.copy);
      const original = find(p.from, p.original);
      if (copy !== null && original !== null) planted.push({ copy, original, edit: p.edit });
    }
    i += 1;
  }

  const rand = prng(DEFAULT_SEED ^ 0x5eed);
  const chosen = new Set<number>(planted.flatMap((p) => [p.copy, p.original]));
  const rest = eligible.map((_, k) => k).filter((k) => !chosen.has(k));
  for (let k = rest.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [rest[k], rest[j]] = [rest[j]!, rest[k]!];
  }
  for (const k of rest) {
    if (chosen.size >= SAMPLE) break;
    chosen.add(k);
  }
  const sample = [...chosen].sort((a, b) => a - b);
  const slot = new Map(sample.map((k, s) => [k, s]));
  const sets = sample.map((k) => shingleSet(eligible[k]!.text));
  const articleOf = Int32Array.from(sample, (k) => eligible[k]!.articleId);

  const t0 = now();
  const truth = truthPairs(sets, articleOf, threshold);
  const bruteSeconds = (now() - t0) / 1000;
  const groups = new UnionFind(sample.length);
  for (const [a, b] of truth.pairs) groups.union(a, b);
  // Paragraphs outside every cluster are groups of one: a distinct negative label each.
  const found = sample.map((k, s) => clusterOf.get(key(eligible[k]!.articleId, eligible[k]!.position)) ?? -1 - s);
  const truthLabel = sample.map((_, s) => groups.find(s));
  const truthCo = pairsIn(countBy(truthLabel).values());
  const foundCo = pairsIn(countBy(found).values());
  const both = pairsIn(countBy(sample.map((_, s) => `${truthLabel[s]}/${found[s]}`)).values());
  const precision = foundCo === 0 ? 1 : both / foundCo;
  const recall = truthCo === 0 ? 1 : both / truthCo;
  const mark = (x: number): string => (x >= 0.95 ? '✅' : '❌');

  const lines = [
    '',
    `### Duplicate paragraphs: quality, ${fmt(ARTICLES)} generated articles`,
    '',
    `The import (${fmt(importSeconds, 1)} s, ${fmt(clock.seconds(), 1)} s of it the duplicate finder) stored ${fmt(paragraphs)} paragraphs; ` +
      `${fmt(eligible.length)} take part (at least ${MIN_WORDS} words, not boilerplate; ${fmt(boilerplate)} more are boilerplate). ` +
      `Sample: ${fmt(sample.length)} of them, with ${planted.length} of the ${plantedTotal} planted copies and their originals. ` +
      `Truth: ${fmt(truth.pairs.length)} pairs at similarity ≥ ${threshold} by brute force (${fmt(truth.candidates)} candidate pairs checked, ${fmt(bruteSeconds, 1)} s; ` +
      `${truth.sameArticle} pairs within one article left out), grouped transitively.`,
    '',
    '| threshold | pairs grouped by the truth | pairs clustered by Pantau | in both | precision | recall | target ≥ 0.95 each |',
    '|---:|---:|---:|---:|---:|---:|:---:|',
    `| ${threshold} | ${fmt(truthCo)} | ${fmt(foundCo)} | ${fmt(both)} | ${precision.toFixed(3)} | ${recall.toFixed(3)} | ${mark(precision)} ${mark(recall)} |`,
    '',
    'Planted copies by edit (similarity of copy and original by `similarity`; recall: of the pairs the truth groups, the share Pantau clusters together):',
    '',
    '| edit | planted pairs | similarity min | median | grouped by the truth | clustered by Pantau | recall |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const edit of EDITS) {
    const of = planted.filter((p) => p.edit === edit);
    const sims = of.map((p) => similarity(sets[slot.get(p.copy)!]!, sets[slot.get(p.original)!]!)).sort((a, b) => a - b);
    const grouped = of.filter((p) => truthLabel[slot.get(p.copy)!] === truthLabel[slot.get(p.original)!]);
    const clustered = grouped.filter((p) => found[slot.get(p.copy)!] === found[slot.get(p.original)!]);
    const median = sims.length === 0 ? NaN : sims[Math.floor(sims.length / 2)]!;
    lines.push(
      `| ${edit} | ${of.length} | ${(sims[0] ?? NaN).toFixed(3)} | ${median.toFixed(3)} | ${grouped.length} | ${clustered.length} | ${grouped.length === 0 ? '—' : (clustered.length / grouped.length).toFixed(3)} |`,
    );
  }
  return [...lines, ''].join('\n');
}

/** Speed, size and the incremental update, from the search archives and what their builds measured. */
async function atScale(): Promise<string> {
  const speed: string[] = [];
  const incremental: string[] = [];
  const size: string[] = [];
  for (const n of searchSizes()) {
    const { file, marker } = await searchArchive(n);
    const d = marker.duplicates;
    const label = fmt(n);
    const rate = d.pass.paragraphs / d.pass.seconds;
    speed.push(
      `| ${label} | whole archive from stored text | ${fmt(d.pass.articles)} | ${fmt(d.pass.paragraphs)} | ${fmt(d.pass.seconds, 1)} | ${fmt(rate)} | ${rate >= 20000 ? '✅' : '❌'} |`,
    );
    const incRate = d.increment.paragraphs / d.increment.finderSeconds;
    speed.push(
      `| ${label} | the last ${fmt(d.increment.articles)} articles, within their import | ${fmt(d.increment.articles)} | ${fmt(d.increment.paragraphs)} | ${fmt(d.increment.finderSeconds, 2)} | ${fmt(incRate)} | ${incRate >= 20000 ? '✅' : '❌'} |`,
    );
    incremental.push(
      `| ${label} | ${fmt(d.increment.articles)} | ${fmt(d.increment.importSeconds, 1)} | ${fmt(d.increment.finderSeconds, 2)} | ${n >= 1_000_000 ? (d.increment.finderSeconds < 5 ? '✅' : '❌') : '(at 1M)'} |`,
    );
    log(`duplicates: measuring the duplicate structures of ${file}`);
    const archive = await Archive.open(file);
    let bytes: number;
    try {
      bytes = archive.duplicates.bytes();
    } finally {
      archive.close();
    }
    const total = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    const share = bytes / (total - bytes);
    size.push(
      `| ${label} | ${fmt(total / MB)} | ${fmt(bytes / MB, 1)} | ${fmt((total - bytes) / MB)} | ${fmt(100 * share, 1)} % | ${n === 100_000 ? (share <= 0.15 ? '✅' : '❌') : '(at 100k)'} |`,
    );
  }
  if (speed.length === 0) return '';
  return [
    '',
    '### Duplicate paragraphs: speed, incremental update and size on the search archives',
    '',
    'Measured when each archive was built (bench/search.ts): the finder over every article but the last 1,000 from their stored text, as after an',
    'upgrade, then the last 1,000 imported as files through the service. One pass does exact and near work: an exact copy is found by the same band',
    'lookup as a near one, so the two are not timed apart.',
    '',
    '| archive | pass | articles | paragraphs | seconds | paragraphs/s | target ≥ 20,000/s |',
    '|---|---|---:|---:|---:|---:|:---:|',
    ...speed,
    '',
    'The incremental update: the last 1,000 articles imported into the archive of all the others. The target is read as the finder\'s update; the whole import is beside it.',
    '',
    '| archive | articles imported | whole import s | of it the duplicate finder s | finder < 5 s at 1M |',
    '|---|---:|---:|---:|:---:|',
    ...incremental,
    '',
    'Size: the duplicate structures (bands, kept pairs, clusters, outlet lines and boilerplate, by dbstat) against the archive file without them.',
    '',
    '| archive | file MB | duplicate structures MB | without them MB | added | target ≤ 15 % at 100k |',
    '|---|---:|---:|---:|---:|:---:|',
    ...size,
    '',
  ].join('\n');
}

// Run as a program, not when a check imports `truthPairs`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (ARTICLES > 0) process.stdout.write(await quality());
  process.stdout.write(await atScale());
}
