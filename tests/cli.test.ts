import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/driver.js';
import { pantau, pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';

interface Summary {
  imported: number;
  skipped: number;
  failed: number;
  errors: { path: string; reason: string }[];
}

test('import a scraped article, read it back, import it again', async (t) => {
  const db = join(tempDir(t), 'seed.db');
  const file = fixture('text', 'banjir-jakarta.txt');
  const first = await pantauJson<Summary>(['import', file, '--db', db]);
  assert.equal(first.code, 0);
  assert.deepEqual([first.json.imported, first.json.skipped, first.json.failed, first.json.errors], [1, 0, 0, []]);

  const article = await pantauJson<{ title: string; source: string | null; language: string; paragraphs: { text: string; repeated: boolean; occurrences: number }[] }>(['article', '1', '--db', db]);
  assert.equal(article.json.title, 'Banjir Rendam Puluhan Rumah di Jakarta Timur');
  assert.equal(article.json.language, 'id');
  assert.equal(article.json.paragraphs.length, 4);
  assert.equal(article.json.paragraphs.filter((p) => p.repeated).length, 3);
  assert.ok(article.json.paragraphs.every((p) => !/^(loading\.\.\.|A)$/.test(p.text)));

  const again = await pantauJson<Summary>(['import', file, '--db', db]);
  assert.equal(again.code, 0);
  assert.equal(again.json.imported, 0);
  assert.equal(again.json.skipped, 1);

  const human = await pantau(['article', '1', '--db', db]);
  assert.match(human.stdout, /^# Banjir Rendam Puluhan Rumah di Jakarta Timur\n/);
  assert.match(human.stdout, /\[repeated ×2\]/);
});

test('--source names the outlet of every article of the run; stats and search see the archive', async (t) => {
  const db = join(tempDir(t), 'a.db');
  await pantauJson(['import', fixture('text'), fixture('markdown'), '--source', 'Arsip Redaksi', '--db', db]);
  const stats = await pantauJson<{ articles: number; sources: number; paragraphs: number; languages: Record<string, number> }>(['stats', '--db', db]);
  assert.equal(stats.code, 0);
  assert.equal(stats.json.articles, 5);
  assert.deepEqual(stats.json.languages, { id: 3, en: 2 });
  // --source overrides what each file names, so every article has the one outlet.
  assert.equal(stats.json.sources, 1);

  const search = await pantauJson<{ total: number; results: { id: number; title: string; snippet: string; source: string }[] }>(['search', 'EVAKUASI warga', '--db', db]);
  assert.equal(search.json.total, 0);
  const hit = await pantauJson<{ total: number; results: { title: string; snippet: string; source: string }[] }>(['search', 'mengevakuasi WARGA', '--db', db]);
  assert.equal(hit.json.total, 1);
  assert.equal(hit.json.results[0]!.source, 'Arsip Redaksi');
  assert.match(hit.json.results[0]!.snippet, /<mark>mengevakuasi<\/mark> <mark>warga<\/mark>/);
  const accents = await pantauJson<{ total: number }>(['search', 'hárbour', '--db', db]);
  assert.equal(accents.json.total, 1);
});

test('a broken file is reported with its path and reason, the rest is imported, exit code 1', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'good.txt'), 'Harga Beras Turun di Pasar Induk\n\nHarga beras medium turun dua ribu rupiah per kilogram di Pasar Induk Cipinang pada pekan ini.');
  writeFileSync(join(dir, 'photo.png'), Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'));
  writeFileSync(join(dir, 'broken.json'), '{"title": "Rusak", "body": ');
  const r = await pantauJson<Summary>(['import', dir, '--db', join(dir, 'x.db')]);
  assert.equal(r.code, 1);
  assert.equal(r.json.imported, 1);
  assert.equal(r.json.failed, 2);
  assert.deepEqual(r.json.errors.map((e) => e.path).sort(), [join(dir, 'broken.json'), join(dir, 'photo.png')]);
  for (const e of r.json.errors) assert.ok(e.reason.length > 5, e.reason);
});

