import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ImportProgress, ImportSummary, SearchResponse, Stats } from '../electron/api.js';
import { distinctParagraphs } from '../electron/import/clean.js';
import { contentHash } from '../electron/import/hash.js';
import { prng } from '../tests/prng.js';
import { articles, DEFAULT_SEED, generateCorpus, generatorVocabulary } from './corpus.js';

/*
 * Browser mode under load (part of `npm run bench`, or alone: `node dist/bench/load.js`).
 *
 * `pantau serve` runs as a child process, as a user starts it; this process plays the browsers.
 * The corpus is the bench's generated one of 2 × LOAD_ARTICLES articles (default 50,000, a multiple
 * of 1,000; an empty value skips this part): its second half is imported first into a base
 * archive, so that clients find hits from the first request, as in an archive in use; its first
 * half is the import measured. The base is copied, then:
 * 1. under load: LOAD_CLIENTS clients (default 8) search and read for LOAD_IDLE_S seconds (default
 *    30) with no import, then while the first half is imported over the API (the `import` job,
 *    read as its server-sent event stream), then LOAD_IDLE_S seconds more once it has finished;
 * 2. alone: the same import into the copy of the base, on a server of its own, with no client.
 * Each client loops: a search (a mixed list of words of the generator's vocabulary, phrases,
 * prefixes, boolean queries, field filters, some newest first; 50 a page, as the UI asks), the
 * facets of that query one time in five, then the article and its highlights for one or two hits,
 * waiting LOAD_THINK_MS (default 200) after each answer. The search archive's builder is not used:
 * the base must hold other articles than those imported.
 *
 * Every request's latency and status is recorded by the phase it started in. The idle baseline
 * pools the windows before (base size) and after (twice that) the import, which span the sizes
 * the archive passes through while it grows. Any request that fails (a status other than 200, an
 * answer that is not ok, a timeout) is listed and the bench exits non-zero; so does an import whose
 * counts disagree with the corpus.
 */

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '..', 'electron', 'cli.js');
const CORPUS_ROOT = join(here, '..', '..', 'bench', '.corpus');
const WORK = join(CORPUS_ROOT, 'db', 'load');
const SIZE = process.env.LOAD_ARTICLES ?? '50000';
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 8);
const THINK_MS = Number(process.env.LOAD_THINK_MS ?? 200);
const IDLE_S = Number(process.env.LOAD_IDLE_S ?? 30);
const FACETS_SHARE = 0.2;
const PAGE = 50;
/** A request not answered by then counts as failed. */
const TIMEOUT_MS = 60_000;

const log = (s: string): void => void process.stderr.write(`${s}\n`);
const now = (): number => performance.now();

type Kind = 'search' | 'facets' | 'article' | 'highlight';
type Phase = 'warm-up' | 'idle before' | 'import' | 'idle after';

interface Sample {
  kind: Kind;
  phase: Phase;
  ms: number;
  status: number;
  /** When it was sent (performance.now). */
  at: number;
  /** Why it failed, when it did. */
  error?: string;
  request: unknown;
}

/** A `pantau serve` child process and what it printed. */
interface Served {
  port: number;
  token: string;
  stop(): Promise<void>;
}

async function serve(db: string): Promise<Served> {
  const child = spawn(process.execPath, [CLI, '--db', db, 'serve'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // A bench that stops on an error leaves no server behind.
  process.once('exit', () => child.kill());
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let stdout = '';
  const address = await new Promise<URL>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const open = /^Open (http\S+)$/m.exec(stdout);
      if (open) resolve(new URL(open[1]!));
    });
    child.once('exit', (code) => reject(new Error(`pantau serve exited (${code}) before serving: ${stderr}`)));
  });
  return {
    port: Number(address.port),
    token: address.searchParams.get('token')!,
    stop: async () => {
      const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
      child.kill('SIGINT');
      const [code] = await exited;
      if (code !== 0) throw new Error(`pantau serve ended with exit code ${code}: ${stderr}`);
    },
  };
}

const agent = new Agent({ keepAlive: true });

