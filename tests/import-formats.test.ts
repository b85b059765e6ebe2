import assert from 'node:assert/strict';
import { once } from 'node:events';
import { copyFileSync, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import yazl from 'yazl';
import { pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';

/*
 * End to end: the real `pantau` command, run as a child process against a fresh archive, importing
 * real files of every supported format as a user would hand them over (folders, zips, bad files).
 * Expected values are read off the fixtures by hand, never taken from the program's output.
 */

interface FileError {
  path: string;
  reason: string;
}
interface Summary {
  imported: number;
  skipped: number;
  failed: number;
  files: number;
  errors: FileError[];
  status: string;
}
interface Paragraph {
  text: string;
}
interface Article {
  id: number;
  title: string;
  source: string | null;
  publishedAt: string | null;
  author: string | null;
  origin: string;
  paragraphs: Paragraph[];
}
interface Search {
  total: number;
  results: { id: number; title: string; source: string | null; publishedAt: string | null }[];
}
interface Stats {
  articles: number;
  languages: Record<string, number>;
}

/** Copies fixtures into `dir`, keeping the part of the path after `fixtures/`. */
function copyFixtures(dir: string, files: string[]): void {
  for (const f of files) {
    const to = join(dir, f);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(fixture(f), to);
  }
}

async function makeZip(path: string, entries: Array<[name: string, content: Buffer | string | null]>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of entries) {
    if (content === null) zip.addEmptyDirectory(name);
    else zip.addBuffer(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, name);
  }
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  zip.end();
  await once(out, 'close');
  return path;
}

/** The one search hit for `words`; fails when they match none or several. */
async function searchOne(db: string, words: string[]): Promise<Search['results'][number]> {
  const s = await pantauJson<Search>(['search', ...words, '--db', db]);
  assert.equal(s.code, 0, `search ${words.join(' ')}: ${JSON.stringify(s.json)} ${s.stderr}`);
  assert.equal(s.json.total, 1, `search ${words.join(' ')}: ${JSON.stringify(s.json.results.map((r) => r.title))}`);
  return s.json.results[0]!;
}

/** The one article a search finds, as `pantau article` shows it. */
async function findOne(db: string, words: string[]): Promise<Article> {
  const hit = await searchOne(db, words);
  const a = await pantauJson<Article>(['article', String(hit.id), '--db', db]);
  assert.equal(a.code, 0, `article ${hit.id}: ${JSON.stringify(a.json)} ${a.stderr}`);
  assert.equal(a.json.id, hit.id);
  return a.json;
}

const byPath = (errors: FileError[]): FileError[] => [...errors].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000050001', 'hex');

/** Files of every format that hold articles. Some hold a bad item too; those are listed in GOOD_ITEM_PROBLEMS. */
const GOOD_FIXTURES: Array<[file: string, articles: number]> = [
  ['text/banjir-jakarta.txt', 1],
  ['text/harbour-reopens.txt', 1],
  ['text/upah-crlf.txt', 1],
  ['markdown/pemilu.md', 1],
  ['markdown/solar-farm.md', 1],
  ['html/id-news-graph.html', 1],
  ['html/en-meta-only.html', 1],
  ['html/broken-jsonld.html', 1], // broken JSON-LD, but the page itself is fine
  ['json/single.json', 1],
  ['json/wrapper.json', 2],
  ['json/wp-posts.json', 2], // + item 3 with empty title and content
  ['json/articles.jsonl', 2], // + line 2, not closed
  ['csv/berita-id.csv', 3], // `;`-separated, a quoted multi-line cell
  ['csv/news-en.csv', 2],
  ['csv/no-header.csv', 2],
  ['csv/odd-headers.csv', 2],
  ['csv/ambiguous-dates.csv', 2],
  ['feeds/rss2-id.xml', 3], // + item 3 with neither title nor text
  ['feeds/atom-en.xml', 3],
  ['feeds/rdf-id.rdf', 2],
];

test('a folder of every format imports every article with its title, outlet and date', async (t) => {
  const dir = tempDir(t);
  const tree = join(dir, 'berita');
  copyFixtures(tree, GOOD_FIXTURES.map(([f]) => f));
  const db = join(dir, 'archive.db');

  const run = await pantauJson<Summary>(['import', tree, '--db', db]);
  const expected = GOOD_FIXTURES.reduce((n, [, count]) => n + count, 0);
  assert.equal(expected, 34);
  assert.equal(run.json.imported, expected);
  assert.equal(run.json.files, GOOD_FIXTURES.length);
  assert.equal(run.json.skipped, 0);
  // Bad items inside otherwise good files: reported one by one, the file's other articles kept.
  const itemErrors = byPath(run.json.errors);
  assert.deepEqual(itemErrors.map((e) => e.path), [join(tree, 'feeds/rss2-id.xml#3'), join(tree, 'json/articles.jsonl#2'), join(tree, 'json/wp-posts.json#3')]);
  assert.equal(itemErrors[0]!.reason, 'item has no title or text');
  assert.match(itemErrors[1]!.reason, /^malformed JSON at column 48: ./); // V8 words the rest
  assert.equal(itemErrors[2]!.reason, 'item has neither title nor body');
  assert.equal(run.json.failed, 3);
  assert.equal(run.code, 1);

  // Files that need the user to say how to read them, in runs of their own.
  const usDates = await pantauJson<Summary>(['import', fixture('mixed', 'us-dates.csv'), '--date-format', 'MDY', '--db', db]);
  assert.equal(usDates.code, 0, JSON.stringify(usDates.json));
  assert.deepEqual([usDates.json.imported, usDates.json.failed], [2, 0]);
  const mapped = await pantauJson<Summary>(['import', fixture('mixed', 'custom-keys.json'), '--map', 'title=kepala,body=naskah,date=terbit,source=penerbit', '--db', db]);
  assert.equal(mapped.code, 0, JSON.stringify(mapped.json));
  assert.deepEqual([mapped.json.imported, mapped.json.failed], [2, 0]);

  const stats = await pantauJson<Stats>(['stats', '--db', db]);
  assert.equal(stats.code, 0);
  assert.equal(stats.json.articles, expected + 4);
  assert.ok((stats.json.languages['id'] ?? 0) > 0, JSON.stringify(stats.json.languages));
  assert.ok((stats.json.languages['en'] ?? 0) > 0, JSON.stringify(stats.json.languages));

  // One article per format, found by a word only it contains, read back with `pantau article`.
  // An article with a URL belongs to the URL's registrable domain; without one, to the outlet the file names.
  const cases: Array<{ words: string[]; file: string; title: string; source: string | null; publishedAt: string | null }> = [
    { words: ['breakwater'], file: 'text/harbour-reopens.txt', title: 'Harbour Reopens After Storm Damage Repairs', source: 'example.com', publishedAt: '2024-05-14' },
    { words: ['rekapitulasi'], file: 'markdown/pemilu.md', title: 'Hitung Cepat Pemilu Selesai Lebih Awal', source: 'example.id', publishedAt: '2024-02-15' },
    { words: ['Hendra', 'Saputra'], file: 'html/id-news-graph.html', title: 'Pemkot Bandarjaya Tambah 40 Bus Listrik untuk Koridor Baru', source: 'kabarpagi.example', publishedAt: '2024-03-05T14:30:00+07:00' },
    { words: ['negotiations'], file: 'json/single.json', title: 'Regional airport adds direct flights to Singapore', source: 'northernpost.example', publishedAt: '2025-04-02T10:15:00+07:00' },
    { words: ['Sukabumi'], file: 'json/articles.jsonl#1', title: 'Gempa magnitudo 5,1 guncang Sukabumi', source: 'Kabar Kota', publishedAt: '2023-12-10T02:14+07:00' },
    { words: ['Kramat'], file: 'csv/berita-id.csv#2', title: 'Harga cabai rawit di Pasar Kramat Jati naik dua kali lipat', source: 'kabarkota.id', publishedAt: '2023-03-21' },
    { words: ['sentra'], file: 'feeds/rss2-id.xml#1', title: 'Harga Cabai Rawit Turun Jelang Ramadhan', source: 'kabarpagi.example', publishedAt: '2024-03-05T14:30:00+07:00' },
    { words: ['Elm'], file: 'feeds/atom-en.xml#2', title: 'School Bus Routes Change After Bridge Closure', source: 'riverdaletribune.example', publishedAt: '2023-11-13T16:20:00-05:00' },
    { words: ['memamerkan'], file: 'feeds/rdf-id.rdf#2', title: 'Festival Panen Raya Digelar di Alun-alun', source: 'suaralembah.example', publishedAt: '2024-02-17' },
    // Needed --date-format MDY: 04/05/2024 would otherwise be 4 May.
    { words: ['drainage'], file: '', title: 'Harbor tunnel closes for weekend repairs', source: 'Bayside Courier', publishedAt: '2024-04-05' },
    // Needed --map: none of its keys is a known field name.
    { words: ['Tanjung', 'Emas'], file: '', title: 'Dermaga baru Pelabuhan Tanjung Emas mulai beroperasi', source: 'Warta Pantura', publishedAt: '2024-06-10T08:00:00+07:00' },
  ];
  // More variants of the same formats, checked on the search hit alone to keep the test quick.
  const variants: Array<{ words: string[]; title: string; source: string | null; publishedAt: string | null }> = [
    { words: ['serikat', 'pekerja'], title: 'Pemerintah Umumkan Kenaikan Upah Minimum', source: 'Warta Nusantara', publishedAt: null }, // CRLF, "Sumber:" line
    { words: ['Okafor'], title: 'Council Approves $12 Million Flood Barrier for Riverside District', source: 'riverdaletribune.example', publishedAt: '2023-11-14T09:15:00Z' }, // no og:/JSON-LD
    { words: ['reservoir'], title: 'Reservoir levels fall to five-year low', source: 'valleytimes.example', publishedAt: '2023-11-17T16:00:00Z' }, // news API envelope
    { words: ['dock', 'workers'], title: 'Port strike enters third day', source: 'Coastal Herald', publishedAt: '2025-10-03T08:15' }, // month-first, inferred from 10/21
    { words: ['Manggarai'], title: 'Stasiun Manggarai tutup sementara peron 6', source: null, publishedAt: '2024-04-03' }, // day-first by default
  ];
  const [found, hits] = await Promise.all([
    Promise.all(cases.map((c) => findOne(db, c.words))),
    Promise.all(variants.map((v) => searchOne(db, v.words))),
  ]);
  for (const [i, c] of cases.entries()) {
    const a = found[i]!;
    assert.deepEqual({ title: a.title, source: a.source, publishedAt: a.publishedAt }, { title: c.title, source: c.source, publishedAt: c.publishedAt }, c.words.join(' '));
    if (c.file) assert.equal(a.origin, join(tree, c.file));
    assert.ok(a.paragraphs.length > 0);
  }
  for (const [i, v] of variants.entries()) {
    const h = hits[i]!;
    assert.deepEqual({ title: h.title, source: h.source, publishedAt: h.publishedAt }, { title: v.title, source: v.source, publishedAt: v.publishedAt }, v.words.join(' '));
  }
  const mappedArticle = found[found.length - 1]!;
  assert.deepEqual(mappedArticle.paragraphs.map((p) => p.text), [
    'Dermaga baru di Pelabuhan Tanjung Emas, Semarang, mulai melayani kapal peti kemas pada Senin pagi.',
    'Pengelola pelabuhan menyebut kapasitas bongkar muat naik sepertiga setelah dermaga sepanjang 300 meter itu rampung.',
  ]);

  // The same folder again: nothing new, nothing doubled.
  const again = await pantauJson<Summary>(['import', tree, '--db', db]);
  assert.deepEqual([again.json.imported, again.json.skipped], [0, expected]);
});

test('a zip of nested folders imports every article inside and skips macOS and Windows clutter silently', async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'archive.db');
  const read = (f: string): Buffer => readFileSync(fixture(f));
  const zipPath = await makeZip(join(dir, 'kiriman redaksi.zip'), [
    ['export/', null],
    ['export/2024/', null],
    ['export/2024/teks/harbour-reopens.txt', read('text/harbour-reopens.txt')], // 1
    ['export/2024/feeds/atom-en.xml', read('feeds/atom-en.xml')], // 3
    ['export/json/single.json', read('json/single.json')], // 1
    ['export/csv/berita-id.csv', read('csv/berita-id.csv')], // 3
    ['export/markdown/pemilu.md', read('markdown/pemilu.md')], // 1
    ['export/html/id-news-graph.html', read('html/id-news-graph.html')], // 1
    ['export/2024/rusak/broken.json', read('json/malformed.json')],
    ['export/img/foto.png', PNG],
    ['__MACOSX/', null],
    ['__MACOSX/export/2024/teks/._harbour-reopens.txt', Buffer.concat([Buffer.from('0005160700020000', 'hex'), Buffer.alloc(64)])],
    ['__MACOSX/export/2024/teks/notes.txt', 'Catatan rahasia Finder\n\nTeks ini tidak boleh masuk arsip karena berada di dalam __MACOSX.'],
    ['.DS_Store', Buffer.concat([Buffer.from('0000000142756431', 'hex'), Buffer.alloc(64)])],
    ['export/2024/.DS_Store', Buffer.concat([Buffer.from('0000000142756431', 'hex'), Buffer.alloc(64)])],
    ['export/Thumbs.db', PNG],
  ]);

  const run = await pantauJson<Summary>(['import', zipPath, '--db', db]);
  assert.equal(run.json.imported, 10);
  assert.equal(run.json.files, 1);
  const zipErrors = byPath(run.json.errors);
  assert.deepEqual(zipErrors.map((e) => e.path), [`${zipPath}!export/2024/rusak/broken.json`, `${zipPath}!export/img/foto.png`]);
  assert.match(zipErrors[0]!.reason, /^malformed JSON at line 5 column 3: ./);
  assert.equal(zipErrors[1]!.reason, 'unsupported file type');
  assert.equal(run.json.failed, 2);
  assert.equal(run.code, 1);

  const stats = await pantauJson<Stats>(['stats', '--db', db]);
  assert.equal(stats.json.articles, 10);
  const [atom, csv, hidden] = await Promise.all([
    findOne(db, ['Elm']),
    findOne(db, ['Muara', 'Baru']),
    pantauJson<Search>(['search', 'Finder', '--db', db]),
  ]);
  assert.equal(atom.origin, `${zipPath}!export/2024/feeds/atom-en.xml#2`);
  assert.equal(atom.title, 'School Bus Routes Change After Bridge Closure');
  assert.equal(csv.origin, `${zipPath}!export/csv/berita-id.csv#3`);
  assert.equal(csv.publishedAt, '2023-03-20');
  assert.equal(hidden.json.total, 0);
});

