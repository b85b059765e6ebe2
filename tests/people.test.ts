import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildRegistry, findPeople, type PersonRegistry } from '../electron/analysis/people.js';
import type { Span } from '../electron/analysis/types.js';
import { fixture } from './helpers.js';

const empty = buildRegistry([]);

/** Every whole-word occurrence of each country word, as the country finder would report it. */
function spansOf(text: string, words: string[]): Span[] {
  const spans: Span[] = [];
  for (const w of words) {
    for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) {
      const before = text[i - 1] ?? ' ';
      const after = text[i + w.length] ?? ' ';
      if (!/\p{L}/u.test(before) && !/\p{L}/u.test(after)) spans.push({ start: i, end: i + w.length });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Where the nth occurrence of `surface` is, with the name it should resolve to. */
function at(text: string, surface: string, name = surface, nth = 0): { start: number; end: number; name: string } {
  let start = -1;
  for (let k = 0; k <= nth; k++) start = text.indexOf(surface, start + 1);
  assert.ok(start >= 0, `${surface} is in the text`);
  return { start, end: start + surface.length, name };
}

function people(text: string, countries: string[] = [], registry: PersonRegistry = empty): { start: number; end: number; name: string }[] {
  return findPeople(text, registry, spansOf(text, countries)).map(({ start, end, name }) => ({ start, end, name }));
}

test('seed article: only Xi Jinping, Vladimir Putin and Mikhail Mishustin, at the right places', () => {
  const text = readFileSync(fixture('entities', 'seed-like.txt'), 'utf8').trimEnd();
  const countries = spansOf(text, ['Rusia', 'China']);
  const found = findPeople(text, buildRegistry([{ name: 'Xi Jinping', aliases: ['Xi'] }]), countries);
  assert.deepEqual([...new Set(found.map((m) => m.name))].sort(), ['Mikhail Mishustin', 'Vladimir Putin', 'Xi Jinping']);
  const mentions = found.map(({ start, end, name }) => ({ start, end, name }));
  // Titles and countries stay out of the name; the alias and surnames resolve to full names.
  assert.deepEqual(mentions.find((m) => m.start === text.indexOf('Vladimir Putin')), at(text, 'Vladimir Putin'));
  assert.deepEqual(mentions.find((m) => m.start === text.indexOf('Mikhail')), at(text, 'Mikhail Mishustin'));
  assert.deepEqual(mentions.find((m) => m.start === text.indexOf('Xi.')), at(text, 'Xi', 'Xi Jinping', 0));
  assert.deepEqual(mentions.find((m) => m.start === text.indexOf('Putin untuk')), { start: text.indexOf('Putin untuk'), end: text.indexOf('Putin untuk') + 5, name: 'Vladimir Putin' });
  assert.deepEqual(mentions.find((m) => m.start === text.indexOf('Mishustin untuk')), { start: text.indexOf('Mishustin untuk'), end: text.indexOf('Mishustin untuk') + 9, name: 'Mikhail Mishustin' });
  // The headline names Putin among capitalised ordinary words.
  assert.deepEqual(mentions[0], { start: 0, end: 5, name: 'Vladimir Putin' });
  assert.ok(mentions.some((m) => text.slice(m.start, m.end) === 'Xi' && text.slice(m.end, m.end + 5) === ' dan '), 'Xi dan Putin');
  assert.ok(mentions.some((m) => text.slice(m.start - 9, m.end) === 'Presiden Xi'), 'Kunjungan Presiden Xi');
  assert.ok(mentions.some((m) => text.slice(m.start - 8, m.end) === 'Menurut Xi'), 'Menurut Xi');
  for (const m of mentions) {
    assert.ok(!countries.some((c) => c.start < m.end && m.start < c.end), `${text.slice(m.start, m.end)} swallows no country`);
  }
  assert.deepEqual(mentions, [...mentions].sort((a, b) => a.start - b.start));
});

test('Indonesian offices before a name are not part of it, with the country, place or body between', () => {
  const text = 'Menteri Luar Negeri Retno Marsudi bertemu Gubernur Jawa Tengah Ganjar Pranowo dan Ketua Umum PDI Perjuangan '
    + 'Megawati Soekarnoputri di Semarang, sedangkan Sekjen PBB Antonio Guterres tiba bersama Kapolri Jenderal Listyo Sigit Prabowo.';
  assert.deepEqual(people(text), [
    at(text, 'Retno Marsudi'), at(text, 'Ganjar Pranowo'), at(text, 'Megawati Soekarnoputri'), at(text, 'Antonio Guterres'), at(text, 'Listyo Sigit Prabowo'),
  ]);
});

test('honorifics and academic titles before a name: Pak, Bu, Prof., Dr., H., KH', () => {
  const text = 'Acara itu dihadiri Pak Bambang, Bu Risma, Prof. Dr. Budi Santoso, H. Ahmad Fauzi dan KH Ma\'ruf Amin.';
  assert.deepEqual(people(text), [at(text, 'Bambang'), at(text, 'Risma'), at(text, 'Budi Santoso'), at(text, 'Ahmad Fauzi'), at(text, 'Ma\'ruf Amin')]);
});

test('a regional office is followed by its region, which is not part of the name', () => {
  const text = 'Bupati Sleman Sri Purnomo dan Wali Kota Surabaya Eri Cahyadi menandatangani kesepakatan itu.';
  assert.deepEqual(people(text), [at(text, 'Sri Purnomo'), at(text, 'Eri Cahyadi')]);
});

test('English titles and demonyms before a name', () => {
  const text = 'Russian President Vladimir Putin met Prime Minister Rishi Sunak and Dr. Jane Goodall, and Mr. Smith said nothing.';
  assert.deepEqual(people(text, ['Russian']), [at(text, 'Vladimir Putin'), at(text, 'Rishi Sunak'), at(text, 'Jane Goodall'), at(text, 'Smith')]);
});

test('Indonesian speech verbs make single words names: kata, ujar, menurut, X mengatakan', () => {
  const text = 'Harga cabai naik, kata Eva. Menurut Haposan, pasokan berkurang. Kami menunggu, ujar Nasir sambil tersenyum. '
    + 'Ruhut juga menegaskan hal itu.';
  assert.deepEqual(people(text), [at(text, 'Eva'), at(text, 'Haposan'), at(text, 'Nasir'), at(text, 'Ruhut')]);
});

test('English speech verbs: said X, X told, according to X', () => {
  const text = 'Prices will rise, said Miller. Officials met on Monday. Jones told reporters the deal was done, according to Okafor.';
  assert.deepEqual(people(text), [at(text, 'Miller'), at(text, 'Jones'), at(text, 'Okafor')]);
});

test('capitalised words at the start of a sentence are not names without other evidence', () => {
  const text = 'Negosiasi datang sebagai bagian dari kunjungan itu. Selama pertemuan, Kedua negara sepakat. Pada Senin mereka pulang. '
    + 'Bambang datang terlambat. Kunjungan Presiden berakhir.';
  assert.deepEqual(people(text), []);
});

test('a word the article also writes in lower case is not a name, even before a speech verb', () => {
  const trap = 'Mawar mengatakan harga mawar naik.';
  assert.deepEqual(people(trap), []);
  const name = 'Melati mengatakan harga mawar naik.';
  assert.deepEqual(people(name), [at(name, 'Melati')]);
});

test('two capitalised name words in mid-sentence are a name; places, bodies, dates and acronyms are not', () => {
  const text = 'Rapat itu dihadiri Budi Gunawan di Universitas Gadjah Mada, Jalan Malioboro dan Gedung Sate bersama PKB, DPR, KPK '
    + 'dan TNI pada Selasa 17 Agustus, dengan pejabat Bank Mandiri, Kementerian Keuangan dan Partai Gerindra dari Kabupaten Bogor.';
  assert.deepEqual(people(text), [at(text, 'Budi Gunawan')]);
});

test('capitalised common nouns side by side are not a person: laws, programmes, bodies', () => {
  const text = 'Pemohon harus membawa Surat Tanda Registrasi yang diatur Komunitas Ekonomi ASEAN dan Pasukan Misrata menolaknya.';
  assert.deepEqual(people(text), []);
});

test('a body named before its abbreviation is not a person, a person before their initials is', () => {
  const text = 'Ketua Pengurus Besar Nahdlatul Ulama (PBNU) Yahya Cholil Staquf bertemu Susilo Bambang Yudhoyono (SBY) kemarin.';
  assert.deepEqual(people(text), [at(text, 'Yahya Cholil Staquf'), at(text, 'Susilo Bambang Yudhoyono')]);
});

test('in-article resolution: a surname alone takes the one full name that contains it, and stays as is when two do', () => {
  const text = 'Presiden Joko Widodo membuka acara itu. Menurut Widodo, acara berjalan lancar.';
  assert.deepEqual(people(text), [at(text, 'Joko Widodo'), at(text, 'Widodo', 'Joko Widodo', 1)]);
  const ambiguous = 'Menteri Budi Gunadi Sadikin dan Menteri Budi Karya Sumadi hadir. Semua setuju, kata Budi.';
  assert.deepEqual(people(ambiguous), [at(ambiguous, 'Budi Gunadi Sadikin'), at(ambiguous, 'Budi Karya Sumadi'), at(ambiguous, 'Budi', 'Budi', 2)]);
});

test('a name resolves only to a name found elsewhere, and single words without evidence are left out', () => {
  const text = 'Perdana Menteri Rusia Mikhail Mishustin hadir. Presiden juga mengundang Mishustin ke acara itu di Kremlin. Lavrov tidak datang.';
  assert.deepEqual(people(text, ['Rusia']), [at(text, 'Mikhail Mishustin'), at(text, 'Mishustin', 'Mikhail Mishustin', 1)]);
});

test('registry names and aliases match exactly as written, whole words only', () => {
  const registry = buildRegistry([
    { name: 'Xi Jinping', aliases: ['Xi'] },
    { name: 'Joko Widodo', aliases: ['Jokowi'] },
    { name: 'Susilo Bambang Yudhoyono', aliases: ['SBY'] },
  ]);
  const text = 'Sikap Jokowi dan SBY sama, sementara Xi Jinping tiba di Xinjiang; xi bukan nama, Xi ya.';
  assert.deepEqual(people(text, [], registry), [
    at(text, 'Jokowi', 'Joko Widodo'), at(text, 'SBY', 'Susilo Bambang Yudhoyono'), at(text, 'Xi Jinping'), at(text, 'Xi', 'Xi Jinping', 2),
  ]);
});

test('names listed with a person are persons; a bare comma does not list', () => {
  const text = 'Kami mundur, kata Hidayat. Pada rapat itu Hidayat dan Airlangga pulang lebih awal.';
  assert.deepEqual(people(text), [at(text, 'Hidayat'), at(text, 'Hidayat', 'Hidayat', 1), at(text, 'Airlangga')]);
  const comma = 'Serangan ke rumah komandan Hamas, Mohammed Deif, menewaskan istri Deif.';
  assert.deepEqual(people(comma), [at(comma, 'Mohammed Deif'), at(comma, 'Deif', 'Mohammed Deif', 1)]);
});

test('a headline in title case names only people the article names', () => {
  const text = 'Anies Kunjungi Pasar Senen Pagi Ini\n\nGubernur Anies Baswedan mengunjungi pasar itu pada Senin pagi.';
  assert.deepEqual(people(text), [at(text, 'Anies', 'Anies Baswedan'), at(text, 'Anies Baswedan')]);
});

test('descriptions after a comma make a name: X, mahasiswa …', () => {
  const text = 'Hal itu disampaikan Sanchez, mahasiswa doktoral di Madrid.';
  assert.deepEqual(people(text), [at(text, 'Sanchez')]);
});

test('initials, particles, regnal numbers and possessives', () => {
  const text = 'Menteri M. Nuh bertemu Raja Yordania Abdullah II, dan pelatih Louis van Gaal membahas Osama bin Laden. '
    + 'President Biden\'s plan was new.';
  assert.deepEqual(people(text, ['Yordania']), [
    at(text, 'M. Nuh'), at(text, 'Abdullah II'), at(text, 'Louis van Gaal'), at(text, 'Osama bin Laden'), at(text, 'Biden'),
  ]);
});
