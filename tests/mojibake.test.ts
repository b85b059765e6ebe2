import assert from 'node:assert/strict';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { repairMojibake } from '../electron/import/mojibake.js';
import { pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';

/** What a program reading UTF-8 bytes as Windows-1252 shows; bytes 1252 leaves undefined pass through as Latin-1 does. */
const as1252 = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => {
    const c = iconv.decode(Buffer.from([byte]), 'windows-1252');
    return c === '\uFFFD' ? String.fromCharCode(byte) : c;
  }).join('');
const asLatin1 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

const LATIN = 'Jóhann Viðar Ívarsson tiba di São Paulo bersama Anna Müller.';
const TYPOGRAPHY = '“Kami datang untuk belajar,” kata Ívarsson – harga tiket €5… katanya.';
const ARABIC = 'اجتمع وزراء خارجية دول الخليج في الدوحة يوم الاثنين.';
const CJK = '日本と中国の経済団体は東京で協議した。中国代表团表示，双方将加强合作。';

describe('repairMojibake: double-encoded text is restored', () => {
  test('Latin names read as Windows-1252', () => {
    assert.equal(as1252(LATIN), 'JÃ³hann ViÃ°ar Ã\u008dvarsson tiba di SÃ£o Paulo bersama Anna MÃ¼ller.');
    assert.equal(repairMojibake(as1252(LATIN)), LATIN);
  });

  test('Latin names read as Latin-1 (C1 controls)', () => {
    assert.equal(repairMojibake(asLatin1(LATIN)), LATIN);
  });

  test('Windows-1252 typography that was UTF-8: â€œ, â€“, â€¦, â‚¬', () => {
    assert.equal(repairMojibake(as1252(TYPOGRAPHY)), TYPOGRAPHY);
    assert.equal(repairMojibake(asLatin1(TYPOGRAPHY)), TYPOGRAPHY);
  });

  test('Arabic script, where nearly every letter leaves a C1 control', () => {
    assert.match(asLatin1(ARABIC), /^Ø\u00a7Ø¬Ø\u00aaÙ\u0085Ø¹/);
    assert.equal(repairMojibake(asLatin1(ARABIC)), ARABIC);
    assert.equal(repairMojibake(as1252(ARABIC)), ARABIC);
  });

  test('CJK script', () => {
    assert.equal(repairMojibake(as1252(CJK)), CJK);
    assert.equal(repairMojibake(asLatin1(CJK)), CJK);
  });

  test('Greek, Cyrillic and Vietnamese letters alone or inside words', () => {
    for (const text of ['Αθήνα ή Θεσσαλονίκη', 'В Москве и в Киеве', 'Nguyễn Phú Trọng, Hà Nội, Đỗ Mười']) {
      assert.equal(repairMojibake(as1252(text)), text, text);
    }
  });

  test('text double-encoded twice is repaired in one call', () => {
    const twice = as1252(as1252(`${LATIN} ${ARABIC}`));
    assert.match(twice, /JÃƒÂ³hann/);
    assert.equal(repairMojibake(twice), `${LATIN} ${ARABIC}`);
  });

  test('only the broken run changes in a sentence that also holds clean accented text', () => {
    assert.equal(repairMojibake('Pemilik café itu, JÃ³hann, naïve soal harga.'), 'Pemilik café itu, Jóhann, naïve soal harga.');
  });

  test('stray C1 controls are read as the Windows-1252 characters they were meant to be', () => {
    assert.equal(repairMojibake('\u0093Harga naik\u0094 \u0096 kata pedagang\u0085'), '“Harga naik” – kata pedagang…');
  });
});

describe('repairMojibake: text that only looks suspicious stays as written', () => {
  const unchanged = [
    'Menu itu mencetak "Ã la carte" alih-alih "à la carte".',
    '“Quotes”, ‘single’, – dashes — and … ellipsis cost € 5 (£4, ¥700).',
    'A naïve café owner; Pemilik café mengaku naïve.',
    'His “CAFÉ” sign, NESCAFÉ™ mugs, JOSÉ’s menu, «ÉTÉ», a café…” and Straße’s end.',
    'Þórður Guðjohnsen, Ísland—São Paulo, AÇÃO, Øresund, Ðakovo, Größe, Ñandú, x² 5° ±3 ½ µg §12.',
    'Tiếng Việt: Hà Nội, Hồ Chí Minh, Đà Nẵng.',
    'Plain ASCII news text with nothing to repair.',
  ];
  for (const text of unchanged) {
    test(text, () => assert.equal(repairMojibake(text), text));
  }
});

interface Summary {
  imported: number;
  failed: number;
  errors: { path: string; reason: string }[];
  warnings: { path: string; reason: string }[];
}

