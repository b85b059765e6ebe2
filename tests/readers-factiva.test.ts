import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type Prepared, prepareFile } from '../electron/import/prepare.js';
import { readFactiva } from '../electron/import/readers/factiva-html.js';
import { readNewsDatabaseText } from '../electron/import/readers/nexis-or-factiva.js';
import { readRtf, rtfToText } from '../electron/import/readers/rtf.js';
import { sniffFormat } from '../electron/import/sniff.js';
import { DEFAULT_IMPORT_OPTIONS } from '../electron/import/run.js';
import type { ReadResult } from '../electron/import/types.js';
import { pantauJson } from './cli-run.js';
import { FUZZ_ITERATIONS, FUZZ_SEED, random } from './fuzz-inputs.js';
import { fixture, tempDir } from './helpers.js';
import { fuzzDownloads, shuffleLines } from './news-database-fuzz.js';

const HARBOUR_META = { title: 'Harbour reopens after storm repairs', author: 'James Whitfield', externalId: 'PRTHRL0020230322ej3m0003c', publishedAt: '2023-03-22', source: 'Port Herald' };

describe('Factiva HTML export', () => {
  test('every article with headline, author, date and time, outlet and document id; copyright and header are no text', () => {
    const result = readFactiva({ path: 'export.html', text: readFileSync(fixture('factiva', 'export.html'), 'utf8') }, {});
    assert.deepEqual(result, {
      articles: [
        {
          title: 'Harga beras medium tembus Rp14.000 per kilogram',
          body:
            'Harga beras medium di pasar tradisional Jakarta naik menjadi Rp14.000 per kilogram menjelang Lebaran, kata para pedagang di Pasar Induk Cipinang.\n\n' +
            'Pemerintah berjanji menggelontorkan cadangan beras untuk menahan kenaikan harga hingga akhir April.',
          origin: 'export.html#1',
          author: 'Dimas Prasetyo',
          externalId: 'KOMPAS0020230322ej3m0005x',
          publishedAt: '2023-03-22',
          source: 'Kompas',
        },
        {
          title: 'Rice prices climb ahead of Lebaran',
          body:
            'Rice prices in traditional markets across Jakarta rose to Rp14,000 per kilogram this week, traders said, as demand climbs ahead of the Lebaran holiday.\n\n' +
            'The Trade Ministry said it would release 200,000 tonnes from the state logistics agency.',
          origin: 'export.html#2',
          author: 'Ayu Lestari',
          externalId: 'JKTPST0020230321ej3l0002b',
          publishedAt: '2023-03-21T10:05',
          source: 'The Jakarta Post',
        },
      ],
      problems: [{ path: 'export.html#3', reason: 'document has no body text ("Photo: flooded street")' }],
    } satisfies ReadResult);
  });

  test('a web page that only looks like an export is read as a web page', () => {
    const page = '<!DOCTYPE html><html><head><title>Banjir - Kabar</title></head><body><div class="article enArticle"><h1>Banjir</h1><p>Hujan deras merendam ratusan rumah di Kampung Melayu sejak Minggu malam, kata warga.</p></div></body></html>';
    const result = readFactiva({ path: 'page.html', text: page }, {});
    assert.equal(result.articles.length, 1);
    assert.equal(result.articles[0]!.externalId, undefined);
    assert.match(result.articles[0]!.body, /Hujan deras/);
  });
});

