import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { normaliseParagraph, wordCount } from '../electron/analysis/duplicates/normalise.js';
import { paragraphSignature, shingleSet, similarity } from '../electron/analysis/duplicates/signature.js';
import { paragraphHash } from '../electron/import/hash.js';
import { fixture } from './helpers.js';
import { prng } from './prng.js';

/*
 * The duplicate finder's paragraph signatures (DESIGN §8): what counts as the same paragraph, band
 * keys that stay the same across versions and machines, and what real edits do to similarity and
 * to the LSH lookup that proposes candidates.
 */

const sim = (a: string, b: string): number => similarity(shingleSet(a), shingleSet(b));
const bandKeys = (text: string): number[] | null => paragraphSignature(text).keys;
const openingKey = (text: string): number | null => paragraphSignature(text).opening;
/** The finder looks every key of a paragraph up in one table: any key in common makes a candidate. */
const sharesKey = (a: string, b: string): boolean => {
  const ka = bandKeys(a);
  const kb = bandKeys(b);
  assert.ok(ka && kb, 'both paragraphs are long enough to take part');
  return ka.some((k) => kb.includes(k));
};

describe('normalisation', () => {
  const forms: [string, string[]][] = [
    [
      'Presiden Joko Widodo meresmikan bendungan baru di Cianjur.',
      [
        'PRESIDEN JOKO WIDODO MERESMIKAN BENDUNGAN BARU DI CIANJUR',
        'presiden joko widodo   meresmikan\tbendungan\nbaru di Cianjur!!!',
        '  Presiden Joko Widodo, meresmikan bendungan baru — di Cianjur…  ',
        'Presiden\u00a0Joko Widodo meresmikan bendungan baru di\u2003Cianjur.',
      ],
    ],
    [
      '"Kami siap," kata Menteri Keuangan di depan anggota DPR.',
      ['“Kami siap,” kata Menteri Keuangan di depan anggota DPR.', '«Kami siap», kata Menteri Keuangan di depan anggota DPR', "'KAMI SIAP', KATA MENTERI KEUANGAN DI DEPAN ANGGOTA DPR."],
    ],
    [
      'The cafe in Sao Paulo served creme brulee to the delegates.',
      ['The café in São Paulo served crème brûlée to the delegates.', 'THE CAFÉ IN SÃO PAULO SERVED CRÈME BRÛLÉE TO THE DELEGATES', 'The cafe\u0301 in Sa\u0303o Paulo served cre\u0300me bru\u0302le\u0301e to the delegates.'],
    ],
    ['Ekonomi tumbuh 5 persen pada kuartal pertama', ['Ekonomi tumbuh ５ persen pada kuartal pertama', 'Ekonomi tumbuh 5 persen pada kuartal pertama.']],
  ];

  test('case, accents, punctuation and runs of blanks give one normalised form and one hash', () => {
    for (const [plain, variants] of forms) {
      const want = normaliseParagraph(plain);
      assert.match(want, /^[\p{Ll}\p{N}]+( [\p{Ll}\p{N}]+)*$/u, 'lower-case words separated by single spaces');
      for (const v of variants) {
        assert.equal(normaliseParagraph(v), want, v);
        assert.equal(paragraphHash(v), paragraphHash(plain), v);
      }
    }
    assert.equal(normaliseParagraph('The café in São Paulo'), 'the cafe in sao paulo');
    assert.equal(normaliseParagraph('  …  '), '');
    assert.equal(wordCount(''), 0);
    assert.equal(wordCount(normaliseParagraph('  Presiden,  Joko—Widodo! ')), 3);
  });

  test('ASCII text, read in one pass: lower case, each run of other characters one space, none at the ends', () => {
    const random = prng(5);
    const ascii = (length: number): string => String.fromCharCode(...Array.from({ length }, () => Math.floor(random() * 128)));
    const texts = ['', ' ', 'A', '  Kata  PRESIDEN, 2024!! ', '\x00Ab\x7f9\n', ...Array.from({ length: 2000 }, () => ascii(Math.floor(random() * 300)))];
    // Longer than any text before: the scratch space grows.
    texts.push(ascii(100_000));
    for (const text of texts) assert.equal(normaliseParagraph(text), text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim(), JSON.stringify(text.slice(0, 80)));
    // One character past ASCII takes the Unicode path, for the whole text.
    assert.equal(normaliseParagraph(`${'X'.repeat(5000)}é`), `${'x'.repeat(5000)}e`);
  });

  test('variants of one sentence share all their band keys', () => {
    for (const [plain, variants] of forms) {
      for (const v of variants) assert.deepEqual(bandKeys(v), bandKeys(plain), v);
    }
  });

  test('a different word or number is a different paragraph', () => {
    const base = '"Kami siap," kata Menteri Keuangan di depan anggota DPR.';
    for (const other of [
      '"Kami siap," ujar Menteri Keuangan di depan anggota DPR.',
      '"Kami siap," kata Menteri Keuangan di depan anggota MPR.',
      '"Kami tidak siap," kata Menteri Keuangan di depan anggota DPR.',
      '"Kami siap," kata Menteri Keuangan di depan 14 anggota DPR.',
    ]) {
      assert.notEqual(normaliseParagraph(other), normaliseParagraph(base), other);
      assert.notEqual(paragraphHash(other), paragraphHash(base), other);
    }
    assert.notEqual(paragraphHash('Inflasi 14 persen'), paragraphHash('Inflasi 16 persen'));
    assert.notEqual(paragraphHash('Inflasi 1 4 persen'), paragraphHash('Inflasi 14 persen'), 'word boundaries count');
  });
});

