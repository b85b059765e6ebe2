import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { APPLICATION_ID, Archive, type NewArticle } from '../db/archive.js';
import { ArchiveError, openDatabase } from '../db/driver.js';
import { MIGRATIONS, SCHEMA_VERSION, migrate, type Migration } from '../db/migrate.js';
import { contentHash } from '../electron/import/hash.js';
import { parseQuery } from '../electron/search/parse.js';
import { tempDir } from './helpers.js';

/** A paragraph too short for the duplicate finder. */
const NO_SIGNATURE = { keys: null, opening: null, short: true };

const article = (n: number, title = `Judul ${n}`): NewArticle => ({
  contentHash: contentHash(title, `Isi berita nomor ${n} tentang pelabuhan.`),
  title,
  body: `Isi berita nomor ${n} tentang pelabuhan.`,
  url: null,
  suggestions: [],
  source: n % 2 ? 'Kabar Kita' : 'kabar kita',
  author: null,
  publishedAt: '2024-01-0' + ((n % 9) + 1),
  language: 'id',
  origin: `f${n}.txt`,
  section: null,
  paragraphs: [{ hash: BigInt(n) - 2n ** 62n, occurrences: 2, flags: 1, signature: NO_SIGNATURE }],
});

test('a new archive is created at the current schema with WAL and foreign keys on', async (t) => {
  const file = join(tempDir(t), 'a.db');
  (await Archive.open(file)).close();
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").pluck().all();
  for (const name of ['articles', 'articles_fts', 'import_problems', 'imports', 'paragraphs', 'sources']) assert.ok(tables.includes(name), name);
});

test('an archive from a newer Pantau is refused and left untouched', async (t) => {
  const file = join(tempDir(t), 'newer.db');
  const db = openDatabase(file);
  db.pragma('user_version = 99');
  db.close();
  const before = readFileSync(file);
  await assert.rejects(() => Archive.open(file), (e: unknown) => e instanceof ArchiveError && /written by a newer version of Pantau \(schema 99; this version knows up to \d+\)/.test(e.message));
  assert.deepEqual(readFileSync(file), before);
});

test('a file that is not SQLite gives a clear error', async (t) => {
  const file = join(tempDir(t), 'notes.db');
  writeFileSync(file, 'these are my notes, not a database '.repeat(200));
  await assert.rejects(() => Archive.open(file), (e: unknown) => e instanceof ArchiveError && /is not a Pantau archive/.test(e.message));
});

test('each migration runs in its own transaction: a failing one leaves the archive at the previous version', async (t) => {
  const file = join(tempDir(t), 'm.db');
  const broken: Migration = { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);' };
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.throws(() => migrate(db, file, [...MIGRATIONS, broken]), /no such table: no_such_table/);
  assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get(), 0);
  const added: Migration = { version: MIGRATIONS.length + 1, name: 'add notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);' };
  assert.equal(migrate(db, file, [...MIGRATIONS, added]), MIGRATIONS.length + 1);
  assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length + 1);
  assert.equal(migrate(db, file, [...MIGRATIONS, added]), MIGRATIONS.length + 1);
});

test('a batch stores articles once by content hash, sources case-insensitively, and the run counts', async (t) => {
  const archive = await Archive.open(join(tempDir(t), 'b.db'));
  t.after(() => archive.close());
  const run = archive.startImport(['x'], {});
  const first = archive.writeBatch(run, [article(1), article(2), article(1)], [{ kind: 'error', path: 'bad.bin', reason: 'binary file' }], { files: 3, imported: 0, skipped: 0, failed: 1, warnings: 0 });
  assert.deepEqual(first, { imported: 2, skipped: 1, unsourced: 0, outlets: new Map([['Kabar Kita', 2]]), added: [{ id: 1, signatures: [NO_SIGNATURE] }, { id: 2, signatures: [NO_SIGNATURE] }] });
  const again = archive.writeBatch(run, [article(1), article(3), { ...article(4), source: null }], [], { files: 5, imported: 2, skipped: 1, failed: 1, warnings: 0 });
  assert.deepEqual(again, { imported: 2, skipped: 1, unsourced: 1, outlets: new Map([['Kabar Kita', 1]]), added: [{ id: 3, signatures: [NO_SIGNATURE] }, { id: 4, signatures: [NO_SIGNATURE] }] });
  archive.finishImport(run, 'done');
  const s = archive.stats();
  assert.equal(s.articles, 4);
  assert.equal(s.sources, 1);
  assert.equal(s.paragraphs, 4);
  assert.equal(s.repeatedParagraphs, 4);
  assert.deepEqual(archive.integrityProblems(), []);
  assert.equal(archive.searches.count(parseQuery('pelabuhan')), 4);
  const a = archive.article(1)!;
  assert.equal(a.source, 'Kabar Kita');
  assert.equal(a.paragraphs[0]!.occurrences, 2);
});

test('runs left running by a dead process are marked interrupted', async (t) => {
  const archive = await Archive.open(join(tempDir(t), 'c.db'));
  t.after(() => archive.close());
  const run = archive.startImport(['x'], {});
  const db = openDatabase(archive.file);
  t.after(() => db.close());
  archive.closeAbandonedImports(() => true);
  assert.equal(db.prepare('SELECT status FROM imports WHERE id = ?').pluck().get(run), 'running');
  archive.closeAbandonedImports(() => false);
  assert.equal(db.prepare('SELECT status FROM imports WHERE id = ?').pluck().get(run), 'interrupted');
});

test("another program's SQLite database is refused and left exactly as it was", async (t) => {
  const file = join(tempDir(t), 'other-app.db');
  const other = openDatabase(file);
  other.pragma('journal_mode = DELETE');
  other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Siti')");
  other.close();
  const before = readFileSync(file);
  await assert.rejects(() => Archive.open(file), (e: unknown) => e instanceof ArchiveError && e.message === `${file} is a database of another program, not a Pantau archive; it has not been changed.`);
  assert.deepEqual(readFileSync(file), before);
  const again = openDatabase(file, { readonly: true });
  t.after(() => again.close());
  assert.equal(again.pragma('journal_mode', { simple: true }), 'delete');
});

test('a new archive carries Pantau\'s application id', async (t) => {
  const file = join(tempDir(t), 'id.db');
  (await Archive.open(file)).close();
  const db = openDatabase(file, { readonly: true });
  t.after(() => db.close());
  assert.equal(db.pragma('application_id', { simple: true }), APPLICATION_ID);
});

test('a row the schema refuses is an error, never counted as already in the archive', async (t) => {
  const archive = await Archive.open(join(tempDir(t), 'strict.db'));
  t.after(() => archive.close());
  const importId = archive.startImport(['test'], {});
  const counts = { files: 1, imported: 0, skipped: 0, failed: 0, warnings: 0 };
  const broken = { ...article(1), title: null as unknown as string };
  assert.throws(() => archive.writeBatch(importId, [broken], [], counts), /NOT NULL constraint failed: articles\.title/);
  assert.deepEqual(archive.writeBatch(importId, [article(2), article(2)], [], counts), { imported: 1, skipped: 1, unsourced: 0, outlets: new Map([['kabar kita', 1]]), added: [{ id: 1, signatures: [NO_SIGNATURE] }] });
  assert.equal(archive.saved.add('Pelabuhan', 'pelabuhan', '2024-01-01T00:00:00Z')?.name, 'Pelabuhan');
  assert.equal(archive.saved.add('pelabuhan', 'lain', '2024-01-01T00:00:00Z'), null, 'a name differing only in case is taken');
});
