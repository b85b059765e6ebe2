import assert from 'node:assert/strict';
import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { Archive } from '../db/archive.js';
import { WalCheckpoints } from '../db/checkpoints.js';
import { type Database, openDatabase, WAL_FILE_BYTES } from '../db/driver.js';
import { DEFAULT_IMPORT_OPTIONS, runImport } from '../electron/import/run.js';
import { fixture, tempDir } from './helpers.js';

/*
 * The write-ahead log's checkpoints on a thread of their own during an import (db/checkpoints.ts).
 * The thread's own timer is set to an hour, so every checkpoint here is one the writer asked for
 * at a known point, and nothing depends on how fast the machine is.
 */

const KIB = 1024;
const HOUR_MS = 3_600_000;

function rows(file: string): number {
  const db = openDatabase(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM t').pluck().get() as number;
  } finally {
    db.close();
  }
}

function startOn(db: Database, limitBytes: number, script?: URL): WalCheckpoints {
  const started = WalCheckpoints.start(db, { limitBytes, pollMs: HOUR_MS, script });
  assert.ok(started, 'the archive keeps a write-ahead log');
  return started;
}

test('the thread copies the log into the file, the log stays near its bound, and the connection gets its own checkpoints back', async (t) => {
  const file = join(tempDir(t), 'wal.db');
  const db = openDatabase(file);
  t.after(() => db.close());
  db.exec('CREATE TABLE t (x BLOB)');
  const limit = 64 * KIB;
  const checkpoints = startOn(db, limit);
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0, 'the writer checkpoints nothing itself');
  const insert = db.prepare('INSERT INTO t VALUES (randomblob(20000))');
  let longest = 0;
  for (let i = 0; i < 60; i++) {
    await checkpoints.bound();
    insert.run();
    longest = Math.max(longest, statSync(`${file}-wal`).size);
  }
  // 60 rows of 20 KB went through the log; it never held much more than its bound and one row.
  assert.ok(longest <= limit + 64 * KIB, `the log reached ${longest} bytes`);
  assert.ok(checkpoints.waits >= 10, `the writer waited for ${checkpoints.waits} checkpoints`);
  await checkpoints.stop();
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
  assert.equal(db.pragma('journal_size_limit', { simple: true }), WAL_FILE_BYTES);
  assert.equal(rows(file), 60);
});

test('an archive opened through a symlink: the log beside its real file is the one kept near its bound', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'real'));
  const file = join(dir, 'real', 'wal.db');
  const link = join(dir, 'link.db');
  symlinkSync(file, link);
  const db = openDatabase(link);
  t.after(() => db.close());
  db.exec('CREATE TABLE t (x BLOB)');
  const limit = 64 * KIB;
  const checkpoints = startOn(db, limit);
  let longest = 0;
  for (let i = 0; i < 30; i++) {
    await checkpoints.bound();
    db.prepare('INSERT INTO t VALUES (randomblob(20000))').run();
    longest = Math.max(longest, statSync(`${file}-wal`).size);
  }
  await checkpoints.stop();
  assert.ok(checkpoints.waits >= 5, `the writer waited for ${checkpoints.waits} checkpoints`);
  assert.ok(longest <= limit + 64 * KIB, `the log reached ${longest} bytes`);
});

test('a thread that fails leaves the checkpoints to the connection, and no writer waits for it', { timeout: 30_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'wal.db');
  const db = openDatabase(file);
  t.after(() => db.close());
  db.exec('CREATE TABLE t (x BLOB)');
  // A thread that fails as it starts, as one whose connection cannot open would.
  const checkpoints = startOn(db, 1, pathToFileURL(fixture('failing-worker.mjs')));
  db.prepare('INSERT INTO t VALUES (randomblob(20000))').run();
  // Past its bound, the writer asks; the answer never comes, and the thread's end lets it go on.
  await checkpoints.bound();
  assert.equal(checkpoints.waits, 1);
  await checkpoints.stop();
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
  db.prepare('INSERT INTO t VALUES (randomblob(20000))').run();
  assert.equal(rows(file), 2);
});

function writeArticles(dir: string, count: number): void {
  mkdirSync(dir);
  for (let i = 0; i < count; i++) {
    writeFileSync(
      join(dir, `a${String(i).padStart(4, '0')}.txt`),
      `Harga cabai di pasar ${i} naik lagi\nPedagang di pasar nomor ${i} mengatakan harga cabai rawit naik karena hujan deras mengganggu panen di sentra produksi.\nWarga ${i} berharap pemerintah segera menggelar operasi pasar sebelum hari raya.\n`,
    );
  }
}

/** Files of `count` articles, and an archive to import them into with its connection, whose settings the tests read. */
async function importSetUp(t: { after: (fn: () => void) => void }, count: number): Promise<{ dir: string; archive: Archive; connection: Database }> {
  const dir = join(tempDir(t), 'files');
  writeArticles(dir, count);
  const archive = await Archive.open(join(tempDir(t), 'run.db'));
  t.after(() => archive.close());
  return { dir, archive, connection: (archive as unknown as { db: Database }).db };
}

test('a small import leaves the checkpoints to its connection: a thread would cost more than it saves', async (t) => {
  const { dir, archive, connection } = await importSetUp(t, 30);
  let started = false;
  const during: unknown[] = [];
  const summary = await runImport(archive, [dir], { ...DEFAULT_IMPORT_OPTIONS, batchSize: 10 }, {
    onCheckpoints: () => {
      started = true;
    },
    afterCommit: () => void during.push(connection.pragma('wal_autocheckpoint', { simple: true })),
  });
  assert.equal(summary.imported, 30);
  assert.equal(started, false);
  assert.ok(during.length > 0 && during.every((v) => v === 1000), `SQLite's own checkpoints after each commit: ${during.join(', ')}`);
});

test('an import checkpoints on the thread: it waits for whole checkpoints at its bound, and ends with every article', async (t) => {
  const { dir, archive, connection } = await importSetUp(t, 300);
  const during: unknown[] = [];
  let used: WalCheckpoints | null = null;
  const summary = await runImport(archive, [dir], { ...DEFAULT_IMPORT_OPTIONS, batchSize: 20 }, {
    checkpoints: { limitBytes: 64 * KIB, pollMs: HOUR_MS, fromBytes: 0 },
    onCheckpoints: (c) => {
      used = c;
    },
    afterCommit: () => void during.push(connection.pragma('wal_autocheckpoint', { simple: true })),
  });
  assert.equal(summary.imported, 300);
  assert.equal(summary.duplicates, 'done');
  assert.ok(used !== null, 'the import ran the thread');
  assert.ok((used as WalCheckpoints | null)!.waits > 0, 'its batches took the log past its bound, and it waited for the thread');
  assert.equal(archive.stats().articles, 300);
  assert.deepEqual(archive.integrityProblems(), []);
  // The log was copied and started again before the run's last transactions, and the connection
  // has its own checkpoints back.
  assert.ok(statSync(`${archive.file}-wal`).size <= 128 * KIB, `the log is ${statSync(`${archive.file}-wal`).size} bytes`);
  assert.equal(connection.pragma('wal_autocheckpoint', { simple: true }), 1000);
  assert.equal(connection.pragma('journal_size_limit', { simple: true }), WAL_FILE_BYTES);
  assert.ok(during.length > 0 && during.every((v) => v === 0), 'during the run the connection checkpointed nothing itself');
});