/** One API call, timed from before it is sent to its whole answer parsed. */
function call<T>(server: Served, method: string, body: unknown): Promise<{ ms: number; status: number; value?: T; error?: string }> {
  const started = now();
  return new Promise((resolve) => {
    const done = (status: number, value?: T, error?: string): void => resolve({ ms: now() - started, status, value, error });
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: `/api/${method}`,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'x-pantau-token': server.token },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('error', (err) => done(res.statusCode ?? 0, undefined, err.message));
        res.on('end', () => {
          try {
            const answer = JSON.parse(text) as { ok: boolean; value?: T; error?: { code: string; message: string } };
            if (res.statusCode === 200 && answer.ok) done(200, answer.value);
            else done(res.statusCode ?? 0, undefined, answer.error ? `${answer.error.code}: ${answer.error.message}` : 'not ok');
          } catch {
            done(res.statusCode ?? 0, undefined, `not JSON: ${text.slice(0, 200)}`);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) => done(0, undefined, err.message));
    req.end(JSON.stringify(body));
  });
}

const progressText = (p: ImportProgress): string => `${p.phase}, ${p.filesDone} of ${p.filesTotal} files read, ${p.imported} imported`;

interface ImportRun {
  summary: ImportSummary;
  seconds: number;
  progressEvents: number;
  /** The longest wait between two events of the stream, and the events either side of it. */
  longestGapMs: number;
  longestGapBetween: [string, string];
}

/** The import job over the API, read as its stream of server-sent events until its result. */
function importOverApi(server: Served, paths: string[], onProgress: (p: ImportProgress) => void = () => undefined): Promise<ImportRun> {
  const started = now();
  let last = started;
  let longestGapMs = 0;
  let progressEvents = 0;
  let longestGapBetween: [string, string] = ['', ''];
  let previous = 'the request';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/api/import',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pantau-token': server.token },
      },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`import answered ${res.statusCode}`));
        let buffered = '';
        let result: ImportSummary | null = null;
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          buffered += d;
          let end: number;
          while ((end = buffered.indexOf('\n\n')) >= 0) {
            const event = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const type = /^event: (.*)$/m.exec(event)?.[1];
            const data = JSON.parse(/^data: (.*)$/m.exec(event)?.[1] ?? 'null') as unknown;
            const at = now();
            const seen = type === 'progress' ? progressText(data as ImportProgress) : `the ${type}`;
            if (at - last > longestGapMs) [longestGapMs, longestGapBetween] = [at - last, [previous, seen]];
            [last, previous] = [at, seen];
            if (type === 'progress') {
              progressEvents += 1;
              const p = data as ImportProgress;
              onProgress(p);
              if (progressEvents % 50 === 0) log(`  import: ${progressText(p)}`);
            } else if (type === 'result') result = data as ImportSummary;
            else reject(new Error(`import failed: ${JSON.stringify(data)}`));
          }
        });
        res.on('end', () => {
          if (result) resolve({ summary: result, seconds: (now() - started) / 1000, progressEvents, longestGapMs, longestGapBetween });
          else reject(new Error('the import stream ended without a result'));
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ paths }));
  });
}

interface Query {
  query: string;
  sort: 'relevance' | 'newest';
}

/** A mix of what people type, from the generator's vocabularies (index 0 the commonest word). */
function queryMix(): Query[] {
  const v = generatorVocabulary();
  const lang = (i: number): string[] => (i % 2 === 0 ? v.id : v.en);
  const n = <T>(count: number, f: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => f(i));
  const texts = [
    // Words in most articles of their language, in about 15 %, and in a few dozen.
    ...n(4, (i) => lang(i)[Math.floor(i / 2)]!),
    ...n(10, (i) => lang(i)[300 + i * 17]!),
    ...n(10, (i) => lang(i)[5000 + i * 1300]!),
    ...n(4, (i) => `${lang(i)[200 + i * 11]!} ${lang(i)[400 + i * 7]!}`),
    '"Joko Widodo"',
    '"Amerika Serikat"',
    ...n(4, (i) => `"${lang(i)[20 + i]!} ${lang(i)[21 + i]!}"`),
    ...n(4, (i) => `${lang(i)[40 + i]!.slice(0, 3)}*`),
    ...n(4, (i) => `(${lang(i)[1000 + i * 37]!} OR ${lang(i)[1500 + i * 41]!}) -${lang(i)[150 + i * 7]!}`),
    ...n(4, (i) => `${lang(i)[100 + i * 13]!} source:"${v.outlets[i % v.outlets.length]!}" date:2023-03-01..2023-05-31`),
    ...n(2, (i) => `lang:${i % 2 === 0 ? 'id' : 'en'} ${lang(i)[120 + i]!}`),
    ...n(2, (i) => `title:${lang(i)[60 + i * 3]!}`),
    'country:Rusia',
    `person:putin ${v.id[110]!}`,
    `${v.en[130]!} after:2023-06 before:2023-09`,
    `${v.id[90]!} date:2023-11`,
  ];
  return texts.map((query, i) => ({ query, sort: i % 3 === 2 ? 'newest' : 'relevance' }));
}

