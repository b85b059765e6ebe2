/*
 * A quick "surely not in this list" test for words, so that the finders need not cut out and
 * lower-case every word of an article to look it up: most words are ordinary lower-case words
 * that no list holds. The scanners hash each all-ASCII word's lower-case characters as they read
 * them; a word the filter may hold is then looked up for real, so a false positive costs only a
 * lookup and the answers are those of the lists themselves.
 */

/** The hash of a word that is not all ASCII: such words are always looked up. */
export const UNHASHED = -1;

const SEED = 0x811c9dc5;
const BITS = 1 << 16;

/** The next FNV-1a step, on the character code already in lower case. */
export const hashStep = (hash: number, lowerCode: number): number => Math.imul(hash ^ lowerCode, 0x01000193);
export const HASH_START = SEED;
/** The finished hash, its high bits folded into the low ones the filter uses, non-negative so that it never equals UNHASHED. */
export const hashEnd = (hash: number): number => (hash ^ (hash >>> 16)) >>> 1;

export const asciiLower = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);

/** The hash of text[start, end) in lower case, or UNHASHED when it is not all ASCII. */
export function hashRange(text: string, start: number, end: number): number {
  let h = HASH_START;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return UNHASHED;
    h = hashStep(h, asciiLower(c));
  }
  return hashEnd(h);
}

export class WordFilter {
  private readonly bits = new Uint32Array(BITS / 32);

  /** Words that are not all ASCII are left out: an all-ASCII word cannot equal them, and other words are always looked up. */
  constructor(words: Iterable<string> = []) {
    for (const w of words) this.add(w);
  }

  add(word: string): void {
    this.addHash(hashRange(word, 0, word.length));
  }

  addHash(hash: number): void {
    if (hash === UNHASHED) return;
    const bit = hash & (BITS - 1);
    this.bits[bit >>> 5]! |= 1 << (bit & 31);
  }

  /** False only when no word of the filter has this hash; true for UNHASHED. */
  mayHave(hash: number): boolean {
    if (hash === UNHASHED) return true;
    const bit = hash & (BITS - 1);
    return (this.bits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }
}