describe('band keys', () => {
  // Recorded for schema 11 (schema 7's keys, the second with new seeds). A change of seeds, hash
  // functions, shingling or head and tail rule changes them, and every key stored in existing
  // archives would stop matching new paragraphs: that must be a deliberate migration (as schema 7's
  // and 11's were), not an accident.
  const recorded: [string, number[]][] = [
    [
      'Negosiasi itu merupakan bagian dari lawatan tiga hari pemimpin China ke Rusia, kata juru bicara Kremlin kepada wartawan.',
      [-648256802, 2145452368, -932338317, -462847035],
    ],
    [
      'The central bank kept its benchmark rate at 6 percent on Thursday. Most economists had expected the decision, which came as the rupiah weakened. Markets barely moved.',
      [-144148050, -1201709699, -1708054903, -1025512206],
    ],
    ['Menteri Keuangan Sri Mulyani menegaskan défisit anggaran tetap di bawah 3 persen “tahun ini”.', [39689790, -1272458980, -634300463, 1416446026]],
    ['Cukup delapan kata untuk ikut dalam pencarian duplikat.', [-1773751851, -1641581786, 183531931, -1809951392]],
  ];

  test('a copy with its figures changed keeps every band key; similarity still tells them apart', () => {
    const original = 'Kedua negara menandatangani 14 dokumen kerja sama, termasuk dua pernyataan bersama, pada 21 Maret 2023 di Kremlin.';
    const updated = 'Kedua negara menandatangani 16 dokumen kerja sama, termasuk dua pernyataan bersama, pada 22 Maret 2023 di Kremlin.';
    assert.deepEqual(bandKeys(updated), bandKeys(original));
    assert.ok(sim(original, updated) < 1);
    assert.notEqual(paragraphHash(updated), paragraphHash(original));
    assert.notDeepEqual(bandKeys(original.replace('Kremlin', 'Beijing')), bandKeys(original), 'a word is not a figure');
  });

  test('fixed texts give the recorded keys, on every call', () => {
    for (const [text, keys] of recorded) {
      assert.deepEqual(bandKeys(text), keys, text);
      assert.deepEqual(bandKeys(text), keys, `${text} (again)`);
      assert.ok(keys.every((k) => Number.isInteger(k) && k >= -(2 ** 31) && k < 2 ** 31), 'signed 32-bit, as stored');
    }
  });

  test('opening keys: the first three words of a short paragraph, recorded', () => {
    assert.equal(openingKey('Saksikan Live DetikSore: Harga Beras Naik Lagi'), 1039196038);
    assert.equal(openingKey('saksikan live detiksore — banjir di Bekasi'), 1039196038);
    assert.equal(openingKey(recorded[0]![0]), null, 'a 19-word sentence is text, not chrome');
    assert.equal(openingKey('Presiden Joko Widodo meresmikan jalan tol baru di Semarang.'), null, 'a short sentence is text, not chrome');
    assert.notEqual(openingKey('Artikel ini telah tayang di Kompas.com dengan judul Banjir Rendam Bekasi'), null, 'a line that does not end as a sentence');
    assert.notEqual(openingKey('Saksikan Live DetikPagi: Harga Beras Naik Lagi'), 1039196038);
    assert.equal(openingKey('Dua kata'), null, 'fewer than three words');
    assert.equal(openingKey(Array.from({ length: 31 }, (_, i) => `kata${i}`).join(' ')), null, 'longer than 30 words');
    assert.notEqual(openingKey(Array.from({ length: 30 }, (_, i) => `kata${i}`).join(' ')), null, '30 words without a full stop');
    assert.equal(paragraphSignature(Array.from({ length: 30 }, (_, i) => `kata${i}`).join(' ')).short, true);
    assert.equal(paragraphSignature(Array.from({ length: 31 }, (_, i) => `kata${i}`).join(' ')).short, false);
  });

  test('paragraphs under eight words take no part', () => {
    assert.equal(bandKeys('Terlalu pendek untuk dibandingkan sama sekali ya.'), null, 'seven words');
    assert.equal(bandKeys('A A A'), null);
    assert.equal(bandKeys(''), null);
    assert.equal(bandKeys('…  —  …'), null);
    assert.notEqual(bandKeys('Cukup delapan kata untuk ikut dalam pencarian duplikat.'), null, 'eight words');
  });
});

