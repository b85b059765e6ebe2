import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cleanArticle, isChrome, normaliseText, splitParagraphs } from '../electron/import/clean.js';
import { paragraphHash } from '../electron/import/hash.js';
import { readText } from '../electron/import/readers/text.js';
import { fixture } from './helpers.js';

const readFixture = (name: string) => {
  const path = fixture('text', name);
  const { articles } = readText({ path, text: readFileSync(path, 'utf8') }, {});
  return articles[0]!;
};

test('scraper chrome is dropped and repeated paragraphs are kept once, flagged and counted', () => {
  const a = cleanArticle(readFixture('banjir-jakarta.txt'))!;
  assert.equal(a.title, 'Banjir Rendam Puluhan Rumah di Jakarta Timur');
  assert.deepEqual(
    a.paragraphs.map((p) => [p.text.slice(0, 20), p.occurrences, p.flags]),
    [
      ['Hujan deras yang men', 1, 0],
      ['Petugas pemadam keba', 2, 1],
      ['“Air naik cepat seka', 2, 1],
      ['Badan Meteorologi, K', 2, 1],
    ],
  );
  assert.doesNotMatch(a.body, /loading|^A$|Baca juga/m);
  assert.equal(a.body.split('\n\n').length, 4);
});

test('the same content gives the same hash; a changed paragraph changes it', () => {
  const raw = readFixture('banjir-jakarta.txt');
  const a = cleanArticle(raw)!;
  const b = cleanArticle({ ...raw, body: raw.body.replace(/\n/g, '\n\n') })!;
  const c = cleanArticle({ ...raw, body: raw.body.replace('satu meter', 'dua meter') })!;
  assert.equal(a.contentHash, b.contentHash);
  assert.notEqual(a.contentHash, c.contentHash);
});

test('hard-wrapped lines are joined, one-paragraph-per-line text is not', () => {
  assert.deepEqual(splitParagraphs('Engineers inspected the\nnew blocks and\ndeclared them safe.\nFerries resume Friday.'), [
    'Engineers inspected the new blocks and declared them safe.',
    'Ferries resume Friday.',
  ]);
  assert.deepEqual(splitParagraphs('Satu kalimat.\nDua kalimat.'), ['Satu kalimat.', 'Dua kalimat.']);
});

test('text is normalised to NFC with plain spaces and no invisible characters', () => {
  const decomposed = 'Jose\u0301 and\u00A0Ana\u200B  met\t in Bogota\u0301';
  assert.equal(normaliseText(decomposed), 'José and Ana met in Bogotá');
  assert.equal(normaliseText(decomposed).length, 'José and Ana met in Bogotá'.length);
});

test('chrome is recognised only as a whole paragraph', () => {
  for (const line of ['loading...', 'Loading…', 'A', 'A A A', 'A+ A-', 'Baca juga: Harga Cabai Naik', 'Advertisement', 'Share', 'Bagikan']) {
    assert.equal(isChrome(line), true, line);
  }
  for (const line of ['Terkait: Harga Cabai Naik', 'Berita terkait: Banjir Bekasi', 'Read more: Flood warnings']) assert.equal(isChrome(line), true, line);
  for (const line of [
    'A man was arrested.',
    'Loading of the ships began at dawn.',
    'Share prices fell sharply on Monday.',
    'Terkait kasus tersebut, polisi telah memeriksa lima orang saksi.',
    'Related to the case, police questioned three officials.',
    'See more than 200 photos in the gallery, the museum said.',
  ]) {
    assert.equal(isChrome(line), false, line);
  }
});

test('an article without a title takes one from its first paragraph; one without text is rejected', () => {
  const a = cleanArticle({ title: '', body: 'The central bank held its policy rate at six percent on Thursday, citing stable inflation and a firmer currency over the quarter.', origin: 'x' })!;
  assert.match(a.title, /^The central bank held its policy rate at six percent on Thursday, citing stable inflation and a firmer currency over…$/);
  assert.equal(cleanArticle({ title: 'Only a title', body: 'loading...\nA\nA', origin: 'x' }), null);
});

test('paragraph hashes ignore case, accents, punctuation and spacing, not words', () => {
  const a = paragraphHash('Presiden Prabowo bertemu PM Anwar di Kuala Lumpur.');
  assert.equal(paragraphHash('presiden prabowo bertemu pm anwar di kuala lumpur'), a);
  assert.equal(paragraphHash('  Presiden  Prabowo — bertemu "PM" Anwar di Kuala Lumpur!!'), a);
  assert.notEqual(paragraphHash('Presiden Prabowo bertemu PM Anwar di Jakarta.'), a);
  assert.equal(paragraphHash('Gérard visited Réunion café'), paragraphHash('Gerard visited Reunion cafe'));
  assert.equal(typeof a, 'bigint');
  assert.ok(a >= -(2n ** 63n) && a < 2n ** 63n);
});

test('double-encoded fields are repaired before cleaning, and the article says so', () => {
  const a = cleanArticle({
    title: 'Pelatih JÃ³hann tiba di SÃ£o Paulo',
    body: 'Paragraf bersih tentang café di Menteng.\n\nâ€œKami datang,â€\u009d kata ViÃ°ar.\u00a0Ã\u00a0 bientôt.',
    author: 'Anna MÃ¼ller',
    source: 'Kabar Ã\u008dsland',
    origin: 'x',
  })!;
  assert.equal(a.title, 'Pelatih Jóhann tiba di São Paulo');
  assert.deepEqual(a.paragraphs.map((p) => p.text), ['Paragraf bersih tentang café di Menteng.', '“Kami datang,” kata Viðar. à bientôt.']);
  assert.equal(a.author, 'Anna Müller');
  assert.equal(a.source, 'Kabar Ísland');
  assert.equal(a.repaired, true);
  assert.equal(a.contentHash, cleanArticle({ title: 'Pelatih Jóhann tiba di São Paulo', body: a.body, origin: 'y' })!.contentHash);

  const clean = cleanArticle({ title: 'A naïve café owner', body: 'Menu itu mencetak "Ã la carte" — “sengaja”, katanya… harga €5.', origin: 'x' })!;
  assert.equal(clean.repaired, false);
  assert.equal(clean.body, 'Menu itu mencetak "Ã la carte" — “sengaja”, katanya… harga €5.');
});
