import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CorpusShape, generateCorpus } from './corpus.js';

/*
 * `npm run bench`: import benchmark, then the search benchmark (bench/search.ts), then the
 * duplicate-paragraph benchmark (bench/dups.ts), then the export benchmark (bench/export.ts), then the
 * UI in browser mode (bench/ui.ts), then browser mode under load (bench/load.ts). Absolute speeds on
 * shared machines are noise, so every figure that matters is a ratio against the bare FTS5 insert
 * (or query) of the same articles measured in this run.
 * BENCH_SIZES=10000,100000 (default) chooses the import corpus sizes of generated 2–6 KB articles,
 * BENCH_SHORT_SIZES=20000 (default) those of about 2 KB; each reports throughput and archive size.
 * SEARCH_SIZES=100000 (default) chooses
 * the search archive sizes (SEARCH_SIZES=100000,1000000 adds the 1M archive: its one-off build is
 * long, see bench/search.ts); an empty value skips that part. LOAD_ARTICLES=50000 (default) sizes the
 * import run under load (bench/load.ts); an empty value skips it.
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', 'bench', '.corpus');
const work = join(root, 'db');
mkdirSync(work, { recursive: true });
const sizesOf = (value: string): number[] =>
  value
    .split(',')
    .filter((v) => v.trim() !== '')
    .map(Number);
const runs: { size: number; shape: CorpusShape }[] = [
  ...sizesOf(process.env.BENCH_SIZES ?? '10000,100000').map((size) => ({ size, shape: 'news' as const })),
  ...sizesOf(process.env.BENCH_SHORT_SIZES ?? '20000').map((size) => ({ size, shape: 'short' as const })),
];

interface Measure {
  mode: string;
  articles: number;
  seconds: number;
  bytes: number;
  maxRssMB: number;
  /** Ours only: `pantau analyze` over the archive the import built. */
  analyzeSeconds?: number;
  suggestions?: number;
  /** Ours only: the duplicate finder's part of the import, the paragraphs it went through and the bytes of its structures. */
  finderSeconds?: number;
  paragraphs?: number;
  duplicateBytes?: number;
}

const measure = (mode: 'ours' | 'bare', dir: string): Measure => {
  const db = join(work, `${mode}.db`);
  const outText = execFileSync(process.execPath, [join(here, 'measure.js'), mode, dir, db], { encoding: 'utf8', maxBuffer: 1 << 20 });
  rmSync(db, { force: true });
  return JSON.parse(outText.trim().split('\n').pop()!) as Measure;
};

const rows: string[] = [];
const analysisRows: string[] = [];
const finderRows: string[] = [];
const ourPeaks: { size: number; mb: number }[] = [];
const fmt = (n: number, d = 0): string => n.toFixed(d);
for (const { size, shape } of runs) {
  const t0 = Date.now();
  const corpus = generateCorpus(root, size, shape);
  process.stderr.write(`corpus ${size} ${shape}: ${(corpus.bytes / 1048576).toFixed(0)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s (cached after the first run)\n`);
  const bare = measure('bare', corpus.dir);
  const ours = measure('ours', corpus.dir);
  if (ours.articles !== size) throw new Error(`our import stored ${ours.articles} of ${size} articles`);
  const mb = corpus.bytes / 1048576;
  const label = `${size} ${shape} (${fmt(corpus.bytes / size / 1024, 1)} KB)`;
  for (const m of [bare, ours]) {
    rows.push(
      `| ${label} | ${m.mode === 'ours' ? 'pantau import (suggestions and duplicate pass included)' : 'bare FTS5 insert'} | ${fmt(m.articles / m.seconds)} | ${fmt(mb / m.seconds, 1)} | ${fmt(m.seconds, 1)} | ${fmt(m.bytes / m.articles)} | ${fmt(m.maxRssMB)} |`,
    );
  }
  if (shape === 'news') ourPeaks.push({ size, mb: ours.maxRssMB });
  const analyzed = ours.articles / ours.analyzeSeconds!;
  analysisRows.push(
    `| ${label} | ${fmt(analyzed)} | ${fmt(ours.analyzeSeconds!, 1)} | ${fmt(ours.suggestions! / ours.articles, 1)} | **${(analyzed / (bare.articles / bare.seconds)).toFixed(2)}×** |`,
  );
  const withoutDups = ours.bytes - ours.duplicateBytes!;
  finderRows.push(
    `| ${label} | ${ours.paragraphs} | ${fmt(ours.finderSeconds!, 1)} | ${fmt(ours.paragraphs! / ours.finderSeconds!)} | ${fmt((100 * ours.finderSeconds!) / ours.seconds)} % | ` +
      `${fmt(ours.duplicateBytes! / 1048576, 1)} | ${fmt(withoutDups / 1048576, 1)} | **${fmt((100 * ours.duplicateBytes!) / withoutDups, 1)} %** |`,
  );
  rows.push(
    `| ${label} | **ratio ours/bare** | **${((ours.articles / ours.seconds) / (bare.articles / bare.seconds)).toFixed(2)}×** | | | **${(ours.bytes / bare.bytes).toFixed(2)}×** | ${(ours.maxRssMB / bare.maxRssMB).toFixed(2)}× |`,
  );
}
if (runs.length > 0) {
  const [smallest, largest] = [ourPeaks[0], ourPeaks[ourPeaks.length - 1]];
  const growth =
    smallest && largest && largest.size > smallest.size
      ? [`Peak memory of the import at ${largest.size} articles is ${(largest.mb / smallest.mb).toFixed(2)}× that at ${smallest.size} (${(largest.size / smallest.size).toFixed(0)}× the files).`, '']
      : [];
  process.stdout.write(
    [
      '', '| articles | what | articles/s | MB/s | seconds | archive bytes/article | peak RSS MB |', '|---|---|---:|---:|---:|---:|---:|', ...rows, '', ...growth,
      'Re-analysis (`pantau analyze`) of the archive each import built, against the bare insert of the same run:', '',
      '| articles | analysed/s | seconds | suggestions/article | ratio to bare insert |', '|---|---:|---:|---:|---:|', ...analysisRows, '',
      'The duplicate finder within each import (one pass: exact copies are found by the same band lookup as near ones), and the size of its structures',
      '(bands, kept pairs, clusters, outlet lines and boilerplate, by dbstat) against the archive without them; target at 100,000: at most 15 %:', '',
      '| articles | paragraphs | finder seconds | paragraphs/s | of the import | duplicate structures MB | archive MB without them | added |',
      '|---|---:|---:|---:|---:|---:|---:|---:|', ...finderRows, '',
    ].join('\n'),
  );
}

// The search and duplicate benchmarks in their own processes, so their memory and the import's are measured apart.
execFileSync(process.execPath, [join(here, 'search.js')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(here, 'dups.js')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(here, 'export.js')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(here, 'ui.js')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(here, 'load.js')], { stdio: 'inherit' });