/** One simulated reader: search, now and then the facets, then one or two of the hits with their highlights. */
async function client(id: number, server: Served, queries: Query[], phase: () => Phase, running: () => boolean, record: (s: Sample) => void): Promise<void> {
  const rand = prng(DEFAULT_SEED + id);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const timed = async <T>(kind: Kind, body: unknown): Promise<T | undefined> => {
    const [at, sent] = [phase(), now()];
    const r = await call<T>(server, kind, body);
    record({ kind, phase: at, at: sent, ms: r.ms, status: r.status, error: r.error, request: body });
    await sleep(THINK_MS);
    return r.value;
  };
  while (running()) {
    const q = pick(queries);
    const found = await timed<SearchResponse>('search', { query: q.query, sort: q.sort, limit: PAGE });
    if (rand() < FACETS_SHARE) await timed('facets', { query: q.query });
    const hits = found?.results ?? [];
    for (let k = 0; k < (rand() < 0.5 ? 1 : 2) && hits.length > 0 && running(); k++) {
      const hit = pick(hits);
      await timed('article', { id: hit.id });
      await timed('highlight', { id: hit.id, query: q.query });
    }
  }
}

/**
 * The articles of one half that the import should add: those whose content (title and distinct
 * paragraphs, as the import hashes them) is not in the archive already. Runs a slice at a time,
 * beside the base import it overlaps with.
 */
async function expectedCounts(count: number, half: number): Promise<{ base: number; imported: number }> {
  const baseSeen = new Set<string>();
  const importSeen = new Set<string>();
  const firstHalf: string[] = [];
  let i = 0;
  for (const a of articles(count, DEFAULT_SEED)) {
    const key = contentHash(a.title, distinctParagraphs(a.paragraphs).map((p) => p.text).join('\n\n'));
    if (i < half) firstHalf.push(key);
    else baseSeen.add(key);
    i += 1;
    if (i % 1000 === 0) await new Promise((done) => setImmediate(done));
  }
  for (const key of firstHalf) if (!baseSeen.has(key)) importSeen.add(key);
  return { base: baseSeen.size, imported: importSeen.size };
}

/** Latency summary of samples, nearest-rank percentiles. */
function summary(samples: Sample[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (p: number): number => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)] ?? NaN;
  return { n: ms.length, p50: at(50), p95: at(95), p99: at(99), max: ms[ms.length - 1] ?? NaN };
}

const f = (x: number): string => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(1) : x.toFixed(0));
const ratio = (a: number, b: number): string => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '–');

function copyArchive(from: string, to: string): void {
  for (const suffix of ['', '-wal']) {
    rmSync(to + suffix, { force: true });
    if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  }
}

function checkCounts(what: string, run: ImportRun, files: number, expected: number, before: Stats, after: Stats): string[] {
  const s = run.summary;
  const wrong: string[] = [];
  if (s.status !== 'done' || s.duplicates !== 'done') wrong.push(`${what}: status ${s.status}, duplicates ${s.duplicates}`);
  if (s.files !== files) wrong.push(`${what}: ${s.files} files read of ${files}`);
  if (s.imported !== expected || s.skipped !== files - expected || s.failed !== 0) {
    wrong.push(`${what}: imported ${s.imported}, skipped ${s.skipped}, failed ${s.failed}; the corpus says ${expected} new, ${files - expected} already in`);
  }
  if (after.articles - before.articles !== s.imported) wrong.push(`${what}: stats went from ${before.articles} to ${after.articles} articles, the summary says ${s.imported} imported`);
  return wrong;
}

async function stats(server: Served): Promise<Stats> {
  const r = await call<Stats>(server, 'stats', {});
  if (!r.value) throw new Error(`stats failed: ${r.error}`);
  return r.value;
}