test('every kind of bad file is reported with its path and reason in one run; the good file still goes in', async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'archive.db');
  const inbox = join(dir, 'inbox');
  mkdirSync(inbox);
  const put = (name: string, content: Buffer | string): string => {
    writeFileSync(join(inbox, name), content);
    return join(inbox, name);
  };

  const good = put('good.txt', 'Harga Beras Turun di Pasar Induk\n\nHarga beras medium turun dua ribu rupiah per kilogram di Pasar Induk Cipinang pada pekan ini, kata pedagang.');
  // A real zip of articles, cut in half: its central directory is gone.
  const whole = await makeZip(join(dir, 'whole.zip'), [
    ['a.txt', readFileSync(fixture('text/harbour-reopens.txt'))],
    ['b.txt', readFileSync(fixture('text/banjir-jakarta.txt'))],
  ]);
  const wholeBytes = readFileSync(whole);
  // A zip bomb: 30 MB of zeros squeezed into ~30 KB, a ratio near 1000 against the limit of 200.
  const bombSource = await makeZip(join(dir, 'bomb-source.zip'), [['zeros.txt', Buffer.alloc(30 * 1024 * 1024)]]);

  const bad: Record<string, RegExp> = {
    [put('scan.txt', PNG)]: /^binary file \(looks like PNG\)$/,
    [put('photo.png', PNG)]: /^unsupported file type$/,
    [put('cut.zip', wholeBytes.subarray(0, Math.floor(wholeBytes.length / 2)))]: /^corrupt or truncated zip: /,
    [put('empty-page.html', '<html><head><title></title><body><div><span></div></p><script>var x = "<p>teks</p>";</script><style>p{}</style></span>')]: /^no article text found$/,
    [put('feed.xml', readFileSync(fixture('feeds/malformed.xml')))]: /^malformed XML at line 12: .*closing tag/,
    [put('data.json', readFileSync(fixture('json/malformed.json')))]: /^malformed JSON at line 5 column 3: /,
    // Nothing in the file can be read, so the broken quote fails the whole file.
    [put('table.csv', '"judul,isi,tanggal\n')]: /^malformed CSV at row 1 \(line 1\): Quoted field unterminated$/,
    [put('klingon.html', '<!DOCTYPE html><html><head><meta charset="x-klingon"><title>Berita</title></head><body><p>Kabar dari Qo\'noS hari ini cukup panjang untuk menjadi sebuah artikel berita.</p></body></html>')]: /^unknown encoding "x-klingon"$/,
    // The limit is shown as the user gave it, not rounded down to "0 MB".
    [put('big.txt', `Arsip Besar\n\n${'Kalimat panjang yang diulang untuk membuat berkas besar. '.repeat(900)}`)]: /^file is larger than the limit of 0\.04 MB \(use --max-file-size\)$/,
    [put('bomb.zip', readFileSync(bombSource))]: /^zip bomb suspected: "zeros.txt" expands more than 200 times$/,
  };
  const sizeOf = (p: string): number => readFileSync(p).length;
  assert.ok(sizeOf(join(inbox, 'big.txt')) > 50_000);
  // Everything else is under the 0.04 MB (41,943 bytes) limit, so only big.txt trips it.
  assert.ok(sizeOf(join(inbox, 'bomb.zip')) < 40_000, `bomb is ${sizeOf(join(inbox, 'bomb.zip'))} bytes`);

  const run = await pantauJson<Summary>(['import', inbox, '--max-file-size', '0.04', '--db', db]);
  assert.equal(run.code, 1);
  assert.equal(run.json.status, 'done');
  assert.equal(run.json.imported, 1);
  assert.equal(run.json.files, Object.keys(bad).length + 1);
  assert.equal(run.json.failed, Object.keys(bad).length);
  assert.deepEqual(run.json.errors.map((e) => e.path).sort(), Object.keys(bad).sort());
  for (const e of run.json.errors) assert.match(e.reason, bad[e.path]!, e.path);

  const article = await findOne(db, ['Cipinang']);
  assert.equal(article.origin, good);
  assert.equal(article.title, 'Harga Beras Turun di Pasar Induk');
  const stats = await pantauJson<Stats>(['stats', '--db', db]);
  assert.equal(stats.json.articles, 1);

  const check = await pantauJson<{ ok: boolean; problems: string[] }>(['check', '--db', db]);
  assert.equal(check.code, 0);
  assert.deepEqual(check.json, { ok: true, problems: [] });
});

