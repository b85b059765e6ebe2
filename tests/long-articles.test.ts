import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanArticle } from '../electron/import/clean.js';
import { boundArticle, DEFAULT_MAX_ARTICLE_BYTES } from '../electron/import/long-articles.js';
import { ReadError } from '../electron/import/types.js';
import { pantauJson } from './cli-run.js';
import { tempDir } from './helpers.js';

/** A scraped dump as users bring them: one line of sentences, megabytes long. */
const sentences = (n: number): string =>
  Array.from({ length: n }, (_, i) => `Kalimat nomor ${i} tentang banjir di Jakarta dan dampaknya bagi warga.`).join(' ');

test('an article over the limit is split into parts under it, keeping every word in order', () => {
  const body = `${sentences(3000)}\n\n${sentences(10)}`;
  const clean = cleanArticle({ title: 'Laporan panjang', body, origin: 'dump.txt' })!;
  const max = 16 * 1024;
  const { parts, note } = boundArticle(clean, { maxArticleBytes: max, longArticles: 'split' });
  assert.ok(parts.length > 10);
  assert.match(note!, /over 16 KB: imported in \d+ parts/);
  parts.forEach((p, i) => {
    assert.ok(Buffer.byteLength(p.body) <= max, `part ${i + 1} is ${Buffer.byteLength(p.body)} bytes`);
    assert.equal(p.title, `Laporan panjang (part ${i + 1} of ${parts.length})`);
    assert.equal(p.origin, `dump.txt#part-${i + 1}`);
  });
  assert.equal(new Set(parts.map((p) => p.contentHash)).size, parts.length);
  const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);
  assert.deepEqual(parts.flatMap((p) => words(p.body)), words(clean.body));
});

test('an article under the limit is left whole; over it, refused with its size when the user chooses', () => {
  const clean = cleanArticle({ title: 'Pendek', body: sentences(5), origin: 'a.txt' })!;
  assert.deepEqual(boundArticle(clean, { maxArticleBytes: DEFAULT_MAX_ARTICLE_BYTES, longArticles: 'refuse' }).parts, [clean]);
  assert.throws(
    () => boundArticle(clean, { maxArticleBytes: 100, longArticles: 'refuse' }),
    (e: unknown) => e instanceof ReadError && /^article text is 1 KB, over the limit of 1 KB \(--max-article-size/.test(e.message),
  );
});

test('pantau import splits a huge single-line article by default, or refuses it with --long-articles refuse', async (t) => {
  const dir = tempDir(t);
  const dbs = tempDir(t);
  const huge = join(dir, 'dump.txt');
  writeFileSync(huge, `Arsip situs lengkap\n${sentences(12_000)}\n`);
  writeFileSync(join(dir, 'biasa.txt'), 'Berita biasa\n\nHujan deras mengguyur Bogor sejak pagi, warga diminta waspada.\n');

  const split = await pantauJson<{ imported: number; failed: number; warnings: { path: string; reason: string }[] }>(['--db', join(dbs, 'a.db'), 'import', dir]);
  assert.equal(split.code, 0, split.stderr);
  assert.equal(split.json.failed, 0);
  assert.ok(split.json.imported >= 5, `${split.json.imported} articles`);
  assert.match(split.json.warnings.find((w) => w.path === huge)?.reason ?? '', /over 256 KB: imported in \d+ parts/);
  const found = await pantauJson<{ total: number; results: { title: string; snippet: string }[] }>(['--db', join(dbs, 'a.db'), 'search', '"nomor 11999"']);
  assert.equal(found.json.total, 1);
  assert.match(found.json.results[0]!.title, /^Arsip situs lengkap \(part \d+ of \d+\)$/);
  assert.match(found.json.results[0]!.snippet, /<mark>nomor 11999<\/mark>/);

  const refused = await pantauJson<{ imported: number; failed: number; errors: { path: string; reason: string }[] }>([
    '--db', join(dbs, 'b.db'), 'import', '--long-articles', 'refuse', '--max-article-size', '100', dir,
  ]);
  assert.equal(refused.code, 1);
  assert.equal(refused.json.imported, 1);
  assert.deepEqual(refused.json.errors.map((e) => e.path), [huge]);
  assert.match(refused.json.errors[0]!.reason, /^article text is \d+ KB, over the limit of 100 KB/);
});
