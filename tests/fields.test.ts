import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnDateOrder, knownField, resolveFields, toArticle, unreadableDate } from '../electron/import/fields.js';
import { readMarkdown } from '../electron/import/readers/markdown.js';
import { readText } from '../electron/import/readers/text.js';
import { ReadError } from '../electron/import/types.js';
import type { Problem } from '../electron/import/types.js';

test('column names are recognised regardless of case, accents, spaces, underscores and hyphens', () => {
  assert.equal(knownField('Judul Berita'), 'title');
  assert.equal(knownField('ISI_BERITA'), 'body');
  assert.equal(knownField('publishedAt'), 'date');
  assert.equal(knownField('date-published'), 'date');
  assert.equal(knownField('Títle'), 'title');
  assert.equal(knownField(' Tautan '), 'url');
  assert.equal(knownField('site_name'), 'source');
  assert.equal(knownField('Wartawan'), 'author');
  assert.equal(knownField('kategori'), undefined);
});

test('Indonesian headers resolve to every field', () => {
  assert.deepEqual(resolveFields(['judul', 'isi_berita', 'tanggal', 'tautan', 'sumber', 'penulis']), {
    title: 'judul',
    body: 'isi_berita',
    date: 'tanggal',
    url: 'tautan',
    source: 'sumber',
    author: 'penulis',
  });
});

test('description is the body only when nothing better is there', () => {
  assert.equal(resolveFields(['title', 'description', 'content']).body, 'content');
  assert.equal(resolveFields(['title', 'description']).body, 'description');
});

test('a preferred name wins over a later one whatever the column order', () => {
  assert.equal(resolveFields(['name', 'headline']).title, 'headline');
});

test('the user mapping wins and its column is not claimed by another field', () => {
  assert.deepEqual(resolveFields(['headline', 'ringkasan', 'isi'], { body: 'ringkasan' }), { title: 'headline', body: 'ringkasan' });
  assert.deepEqual(resolveFields(['title', 'teks'], { body: 'title' }), { body: 'title' });
});

test('a mapped name matches loosely when it is not spelled exactly', () => {
  assert.equal(resolveFields(['judul_utama', 'isi'], { title: 'Judul Utama' }).title, 'judul_utama');
  assert.equal(resolveFields(['Judul', 'judul'], { title: 'judul' }).title, 'judul');
});

test('a mapping naming a missing column lists the columns that exist', () => {
  assert.throws(
    () => resolveFields(['kol_a', 'kol_b'], { title: 'judul' }),
    (e: unknown) => e instanceof ReadError && e.message === '--map title=judul: no column "judul"; the columns are "kol_a", "kol_b"',
  );
});

test('a date column takes the order its unambiguous values force, unless the user gives one', () => {
  assert.equal(columnDateOrder(['03/04/2024', '21/04/2024'], {}, 'tanggal'), 'DMY');
  assert.equal(columnDateOrder(['03/04/2024', '04/21/2024'], {}, 'tanggal'), 'MDY');
  assert.equal(columnDateOrder(['03/04/2024'], {}, 'tanggal'), undefined);
  assert.equal(columnDateOrder(['03/04/2024', '21/04/2024'], { dateFormat: 'MDY' }, 'tanggal'), 'MDY');
});

test('a date column mixing orders asks for --date-format', () => {
  assert.throws(
    () => columnDateOrder(['21/03/2024', '03/22/2024'], {}, 'tanggal'),
    (e: unknown) => e instanceof ReadError && e.message === 'dates in "tanggal" mix day-first and month-first values; pass --date-format DMY|MDY',
  );
});

test('an article takes its outlet from the registrable domain of its URL, over a source column', () => {
  const problems: Problem[] = [];
  const article = toArticle(
    { title: ' Banjir di Kemang ', body: 'Air setinggi 50 cm.', date: '03/04/2024', url: 'https://www.kabarkota.id/banjir-kemang' },
    'a.csv#2',
    'MDY',
    problems,
  );
  assert.deepEqual(article, {
    title: 'Banjir di Kemang',
    body: 'Air setinggi 50 cm.',
    publishedAt: '2024-03-04',
    url: 'https://www.kabarkota.id/banjir-kemang',
    source: 'kabarkota.id',
    origin: 'a.csv#2',
  });
  assert.deepEqual(problems, []);
  const stated = toArticle({ body: 'x', url: 'https://metro.kabarkota.id/a', source: 'Kabar Kota' }, 'a', undefined, []);
  assert.deepEqual([stated.source, stated.section], ['kabarkota.id', 'metro']);
});

test('without a URL naming an outlet the source column stays the outlet', () => {
  for (const url of [undefined, '', 'kabarkota.id/banjir', 'mailto:redaksi@kabarkota.id']) {
    const article = toArticle({ body: 'x', url, source: ' Kabar Kota ' }, 'a', undefined, []);
    assert.deepEqual([article.source, article.section], ['Kabar Kota', undefined], String(url));
  }
  assert.equal(toArticle({ body: 'x', source: '  ' }, 'a', undefined, []).source, undefined);
});

test('an unreadable date leaves the article undated and is reported', () => {
  const problems: Problem[] = [];
  const article = toArticle({ title: 'Pasar malam', body: 'Ramai.', date: 'kemarin sore' }, 'b.csv#6', undefined, problems);
  assert.equal(article.publishedAt, undefined);
  assert.equal(article.body, 'Ramai.');
  assert.deepEqual(problems, [{ path: 'b.csv#6', reason: 'unreadable date "kemarin sore"; imported without a date', warning: true }]);
});

test('an unreadable date is one warning, worded the same by every reader', () => {
  const expected = { path: 'c.txt', reason: 'unreadable date "kemarin sore"; imported without a date', warning: true };
  assert.deepEqual(unreadableDate('c.txt', 'kemarin sore'), expected);
  assert.deepEqual(readText({ path: 'c.txt', text: 'Pasar malam\nTanggal: kemarin sore\n\nRamai pengunjung.' }, {}).problems, [expected]);
  assert.deepEqual(readMarkdown({ path: 'c.txt', text: '---\ntitle: Pasar malam\ntanggal: kemarin sore\n---\n\nRamai pengunjung.' }, {}).problems, [expected]);
});
