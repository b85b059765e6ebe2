import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readCsv } from '../electron/import/readers/csv.js';
import { ReadError } from '../electron/import/types.js';
import type { ReadOptions, TextFile } from '../electron/import/types.js';
import { fixture } from './helpers.js';

const load = (name: string): TextFile => {
  const path = fixture('csv', name);
  return { path, text: readFileSync(path, 'utf8') };
};

const rejects = (file: TextFile, options: ReadOptions, message: string): void => {
  assert.throws(() => readCsv(file, options), (e: unknown) => e instanceof ReadError && e.message === message);
};

test('Indonesian semicolon CSV: headers judul;isi_berita;tanggal;tautan, day-first dates, quoted multi-line body', () => {
  const file = load('berita-id.csv');
  const { articles, problems } = readCsv(file, {});
  assert.deepEqual(problems, []);
  assert.equal(articles.length, 3);
  assert.deepEqual(articles[0], {
    title: 'Harga cabai rawit di Pasar Kramat Jati naik dua kali lipat',
    body:
      'Harga cabai rawit merah di Pasar Induk Kramat Jati, Jakarta Timur, mencapai Rp90.000 per kilogram pada Selasa pagi.\n\n' +
      'Pedagang menyebut pasokan dari Jawa Tengah berkurang karena hujan deras; "Barang datang cuma separuh," kata Siti, pedagang di los B.',
    publishedAt: '2023-03-21',
    url: 'https://www.kabarkota.id/ekonomi/harga-cabai-naik',
    source: 'kabarkota.id',
    origin: `${file.path}#2`,
  });
  // The multi-line body spans lines 2-4 of the file but is one spreadsheet row.
  assert.equal(articles[1]?.origin, `${file.path}#3`);
  assert.equal(articles[1]?.source, 'beritapesisir.co.id');
  // 05/03/2023 alone could be either order; the column's 21/03/2023 makes it 5 March.
  assert.equal(articles[2]?.publishedAt, '2023-03-05');
});

test('English CSV: Headline,Text,Date,Source with month-first dates and times; without URLs the Source column is the outlet', () => {
  const file = load('news-en.csv');
  const { articles, problems } = readCsv(file, {});
  assert.deepEqual(problems, []);
  assert.deepEqual(
    articles.map((a) => [a.title, a.publishedAt, a.source, a.section, a.origin]),
    [
      ['City council approves new bike lanes', '2025-10-21T20:43', 'Riverside Gazette', undefined, `${file.path}#2`],
      ['Port strike enters third day', '2025-10-03T08:15', 'Coastal Herald', undefined, `${file.path}#3`],
    ],
  );
  assert.equal(articles[0]?.body.startsWith('The city council voted 7-2 on Tuesday'), true);
});

test('--map names the columns of a file with unrecognised headers', () => {
  const file = load('odd-headers.csv');
  const { articles, problems } = readCsv(file, { map: { title: 'kol_a', body: 'kol_b', date: 'kol_c' } });
  assert.deepEqual(problems, []);
  assert.deepEqual(
    articles.map((a) => [a.title, a.publishedAt, a.origin]),
    [
      ['Sekolah di Garut liburkan siswa karena kabut asap', '2023-09-12', `${file.path}#2`],
      ['Nelayan Cilacap panen ikan layur', '2023-09-14', `${file.path}#3`],
    ],
  );
  assert.match(articles[1]?.body ?? '', /^Nelayan di Pantai Teluk Penyu, Cilacap/);
});

test('--map swapping columns is obeyed over the guess', () => {
  const { articles } = readCsv(load('odd-headers.csv'), { map: { title: 'kol_b', body: 'kol_a' } });
  assert.equal(articles[0]?.body, 'Sekolah di Garut liburkan siswa karena kabut asap');
});

test('unrecognised label headers are not imported as an article, and columns are guessed from content', () => {
  const file = load('odd-headers.csv');
  const { articles } = readCsv(file, {});
  assert.equal(articles.length, 2);
  assert.equal(articles[0]?.title, 'Sekolah di Garut liburkan siswa karena kabut asap');
  assert.match(articles[0]?.body ?? '', /^Dinas Pendidikan Kabupaten Garut/);
  assert.equal(articles[0]?.publishedAt, '2023-09-12');
  assert.equal(articles[0]?.origin, `${file.path}#2`);
});

test('--map naming a missing column lists the columns', () => {
  rejects(load('odd-headers.csv'), { map: { title: 'judul' } }, '--map title=judul: no column "judul"; the columns are "kol_a", "kol_b", "kol_c"');
});