test('hidden and system files in a folder are skipped silently', async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'archive.db');
  const folder = join(dir, 'unduhan');
  mkdirSync(join(folder, '.git', 'refs'), { recursive: true });
  mkdirSync(join(folder, 'sub'));
  const article = (title: string): string => `${title}\n\nWarga di kawasan Kemang mengeluhkan genangan air setelah hujan deras mengguyur Jakarta Selatan sejak sore.`;
  writeFileSync(join(folder, 'sub', 'kemang.txt'), article('Genangan Air di Kemang'));
  writeFileSync(join(folder, '.DS_Store'), Buffer.concat([Buffer.from('0000000142756431', 'hex'), Buffer.alloc(64)]));
  writeFileSync(join(folder, 'sub', 'Thumbs.db'), PNG);
  writeFileSync(join(folder, '.hidden.txt'), 'Berkas Tersembunyi Rahasia\n\nIsi berkas tersembunyi ini tidak boleh masuk ke arsip karena namanya diawali titik.');
  writeFileSync(join(folder, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(folder, '.git', 'refs', 'catatan.txt'), 'Catatan Repositori Git\n\nCatatan di dalam folder git ini juga tidak boleh masuk ke arsip berita.');

  const run = await pantauJson<Summary>(['import', folder, '--db', db]);
  assert.equal(run.code, 0);
  assert.deepEqual({ imported: run.json.imported, failed: run.json.failed, errors: run.json.errors, files: run.json.files }, { imported: 1, failed: 0, errors: [], files: 1 });
  const [hidden, git] = await Promise.all([
    pantauJson<Search>(['search', 'tersembunyi', '--db', db]),
    pantauJson<Search>(['search', 'repositori', '--db', db]),
  ]);
  assert.equal(hidden.json.total, 0);
  assert.equal(git.json.total, 0);
});

