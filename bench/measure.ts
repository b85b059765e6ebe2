import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Archive } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { Workbench } from '../electron/service.js';
import { finderClock } from './search.js';

/*
 * One measurement in its own process, so its peak memory (maxRSS) is its own.
 * `ours`: the real import through the Workbench. `bare`: the floor to compare against, reading the
 * same files and inserting title and body into a plain FTS5 table (content stored, prefix='2 3' as
 * the issue that set the size target measured it) with the same tokenizer, in transactions of
 * 500 articles (ours commits every 250 or every second, so that a search during an import waits
 * less, and its duplicate finder commits chunks of its own), with no parsing, cleaning, hashing
 * or language detection.
 * Our import makes the country and person suggestions in its workers and runs the duplicate finder
 * over the new articles; the finder's share of the time is read from the import's progress phases,
 * and the size of its structures from the archive afterwards. Then `pantau analyze` runs over the
 * archive the import built, timed on its own: re-analysis of a whole archive.
 */

const [mode, corpus, db] = process.argv.slice(2);
if (!mode || !corpus || !db) throw new Error('usage: measure ours|bare <corpus dir> <db file>');
rmSync(db, { force: true });
rmSync(`${db}-wal`, { force: true });
rmSync(`${db}-shm`, { force: true });

const BATCH = 500;

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}

let analyzeSeconds: number | undefined;
let suggestions: number | undefined;
let finderSeconds: number | undefined;
let paragraphs: number | undefined;
let duplicateBytes: number | undefined;

async function ours(): Promise<number> {
  const wb = await Workbench.open(db!, { create: true });
  const clock = finderClock();
  try {
    const summary = await wb.import({ paths: [corpus!] }, { onProgress: clock.onProgress });
    finderSeconds = clock.seconds();
    if (summary.failed > 0) throw new Error(`import failed on ${summary.failed} files: ${JSON.stringify(summary.errors.slice(0, 3))}`);
    return summary.imported;
  } finally {
    wb.close();
  }
}

/** The paragraphs the finder went through, and the bytes of what it stores. */
async function duplicates(): Promise<void> {
  const archive = await Archive.open(db!);
  try {
    duplicateBytes = archive.duplicates.bytes();
  } finally {
    archive.close();
  }
  const conn = openDatabase(db!, { readonly: true });
  paragraphs = conn.prepare('SELECT count(*) FROM paragraphs').pluck().get() as number;
  conn.close();
}

async function analyze(): Promise<void> {
  const wb = await Workbench.open(db!);
  try {
    const t = process.hrtime.bigint();
    const summary = await wb.analyze();
    analyzeSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    suggestions = summary.suggestions;
  } finally {
    wb.close();
  }
}

function bare(): number {
  const conn = openDatabase(db!);
  conn.exec("CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')");
  const insert = conn.prepare('INSERT INTO fts (title, body) VALUES (?, ?)');
  const write = conn.transaction((rows: [string, string][]) => {
    for (const r of rows) insert.run(r[0], r[1]);
  });
  let rows: [string, string][] = [];
  let n = 0;
  for (const f of files(corpus!)) {
    const text = readFileSync(f, 'utf8');
    const nl = text.indexOf('\n');
    rows.push([text.slice(0, nl), text.slice(nl + 1)]);
    n += 1;
    if (rows.length === BATCH) {
      write(rows);
      rows = [];
    }
  }
  write(rows);
  conn.close();
  return n;
}

const started = process.hrtime.bigint();
const articles = mode === 'ours' ? await ours() : bare();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
// Both close their connection, which checkpoints the write-ahead log into the file.
const bytes = statSync(db).size + (statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0);
const maxRssMB = process.resourceUsage().maxRSS / 1024;
if (mode === 'ours') {
  await duplicates();
  await analyze();
}
process.stdout.write(`${JSON.stringify({ mode, articles, seconds, bytes, maxRssMB, analyzeSeconds, suggestions, finderSeconds, paragraphs, duplicateBytes })}\n`);