test('a file without a header: every row is an article, columns guessed (longest text is the body)', () => {
  const file = load('no-header.csv');
  const { articles, problems } = readCsv(file, {});
  assert.deepEqual(problems, []);
  assert.deepEqual(articles[0], {
    title: 'Warga Depok keluhkan antrean panjang di SPBU',
    body: 'Antrean kendaraan di sejumlah SPBU di Depok mengular hingga ke jalan raya pada Rabu pagi, setelah pasokan solar terlambat datang dari depo Plumpang.',
    publishedAt: '2023-11-15',
    url: 'https://www.kabardepok.id/warga-keluhkan-antrean-spbu',
    source: 'kabardepok.id',
    origin: `${file.path}#1`,
  });
  assert.equal(articles[1]?.title, 'Library opens late-night study hall');
  assert.equal(articles[1]?.source, 'example.org');
  assert.equal(articles[1]?.section, 'news');
});

test('the URL names the outlet over the source column: one outlet for all of its subdomains, the subdomain as section', () => {
  const text = [
    'judul,isi,sumber,tautan',
    'Harga emas naik,Harga emas Antam naik Rp5.000 per gram pada perdagangan Senin pagi.,detikFinance,https://finance.detik.com/berita/d-1/harga-emas',
    'Banjir di Bekasi,Hujan deras sejak Minggu malam merendam ratusan rumah di Bekasi Timur.,detikNews,https://news.detik.com/berita/d-2/banjir-bekasi',
    'Jadwal KRL berubah,PT KAI Commuter mengubah jadwal perjalanan KRL mulai pekan depan.,Detikcom,https://www.detik.com/jadwal-krl',
    'Pasar malam dibuka,Pasar malam di alun-alun kota dibuka lagi mulai Jumat.,Warta Kota,',
  ].join('\n');
  const { articles, problems } = readCsv({ path: 'detik.csv', text }, {});
  assert.deepEqual(problems, []);
  assert.deepEqual(
    articles.map((a) => [a.source, a.section]),
    [
      ['detik.com', 'finance'],
      ['detik.com', 'news'],
      ['detik.com', undefined],
      ['Warta Kota', undefined],
    ],
  );
});

test('a file without a header takes 1-based column numbers from --map', () => {
  const { articles } = readCsv(load('no-header.csv'), { map: { title: '2', body: '1' } });
  assert.equal(articles[0]?.title.startsWith('Antrean kendaraan di sejumlah SPBU'), true);
  assert.equal(articles[0]?.body, 'Warga Depok keluhkan antrean panjang di SPBU');
  rejects(load('no-header.csv'), { map: { title: '7' } }, '--map title=7: the file has 4 columns');
});

test('column names in --map on a file without a header are refused with a hint', () => {
  rejects(load('no-header.csv'), { map: { title: 'judul' } }, '--map names columns but the file has no header row; give column numbers instead, e.g. --map title=1,body=2');
});

test('ambiguous dates read day-first by default and month-first with --date-format MDY', () => {
  const file = load('ambiguous-dates.csv');
  assert.deepEqual(
    readCsv(file, {}).articles.map((a) => a.publishedAt),
    ['2024-04-03', '2024-06-05'],
  );
  assert.deepEqual(
    readCsv(file, { dateFormat: 'MDY' }).articles.map((a) => a.publishedAt),
    ['2024-03-04', '2024-05-06'],
  );
});

test('a date column mixing day-first and month-first values needs --date-format', () => {
  const file = load('mixed-dates.csv');
  rejects(file, {}, 'dates in "date" mix day-first and month-first values; pass --date-format DMY|MDY');
  assert.deepEqual(
    readCsv(file, { dateFormat: 'DMY' }).articles.map((a) => a.publishedAt),
    ['2024-03-21', '2024-03-22'],
  );
});

test('a stray quote in row 3 costs that row only: the rows it would swallow are read again', () => {
  const file = load('broken-quote.csv');
  const { articles, problems } = readCsv(file, {});
  // Row 2 holds a two-line body, so row 3 starts on line 4 of the file.
  assert.deepEqual(problems, [{ path: `${file.path}#3`, reason: 'malformed CSV at row 3 (line 4): Trailing quote on quoted field is malformed' }]);
  assert.deepEqual(
    articles.map((a) => [a.origin, a.title, a.publishedAt]),
    [
      [`${file.path}#2`, 'Banjir rob rendam Muara Angke', '2024-03-11'],
      [`${file.path}#4`, 'Ferry services resume after storm', '2024-03-12'],
      [`${file.path}#5`, 'Council delays vote on bus lanes', '2024-03-13'],
      [`${file.path}#6`, 'Harga cabai turun di Kramat Jati', '2024-03-14'],
      [`${file.path}#7`, 'Library extends opening hours', '2024-03-15'],
    ],
  );
  assert.equal(articles[2]?.body, 'The city council postponed its vote on new bus lanes, citing concerns from shop owners.');
});

test('a quote never closed costs its row, also with Windows line ends', () => {
  const file = load('malformed.csv');
  for (const text of [file.text, file.text.replace(/\n/g, '\r\n')]) {
    const { articles, problems } = readCsv({ path: file.path, text }, {});
    assert.deepEqual(problems, [{ path: `${file.path}#3`, reason: 'malformed CSV at row 3 (line 3): Quoted field unterminated' }]);
    assert.deepEqual(
      articles.map((a) => [a.origin, a.title]),
      [
        [`${file.path}#2`, 'Museum reopens after renovation'],
        [`${file.path}#4`, 'Farmers market moves indoors'],
      ],
    );
  }
});

