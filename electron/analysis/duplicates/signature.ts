import type { ParagraphSignature } from '../../../db/duplicates.js';
import { MinHasher, SHINGLE_CHARS } from './minhash.js';
import { normaliseParagraph, wordCount } from './normalise.js';

export type { ParagraphSignature };

/*
 * Near-duplicate paragraphs (DESIGN §8): MinHash over character 5-grams of the normalised text,
 * banded for LSH.
 *
 * - Character 5-grams keep a one-word edit near 0.9 Jaccard; word 5-grams drop it near 0.5.
 * - Every hash here is a fixed 32-bit function of the text: the same paragraph gives the same
 *   band keys on every run and machine, so keys stored by one version are found by the next.
 * - Four bands a paragraph. Two are MinHash bands over the whole paragraph. The other two are its
 *   head and its tail: its first and its last END_WORDS words, hashed as they are. A copy with one
 *   word changed, or with a sentence added or dropped at either end, keeps its head or its tail word
 *   for word, so it shares that band with the original for certain, though its whole-text Jaccard
 *   may be near 0.5. A paragraph of at most END_WORDS words has four whole-text bands.
 * - Seven MinHash rows a band keep unrelated paragraphs apart. With five, and the head and tail
 *   as MinHash bands too (schema 6), a lookup at 100,000 articles proposed about 1.6 unrelated
 *   paragraphs for every paragraph, growing with the archive, while real copies nearly always
 *   shared two or more bands: common 5-grams (" yang", "kata ") take a row's minimum in many
 *   unrelated paragraphs at once, so chance collisions are far more frequent than the Jaccard of
 *   two paragraphs suggests. In the lookups of the last 1,000 articles of that archive, a
 *   whole-text band of five rows collided by chance 738 times, of seven once, and kept 690 of the
 *   692 matches between real copies (similarity ≥ 0.8); a MinHash head band collided 438 times
 *   with five rows and 14 with twelve, which is about what a head taken word for word does.
 * - Paragraphs under 2 × END_WORDS words keep five rows in their whole-text bands: they have the
 *   fewest 5-grams, and an edit changes their head and tail at once more often. On real Indonesian
 *   paragraphs (the seed article, 300 IDNER sentences), one-word edits that shared no key were
 *   2.2 % with seven rows there, 1.7 % with five, and 1.0 % with schema 6's keys (1.6 % with
 *   five and schema 11's seeds).
 * - Four keys a paragraph keep the stored bands within the archive's size budget.
 * - A band that collides is only a candidate; `similarity` over the real 5-grams decides.
 */

/** Paragraphs shorter than this take no part in near-duplicate detection: too short to tell a copy from a common phrase. */
export const MIN_WORDS = 8;
/** Band keys a paragraph gets. */
export const BANDS = 4;
/** MinHash rows a band, at most the eight a MinHasher band holds. */
const ROWS: 7 = 7;
const SHORT_ROWS: 5 = 5;

/** MurmurHash3's 32-bit finaliser: a bijection of 32-bit integers that mixes every input bit into every output bit. */
export function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Where each band's seven seeds start in the sequence below. Band 1 takes the fifth block, not the
 * second (schema 11): with the second, four of its seven rows took their minimum on a few very
 * common 5-grams (" dan ", " ini ", "dari ") in a fifth of generated paragraphs or more, so
 * unrelated paragraphs shared the band about a thousand times as often as any other. Measured
 * on real text (IDNER's sentences in threes, 183,000 pairs): chance agreement of all seven rows,
 * estimated from each row's, 2.3e-9 for the second block against 1.3e-12 to 3.0e-12 for the
 * others and 1.5e-12 for the fifth; on English prose (Pantau's docs) 1.1e-11 and 2.3e-11. In a
 * generated archive of 100,000 articles the old band 1 made 1,191 of the 1,254 chance candidates
 * of the last 1,000 articles, and each costs a read of the candidate's text.
 */
const SEED_BLOCKS = [0, 4, 2, 3];
/** Fixed seeds, ROWS a block, one per MinHash row; derived, not random, so they never change. */
const SEEDS = Uint32Array.from({ length: 5 * ROWS }, (_, i) => fmix32(Math.imul(i + 1, 0x9e3779b9)));
const BAND_SEEDS = Uint32Array.from({ length: BANDS }, (_, i) => fmix32(Math.imul(i + 101, 0x85ebca6b)));

/** 32-bit hashes of a normalised text's character 5-grams (FNV-1a, then mixed); a shorter text is one shingle. */
function shingleHashes(normalised: string): Uint32Array {
  const n = Math.max(1, normalised.length - SHINGLE_CHARS + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    const end = Math.min(normalised.length, i + SHINGLE_CHARS);
    for (let j = i; j < end; j++) h = Math.imul(h ^ normalised.charCodeAt(j), 0x01000193);
    out[i] = fmix32(h);
  }
  return out;
}

/** The distinct 5-gram hashes, sorted: the set `similarity` compares. */
export function shingleSet(text: string): Uint32Array {
  const hashes = shingleHashes(normaliseParagraph(text)).sort();
  let k = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[k - 1]) hashes[k++] = hashes[i]!;
  return hashes.slice(0, k);
}

/**
 * How much of one paragraph is in the other: shared 5-grams over the smaller set, where the
 * smaller counts as at least a third of the larger. A copy with a sentence added or dropped
 * scores near 1, as does a one-word edit (about 0.95); a short quote lifted into a long paragraph
 * does not make the two paragraphs copies of each other.
 */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! === b[j]!) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (a[i]! < b[j]!) i += 1;
    else j += 1;
  }
  const small = Math.min(a.length, b.length);
  const large = Math.max(a.length, b.length);
  return shared / Math.max(small, large / 3);
}