describe('real edits keep a copy a copy', () => {
  const paragraphs = {
    subsidi:
      'Pemerintah akan menambah anggaran subsidi pupuk sebesar Rp 14 triliun tahun depan, kata Presiden Joko Widodo di Istana Negara, Jakarta, pada Senin. Tambahan itu diharapkan menjaga produksi beras nasional di tengah kemarau panjang.',
    bunga:
      'Bank Indonesia mempertahankan suku bunga acuan di level 6 persen dalam rapat dewan gubernur bulan ini. Keputusan tersebut sejalan dengan upaya menjaga stabilitas nilai tukar rupiah, kata Gubernur BI Perry Warjiyo.',
    banjir: 'Banjir setinggi 1,5 meter merendam 1.250 rumah di tiga kecamatan di Kabupaten Bekasi sejak Sabtu malam, kata Kepala BPBD Bekasi kepada wartawan.',
    lawatan: 'Negosiasi itu merupakan bagian dari lawatan tiga hari pemimpin China ke Rusia, kata Presiden kepada wartawan di Moskow.',
    rate: 'The central bank kept its benchmark rate at 6 percent on Thursday, the governor said, citing pressure on the rupiah from a stronger dollar. Most economists polled by the newspaper had expected the decision.',
    flood: 'Flooding has forced more than 3,000 residents from their homes in Bekasi since Saturday night, officials said. Rescue teams used rubber boats to reach families trapped on the roofs of their houses.',
    subsidy: 'The president said the new fertiliser subsidy would cost 14 trillion rupiah next year and would be paid for by cutting fuel subsidies.',
  };
  const p = paragraphs;
  const edits: [string, string, string][] = [
    ['subsidi: kata → ujar Presiden', p.subsidi, p.subsidi.replace('kata Presiden', 'ujar Presiden')],
    ['subsidi: a sentence added', p.subsidi, `${p.subsidi} Kementerian Pertanian akan mengawasi penyalurannya hingga ke tingkat desa.`],
    ['subsidi: a sentence dropped', p.subsidi, p.subsidi.slice(0, p.subsidi.indexOf(' Tambahan'))],
    ['subsidi: 14 → 16 triliun', p.subsidi, p.subsidi.replace('14', '16')],
    ['bunga: kata → ujar Gubernur', p.bunga, p.bunga.replace('kata Gubernur', 'ujar Gubernur')],
    ['bunga: a sentence added in front', p.bunga, `Rapat berlangsung selama dua hari di Jakarta. ${p.bunga}`],
    ['bunga: a sentence dropped', p.bunga, p.bunga.slice(0, p.bunga.indexOf(' Keputusan'))],
    ['bunga: 6 → 5,75 persen', p.bunga, p.bunga.replace('6 persen', '5,75 persen')],
    ['banjir: kata → ujar Kepala', p.banjir, p.banjir.replace('kata Kepala', 'ujar Kepala')],
    ['banjir: a sentence added', p.banjir, `${p.banjir} Sebagian warga mengungsi ke masjid dan balai desa terdekat.`],
    ['banjir: 1,5 → 2 meter, 1.250 → 1.400 rumah', p.banjir, p.banjir.replace('1,5', '2').replace('1.250', '1.400')],
    ['lawatan: kata → ujar Presiden', p.lawatan, p.lawatan.replace('kata Presiden', 'ujar Presiden')],
    ['lawatan: tiga → 3 hari', p.lawatan, p.lawatan.replace('tiga hari', '3 hari')],
    ['rate: said → told', p.rate, p.rate.replace('governor said', 'governor told')],
    ['rate: a sentence added', p.rate, `${p.rate} The rupiah weakened slightly after the announcement.`],
    ['rate: a sentence dropped', p.rate, p.rate.slice(0, p.rate.indexOf(' Most'))],
    ['rate: 6 → 5.75 percent', p.rate, p.rate.replace('6 percent', '5.75 percent')],
    ['flood: said → reported', p.flood, p.flood.replace('officials said', 'officials reported')],
    ['flood: a sentence added in front', p.flood, `Heavy rain fell for twelve hours. ${p.flood}`],
    ['flood: a sentence dropped', p.flood, p.flood.slice(0, p.flood.indexOf(' Rescue'))],
    ['flood: 3,000 → 4,500', p.flood, p.flood.replace('3,000', '4,500')],
    ['subsidy: said → announced', p.subsidy, p.subsidy.replace('president said', 'president announced')],
    ['subsidy: a sentence added', p.subsidy, `${p.subsidy} Parliament must still approve the budget.`],
    ['subsidy: 14 → 15 trillion', p.subsidy, p.subsidy.replace('14', '15')],
  ];

  for (const [name, original, copy] of edits) {
    test(name, () => {
      assert.notEqual(copy, original, 'the edit changed the text');
      const s = sim(original, copy);
      assert.ok(s >= 0.8, `similarity ${s.toFixed(3)} below 0.8`);
      assert.equal(sim(copy, original), s, 'symmetric');
      assert.ok(sharesKey(original, copy), `similarity ${s.toFixed(3)}, but no band key in common: the finder would never compare them`);
    });
  }

  test('every realistic one-word edit of the seed-like article\'s paragraphs', () => {
    // Synonyms and facts a rewriting editor changes, each applied to every paragraph that has it.
    const swaps: [string, string][] = [
      ['ungkap', 'kata'], ['berharap', 'ingin'], ['erat', 'baik'], ['kata', 'ujar'], ['wartawan', 'media'], ['lawatan', 'kunjungan'],
      ['mengadakan', 'menggelar'], ['pembicaraan', 'perundingan'], ['mengungkapkan', 'mengatakan'], ['14', '16'], ['dua', 'tiga'],
      ['menandatangani', 'meneken'], ['ilmiah', 'sains'], ['Senin', 'Selasa'], ['hampir', 'sekitar'], ['lima', 'empat'], ['pertama', 'perdana'],
      ['menegaskan', 'menekankan'], ['membangun', 'mewujudkan'], ['memperkuat', 'mempererat'], ['Para', 'Sejumlah'], ['menilai', 'memandang'], ['kuat', 'tegas'],
    ];
    const lines = readFileSync(fixture('duplicates', 'lawatan-asli.txt'), 'utf8').split('\n');
    // The body starts after the header lines; "loading..." and "A" are page chrome.
    const seed = lines.slice(lines.findIndex((l) => l.startsWith('Tanggal:')) + 1).filter((l) => wordCount(normaliseParagraph(l)) >= 8);
    assert.equal(seed.length, 19, 'the seed-like article: ten paragraphs, nine of them twice');
    const missed: string[] = [];
    let tried = 0;
    for (const original of new Set(seed)) {
      for (const [from, to] of swaps) {
        if (!new RegExp(`\\b${from}\\b`).test(original)) continue;
        const copy = original.replace(new RegExp(`\\b${from}\\b`), to);
        tried += 1;
        const s = sim(original, copy);
        assert.ok(s >= 0.8, `${from} → ${to}: similarity ${s.toFixed(3)}`);
        if (!sharesKey(original, copy)) missed.push(`${from} → ${to} (similarity ${s.toFixed(3)}) in "${original.slice(0, 40)}…"`);
      }
    }
    assert.ok(tried >= 20, `${tried} edits`);
    assert.deepEqual(missed, [], `${missed.length} of ${tried} one-word edits share no band key`);
  });

  test('a copy is 1; nothing shared is 0', () => {
    assert.equal(sim(p.rate, p.rate), 1);
    assert.equal(sim(p.rate, p.rate.toUpperCase()), 1);
    assert.equal(sim('Presiden meresmikan bendungan', 'Harga cabai turun drastis'), 0);
  });

  test('a quoted sentence inside a long paragraph does not make them copies', () => {
    const quote = '“Kami akan menjaga produksi beras nasional apa pun yang terjadi,” kata Presiden.';
    const long = `Dalam rapat terbatas di Istana Bogor, Presiden meminta para menteri mempercepat penyaluran pupuk bersubsidi ke daerah yang terdampak kemarau. ${quote} Menteri Pertanian berjanji memperbaiki data penerima sebelum musim tanam berikutnya dimulai pada Oktober.`;
    const s = sim(quote, long);
    assert.ok(s < 0.8, `similarity ${s.toFixed(3)}`);
  });

  const unrelated: [string, string, string][] = [
    ['two flood reports (id)', p.banjir, 'Banjir juga melanda dua desa di Kabupaten Karawang setelah tanggul Sungai Citarum jebol pada Minggu dini hari, menurut petugas setempat.'],
    ['two flood reports (en)', p.flood, 'Floodwaters in Bekasi began to recede on Monday, but officials warned that more heavy rain was forecast for the rest of the week.'],
    ['two central bank reports (en)', p.rate, 'The central bank said on Thursday it would keep buying government bonds to support the rupiah, which has lost 4 percent against the dollar this year.'],
    ['two central bank reports (id)', p.bunga, 'Bank Indonesia memperkirakan inflasi tahun ini tetap berada dalam sasaran 2 sampai 4 persen, kata Gubernur BI Perry Warjiyo dalam konferensi pers.'],
    ['two subsidy reports (id)', p.subsidi, 'Kementerian Pertanian mencatat penyaluran pupuk bersubsidi baru mencapai 60 persen dari alokasi, kata Presiden dalam rapat terbatas di Istana Bogor.'],
  ];
  for (const [name, a, b] of unrelated) {
    test(`same topic, not a copy: ${name}`, () => {
      const s = sim(a, b);
      assert.ok(s < 0.5, `similarity ${s.toFixed(3)}`);
      assert.equal(sharesKey(a, b), false);
    });
  }
});