interface Article {
  title: string;
  author: string | null;
  source: string | null;
  origin: string;
  paragraphs: { text: string }[];
}

const REPAIRED = 'repaired double-encoded text';

test('import through the CLI: double-encoded files are read, repaired and named once in the warnings', async (t) => {
  const dir = tempDir(t);
  // A copy, so the paths in the summary are the temp folder's and nothing else is imported.
  for (const name of readdirSync(fixture('mojibake'))) copyFileSync(fixture('mojibake', name), join(dir, name));
  const db = join(dir, 'archive.db');

  const run = await pantauJson<Summary>(['import', dir, '--db', db]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(run.json.errors, []);
  assert.equal(run.json.failed, 0);
  assert.equal(run.json.imported, 9);
  assert.deepEqual(
    run.json.warnings.filter((w) => w.reason === REPAIRED).map((w) => w.path).sort(),
    ['arab-latin1.txt', 'campuran.csv', 'cjk-1252.txt', 'nama-latin.txt'].map((name) => join(dir, name)),
  );
  for (const clean of ['a-la-carte.txt', 'naive-cafe.txt', 'tipografi-1252.txt']) {
    assert.ok(!run.json.warnings.some((w) => w.path.startsWith(join(dir, clean))), clean);
  }

  const articles = new Map<string, Article>();
  for (let id = 1; id <= run.json.imported; id++) {
    const { json } = await pantauJson<Article>(['article', String(id), '--db', db]);
    articles.set(json.origin.slice(dir.length + 1), json);
  }
  const text = (origin: string): string => articles.get(origin)!.paragraphs.map((p) => p.text).join('\n\n');

  const latin = articles.get('nama-latin.txt')!;
  assert.equal(latin.title, 'Pelatih Islandia Jóhann Viðar Ívarsson tiba di São Paulo');
  assert.equal(latin.author, 'Anna Müller');
  assert.equal(
    text('nama-latin.txt'),
    'Pelatih asal Islandia, Jóhann Viðar Ívarsson, tiba di São Paulo pada Senin untuk memimpin pemusatan latihan tim nasional selama dua pekan.\n\n' +
      '“Kami datang untuk belajar,” kata Ívarsson kepada wartawan – didampingi analis asal Jerman, Anna Müller.\n\n' +
      'Latihan terbuka berlangsung hingga Jumat… dan tiket uji coba dijual seharga €5.',
  );

  assert.equal(articles.get('arab-latin1.txt')!.title, 'قمة وزراء الخليج في الدوحة');
  assert.equal(
    text('arab-latin1.txt'),
    'اجتمع وزراء خارجية دول الخليج في الدوحة يوم الاثنين لبحث أمن الملاحة في البحر الأحمر.\n\n' +
      'وقال البيان الختامي إن الوزراء اتفقوا على تعزيز التعاون الاقتصادي والتجاري بين دول المنطقة.\n\n' +
      'Gulf foreign ministers met in Doha on Monday to discuss shipping security in the Red Sea.',
  );

  assert.equal(articles.get('cjk-1252.txt')!.title, '東京で日中経済フォーラム開催');
  assert.match(text('cjk-1252.txt'), /^日本と中国の経済団体は月曜日、東京で年次フォーラムを開き、貿易と投資の拡大について協議した。\n\n中国代表团团长表示，双方将在新能源和数字经济领域加强合作。\n\n/);

  // The one double-encoded row is repaired, the clean rows of the same file are as they were.
  const rows = [...articles.entries()].filter(([origin]) => origin.startsWith('campuran.csv')).map(([, a]) => [a.title, a.author]);
  assert.deepEqual(rows.sort(), [
    ['Banjir rob di Muara Baru', 'Budi'],
    ['Harga kopi di Menteng naik', 'Rina'],
    ['Müller memimpin tim riset di São Paulo', 'Jóhann Viðar Ívarsson'],
  ]);

  assert.match(text('a-la-carte.txt'), /mencetak "à la carte" sebagai "Ã la carte", dan/);
  assert.equal(articles.get('naive-cafe.txt')!.title, 'A naïve café owner in Menteng');
  assert.match(text('naive-cafe.txt'), /his “CAFÉ” sign and NESCAFÉ™ mugs stay\./);
  assert.equal(articles.get('tipografi-1252.txt')!.title, 'Harga tiket konser naik jadi € 5');
  assert.equal(text('tipografi-1252.txt'), '“Kami tidak naïve,” kata promotor – harga € 5 itu wajar… begitu katanya.\n\n“We are not naïve,” the promoter said – € 5 is a fair price…');
});