describe('Factiva RTF export', () => {
  test('English and German headers (words / Wörter, 1.234), page footers left out, ids kept', async () => {
    const one = await readRtf({ path: 'download-1.rtf', bytes: readFileSync(fixture('factiva', 'download-1.rtf')) }, {});
    const two = await readRtf({ path: 'download-2.rtf', bytes: readFileSync(fixture('factiva', 'download-2.rtf')) }, {});
    assert.deepEqual([one.problems, two.problems], [[], []]);
    assert.deepEqual(one.articles.map(({ body, ...meta }) => meta), [
      { title: 'Banjir rendam ratusan rumah di Kampung Melayu', origin: 'download-1.rtf#1', author: 'Rina Widiastuti', externalId: 'TEMPOI0020230321ej3l0001a', publishedAt: '2023-03-21', source: 'Tempo' },
      { ...HARBOUR_META, origin: 'download-1.rtf#2' },
    ]);
    assert.deepEqual(two.articles.map(({ body, ...meta }) => meta), [
      { ...HARBOUR_META, origin: 'download-2.rtf#1' },
      { title: 'Pasar Kosambi direnovasi setelah kebakaran', origin: 'download-2.rtf#2', externalId: 'BDGPOS0020230715ej7f0007z', publishedAt: '2023-07-15T08:30', source: 'Bandung Pos' },
    ]);
    assert.deepEqual(one.articles[0]!.body.split('\n\n'), [
      'Hujan deras sejak Minggu malam merendam ratusan rumah di Kampung Melayu, Jakarta Timur, dengan ketinggian air mencapai satu meter.',
      'Warga mengungsi ke masjid terdekat sambil menunggu air surut, kata petugas pemadam kebakaran setempat.',
    ]);
    // The second download's copy differs by one character (a non-breaking hyphen): only its id makes it the same article.
    assert.notEqual(one.articles[1]!.body, two.articles[0]!.body);
    assert.doesNotMatch([...one.articles, ...two.articles].map((a) => a.body).join('\n'), /Factiva|Copyright|©|words|Wörter|Document/);
  });

  test('an article cut short of its document id keeps its header; one without a header fails alone', async () => {
    const rtf = readFileSync(fixture('factiva', 'download-1.rtf'), 'latin1');
    const cut = rtf.slice(0, rtf.indexOf('Document PRTHRL'));
    const short = await readRtf({ path: 'cut.rtf', bytes: Buffer.from(`${cut}}`, 'latin1') }, {});
    assert.deepEqual(short.articles.map((a) => [a.origin, a.externalId]), [['cut.rtf#1', 'TEMPOI0020230321ej3l0001a'], ['cut.rtf#2', undefined]]);
    const headless = rtf.replace('58 words\\par', '');
    const broken = await readRtf({ path: 'headless.rtf', bytes: Buffer.from(headless, 'latin1') }, {});
    assert.deepEqual(broken.problems, [{ path: 'headless.rtf#1', reason: 'no Factiva header (no word count such as "412 words" under the headline)' }]);
    assert.deepEqual(broken.articles.map((a) => a.origin), ['headless.rtf#2']);
  });

  test('exports are recognised by content', () => {
    const head = (name: string): Buffer => readFileSync(fixture('factiva', name)).subarray(0, 4096);
    assert.equal(sniffFormat('export.html', head('export.html')), 'factiva');
    assert.equal(sniffFormat('export', head('export.html')), 'factiva');
    assert.equal(sniffFormat('download', head('download-1.rtf')), 'rtf');
    assert.equal(sniffFormat('page.html', Buffer.from('<!DOCTYPE html><html><body><p>Berita</p></body></html>')), 'html');
  });
});

/*
 * The "Full Article/Report plus Indexing" layout: a row per field code. The fixtures hold the same
 * Kompas story (its accession number KOMPAS0020240312ek3c0001x) in HTML and, one word changed, in
 * an RTF table; the other RTF has its rows as paragraphs, a page line inside a text and the
 * search summary at the end. Article text Indonesian and English, interface English.
 */

const CHILLI = {
  title: 'Harga cabai rawit melonjak jelang Ramadan',
  author: 'Siti Nurhaliza',
  externalId: 'KOMPAS0020240312ek3c0001x',
  publishedAt: '2024-03-12T07:45',
  source: 'Kompas',
};
const chilliBody = (market: string): string =>
  `Harga cabai rawit di Pasar Induk ${market} melonjak menjadi Rp80.000 per kilogram, dua kali lipat dari harga bulan lalu, menurut para pedagang.\n\n` +
  'Pasokan dari sentra produksi di Jawa Tengah berkurang karena hujan deras merusak tanaman sejak awal Februari.\n\n' +
  'Dinas Ketahanan Pangan berjanji menggelar operasi pasar di lima wilayah Jakarta mulai pekan depan.';

