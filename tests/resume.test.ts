import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import type { RunCounts } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { pantauJson } from './cli-run.js';
import { repoRoot, tempDir } from './helpers.js';

const FILES = 3000;
const WORDS = ['pemerintah', 'pelabuhan', 'harga', 'beras', 'menteri', 'banjir', 'pemilu', 'warga', 'ekonomi', 'jalan', 'sekolah', 'rumah', 'sakit', 'petani', 'nelayan'];

function writeCorpus(dir: string): void {
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `batch-${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(sub, { recursive: true });
    const para = (k: number) => `Berita ${i} paragraf ${k}: ${WORDS.map((_, j) => WORDS[(i * 7 + j * k) % WORDS.length]).join(' ')} nomor${i}x${k}.`;
    writeFileSync(join(sub, `artikel-${i}.txt`), `Judul berita nomor ${i}\n${[1, 2, 3, 4, 1].map((k) => para(k)).join('\n')}\n`);
  }
}

const PAUSED_IMPORT = join(repoRoot, 'dist', 'tests', 'paused-import.js');

function countArticles(db: string): number {
  const conn = openDatabase(db, { readonly: true });
  try {
    return conn.prepare('SELECT count(*) FROM articles').pluck().get() as number;
  } finally {
    conn.close();
  }
}

/**
 * Start an import in a child process and SIGKILL it while it waits right after the commit that
 * brings it to at least `atLeast` new articles. Returns how many new articles it had committed.
 */
async function importAndKill(dir: string, db: string, atLeast: number): Promise<number> {
  const child = spawn(process.execPath, [PAUSED_IMPORT, db, String(atLeast), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const line = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    lines.once('close', () => reject(new Error('the import process ended without a word')));
  });
  child.kill('SIGKILL');
  await exited;
  assert.notEqual(line, 'finished', `the import ended before it had ${atLeast} new articles`);
  return (JSON.parse(line) as RunCounts).imported;
}

test('an import killed mid-run and run again ends with every article exactly once and a sound archive', { timeout: 180_000 }, async (t) => {
  const dir = tempDir(t);
  const corpus = join(dir, 'corpus');
  writeCorpus(corpus);
  const db = join(dir, 'archive.db');

  const afterFirstKill = await importAndKill(corpus, db, 1);
  assert.ok(afterFirstKill > 0 && afterFirstKill < FILES, `first kill left ${afterFirstKill} of ${FILES}`);
  assert.equal(countArticles(db), afterFirstKill, 'the killed run kept every article it had committed');
  const afterSecondKill = afterFirstKill + (await importAndKill(corpus, db, 500));
  assert.ok(afterSecondKill < FILES, `second kill left ${afterSecondKill} of ${FILES}`);
  assert.equal(countArticles(db), afterSecondKill);

  const resumed = await pantauJson<{ imported: number; skipped: number; failed: number }>(['import', corpus, '--db', db]);
  assert.equal(resumed.code, 0);
  assert.equal(resumed.json.failed, 0);
  assert.equal(resumed.json.skipped, afterSecondKill);
  assert.equal(resumed.json.imported, FILES - afterSecondKill);

  const conn = openDatabase(db, { readonly: true });
  t.after(() => conn.close());
  assert.equal(conn.prepare('SELECT count(*) FROM articles').pluck().get(), FILES);
  assert.equal(conn.prepare('SELECT count(DISTINCT origin) FROM articles').pluck().get(), FILES);
  assert.equal(conn.prepare('SELECT count(*) FROM paragraphs').pluck().get(), FILES * 4);
  assert.equal(conn.prepare("SELECT count(*) FROM imports WHERE status = 'interrupted'").pluck().get(), 2);

  const check = await pantauJson<{ ok: boolean; problems: string[] }>(['check', '--db', db]);
  assert.deepEqual(check.json, { ok: true, problems: [] });
  const search = await pantauJson<{ total: number }>(['search', 'nomor1234x2', '--db', db]);
  assert.equal(search.json.total, 1);
});
