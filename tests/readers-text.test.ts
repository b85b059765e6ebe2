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
  // example.com is the registrable domain; portnews is a section of it, the www. is dropped.
  assert.equal(a.source, 'example.com');
  assert.equal(a.section, 'portnews');
  assert.match(a.body, /^The city harbour reopened/);
});

test('plain text: CRLF line ends and a Sumber line, which names the outlet when there is no URL', () => {
  const a = read(readText, 'text', 'upah-crlf.txt').articles[0]!;
  assert.equal(a.title, 'Pemerintah Umumkan Kenaikan Upah Minimum');
  assert.equal(a.source, 'Warta Nusantara');
  assert.equal(a.section, undefined);
  assert.match(a.body, /^Pemerintah mengumumkan kenaikan/);
});

test('plain text: the URL names the outlet over a Sumber line, in either order', () => {
  for (const header of ['Sumber: detikFinance\nhttps://finance.detik.com/berita/d-1/harga-emas', 'URL: https://finance.detik.com/berita/d-1/harga-emas\nSumber: detikFinance']) {
    const a = readText({ path: 'emas.txt', text: `Harga Emas Antam Naik\n${header}\n\nHarga emas Antam naik Rp5.000 per gram pada Senin pagi.` }, {}).articles[0]!;
    assert.deepEqual([a.source, a.section], ['detik.com', 'finance'], header);
    assert.match(a.body, /^Harga emas Antam naik/);
  }
});

test('plain text: an empty file is an error', () => {
  assert.throws(() => readText({ path: 'empty.txt', text: ' \n\n ' }, {}), (e: unknown) => e instanceof ReadError && e.message === 'empty file');
});

test('markdown: front matter gives the metadata; markup and images are removed', () => {
  const a = read(readMarkdown, 'markdown', 'pemilu.md').articles[0]!;
  assert.equal(a.title, 'Hitung Cepat Pemilu Selesai Lebih Awal');
  assert.equal(a.publishedAt, '2024-02-15');
  // The url wins over `source: Kabar Kita`: example.id is the registrable domain, kabarkita its section.
  assert.equal(a.source, 'example.id');
  assert.equal(a.section, 'kabarkita');
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

test('markdown: without a url the front matter source names the outlet', () => {
  const a = readMarkdown({ path: 'x.md', text: '---\ntitle: Pasar malam dibuka\nsumber: Warta Kota\n---\n\nPasar malam di alun-alun dibuka lagi.' }, {}).articles[0]!;
  assert.deepEqual([a.source, a.section], ['Warta Kota', undefined]);
  const linked = readMarkdown({ path: 'y.md', text: '---\ntitle: Banjir\nsumber: detikNews\nurl: https://m.news.detik.com/d-2/banjir\n---\n\nRatusan rumah terendam.' }, {}).articles[0]!;
  assert.deepEqual([linked.source, linked.section], ['detik.com', 'news']);
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
