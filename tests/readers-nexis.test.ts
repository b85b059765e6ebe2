import assert from 'node:assert/strict';
import { once } from 'node:events';
import { copyFileSync, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import yazl from 'yazl';
import { parseDate } from '../electron/import/dates.js';
import { sniffFormat } from '../electron/import/sniff.js';
import { readDocx } from '../electron/import/readers/docx.js';
import { readNexis } from '../electron/import/readers/nexis-or-factiva.js';
import { readRtf } from '../electron/import/readers/rtf.js';
import type { ReadResult } from '../electron/import/types.js';
import { pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';
import { fuzzDownloads } from './news-database-fuzz.js';

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal Word document whose paragraphs are the given lines, as Nexis Uni writes them. */
async function docx(paragraphs: string[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'), '[Content_Types].xml');
  zip.addBuffer(Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'), '_rels/.rels');
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${xml(p)}</w:t></w:r></w:p>`).join('');
  zip.addBuffer(Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`), 'word/document.xml');
  const chunks: Buffer[] = [];
  zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(zip.outputStream, 'end');
  zip.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A Nexis Uni download in English: cover page, three documents, the second without its text. */
const UNI_EN = [
  'User Name: Pantau Test',
  'Date and Time: Wednesday, March 22, 2023 9:15:00 AM WIB',
  'Job Number: 191920',
  'Documents (3)',
  '1. Solar farm on Cirata reservoir opens',
  'Client/Matter: -None-',
  'Search Terms: panel surya',
  'Search Type: Terms and Connectors',
  '2. Panel surya terapung diresmikan',
  '3. Listrik surya untuk desa',
  'Solar farm on Cirata reservoir opens',
  'The Jakarta Post',
  'February 1, 2024 Thursday',
  'Copyright 2024 PT Bina Media Tenggara All Rights Reserved',
  'Section: BUSINESS; Pg. 9',
  'Length: 61 words',
  'Byline: By Ayu Lestari',
  'Body',
  'The floating solar plant on the Cirata reservoir in West Java began full operation this week, with a capacity of 145 megawatts.',
  'It is the largest floating solar plant in Southeast Asia, its operator said.',
  'Load-Date: February 2, 2024',
  'End of Document',
  'Panel surya terapung diresmikan',
  'Kompas',
  'February 1, 2024 Thursday',
  'Length: 0 words',
  'End of Document',
  'Listrik surya untuk desa',
  'Kompas',
  'February 2, 2024 Friday',
  'Copyright 2024 PT Kompas Media Nusantara',
  'Section: EKONOMI',
  'Length: 48 words',
  'Byline: Dimas Prasetyo',
  'Body',
  'Sebanyak 120 desa di Nusa Tenggara Timur akan mendapat listrik dari panel surya tahun ini, kata Kementerian ESDM.',
  'Classification',
  'Language: INDONESIAN',
  'Publication-Type: Newspaper',
  'Subject: ENERGI SURYA (90%)',
  'Load-Date: February 3, 2024',
  'End of Document',
];

const text = (name: string): { path: string; text: string } => ({ path: name, text: readFileSync(fixture('nexis', name), 'utf8') });

test('dates as the news databases write them, in their five interface languages', () => {
  const cases: [string, string][] = [
    ['March 21, 2023 Tuesday', '2023-03-21'],
    ['March 21, 2023 Tuesday 5:44 PM GMT', '2023-03-21T17:44Z'],
    ['21. März 2023 Dienstag', '2023-03-21'],
    ['Dienstag, 21. Maerz 2023', '2023-03-21'],
    ['mardi 21 mars 2023', '2023-03-21'],
    ['1er février 2023', '2023-02-01'],
    ['dinsdag 21 maart 2023', '2023-03-21'],
    ['21 de marzo de 2023', '2023-03-21'],
    ['miércoles, 22 de marzo de 2023', '2023-03-22'],
    ['Selasa, 21 Maret 2023 10:00 WIB', '2023-03-21T10:00+07:00'],
  ];
  assert.deepEqual(cases.map(([written]) => [written, parseDate(written)]), cases);
  assert.equal(parseDate('21 Märzen 2023'), null);
});

describe('LexisNexis Academic text downloads', () => {
  test('every document becomes an article with outlet, date, author and section; wrapped lines are re-joined', () => {
    const result = readNexis(text('academic-en.txt'), {});
    assert.deepEqual(result, {
      articles: [
        {
          title: 'Rice prices climb ahead of Lebaran',
          body:
            'Rice prices in traditional markets across Jakarta rose to Rp14,000 per kilogram this week, traders said, as demand climbs ahead of the Lebaran holiday.\n\n' +
            'The Trade Ministry said it would release 200,000 tonnes from the state logistics agency to keep prices in check until the end of April.',
          origin: 'academic-en.txt#1',
          publishedAt: '2023-03-21',
          author: 'Ayu Lestari',
          section: 'NATIONAL; Pg. 3',
          source: 'The Jakarta Post',
        },
        {
          title: 'Harga beras medium tembus Rp14.000 per kilogram',
          body:
            'Harga beras medium di pasar tradisional Jakarta naik menjadi Rp14.000 per kilogram menjelang Lebaran, kata para pedagang di Pasar Induk Cipinang.\n\n' +
            'Pemerintah berjanji menggelontorkan cadangan beras untuk menahan kenaikan harga hingga akhir April.',
          origin: 'academic-en.txt#2',
          publishedAt: '2023-03-22',
          author: 'Dimas Prasetyo',
          section: 'EKONOMI; Hlm. 17',
          source: 'Kompas',
        },
      ],
      // The third document has labels but no text: it alone fails, named by its position.
      problems: [{ path: 'academic-en.txt#3', reason: 'document has no body text ("Corrections")' }],
    } satisfies ReadResult);
  });

  test('German labels (AUTOR, RUBRIK, LÄNGE, UPDATE) and German dates are read the same way', () => {
    const result = readNexis(text('academic-de.txt'), {});
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.articles.map(({ body, ...meta }) => meta), [
      { title: 'Banjir rendam ratusan rumah di Kampung Melayu', origin: 'academic-de.txt#1', publishedAt: '2023-03-21', author: 'Rina Widiastuti', section: 'NASIONAL', source: 'Tempo' },
      { title: 'Harbour reopens after storm repairs', origin: 'academic-de.txt#2', publishedAt: '2023-03-22', author: 'James Whitfield', source: 'Port Herald' },
    ]);
    assert.deepEqual(result.articles[0]!.body.split('\n\n'), [
      'Hujan deras sejak Minggu malam merendam ratusan rumah di Kampung Melayu, Jakarta Timur, dengan ketinggian air mencapai satu meter.',
      'Warga mengungsi ke masjid terdekat sambil menunggu air surut, kata petugas pemadam kebakaran setempat.',
    ]);
    // The trailing labels and the copyright are no part of the text.
    assert.doesNotMatch(result.articles.map((a) => a.body).join('\n'), /SPRACHE|UPDATE|Copyright|PUBLIKATIONSTYP/);
  });

  test('a text file that is no download is read as plain text', () => {
    const result = readNexis({ path: 'x.txt', text: 'Judul berita\n\nIsi berita yang biasa saja tanpa penanda dokumen.' }, {});
    assert.deepEqual(result.articles.map((a) => a.title), ['Judul berita']);
  });
});

describe('Nexis Uni downloads', () => {
  test('DOCX: the cover page is no article; each document has its fields; one without text fails alone', async () => {
    const result = await readDocx({ path: 'uni.docx', bytes: await docx(UNI_EN) }, {});
    assert.deepEqual(result, {
      articles: [
        {
          title: 'Solar farm on Cirata reservoir opens',
          body:
            'The floating solar plant on the Cirata reservoir in West Java began full operation this week, with a capacity of 145 megawatts.\n\n' +
            'It is the largest floating solar plant in Southeast Asia, its operator said.',
          origin: 'uni.docx#1',
          publishedAt: '2024-02-01',
          author: 'Ayu Lestari',
          section: 'BUSINESS; Pg. 9',
          source: 'The Jakarta Post',
        },
        {
          title: 'Listrik surya untuk desa',
          body: 'Sebanyak 120 desa di Nusa Tenggara Timur akan mendapat listrik dari panel surya tahun ini, kata Kementerian ESDM.',
          origin: 'uni.docx#3',
          publishedAt: '2024-02-02',
          author: 'Dimas Prasetyo',
          section: 'EKONOMI',
          source: 'Kompas',
        },
      ],
      problems: [{ path: 'uni.docx#2', reason: 'document has no body text ("Panel surya terapung diresmikan")' }],
    } satisfies ReadResult);
  });

  test('RTF with German labels, \\\'xx and \\uN escapes, a picture and a cover page', async () => {
    const result = await readRtf({ path: 'uni-de.rtf', bytes: readFileSync(fixture('nexis', 'uni-de.rtf')) }, {});
    assert.deepEqual(result, {
      articles: [
        {
          title: 'Kereta cepat tambah jadwal akhir pekan',
          body:
            'Operator kereta cepat menambah enam perjalanan setiap akhir pekan mulai bulan depan, kata direktur “KCIC” pada Selasa.\n\n' +
            'Penumpang dapat memesan tiket melalui aplikasi sejak hari ini.',
          origin: 'uni-de.rtf#1',
          publishedAt: '2023-03-21',
          author: 'Sari Handayani',
          section: 'EKONOMI',
          source: 'Kabar Nusantara',
        },
        {
          title: 'Café owners fear rising rents',
          body: 'Owners of the harbour’s cafés say rents have doubled since the quay was rebuilt, and several plan to close by summer.\n\nThe council promised a review of its lease terms.',
          origin: 'uni-de.rtf#2',
          publishedAt: '2023-03-22',
          author: 'Emma Clarke',
          source: 'Port Herald',
        },
      ],
      problems: [],
    } satisfies ReadResult);
  });

  test('a Word document that is no download is one article; a damaged one is refused with a reason', async () => {
    const plain = await readDocx({ path: 'memo.docx', bytes: await docx(['Rapat redaksi', 'Rapat redaksi pekan depan membahas liputan banjir.']) }, {});
    assert.deepEqual(plain.articles.map((a) => [a.title, a.body.trim()]), [['Rapat redaksi', 'Rapat redaksi pekan depan membahas liputan banjir.']]);
    await assert.rejects(readDocx({ path: 'x.docx', bytes: Buffer.from('PK\u0003\u0004 not really') }, {}), { name: 'ReadError', message: /^(not a|damaged) Word document/ });
    await assert.rejects(readRtf({ path: 'x.rtf', bytes: Buffer.from('{\\rtf1 {{{') }, {}), { name: 'ReadError' });
  });
});

describe('recognising downloads by content', () => {
  test('a .txt download, a DOCX and an RTF without their extensions', async () => {
    const head = (b: Buffer): Buffer => b.subarray(0, 4096);
    assert.equal(sniffFormat('a.txt', head(readFileSync(fixture('nexis', 'academic-de.txt')))), 'nexis');
    assert.equal(sniffFormat('a', head(readFileSync(fixture('nexis', 'academic-en.txt')))), 'nexis');
    assert.equal(sniffFormat('a.txt', Buffer.from('Judul\n\nIsi berita.')), 'text');
    const word = await docx(UNI_EN);
    assert.equal(sniffFormat('a.docx', head(word)), 'docx');
    assert.equal(sniffFormat('download', head(word)), 'docx');
    assert.equal(sniffFormat('download', head(readFileSync(fixture('nexis', 'uni-de.rtf')))), 'rtf');
    assert.equal(sniffFormat('a.rtf', Buffer.from('{\\rtf1 x}')), 'rtf');
  });
});

describe('through the real CLI', () => {
  interface Summary {
    imported: number;
    skipped: number;
    failed: number;
    files: number;
    errors: { path: string; reason: string }[];
  }

  test('imports every format with per-document errors; re-importing adds nothing', { timeout: 120_000 }, async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'archive.db');
    const inbox = join(dir, 'nexis');
    mkdirSync(inbox);
    for (const name of ['academic-en.txt', 'academic-de.txt', 'uni-de.rtf']) copyFileSync(fixture('nexis', name), join(inbox, name));
    writeFileSync(join(inbox, 'uni.docx'), await docx(UNI_EN));
    // The same Word download without an extension is recognised by content: all its articles are known.
    writeFileSync(join(inbox, 'uni-copy'), await docx(UNI_EN));

    const run = await pantauJson<Summary>(['import', inbox, '--db', db]);
    assert.deepEqual([run.json.imported, run.json.skipped, run.json.files], [2 + 2 + 2 + 2, 2, 5], JSON.stringify(run.json));
    assert.deepEqual(run.json.errors.map((e) => [e.path, e.reason]).sort(), [
      [join(inbox, 'academic-en.txt#3'), 'document has no body text ("Corrections")'],
      [join(inbox, 'uni-copy#2'), 'document has no body text ("Panel surya terapung diresmikan")'],
      [join(inbox, 'uni.docx#2'), 'document has no body text ("Panel surya terapung diresmikan")'],
    ]);
    const again = await pantauJson<Summary>(['import', inbox, '--db', db]);
    assert.deepEqual([again.json.imported, again.json.skipped], [0, 10]);
  });
});

test('Nexis downloads fuzzed: random, truncated and mutated files fail alone and cleanly', { timeout: 120_000 }, async (t) => {
  const summary = await fuzzDownloads(tempDir(t), {
    'academic.txt': readFileSync(fixture('nexis', 'academic-en.txt')),
    'uni.rtf': readFileSync(fixture('nexis', 'uni-de.rtf')),
    'uni.docx': await docx(UNI_EN),
  }, 14);
  assert.ok(summary.imported > 0 && summary.failed > 0, `imported ${summary.imported}, failed ${summary.failed}`);
});
