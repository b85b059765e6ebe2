import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readJson, readJsonLines } from '../electron/import/readers/json.js';
import { stripTags } from '../electron/import/strip-tags.js';
import { ReadError } from '../electron/import/types.js';
import type { ReadOptions, Reader, TextFile } from '../electron/import/types.js';
import { fixture } from './helpers.js';

const load = (name: string): TextFile => {
  const path = fixture('json', name);
  return { path, text: readFileSync(path, 'utf8') };
};

const rejects = (reader: Reader, file: TextFile, options: ReadOptions, message: string): void => {
  assert.throws(() => reader(file, options), (e: unknown) => e instanceof ReadError && e.message === message);
};

test('a JSON array of WordPress posts: rendered title and content, HTML stripped, origins by position', () => {
  const file = load('wp-posts.json');
  const { articles, problems } = readJson(file, {});
  assert.equal(articles.length, 2);
  assert.deepEqual(articles[0], {
    title: 'TPS terendam banjir, KPU Demak pindahkan lokasi pemungutan & penghitungan suara',
    body:
      'Sebanyak 12 tempat pemungutan suara (TPS) di Kecamatan Karanganyar, Demak, terendam banjir setinggi lutut.\n\n' +
      'Ketua KPU Demak mengatakan lokasi dipindahkan ke balai desa & masjid terdekat.\nLogistik pemilu sudah diamankan sejak Selasa malam.',
    publishedAt: '2024-02-14T19:05:00',
    url: 'https://www.suarapantura.id/2024/02/14/tps-terendam-banjir-demak/',
    source: 'suarapantura.id',
    origin: `${file.path}#1`,
  });
  assert.equal(articles[1]?.origin, `${file.path}#2`);
  assert.deepEqual(problems, [{ path: `${file.path}#3`, reason: 'item has neither title nor body' }]);
});

test('a single JSON object is one article with the file as origin; the url names the outlet; author list', () => {
  const file = load('single.json');
  const { articles, problems } = readJson(file, {});
  assert.deepEqual(problems, []);
  assert.deepEqual(articles, [
    {
      title: 'Regional airport adds direct flights to Singapore',
      body:
        'Starting in June, the regional airport will offer three direct flights a week to Singapore.\n\n' +
        'The route is operated with narrow-body jets and was approved after a year of negotiations.',
      publishedAt: '2025-04-02T10:15:00+07:00',
      url: 'https://www.northernpost.example/airport-singapore-route',
      source: 'northernpost.example',
      author: 'Rina Hartono, James Cole',
      origin: file.path,
    },
  ]);
});

/** The file with every `url` property removed, so the outlet can only come from what the file states. */
const withoutUrls = (file: TextFile): TextFile => ({ path: file.path, text: JSON.stringify(JSON.parse(file.text), (key, value: unknown) => (key === 'url' ? undefined : value)) });

test('without a url, a nested publisher object names the outlet', () => {
  assert.equal(readJson(withoutUrls(load('single.json')), {}).articles[0]?.source, 'Northern Post');
});

test('an {"articles": [...]} wrapper with nested source and author objects', () => {
  const file = load('wrapper.json');
  const { articles, problems } = readJson(file, {});
  assert.deepEqual(problems, []);
  assert.deepEqual(
    articles.map((a) => [a.title, a.source, a.author, a.publishedAt, a.origin]),
    [
      ['Kereta cepat tambah jadwal perjalanan akhir pekan', 'kabarkota.id', 'Ahmad Fauzi', '2023-11-18T02:30:00Z', `${file.path}#1`],
      ['Reservoir levels fall to five-year low', 'valleytimes.example', undefined, '2023-11-17T16:00:00Z', `${file.path}#2`],
    ],
  );
  assert.deepEqual(
    readJson(withoutUrls(file), {}).articles.map((a) => a.source),
    ['Kabar Kota', 'Valley Times'],
  );
  assert.match(articles[0]?.body ?? '', /^Operator kereta cepat Jakarta–Bandung menambah empat perjalanan/);
  // content is null there, so the description stands in for the body.
  assert.equal(articles[1]?.body, 'Officials urge residents to cut water use as the dry season drags on.');
});