/** What the rows other than LP and TD hold, and the export's page lines: never an article's text. */
const NOT_TEXT_ROWS = /Perum Bulog|Consumer Prices|Economic News|Agriculture|Indonesia \||Jakarta \||Disasters|Floods|Tourism|Weather|United Kingdom|Imports|Banjir rob$|\bIDN\b|KOMPAS|TEMPOI|JKTPST|PRTHRL|PT Kompas|PT Tempo|PT Bina|Copyright|©|\(c\)|words|Document|Nasional|Indonesian|English|Page \d of/m;
/** Those, and the lines around the articles of an intact export (its cover and search summary). */
const NOT_TEXT = new RegExp(`${NOT_TEXT_ROWS.source}|Factiva|Search Summary|ferry OR pasar|Results Found`, 'm');

describe('Factiva indexing layout', () => {
  test('HTML: a table per article; fields by their codes, the text from LP and TD, the indexing left out', () => {
    const result = readFactiva({ path: 'indexing.html', text: readFileSync(fixture('factiva', 'indexing.html'), 'utf8') }, {});
    assert.deepEqual(result, {
      articles: [
        { ...CHILLI, body: chilliBody('Kramat Jati'), origin: 'indexing.html#1' },
        {
          title: 'Rice imports to rise as harvest slips',
          body:
            'Indonesia will import more rice in the coming months after heavy rain delayed the main harvest in Central Java, officials said on Monday.\n\n' +
            'The state logistics agency said stocks were enough for three months.\n\n' +
            'Traders expect prices to ease once the harvest reaches the markets in April.',
          origin: 'indexing.html#2',
          author: 'Ayu Lestari',
          externalId: 'JKTPST0020240311ek3b0002y',
          publishedAt: '2024-03-11',
          source: 'The Jakarta Post',
        },
      ],
      problems: [{ path: 'indexing.html#3', reason: 'document has no body text ("Foto: genangan di Kampung Melayu")' }],
    } satisfies ReadResult);
  });

  test('RTF: rows as a table and rows as paragraphs; page lines and the search summary are no text', async () => {
    const table = await readRtf({ path: 'indexing-table.rtf', bytes: readFileSync(fixture('factiva', 'indexing-table.rtf')) }, {});
    assert.deepEqual(table, {
      articles: [
        {
          title: 'Banjir rob genangi pesisir utara Jakarta',
          body:
            'Banjir rob setinggi 40 sentimeter menggenangi permukiman di Muara Angke dan Pluit sejak Kamis sore, bertepatan dengan pasang laut maksimum.\n\n' +
            'Badan Penanggulangan Bencana Daerah mencatat lebih dari 300 rumah terendam dan puluhan warga mengungsi ke musala terdekat.\n\n' +
            'Petugas mengerahkan pompa air bergerak, sementara tanggul laut di Muara Baru diperkuat dengan karung pasir — langkah darurat sebelum pasang berikutnya.',
          origin: 'indexing-table.rtf#1',
          author: 'Rina Widiastuti',
          externalId: 'TEMPOI0020240314ek3e0004k',
          publishedAt: '2024-03-14T16:20',
          source: 'Tempo',
        },
        { ...CHILLI, body: chilliBody('Kramatjati'), origin: 'indexing-table.rtf#2' },
      ],
      problems: [],
    } satisfies ReadResult);
    const paragraphs = await readRtf({ path: 'indexing-paragraphs.rtf', bytes: readFileSync(fixture('factiva', 'indexing-paragraphs.rtf')) }, {});
    assert.deepEqual(paragraphs.articles.map(({ body, ...meta }) => meta), [
      { title: 'Ferry services resume after storm', origin: 'indexing-paragraphs.rtf#1', author: 'James Whitfield', externalId: 'PRTHRL0020240315ek3f0001c', publishedAt: '2024-03-15T06:10', source: 'Port Herald' },
      { title: 'Pasar terapung Lok Baintan ramai wisatawan', origin: 'indexing-paragraphs.rtf#2', externalId: 'BJMPOS0020240310ek3a0003d', source: 'Banjarmasin Pos' },
    ]);
    assert.deepEqual(paragraphs.problems, [{ path: 'indexing-paragraphs.rtf#2', reason: 'unreadable date "pekan lalu"; imported without a date', warning: true }]);
    assert.deepEqual(paragraphs.articles[0]!.body.split('\n\n'), [
      'Ferries between the harbour and the islands resumed on Friday, two days after the storm closed the port.',
      'The harbour master said the morning crossings would run an hour late until the weekend.',
      'Passengers holding tickets for the cancelled crossings may travel on any boat this month.',
    ]);
    for (const a of [...table.articles, ...paragraphs.articles]) assert.doesNotMatch(`${a.title}\n${a.body}`, NOT_TEXT, a.origin);
  });

  test('codes alone above their values (as Word writes table cells); an article without HD, cut short of AN, or without text', () => {
    const text = [
      'HD', 'Jembatan Cikapundung dibuka', 'WC', '40 words', 'PD', '14 July 2023', 'SN', 'Bandung Pos',
      'TD', 'Jembatan baru di atas Sungai Cikapundung dibuka untuk pejalan kaki mulai Jumat pagi.', 'Wali kota meresmikannya bersama warga.',
      'RE', 'indon : Indonesia', 'AN', 'Document BDGPOS0020230714ej7e0001a',
      // No headline row: the article starts after the last one's AN.
      'WC\t12 words', 'PD\t15 July 2023', 'SN\tBandung Pos', 'LP\tPasar Kosambi dibuka kembali setelah renovasi.', 'AN\tDocument BDGPOS0020230715ej7f0002b',
      'HD\tFoto: jembatan', 'WC\t3 words', 'SN\tBandung Pos', 'NS\tgcat : Political/General News', 'AN\tDocument BDGPOS0020230715ej7f0003c',
      // Cut short of its AN.
      'HD\tBus kota tambah rute', 'PD\t16 July 2023', 'SN\tBandung Pos', 'TD\tDinas Perhubungan menambah dua rute bus kota mulai Senin.',
    ].join('\r\n');
    const r = readNewsDatabaseText(text, 'unduhan.docx', {})!;
    assert.deepEqual(r.articles.map(({ body, ...meta }) => [meta, body]), [
      [{ title: 'Jembatan Cikapundung dibuka', origin: 'unduhan.docx#1', externalId: 'BDGPOS0020230714ej7e0001a', publishedAt: '2023-07-14', source: 'Bandung Pos' },
        'Jembatan baru di atas Sungai Cikapundung dibuka untuk pejalan kaki mulai Jumat pagi.\n\nWali kota meresmikannya bersama warga.'],
      [{ title: '', origin: 'unduhan.docx#2', externalId: 'BDGPOS0020230715ej7f0002b', publishedAt: '2023-07-15', source: 'Bandung Pos' }, 'Pasar Kosambi dibuka kembali setelah renovasi.'],
      [{ title: 'Bus kota tambah rute', origin: 'unduhan.docx#4', publishedAt: '2023-07-16', source: 'Bandung Pos' }, 'Dinas Perhubungan menambah dua rute bus kota mulai Senin.'],
    ]);
    assert.deepEqual(r.problems, [{ path: 'unduhan.docx#3', reason: 'document has no body text ("Foto: jembatan")' }]);
  });

  test('an HTML file of both layouts numbers its articles in the order they stand', () => {
    const plain = readFileSync(fixture('factiva', 'export.html'), 'utf8');
    const indexed = readFileSync(fixture('factiva', 'indexing.html'), 'utf8');
    const both = plain.replace('</body>', `${indexed.slice(indexed.indexOf('<div class="article'), indexed.indexOf('</body>'))}</body>`);
    const r = readFactiva({ path: 'both.html', text: both }, {});
    assert.deepEqual(r.articles.map((a) => [a.origin, a.externalId]), [
      ['both.html#1', 'KOMPAS0020230322ej3m0005x'],
      ['both.html#2', 'JKTPST0020230321ej3l0002b'],
      ['both.html#4', 'KOMPAS0020240312ek3c0001x'],
      ['both.html#5', 'JKTPST0020240311ek3b0002y'],
    ]);
    assert.deepEqual(r.problems.map((p) => p.path), ['both.html#3', 'both.html#6']);
  });

  test('recognised by content; a table of other codes, or a web page with an "HD" cell, is no export', () => {
    const head = readFileSync(fixture('factiva', 'indexing.html')).subarray(0, 4096);
    assert.equal(sniffFormat('indexing.html', head), 'factiva');
    assert.equal(sniffFormat('unduhan', head), 'factiva');
    assert.equal(sniffFormat('indexing', readFileSync(fixture('factiva', 'indexing-table.rtf')).subarray(0, 4096)), 'rtf');
    const page = '<!DOCTYPE html><html><head><title>Televisi</title></head><body><table><tr><td><b>HD</b></td><td>1280 x 720</td></tr><tr><td>PD</td><td>kemarin</td></tr></table><p>Televisi baru dengan layar HD dijual mulai pekan ini di toko elektronik di seluruh Jakarta.</p></body></html>';
    assert.equal(sniffFormat('tv.html', Buffer.from(page)), 'factiva');
    const r = readFactiva({ path: 'tv.html', text: page }, {});
    assert.equal(r.articles.length, 1);
    assert.equal(r.articles[0]!.externalId, undefined);
    assert.match(r.articles[0]!.body, /Televisi baru/);
  });

  test('RTF or Word: the section and column rows Factiva writes above a headline belong to its article', () => {
    const story = (n: number, above: string[]): string[] => [
      ...above, `HD\tBerita nomor ${n}`, 'WC\t40 words', 'PD\t14 July 2023', 'SN\tKompas',
      `LP\tParagraf pembuka berita nomor ${n} tentang banjir di Jakarta Utara.`, 'RE\tindon : Indonesia', `AN\tDocument KOMPAS00202307${10 + n}ej7e000${n}a`,
    ];
    const text = [...story(1, ['SE\tMetropolitan']), ...story(2, ['CLM\tKolom Kota', 'SE\tMetropolitan']), ...story(3, []), ...story(4, ['SE\tEkonomi'])].join('\r\n');
    const r = readNewsDatabaseText(text, 'seksi.rtf', {})!;
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.articles.map((a) => [a.origin, a.title, a.externalId]), [1, 2, 3, 4].map((n) => [`seksi.rtf#${n}`, `Berita nomor ${n}`, `KOMPAS00202307${10 + n}ej7e000${n}a`]));
    for (const a of r.articles) assert.doesNotMatch(a.body, /Metropolitan|Ekonomi|Kolom/);
  });

  test('people\'s initials in a table or at the start of lines are no export: the document is read as the text it is', async () => {
    const minutes = [
      'Notulen rapat redaksi, Senin 11 Maret 2024',
      'HD\tHendra Darmawan, redaktur pelaksana',
      'SN\tSiti Nurhaliza, reporter',
      'BY\tBudi Yanto, fotografer',
      'AN\tAndi Nugroho, reporter',
      'TD\tTaufik Daulay, penyunting',
      'Rapat membahas liputan banjir rob di Jakarta Utara dan pembagian tugas reporter selama pekan depan.',
    ];
    assert.equal(readNewsDatabaseText(minutes.join('\n'), 'notulen.docx', {}), null);
    const rtf = `{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\pard ${minutes.join('\\par\n')}\\par\n}`;
    const read = await readRtf({ path: 'notulen.rtf', bytes: Buffer.from(rtf) }, {});
    assert.deepEqual(read.problems, []);
    assert.equal(read.articles.length, 1);
    assert.match(read.articles[0]!.body, /Siti Nurhaliza, reporter[\s\S]*liputan banjir rob/);
    const page = `<!DOCTYPE html><html><head><title>Redaksi</title></head><body><h1>Susunan redaksi</h1><table>${minutes
      .slice(1, 6)
      .map((line) => `<tr><td><b>${line.slice(0, 2)}</b>&nbsp;</td><td>${line.slice(3)}</td></tr>`)
      .join('')}</table><article><p>${minutes[6]}</p><p>Hendra meminta setiap reporter mengirim naskah sebelum pukul 16.00 agar penyuntingan selesai sebelum tenggat cetak.</p><p>Siti dan Andi berangkat ke Muara Angke pada Selasa pagi bersama Budi, yang memotret genangan di permukiman nelayan.</p></article></body></html>`;
    const html = readFactiva({ path: 'redaksi.html', text: page }, {});
    assert.deepEqual(html.problems, []);
    assert.equal(html.articles.length, 1);
    assert.match(html.articles[0]!.body, /liputan banjir rob/);
  });

  test('HTML saved from Factiva\'s window, its style sheet first: recognised beyond its first 4 KB, the section row and the codes Pantau does not know left out', async (t) => {
    const style = Array.from({ length: 300 }, (_, i) => `.rule${i}{background:url('../img/sprite_icons.gif?47.7.0') no-repeat -${i}px -212px;}`).join('');
    const cell = (code: string, value: string, wrap = ''): string => `<tr><td align="right" valign="top" class="index">${wrap}<b>${code}</b>&nbsp;${wrap ? '</p>' : ''}</td><td>${value}</td></tr>`;
    const paragraphs = (...ps: string[]): string => ps.map((p) => `<p class="articleParagraph enarticleParagraph">${p}</p>\n`).join('');
    const article = (rows: string[]): string => `<div class="article enArticle"><table cellpadding="1" cellspacing="1" border="0">${rows.join('\n')}</table><br/></div><br/><span></span>`;
    const html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/><title>Factiva</title><style type="text/css">${style}</style></head>
<body><div id="navcontainer"><table><tr><td class="factivalogo"><h1>Factiva</h1></td></tr></table></div><div id="contentWrapper">${article([
      cell('HD', "<b class='enHeadline'>Nelayan Muara Angke melaut lagi</b>"), cell('WC', '64 words'), cell('PD', '12 March 2024'), cell('ET', '15:32'), cell('SN', 'Kompas'), cell('SC', 'KOMPAS'), cell('LA', 'Indonesian'),
      cell('LP', paragraphs('Nelayan Muara Angke kembali melaut pada Selasa setelah cuaca buruk selama sepekan.', 'Harga ikan di pelelangan turun sepertiganya.'), '<p>'),
      cell('TD', paragraphs('Dinas Kelautan mencatat lebih dari 200 kapal berangkat sejak subuh.'), '<p>'),
      cell('NS', '<br/>gcat : Political/General News'), cell('RE', '<br/>indon : Indonesia | jakart : Jakarta'), cell('IPC', '<br/>IDN'), cell('AN', '<br/>Document KOMPAS0020240312ek3c0009m'),
    ])}${article([
      cell('SE', 'Metropolitan'), cell('HD', "<b class='enHeadline'>Ferry timetable changes from Monday</b>"), cell('WC', '41 words'), cell('PD', '11 March 2024'), cell('SN', 'The Jakarta Post'), cell('SC', 'JKTPST'),
      cell('NGC', 'The Jakarta Post'), cell('GC', 'JKTPST'), cell('LA', 'English'),
      cell('LP', paragraphs('Ferries to the Thousand Islands will leave an hour earlier from Monday, the port operator said.'), '<p>'),
      cell('IPD', '<br/>Ferries'), cell('PUB', '<br/>PT Bina Media Tenggara'), cell('AN', '<br/>Document JKTPST0020240311ek3b0007q'),
    ])}</div></body></html>`;
    assert.ok(html.indexOf('<div class="article') > 4096);
    const path = join(tempDir(t), 'factiva-saved.htm');
    writeFileSync(path, html);
    assert.equal(sniffFormat(path, readFileSync(path).subarray(0, 4096)), 'html');
    const chunks: Prepared[] = [];
    for await (const chunk of prepareFile(path, statSync(path).size, { ...DEFAULT_IMPORT_OPTIONS, chunkSize: 100 })) chunks.push(chunk);
    const [read] = chunks;
    assert.deepEqual([chunks.length, read!.errors, read!.warnings], [1, [], []]);
    assert.deepEqual(
      read!.articles.map((a) => [a.origin, a.title, a.externalId, a.publishedAt, a.body]),
      [
        [`${path}#1`, 'Nelayan Muara Angke melaut lagi', 'KOMPAS0020240312ek3c0009m', '2024-03-12T15:32',
          'Nelayan Muara Angke kembali melaut pada Selasa setelah cuaca buruk selama sepekan.\n\nHarga ikan di pelelangan turun sepertiganya.\n\nDinas Kelautan mencatat lebih dari 200 kapal berangkat sejak subuh.'],
        [`${path}#2`, 'Ferry timetable changes from Monday', 'JKTPST0020240311ek3b0007q', '2024-03-11',
          'Ferries to the Thousand Islands will leave an hour earlier from Monday, the port operator said.'],
      ],
    );
  });

  test(`rows dropped, repeated, swapped or moved (seed ${FUZZ_SEED}): articles are numbered in order, no other row becomes text`, async () => {
    const rand = random(FUZZ_SEED + 21);
    const sources = [
      rtfToText(readFileSync(fixture('factiva', 'indexing-table.rtf'))),
      rtfToText(readFileSync(fixture('factiva', 'indexing-paragraphs.rtf'))),
    ].map((text) => text.split(/\r\n?|\n/));
    const strays = ['HD\tJudul tersesat', 'AN\tDocument STRAY00020240101ek1a0001a', 'TD', 'LP\t', 'Page 3 of 9 © 2024 Factiva, Inc. All rights reserved.', '', 'XX\tbukan kode'];
    let articles = 0;
    for (let i = 0; i < FUZZ_ITERATIONS * 25; i++) {
      const lines = shuffleLines(rand, sources[i % sources.length]!, strays);
      const r = readNewsDatabaseText(lines.join('\r\n'), 'acak.rtf', {});
      if (!r) continue;
      const numbers = [...r.articles.map((a) => a.origin), ...r.problems.filter((p) => !p.warning).map((p) => p.path)].map((o) => {
        assert.match(o, /^acak\.rtf#\d+$/);
        return Number(o.slice(o.indexOf('#') + 1));
      });
      assert.equal(new Set(numbers).size, numbers.length, `a position named twice: ${numbers.join(',')}`);
      assert.deepEqual([...r.articles.map((a) => a.origin)], [...r.articles.map((a) => a.origin)].sort((a, b) => Number(a.split('#')[1]) - Number(b.split('#')[1])));
      for (const a of r.articles) {
        assert.ok(a.body.trim() !== '', a.origin);
        assert.doesNotMatch(`${a.title}\n${a.body}`, NOT_TEXT_ROWS, `${a.origin}: ${a.title}\n${a.body}`);
        if (a.externalId !== undefined) assert.match(a.externalId, /^[A-Za-z0-9]{10,60}$/);
      }
      articles += r.articles.length;
    }
    assert.ok(articles > 0);
  });
});