const minHasher = new MinHasher(SEED_BLOCKS.map((block) => SEEDS.subarray(block * ROWS, (block + 1) * ROWS)));

/**
 * A text's 5-gram hashes, written where `bandKey` reads them (over the last text's): a text's
 * keys are taken before the next text is shingled. Answers how many there are. Only texts of
 * MIN_WORDS words or more are keyed, so every one is longer than a shingle.
 */
const shingle = (text: string): number => minHasher.shingles(text);

/**
 * One band's key: its MinHash rows (ROWS, or SHORT_ROWS) over the `count` hashes `shingle` wrote,
 * folded with the band's seed into a signed 32-bit integer.
 */
function bandKey(count: number, band: number, rows: typeof ROWS | typeof SHORT_ROWS = ROWS): number {
  const minima = minHasher.minima(band, count);
  let key = BAND_SEEDS[band]!;
  for (let r = 0; r < rows; r++) key = fmix32(Math.imul(key ^ minima[r]!, 0x9e3779b1));
  return key | 0;
}

/** A band key of a text taken word for word: its hash folded with the band's seed. */
function exactKey(text: string, band: number): number {
  return fmix32(Math.imul(BAND_SEEDS[band]! ^ hashString(text), 0x9e3779b1)) | 0;
}

/** Words at each end of a paragraph that make its head and tail bands. */
const END_WORDS = 8;

/** Paragraphs of at most this many words may be outlet chrome; longer ones are text. */
const TEMPLATE_MAX_WORDS = 30;

/** Where the first `n` words of a normalised text end (the index of the space after them). */
function wordEnd(normalised: string, n: number): number {
  let at = -1;
  for (let k = 0; k < n; k++) at = normalised.indexOf(' ', at + 1);
  return at;
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return fmix32(h) | 0;
}

/**
 * What the duplicate finder needs of a paragraph, made from its text once (normalised once; a
 * caller that has normalised it already, to hash it, passes that).
 */
export function paragraphSignature(text: string, normalised = normaliseParagraph(text)): ParagraphSignature {
  const words = wordCount(normalised);
  const short = words <= TEMPLATE_MAX_WORDS;
  const opening = short ? openingHash(text, normalised, words) : null;
  if (words < MIN_WORDS) return { keys: null, opening, short };
  // Figures are the part of a copy most often updated (a toll, a price, a date): every run of
  // digits counts as the same one in the keys, so a copy with its numbers changed keeps them all.
  // `similarity`, over the real text, still tells the two apart.
  const keyed = normalised.replace(ASCII.test(normalised) ? /[0-9]+/g : /\p{N}+/gu, '0');
  const whole = shingle(keyed);
  const rows = words < 2 * END_WORDS ? SHORT_ROWS : ROWS;
  if (words <= END_WORDS) return { keys: [bandKey(whole, 0, rows), bandKey(whole, 1, rows), bandKey(whole, 2, rows), bandKey(whole, 3, rows)], opening, short };
  const head = keyed.slice(0, wordEnd(keyed, END_WORDS));
  const tail = keyed.slice(wordEnd(keyed, words - END_WORDS) + 1);
  // Taken before the second text, if any, is shingled over the first.
  const first = bandKey(whole, 0, rows);
  // Under 2 × END_WORDS words the head and tail overlap, and an edit where they do changes both;
  // the second whole-text band then covers the paragraph's two ends instead, which such an edit misses.
  const half = END_WORDS / 2;
  const second = words < 2 * END_WORDS ? shingle(`${keyed.slice(0, wordEnd(keyed, half))} ${keyed.slice(wordEnd(keyed, words - half) + 1)}`) : whole;
  return { keys: [first, bandKey(second, 1, rows), exactKey(head, 2), exactKey(tail, 3)], opening, short };
}

/** Normalised ASCII text has no figures but 0–9, and the ASCII pattern for them is much the cheaper. */
const ASCII = /^[\x00-\x7f]*$/;

function openingHash(text: string, normalised: string, words: number): number | null {
  if (words < 3 || words > TEMPLATE_MAX_WORDS || !looksLikeChrome(text)) return null;
  const third = wordEnd(normalised, 3);
  return hashString(third === -1 ? normalised : normalised.slice(0, third));
}

/** A paragraph's opening key alone, without the work of its band keys. */
export function openingOf(text: string): number | null {
  const normalised = normaliseParagraph(text);
  return openingHash(text, normalised, wordCount(normalised));
}

/*
 * Chrome that varies is a label or a link, not a sentence: "Saksikan Live DetikSore: <title>",
 * "[Gambas:Instagram]", "Simak juga Video 'X':", "Artikel ini telah tayang di X.com dengan judul
 * "Y"". So a short paragraph is a template candidate only when it does not end as a sentence does.
 * Short news paragraphs that share their opening words ("Presiden Joko Widodo mengatakan ...",
 * common in an archive about one topic; "Jakarta: Presiden ..." datelines) end with a full stop
 * and stay text.
 */
const SENTENCE_CLOSE = /[.!?…]["'”’)]*$/u;
function looksLikeChrome(text: string): boolean {
  return !SENTENCE_CLOSE.test(text.trimEnd());
}