test('the url names the outlet over a source property, its subdomain the section; JSON Lines alike', () => {
  const items = [
    { title: 'Harga emas naik', body: 'Harga emas Antam naik Rp5.000 per gram.', source: 'detikFinance', url: 'https://finance.detik.com/berita/d-1/harga-emas' },
    { title: 'Banjir rendam Bekasi', body: 'Ratusan rumah terendam di Bekasi Timur.', source: 'detikNews', url: 'https://news.detik.com/berita/d-2/banjir' },
    { title: 'Pasar malam dibuka', body: 'Pasar malam di alun-alun dibuka lagi.', source: 'Warta Kota' },
  ];
  const expected = [
    ['detik.com', 'finance'],
    ['detik.com', 'news'],
    ['Warta Kota', undefined],
  ];
  const outlets = (r: { articles: { source?: string; section?: string }[] }) => r.articles.map((a) => [a.source, a.section]);
  assert.deepEqual(outlets(readJson({ path: 'a.json', text: JSON.stringify(items) }, {})), expected);
  assert.deepEqual(outlets(readJsonLines({ path: 'a.jsonl', text: items.map((i) => JSON.stringify(i)).join('\n') }, {})), expected);
});

test('search-engine hits nest the list and keep each document under _source', () => {
  const text = JSON.stringify({ hits: { total: 1, hits: [{ _id: 'a1', _source: { judul: 'Kapal tenggelam di Selat Bali', isi: 'Tim SAR menyisir perairan Selat Bali.' } }] } });
  const { articles } = readJson({ path: 'es.json', text }, {});
  assert.deepEqual(
    articles.map((a) => [a.title, a.body, a.origin]),
    [['Kapal tenggelam di Selat Bali', 'Tim SAR menyisir perairan Selat Bali.', 'es.json#1']],
  );
});

test('--map picks JSON properties with unusual names, and a missing one is an error listing the properties', () => {
  const text = JSON.stringify([
    { judul_utama: 'Bandara Kertajati ramai lagi', naskah: 'Penerbangan umrah kembali dari Kertajati.', kapan: '2024-01-09' },
    // An item without the mapped date is still read; only a name no item has is a mistake.
    { judul_utama: 'Tarif parkir Bandung naik', naskah: 'Tarif parkir tepi jalan naik mulai Senin.' },
  ]);
  const file = { path: 'odd.json', text };
  const { articles, problems } = readJson(file, { map: { title: 'judul_utama', body: 'naskah', date: 'kapan' } });
  assert.deepEqual(problems, []);
  assert.deepEqual(
    articles.map((a) => [a.title, a.body, a.publishedAt]),
    [
      ['Bandara Kertajati ramai lagi', 'Penerbangan umrah kembali dari Kertajati.', '2024-01-09'],
      ['Tarif parkir Bandung naik', 'Tarif parkir tepi jalan naik mulai Senin.', undefined],
    ],
  );
  rejects(readJson, file, { map: { body: 'konten' } }, '--map body=konten: no column "konten"; the columns are "judul_utama", "naskah", "kapan"');
});

test('ambiguous JSON dates follow --date-format; a list mixing orders needs it', () => {
  const items = (dates: string[]): TextFile => ({ path: 'd.json', text: JSON.stringify(dates.map((date, i) => ({ title: `Berita ${i + 1}`, body: 'Isi.', date }))) });
  assert.deepEqual(readJson(items(['03/04/2024']), {}).articles.map((a) => a.publishedAt), ['2024-04-03']);
  assert.deepEqual(readJson(items(['03/04/2024']), { dateFormat: 'MDY' }).articles.map((a) => a.publishedAt), ['2024-03-04']);
  rejects(readJson, items(['21/03/2024', '03/22/2024']), {}, 'dates in "date" mix day-first and month-first values; pass --date-format DMY|MDY');
});

test('an unreadable date keeps the item and is reported', () => {
  const { articles, problems } = readJson({ path: 'u.json', text: '[{"title": "Ojek daring demo", "body": "Ratusan pengemudi berunjuk rasa.", "date": "kemarin"}]' }, {});
  assert.equal(articles.length, 1);
  assert.equal(articles[0]?.publishedAt, undefined);
  assert.deepEqual(problems, [{ path: 'u.json#1', reason: 'unreadable date "kemarin"; imported without a date', warning: true }]);
});

