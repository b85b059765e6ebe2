import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readMarkdown } from '../electron/import/readers/markdown.js';
import { readText } from '../electron/import/readers/text.js';
import { ReadError, type Reader } from '../electron/import/types.js';
import { fixture } from './helpers.js';

const read = (reader: Reader, ...parts: string[]) => {
  const path = fixture(...parts);
  return reader({ path, text: readFileSync(path, 'utf8') }, {});
};

test('plain text: first non-empty line is the title, the rest the body', () => {
  const { articles } = read(readText, 'text', 'banjir-jakarta.txt');
  assert.equal(articles.length, 1);
  assert.equal(articles[0]!.title, 'Banjir Rendam Puluhan Rumah di Jakarta Timur');
  assert.match(articles[0]!.body, /^loading\.\.\.\nA\nA\nA\nHujan deras/);
  assert.equal(articles[0]!.source, undefined);
});

test('plain text: header lines under the title give url, date, author and the outlet', () => {
  const a = read(readText, 'text', 'harbour-reopens.txt').articles[0]!;
  assert.equal(a.title, 'Harbour Reopens After Storm Damage Repairs');
  assert.equal(a.url, 'https://www.portnews.example.com/2024/05/harbour-reopens');
  assert.equal(a.publishedAt, '2024-05-14');
  assert.equal(a.author, 'Jane Doe');
  assert.equal(a.source, 'portnews.example.com');
  assert.match(a.body, /^The city harbour reopened/);
});

test('plain text: CRLF line ends and a Sumber line', () => {
  const a = read(readText, 'text', 'upah-crlf.txt').articles[0]!;
  assert.equal(a.title, 'Pemerintah Umumkan Kenaikan Upah Minimum');
  assert.equal(a.source, 'Warta Nusantara');
  assert.match(a.body, /^Pemerintah mengumumkan kenaikan/);
});

test('plain text: an empty file is an error', () => {
  assert.throws(() => readText({ path: 'empty.txt', text: ' \n\n ' }, {}), (e: unknown) => e instanceof ReadError && e.message === 'empty file');
});

test('markdown: front matter gives the metadata; markup and images are removed', () => {
  const a = read(readMarkdown, 'markdown', 'pemilu.md').articles[0]!;
  assert.equal(a.title, 'Hitung Cepat Pemilu Selesai Lebih Awal');
  assert.equal(a.publishedAt, '2024-02-15');
  assert.equal(a.source, 'Kabar Kita');
  assert.equal(a.author, 'Budi Santoso');
  assert.equal(a.url, 'https://kabarkita.example.id/politik/hitung-cepat');
  assert.deepEqual(a.body.split('\n\n'), [
    'Lembaga survei menyelesaikan hitung cepat pemilihan umum lebih awal dari perkiraan, dengan partisipasi pemilih mencapai 81 persen.',
    'Komisi Pemilihan Umum mengingatkan bahwa hasil resmi baru akan diumumkan setelah rekapitulasi berjenjang selesai & diverifikasi.',
    '"Kami meminta semua pihak menahan diri sampai hasil resmi keluar," kata Ketua KPU.',
    'Partisipasi pemilih: 81 persen',
    'Tempat pemungutan suara: 820 ribu',
  ]);
});

test('markdown: the first # heading is the title, wrapped lines join, links keep their text', () => {
  const a = read(readMarkdown, 'markdown', 'solar-farm.md').articles[0]!;
  assert.equal(a.title, 'Solar Farm Opens in the Desert');
  assert.deepEqual(a.body.split('\n\n'), [
    'The largest solar farm in the region began supplying power to the grid on Monday, officials said, adding that it would cover the needs of 300,000 homes.',
    'Financing',
    'The project was financed by a consortium of regional banks and a sovereign wealth fund.',
  ]);
});

test('markdown: broken front matter is an error naming it', () => {
  assert.throws(
    () => readMarkdown({ path: 'x.md', text: '---\ntitle: [unclosed\n---\nBody text.' }, {}),
    (e: unknown) => e instanceof ReadError && e.message.startsWith('malformed front matter'),
  );
});

test('an unreadable header date keeps the article and is reported as a warning', () => {
  const r = readText({ path: 'x.txt', text: 'Judul Berita\nTanggal: kemarin sore\n\nIsi berita yang cukup panjang.' }, {});
  assert.equal(r.articles[0]!.publishedAt, undefined);
  assert.deepEqual(r.problems, [{ path: 'x.txt', reason: 'unreadable date "kemarin sore"; imported without a date', warning: true }]);
  const md = readMarkdown({ path: 'x.md', text: '---\ntitle: Judul\ndate: sometime\n---\nIsi berita.' }, {});
  assert.deepEqual(md.problems, [{ path: 'x.md', reason: 'unreadable date "sometime"; imported without a date', warning: true }]);
});