test('text in UTF-8, UTF-16 and single-byte code pages comes back with its accents intact', async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'archive.db');
  const files = ['utf8.txt', 'utf8-bom.txt', 'utf16le-bom.txt', 'utf16be.txt', 'windows-1252.txt', 'iso-8859-2.txt', 'declared-iso-8859-1.html'];
  const run = await pantauJson<Summary>(['import', ...files.map((f) => fixture('encodings', f)), '--db', db]);
  assert.equal(run.code, 0, JSON.stringify(run.json.errors));
  // The four Unicode files hold the same article: once decoded right, three are duplicates of the first.
  assert.deepEqual([run.json.imported, run.json.skipped, run.json.failed], [4, 3, 0]);

  const [unicode, cp1252, latin2, declared] = await Promise.all([
    findOne(db, ['Menteng']),
    findOne(db, ['wartawan']),
    findOne(db, ['wisniewski', 'dvorak']),
    findOne(db, ['kini']),
  ]);
  assert.equal(unicode.origin, fixture('encodings', 'utf8.txt'));
  assert.equal(unicode.title, 'Kafe kecil di Menteng naik daun');
  assert.deepEqual(unicode.paragraphs.map((p) => p.text), [
    'Pemilik café kecil di Menteng, Gérard Lefèvre asal Réunion, mengatakan harga kopi naik 12 persen bulan ini. Ia menolak disebut naïve soal inflasi.',
    'The owner of a small café in Menteng, Gérard Lefèvre from Réunion, said coffee prices rose 12 percent this month.',
  ]);
  assert.equal(cp1252.title, 'Harga tiket konser di café Réunion naik jadi €25');
  assert.deepEqual(cp1252.paragraphs.map((p) => p.text), [
    '“Kami tidak naïve,” kata Gérard Lefèvre. ‘Harga €25 itu wajar’ — begitu katanya kepada wartawan.',
    '“We are not naïve,” said Gérard Lefèvre, adding that €25 was a fair price.',
  ]);
  assert.equal(latin2.title, 'Delegasi Eropa Tengah tiba di Jakarta');
  assert.deepEqual(latin2.paragraphs.map((p) => p.text), [
    'Delegasi yang dipimpin Łukasz Wiśniewski dan Žofie Šťastná tiba di Jakarta pada hari Senin. Rozmowy z Małgorzatą Żółkowską dotyczyły współpracy gospodarczej. Zástupce Antonín Dvořák řekl, že spolupráce s Indonésií je důležitá.',
    'The delegation led by Łukasz Wiśniewski and Žofie Šťastná arrived in Jakarta on Monday.',
  ]);
  // Declared ISO-8859-1, read as its Windows-1252 superset: the 0x80 byte is a euro sign, 0x93/0x94 curly quotes.
  assert.equal(declared.title, 'Café Réunion');
  assert.deepEqual(declared.paragraphs.map((p) => p.text), ['“Kopi di café Réunion kini €3,” kata Gérard.']);

  // Accent-insensitive search finds the accented word either way it is typed.
  const [plain, accented] = await Promise.all([
    pantauJson<Search>(['search', 'lefevre', '--db', db]),
    pantauJson<Search>(['search', 'Lefèvre', '--db', db]),
  ]);
  assert.deepEqual([plain.json.total, accented.json.total], [2, 2]);
});