test('malformed JSON reports line and column', () => {
  const file = load('malformed.json');
  rejects(readJson, file, {}, 'malformed JSON at line 5 column 3: Expected double-quoted property name');
});

test('malformed JSON uses the position V8 reports when it gives one', () => {
  rejects(readJson, { path: 'm.json', text: '{"title": "\\u12zz"}' }, {}, 'malformed JSON at line 1 column 16: Bad Unicode escape');
});

test('malformed JSON whose message has no position is located by rescanning', () => {
  rejects(readJson, { path: 'm.json', text: '[\n {"title": "x",\n  "body": tru}\n]' }, {}, "malformed JSON at line 3 column 14: Unexpected token '}'");
  rejects(readJson, { path: 'm.json', text: '{"title": "x", "body": }' }, {}, "malformed JSON at line 1 column 24: Unexpected token '}'");
});

test('a malformed item in a wrapped list is a problem naming the item, line and column; the other items are read', () => {
  const file = load('one-broken-item.json');
  const { articles, problems } = readJson(file, {});
  assert.deepEqual(problems, [{ path: `${file.path}#3`, reason: "malformed JSON in item 3 at line 17 column 25: Expected ',' or '}' after property value" }]);
  assert.deepEqual(
    articles.map((a) => [a.origin, a.title, a.publishedAt]),
    [
      [`${file.path}#1`, 'Banjir rob rendam pesisir utara Jakarta', '2024-03-11T07:20:00+07:00'],
      [`${file.path}#2`, 'Ferry services resume after storm', '2024-03-12T09:00:00Z'],
      [`${file.path}#4`, 'Council delays vote on bus lanes', '2024-03-13T18:30:00Z'],
    ],
  );
});

test('a list on one line: a stray quote costs its item, not the objects nested in it nor the items after it', () => {
  const broken = '{"title":"Warga: "Air datang tiba-tiba","authors":[{"name":"Rina"},{"name":"Dimas"}],"body":"Air masuk rumah."}';
  const good = (title: string): string => JSON.stringify({ title, body: `${title}, kata warga.`, authors: [{ name: 'Ahmad' }] });
  const first = readJson({ path: 'one-line.json', text: `[${broken},${good('Pompa air dikerahkan')}]` }, {});
  assert.deepEqual(first.articles.map((a) => [a.origin, a.title]), [['one-line.json#2', 'Pompa air dikerahkan']]);
  assert.deepEqual(first.problems, [{ path: 'one-line.json#1', reason: "malformed JSON in item 1 at line 1 column 20: Expected ',' or '}' after property value" }]);

  const middle = readJson({ path: 'one-line.json', text: `[${good('Tanggul jebol')},${broken},${good('Pompa air dikerahkan')}]` }, {});
  assert.deepEqual(
    middle.articles.map((a) => a.origin),
    ['one-line.json#1', 'one-line.json#3'],
  );
  assert.deepEqual(middle.problems.map((p) => p.path), ['one-line.json#2']);
});

test('a list cut off inside an item keeps the items before it', () => {
  const text = '[\n {"title": "Gempa di Sukabumi", "body": "Tidak berpotensi tsunami."},\n {"title": "Harbour reopens", "body": "Ships are back."},\n {"title": "Harga beras", "bo';
  const { articles, problems } = readJson({ path: 'cut.json', text }, {});
  assert.deepEqual(articles.map((a) => a.title), ['Gempa di Sukabumi', 'Harbour reopens']);
  assert.deepEqual(problems, [{ path: 'cut.json#3', reason: 'malformed JSON in item 3 at line 4 column 30: Unterminated string' }]);
});

test('damage between or after whole items costs no item and is reported for the file', () => {
  const item = (title: string): string => JSON.stringify({ title, body: 'Isi berita.' });
  const cases: [text: string, titles: string[], reason: string][] = [
    [`[${item('a')}`, ['a'], 'malformed JSON at line 1 column 36: Unexpected end of JSON input'],
    [`[${item('a')} ${item('b')}]`, ['a', 'b'], "malformed JSON at line 1 column 37: Expected ',' or ']' after array element"],
    [`[${item('a')}, ${item('b')},]`, ['a', 'b'], "malformed JSON at line 1 column 73: Unexpected token ']'"],
    [`{"articles": [${item('a')}, ${item('b')}], "next": }`, ['a', 'b'], "malformed JSON at line 1 column 96: Unexpected token '}'"],
  ];
  for (const [text, titles, reason] of cases) {
    const { articles, problems } = readJson({ path: 'x.json', text }, {});
    assert.deepEqual(articles.map((a) => a.title), titles, text);
    assert.deepEqual(problems, [{ path: 'x.json', reason }], text);
  }
});

