import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Archive } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { importFiles, openArchive } from './dup-helpers.js';

/*
 * What the finder reads of the articles it has not gone through (`pending`): the paragraph rows of
 * a whole range in one statement, each given to its article, and the text only when first asked
 * for, as the archive then holds it.
 */

const ARTICLES = [
  ['Banjir di Bekasi', ['Air sungai meluap dan merendam ratusan rumah warga di Bekasi pada Senin pagi.', 'Warga mengungsi ke masjid terdekat.']],
  ['Harga Beras Turun', ['Harga beras medium turun dua ribu rupiah per kilogram di Pasar Induk Cipinang.', 'Pedagang menyebut pasokan dari Jawa Tengah melimpah.', 'Pembeli mulai kembali ramai.']],
  ['Flood warning in Jakarta', ['The weather agency warned of heavy rain across Jakarta this week.']],
] as const;

test('pending articles: each gets its own paragraph rows from the range read at once; its text is read when first asked for', async (t) => {
  const { wb, db, dir } = await openArchive(t);
  const input = join(dir, 'in');
  mkdirSync(input);
  ARTICLES.forEach(([title, paragraphs], i) => writeFileSync(join(input, `${i}.txt`), `${title}\n\n${paragraphs.join('\n\n')}\n`));
  await importFiles(wb, [input]);
  const archive = await Archive.open(db);
  t.after(() => archive.close());
  const store = archive.duplicates;

  const conn = openDatabase(db, { readonly: true });
  const stored = conn.prepare('SELECT a.id, a.title, t.body FROM articles a JOIN article_texts t ON t.id = a.id ORDER BY a.id').all() as { id: number; title: string; body: string }[];
  const rows = (id: number) => conn.prepare('SELECT position, hash, flags FROM paragraphs WHERE article_id = ? ORDER BY position').safeIntegers(true).all(id) as { position: bigint; hash: bigint; flags: bigint }[];
  t.after(() => conn.close());
  assert.equal(stored.length, ARTICLES.length);

  const pending = store.pending(0, 10);
  assert.deepEqual(pending.map((a) => a.id), stored.map((a) => a.id));
  for (const [i, a] of pending.entries()) {
    const expected = ARTICLES.find(([title]) => title === stored[i]!.title)![1];
    assert.deepEqual(
      a.paragraphs,
      rows(a.id).map((p) => ({ position: Number(p.position), hash: p.hash, flags: Number(p.flags) })),
      `article ${a.id} has its own rows`,
    );
    assert.equal(a.paragraphs.length, expected.length);
  }
  // The range and the bounds, as before: after an id, up to another, at most so many.
  assert.deepEqual(store.pending(stored[0]!.id, 1).map((a) => a.id), [stored[1]!.id]);
  assert.deepEqual(store.pending(0, 10, stored[1]!.id).map((a) => a.id), [stored[0]!.id, stored[1]!.id]);
  assert.deepEqual(store.pending(stored[2]!.id, 10), []);

  // Hidden paragraphs set after the articles were read are what the article then answers: the text
  // is read on first use, in the transaction that uses it.
  const second = pending[1]!;
  archive.inTransaction(() => store.flagBoilerplate(second.id, [1], null));
  assert.equal(second.hidden, '1');
  assert.equal(second.body, stored[1]!.body);
});