test('usage errors exit with 2 and say what is wrong', async (t) => {
  const db = join(tempDir(t), 'u.db');
  const noCommand = await pantau(['frobnicate']);
  assert.equal(noCommand.code, 2);
  assert.match(noCommand.stderr, /unknown command 'frobnicate'/);
  const noPaths = await pantau(['import', '--db', db]);
  assert.equal(noPaths.code, 2);
  assert.match(noPaths.stderr, /missing required argument 'paths'/);
  const badId = await pantau(['article', 'abc', '--db', db]);
  assert.equal(badId.code, 2);
  assert.match(badId.stderr, /expects an article id/);
  const badMap = await pantau(['import', 'x.csv', '--map', 'headline', '--db', db]);
  assert.equal(badMap.code, 2);
  assert.match(badMap.stderr, /"headline" is not field=column/);
  const noArchive = await pantauJson<{ error: { code: string; message: string } }>(['article', '1', '--db', db]);
  assert.equal(noArchive.code, 2);
  assert.deepEqual(noArchive.json.error, { code: 'not_found', message: `no archive at ${db} (import something into it first)` });
  assert.equal(existsSync(db), false);
  await pantau(['import', fixture('text', 'upah-crlf.txt'), '--db', db]);
  const missing = await pantauJson<{ error: { code: string; message: string } }>(['article', '999', '--db', db]);
  assert.equal(missing.code, 2);
  assert.deepEqual(missing.json.error, { code: 'not_found', message: 'no article with id 999' });
  const usageJson = await pantauJson<{ error: { code: string; message: string } }>(['import', '--db', db]);
  assert.equal(usageJson.code, 2);
  assert.deepEqual(usageJson.json.error, { code: 'usage', message: "missing required argument 'paths'" });
  const badQuery = await pantauJson<{ error: { code: string; message: string; position: number } }>(['search', 'harga "beras', '--db', db]);
  assert.equal(badQuery.code, 2);
  assert.deepEqual(badQuery.json.error, { code: 'invalid_query', message: 'unclosed quote at 6', position: 6 });
  const help = await pantau(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /import \[options\] <paths\.\.\.>/);
});

test('the archive defaults to the per-user data folder; PANTAU_DB and --db choose another', async (t) => {
  const home = tempDir(t);
  const r = await pantauJson<{ archive: string }>(['stats'], { XDG_CONFIG_HOME: home });
  assert.equal(r.json.archive, join(home, 'Pantau', 'archive.db'));
  assert.ok(existsSync(join(home, 'Pantau', 'archive.db')));
  const file = fixture('text', 'upah-crlf.txt');
  await pantau(['import', file], { XDG_CONFIG_HOME: home, PANTAU_DB: join(home, 'env.db') });
  const env = await pantauJson<{ archive: string; articles: number }>(['stats'], { XDG_CONFIG_HOME: home, PANTAU_DB: join(home, 'env.db') });
  assert.deepEqual([env.json.archive, env.json.articles], [join(home, 'env.db'), 1]);
  await pantau(['import', file, '--db', join(home, 'flag.db')], { PANTAU_DB: join(home, 'env.db') });
  const flag = await pantauJson<{ archive: string }>(['stats', '--db', join(home, 'flag.db')], { PANTAU_DB: join(home, 'env.db') });
  assert.equal(flag.json.archive, join(home, 'flag.db'));
  const defaultStats = await pantauJson<{ articles: number }>(['stats'], { XDG_CONFIG_HOME: home });
  assert.equal(defaultStats.json.articles, 0);
});

test('an archive from a newer version is refused with exit code 2', async (t) => {
  const file = join(tempDir(t), 'newer.db');
  const db = openDatabase(file);
  db.pragma('user_version = 42');
  db.close();
  const r = await pantau(['stats', '--db', file]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /written by a newer version of Pantau/);
});