test('a malformed item in a nested search-engine list costs that hit only', () => {
  const text = '{"hits": {"total": 2, "hits": [{"_source": {"judul": "Kapal tenggelam", "isi": "Tim SAR menyisir perairan."}}, {"_source": {"judul": "Jembatan putus", isi: "Warga memutar."}}]}}';
  const { articles, problems } = readJson({ path: 'es.json', text }, {});
  assert.deepEqual(articles.map((a) => [a.origin, a.title]), [['es.json#1', 'Kapal tenggelam']]);
  assert.deepEqual(problems, [{ path: 'es.json#2', reason: 'malformed JSON in item 2 at line 1 column 152: Expected double-quoted property name' }]);
});

test('damage before the list, or in every item, is still the whole file\'s error', () => {
  rejects(readJson, { path: 'm.json', text: '{"status": "ok, "articles": [{"title": "a", "body": "b"}]}' }, {}, "malformed JSON at line 1 column 18: Expected ',' or '}' after property value");
  rejects(readJson, { path: 'm.json', text: '[{"title": "a" "body": "b"}, {"title": "c", body: "d"}]' }, {}, "malformed JSON at line 1 column 16: Expected ',' or '}' after property value");
});

test('JSON that holds no articles is refused', () => {
  rejects(readJson, { path: 'e.json', text: '  \n' }, {}, 'empty JSON file');
  rejects(readJson, { path: 'e.json', text: '{"articles": []}' }, {}, 'no articles: the JSON list is empty');
  rejects(
    readJson,
    { path: 'e.json', text: '{"status": "ok", "count": 0}' },
    {},
    'no articles: expected an article object, an array of them, or an object with one of articles, items, data, results, hits, posts, news',
  );
});

test('JSON Lines: a malformed line is a problem with its line number, the others are read', () => {
  const file = load('articles.jsonl');
  const { articles, problems } = readJsonLines(file, {});
  assert.deepEqual(problems, [{ path: `${file.path}#2`, reason: "malformed JSON at column 48: Expected ',' or '}' after property value" }]);
  assert.deepEqual(articles, [
    {
      title: 'Gempa magnitudo 5,1 guncang Sukabumi',
      body: 'Gempa berkekuatan magnitudo 5,1 mengguncang Kabupaten Sukabumi pada Minggu dini hari, tidak berpotensi tsunami.',
      publishedAt: '2023-12-10T02:14+07:00',
      source: 'Kabar Kota',
      origin: `${file.path}#1`,
    },
    {
      title: 'Night market returns to the old harbour',
      body: 'The night market returns to the old harbour on Friday after a two-year break.',
      publishedAt: '2023-12-08',
      url: 'https://www.harbourdaily.example/night-market',
      source: 'harbourdaily.example',
      origin: `${file.path}#4`,
    },
  ]);
});

test('JSON Lines where every line fails is not read at all', () => {
  rejects(readJsonLines, { path: 'bad.jsonl', text: '{"title": "a"\n[1, 2]\n' }, {}, "not JSON Lines: no line holds a JSON object (line 1: malformed JSON at column 14: Expected ',' or '}' after property value)");
  rejects(readJsonLines, { path: 'empty.jsonl', text: '\n\n' }, {}, 'empty JSON Lines file');
});

test('tag stripping keeps paragraph and line breaks and decodes entities', () => {
  assert.equal(
    stripTags('<p>Harga &quot;naik&quot; &amp; stok &lt;aman&gt;</p>\n<p>Kata&nbsp;pedagang:<br/>&#39;sepi&#39;</p><script>x()</script>'),
    'Harga "naik" & stok <aman>\n\nKata\u00A0pedagang:\n\'sepi\'',
  );
});