test('a file whose only row has a broken quote is a malformed file', () => {
  rejects({ path: 'satu.csv', text: '"judul,isi,tanggal\n' }, {}, 'malformed CSV at row 1 (line 1): Quoted field unterminated');
});

test('broken rows one after another are each reported, in the semicolon format the file uses', () => {
  const text = 'judul;isi\nSatu;"Isi pertama tanpa penutup\nDua;"Isi "kedua" rusak;\nTiga;Isi ketiga, dengan koma.\n';
  const { articles, problems } = readCsv({ path: 'rusak.csv', text }, {});
  assert.deepEqual(
    problems.map((p) => p.path),
    ['rusak.csv#2', 'rusak.csv#3'],
  );
  assert.deepEqual(
    articles.map((a) => [a.origin, a.title, a.body]),
    [['rusak.csv#4', 'Tiga', 'Isi ketiga, dengan koma.']],
  );
});

test('damaged rows are reported one by one and the rest imported', () => {
  const file = load('rows-with-problems.csv');
  const { articles, problems } = readCsv(file, {});
  assert.deepEqual(problems, [
    { path: `${file.path}#3`, reason: 'row has no body text' },
    { path: `${file.path}#5`, reason: 'row has 2 columns, expected 5' },
    { path: `${file.path}#6`, reason: 'unreadable date "kemarin sore"; imported without a date', warning: true },
  ]);
  // Row 4 is blank and skipped without a problem; row 6 is imported without its date.
  assert.deepEqual(
    articles.map((a) => [a.origin, a.publishedAt, a.author]),
    [
      [`${file.path}#2`, '2023-07-13', 'Dewi Lestari'],
      [`${file.path}#6`, undefined, undefined],
      [`${file.path}#7`, '2023-07-20T07:30', 'Mark Ellison'],
    ],
  );
});

test('most rows having the wrong column count is a malformed file', () => {
  const text = 'title,body,date,url\nA,First body\nB,Second body\nC,Third body,2024-01-02,https://a.example/c\n';
  rejects({ path: 'ragged.csv', text }, {}, 'malformed CSV at row 2: 2 of 3 rows do not have 4 columns (this one has 2)');
});

test('a trailing delimiter does not make a row the wrong width', () => {
  const text = 'judul;isi\nAngkot gratis di Bogor;Pemkot Bogor menggratiskan angkot selama sepekan.;\nJalur sepeda baru;Dishub membuka jalur sepeda di Jalan Pajajaran.;\n';
  const { articles, problems } = readCsv({ path: 'trailing.csv', text }, {});
  assert.deepEqual(problems, []);
  assert.deepEqual(
    articles.map((a) => a.body),
    ['Pemkot Bogor menggratiskan angkot selama sepekan.', 'Dishub membuka jalur sepeda di Jalan Pajajaran.'],
  );
});

test('a file with no rows is an empty CSV', () => {
  rejects({ path: 'empty.csv', text: '' }, {}, 'empty CSV');
  rejects({ path: 'blank.csv', text: '\uFEFF\n\n' }, {}, 'empty CSV');
});

test('tab and pipe delimiters are detected', () => {
  for (const d of ['\t', '|']) {
    const text = ['judul', 'isi', 'tanggal'].join(d) + '\n' + ['Tol Cipali padat', 'Arus mudik di Tol Cipali padat sejak pagi, antrean mencapai 5 km.', '2024-04-06'].join(d) + '\n';
    const { articles } = readCsv({ path: 'x.csv', text }, {});
    assert.deepEqual(
      articles.map((a) => [a.title, a.body, a.publishedAt]),
      [['Tol Cipali padat', 'Arus mudik di Tol Cipali padat sejak pagi, antrean mencapai 5 km.', '2024-04-06']],
    );
  }
});

test('a header with one unfamiliar name still finds its body column', () => {
  const text = 'id,title,isi_artikel,tanggal\n1,Harga Beras Naik,"Harga beras medium naik menjadi Rp14.000 per kilogram di pasar tradisional Jakarta pada pekan ini.",21/03/2023\n2,Banjir di Bekasi,"Banjir setinggi setengah meter merendam ratusan rumah di Bekasi setelah hujan deras semalaman.",22/03/2023\n';
  const { articles, problems } = readCsv({ path: 'partial.csv', text }, {});
  assert.deepEqual(problems, []);
  assert.deepEqual(
    articles.map((a) => [a.title, a.body.slice(0, 12), a.publishedAt]),
    [
      ['Harga Beras Naik', 'Harga beras ', '2023-03-21'],
      ['Banjir di Bekasi', 'Banjir setin', '2023-03-22'],
    ],
  );
});
