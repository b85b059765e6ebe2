import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MinHasher, SHINGLE_CHARS } from '../electron/analysis/duplicates/minhash.js';
import { fmix32 } from '../electron/analysis/duplicates/signature.js';
import { prng } from './prng.js';

/*
 * The SIMD shingle hashes and MinHash rows (minhash.ts) against MinHash written out plainly, one
 * shingle and one row at a time: the band keys of every archive depend on them being the same
 * to the bit. Pinned keys of real paragraphs are in dup-signature.test.ts.
 */

/** FNV-1a over each shingle's code units, then fmix32. */
function plainShingles(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + SHINGLE_CHARS <= text.length; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + SHINGLE_CHARS; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
    out.push(fmix32(h));
  }
  return out;
}

const plainMinima = (hashes: number[], seeds: readonly number[]): number[] => seeds.map((s) => hashes.reduce((min, h) => Math.min(min, fmix32(h ^ s)), 0xffffffff));

const SEEDS = [
  [0x9e3779b9, 0x3c6ef372, 0xdaa66d2b, 0x78dde6e4, 0x1715609d, 0xb54cda56, 0x5384540f, 0xf1bbcdc8],
  [1, 2, 3, 0xffffffff, 0x80000000, 0x7fffffff, 0, 0x12345678],
];

/** Random text over an alphabet with ASCII, accented and Indonesian-news letters, CJK, an emoji's surrogates and a lone one. */
function randomText(random: () => number, length: number): string {
  const alphabet = ['a', 'e', 'n', ' ', '0', 'é', 'ß', 'я', '中', '\ud83d\ude00', '\ud800', '\uffff', '\u0000'];
  let text = '';
  while (text.length < length) text += alphabet[Math.floor(random() * (random() < 0.8 ? 5 : alphabet.length))]!;
  return text.slice(0, length);
}

describe('SIMD MinHash', () => {
  test('shingle hashes and row minima equal plain MinHash, for every length around the vector width', () => {
    const hasher = new MinHasher(SEEDS);
    const random = prng(20261202);
    for (let length = SHINGLE_CHARS; length <= 80; length++) {
      for (let trial = 0; trial < 4; trial++) {
        const text = randomText(random, length);
        const count = hasher.shingles(text);
        const plain = plainShingles(text);
        assert.equal(count, plain.length, text);
        assert.deepEqual([...hasher.hashes(count)], plain, `hashes of ${JSON.stringify(text)}`);
        SEEDS.forEach((seeds, band) => assert.deepEqual([...hasher.minima(band, count)], plainMinima(plain, seeds), `band ${band} of ${JSON.stringify(text)}`));
      }
    }
  });

  test('a paragraph far longer than the first page of memory, then a short one again', () => {
    const hasher = new MinHasher(SEEDS);
    const random = prng(7);
    for (const length of [200_000, 17, 70_001]) {
      const text = randomText(random, length);
      const plain = plainShingles(text);
      const count = hasher.shingles(text);
      assert.equal(count, plain.length);
      assert.deepEqual([...hasher.minima(0, count)], plainMinima(plain, SEEDS[0]!), `length ${length}`);
    }
  });

  test('hashes written by the caller are the ones the rows are taken over', () => {
    const hasher = new MinHasher(SEEDS);
    const written = [5, 0xffffffff, 0, 0x80000000, 123456789];
    hasher.hashes(written.length).set(written);
    assert.deepEqual([...hasher.minima(1, written.length)], plainMinima(written, SEEDS[1]!));
  });

  test('bad arguments are refused', () => {
    assert.throws(() => new MinHasher([[...SEEDS[0]!, 9]]), /more than eight rows/);
    assert.throws(() => new MinHasher(SEEDS).shingles('abcd'), /shorter than a shingle/);
  });
});