describe('through the real CLI', () => {
  interface Summary {
    imported: number;
    skipped: number;
    errors: { path: string; reason: string }[];
  }

  test('an overlapping second download adds only its new article; re-importing adds nothing', { timeout: 120_000 }, async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'archive.db');
    const inbox = join(dir, 'factiva');
    mkdirSync(inbox);
    for (const name of ['export.html', 'download-1.rtf', 'download-2.rtf']) copyFileSync(fixture('factiva', name), join(inbox, name));

    const first = await pantauJson<Summary>(['import', join(inbox, 'download-1.rtf'), join(inbox, 'export.html'), '--db', db]);
    assert.deepEqual([first.json.imported, first.json.skipped], [4, 0], JSON.stringify(first.json));
    assert.deepEqual(first.json.errors, [{ path: join(inbox, 'export.html#3'), reason: 'document has no body text ("Photo: flooded street")' }]);
    // The harbour story again, with one character changed: its document id is known, so it is skipped.
    const second = await pantauJson<Summary>(['import', join(inbox, 'download-2.rtf'), '--db', db]);
    assert.deepEqual([second.json.imported, second.json.skipped], [1, 1], JSON.stringify(second.json));
    const again = await pantauJson<Summary>(['import', inbox, '--db', db]);
    assert.deepEqual([again.json.imported, again.json.skipped], [0, 6]);
  });

  test('the indexing layout: a story in an HTML and an RTF download is one article; re-importing adds nothing', { timeout: 120_000 }, async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'archive.db');
    const inbox = join(dir, 'factiva');
    mkdirSync(inbox);
    for (const name of ['indexing.html', 'indexing-table.rtf', 'indexing-paragraphs.rtf']) copyFileSync(fixture('factiva', name), join(inbox, name));

    const html = await pantauJson<Summary>(['import', join(inbox, 'indexing.html'), '--db', db]);
    assert.deepEqual([html.json.imported, html.json.skipped], [2, 0], JSON.stringify(html.json));
    assert.deepEqual(html.json.errors, [{ path: join(inbox, 'indexing.html#3'), reason: 'document has no body text ("Foto: genangan di Kampung Melayu")' }]);
    // The chilli story again, one word spelled otherwise: its accession number is known, so it is skipped.
    const rtf = await pantauJson<Summary>(['import', join(inbox, 'indexing-table.rtf'), join(inbox, 'indexing-paragraphs.rtf'), '--db', db]);
    assert.deepEqual([rtf.json.imported, rtf.json.skipped], [3, 1], JSON.stringify(rtf.json));
    const again = await pantauJson<Summary>(['import', inbox, '--db', db]);
    assert.deepEqual([again.json.imported, again.json.skipped], [0, 6]);

    const found = await pantauJson<{ total: number; results: { id: number }[] }>(['search', 'Lok', 'Baintan', '--db', db]);
    assert.equal(found.json.total, 1);
    const article = (await pantauJson<{ title: string; source: string | null; publishedAt: string | null; origin: string; paragraphs: { text: string }[] }>(['article', String(found.json.results[0]!.id), '--db', db])).json;
    assert.deepEqual([article.title, article.source, article.publishedAt, article.origin], ['Pasar terapung Lok Baintan ramai wisatawan', 'Banjarmasin Pos', null, join(inbox, 'indexing-paragraphs.rtf#2')]);
    assert.equal(article.paragraphs.length, 3);
    assert.doesNotMatch(article.paragraphs.map((p) => p.text).join('\n'), NOT_TEXT);
  });
});

test('Factiva exports fuzzed: random, truncated and mutated files fail alone and cleanly', { timeout: 120_000 }, async (t) => {
  const summary = await fuzzDownloads(tempDir(t), {
    'export.html': readFileSync(fixture('factiva', 'export.html')),
    'download.rtf': readFileSync(fixture('factiva', 'download-1.rtf')),
    'indexing.html': readFileSync(fixture('factiva', 'indexing.html')),
    'indexing-table.rtf': readFileSync(fixture('factiva', 'indexing-table.rtf')),
    'indexing-paragraphs.rtf': readFileSync(fixture('factiva', 'indexing-paragraphs.rtf')),
  }, 15);
  assert.ok(summary.imported > 0 && summary.failed > 0, `imported ${summary.imported}, failed ${summary.failed}`);
});