async function main(size: number): Promise<void> {
  if (!Number.isInteger(size / 1000) || size <= 0) throw new Error(`LOAD_ARTICLES must be a positive multiple of 1,000, not ${size}`);
  const t0 = now();
  const corpus = generateCorpus(CORPUS_ROOT, 2 * size);
  const folders = readdirSync(corpus.dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(corpus.dir, e.name))
    .sort();
  const [measured, base] = [folders.slice(0, size / 1000), folders.slice(size / 1000)];
  log(`load: corpus of ${(2 * size).toLocaleString('en')} articles ready in ${((now() - t0) / 1000).toFixed(0)} s (cached after the first run)`);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const busyDb = join(WORK, 'busy.db');
  const aloneDb = join(WORK, 'alone.db');
  const wrong: string[] = [];

  log(`load: building the base archive (${size.toLocaleString('en')} articles, the corpus's second half)`);
  const expecting = expectedCounts(2 * size, size);
  let server = await serve(busyDb);
  const empty = await stats(server);
  const baseRun = await importOverApi(server, base);
  const expected = await expecting;
  const baseStats = await stats(server);
  wrong.push(...checkCounts('base import', baseRun, size, expected.base, empty, baseStats));
  await server.stop();
  copyArchive(busyDb, aloneDb);

  log(`load: ${CLIENTS} clients, ${IDLE_S} s idle, then importing ${size.toLocaleString('en')} articles, then ${IDLE_S} s idle`);
  server = await serve(busyDb);
  const queries = queryMix();
  const samples: Sample[] = [];
  const record = (s: Sample): void => void samples.push(s);
  // Every query once, so the first window does not pay for cold pages alone, and a query the language refuses shows here.
  for (const q of queries) {
    const r = await call<SearchResponse>(server, 'search', { query: q.query, sort: q.sort, limit: PAGE });
    record({ kind: 'search', phase: 'warm-up', at: now() - r.ms, ms: r.ms, status: r.status, error: r.error, request: q });
  }
  let phase: Phase = 'idle before';
  let running = true;
  const clients = Array.from({ length: CLIENTS }, (_, i) => client(i, server, queries, () => phase, () => running, record));
  const marks: Partial<Record<Phase, { from: number; to: number }>> = {};
  let from = now();
  await sleep(IDLE_S * 1000);
  marks['idle before'] = { from, to: now() };
  phase = 'import';
  from = now();
  const before = await stats(server);
  // The server's thread sends no event while the duplicate finder holds it, so each of the finder's
  // runs is taken to span from the last event before its 'duplicates' event to the next other one.
  const finder: { from: number; to: number }[] = [];
  let lastEvent = now();
  let inFinder = false;
  const busyRun = await importOverApi(server, measured, (p) => {
    if (p.phase === 'duplicates' && !inFinder) finder.push({ from: lastEvent, to: Infinity });
    else if (p.phase !== 'duplicates' && inFinder) finder[finder.length - 1]!.to = now();
    inFinder = p.phase === 'duplicates';
    lastEvent = now();
  });
  if (inFinder) finder[finder.length - 1]!.to = now();
  marks.import = { from, to: now() };
  phase = 'idle after';
  from = now();
  const busyStats = await stats(server);
  await sleep(IDLE_S * 1000);
  running = false;
  await Promise.all(clients);
  marks['idle after'] = { from, to: now() };
  wrong.push(...checkCounts('import under load', busyRun, size, expected.imported, before, busyStats));
  await server.stop();

  log(`load: the same import with no client`);
  server = await serve(aloneDb);
  const aloneBefore = await stats(server);
  const aloneRun = await importOverApi(server, measured);
  wrong.push(...checkCounts('import alone', aloneRun, size, expected.imported, aloneBefore, await stats(server)));
  await server.stop();
  rmSync(WORK, { recursive: true, force: true });

  const failed = samples.filter((s) => s.error !== undefined || s.status !== 200);
  const measuredSamples = samples.filter((s) => s.phase !== 'warm-up');
  const idle = measuredSamples.filter((s) => s.phase !== 'import');
  const busy = measuredSamples.filter((s) => s.phase === 'import');
  const finding = (s: Sample): boolean => finder.some((r) => s.at < r.to && s.at + s.ms > r.from);
  const finderSeconds = finder.reduce((sum, r) => sum + (r.to - r.from), 0) / 1000;
  const seconds = (p: Phase): number => (marks[p]!.to - marks[p]!.from) / 1000;
  const idleSeconds = seconds('idle before') + seconds('idle after');
  const kinds: Kind[] = ['search', 'facets', 'article', 'highlight'];
  const row = (label: string, a: Sample[], b: Sample[]): string => {
    const [x, y] = [summary(a), summary(b)];
    return `| ${label} | ${x.n} | ${f(x.p50)} / ${f(x.p95)} / ${f(x.p99)} / ${f(x.max)} | ${y.n} | ${f(y.p50)} / ${f(y.p95)} / ${f(y.p99)} / ${f(y.max)} | ${ratio(y.p50, x.p50)} | **${ratio(y.p95, x.p95)}** |`;
  };
  const p95Of = (p: Phase): string => f(summary(measuredSamples.filter((s) => s.phase === p && s.kind === 'search')).p95);
  const [idleRate, busyRate] = [idle.length / idleSeconds, busy.length / seconds('import')];
  const rate = (r: ImportRun): number => r.summary.imported / r.seconds;
  process.stdout.write(
    [
      '',
      `### Browser mode under load: ${CLIENTS} clients while ${size.toLocaleString('en')} articles are imported into ${size.toLocaleString('en')}`,
      '',
      `${CLIENTS} clients, ${THINK_MS} ms think-time after each answer; idle: ${IDLE_S} s before the import (${before.articles.toLocaleString('en')} articles) and ${IDLE_S} s after (${busyStats.articles.toLocaleString('en')}), pooled.`,
      '',
      '| request | idle: n | idle p50 / p95 / p99 / max ms | during import: n | during p50 / p95 / p99 / max ms | p50 during/idle | p95 during/idle |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...kinds.map((k) => row(k, idle.filter((s) => s.kind === k), busy.filter((s) => s.kind === k))),
      row('all', idle, busy),
      row(`all, overlapping the duplicate finder's runs (${finder.length}, ${finderSeconds.toFixed(0)} s)`, idle, busy.filter(finding)),
      row('all, the rest of the import', idle, busy.filter((s) => !finding(s))),
      `| requests/s | ${f(idleRate)} | | ${f(busyRate)} | | ${ratio(busyRate, idleRate)} | |`,
      '',
      `Search p95 idle before the import ${p95Of('idle before')} ms, after it ${p95Of('idle after')} ms. Failed requests: **${failed.length}** of ${samples.length} (warm-up included).`,
      '',
      '| import of the first half | seconds | articles/s | progress events | longest gap between events (s) | ratio |',
      '|---|---:|---:|---:|---:|---:|',
      `| alone | ${aloneRun.seconds.toFixed(1)} | ${rate(aloneRun).toFixed(0)} | ${aloneRun.progressEvents} | ${(aloneRun.longestGapMs / 1000).toFixed(1)} | |`,
      `| with ${CLIENTS} clients | ${busyRun.seconds.toFixed(1)} | ${rate(busyRun).toFixed(0)} | ${busyRun.progressEvents} | ${(busyRun.longestGapMs / 1000).toFixed(1)} | **${(rate(busyRun) / rate(aloneRun)).toFixed(2)}×** |`,
      '',
      `Counts: ${busyRun.summary.imported.toLocaleString('en')} imported, ${busyRun.summary.skipped} skipped, ${busyRun.summary.failed} failed of ${busyRun.summary.files.toLocaleString('en')} files ` +
        `(the corpus: ${expected.imported.toLocaleString('en')} new); \`stats\` ${before.articles.toLocaleString('en')} → ${busyStats.articles.toLocaleString('en')} articles; ${wrong.length === 0 ? 'all agree' : 'DISAGREE'}.`,
      '',
    ].join('\n'),
  );
  for (const [what, r] of [['alone', aloneRun], ['under load', busyRun]] as const) {
    log(`load: import ${what}: longest gap in its progress stream ${(r.longestGapMs / 1000).toFixed(1)} s, between "${r.longestGapBetween[0]}" and "${r.longestGapBetween[1]}"`);
  }
  for (const s of failed) log(`FAILED ${s.phase} ${s.kind} ${JSON.stringify(s.request)}: ${s.status} ${s.error ?? ''}`);
  for (const w of wrong) log(`WRONG COUNT ${w}`);
  if (failed.length > 0 || wrong.length > 0) {
    log(`load: ${failed.length} failed request(s), ${wrong.length} wrong count(s)`);
    process.exitCode = 1;
  }
}

if (SIZE.trim() === '') log('load benchmark skipped: LOAD_ARTICLES is empty');
else await main(Number(SIZE));
