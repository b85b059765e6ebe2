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

  /** Empties the filter, to fill it again without allocating another. */
  clear(): void {
    this.bits.fill(0);
  }
}

/** Whether text[start, end), all ASCII, is `lower` in lower case. */
export function equalsLowerAscii(text: string, start: number, end: number, lower: string): boolean {
  if (end - start !== lower.length) return false;
  for (let k = 0; k < lower.length; k++) if (asciiLower(text.charCodeAt(start + k)) !== lower.charCodeAt(k)) return false;
  return true;
}

/** Slots of a WordMap's table, a power of two: its filter rules out most words, the slots the rest but a few. */
const MAP_SLOTS = 1 << 12;

/**
 * A map from lower-case words that a word of a text is looked up in without being cut out when it
 * is all ASCII: its hash finds the few keys it may be, and its characters are compared with them.
 * A word not all ASCII must be looked up by its lower-case spelling, which may be all ASCII ("K",
 * the Kelvin sign, is "k"); either way the answers are those of the map itself.
 */
export class WordMap<V> {
  private readonly filter = new WordFilter();
  /** Per slot (the low bits of a hash), the index of a key there, or 0 (keys[0] is none); `next` chains the keys of a slot. */
  private readonly slots = new Uint16Array(MAP_SLOTS);
  private readonly next: number[] = [0];
  private readonly keys: string[] = [''];
  private readonly keyHashes: number[] = [UNHASHED];
  private readonly values: (V | undefined)[] = [undefined];

  constructor(private readonly map: ReadonlyMap<string, V>) {
    for (const [word, value] of map) {
      const hash = hashRange(word, 0, word.length);
      if (hash === UNHASHED) continue;
      if (this.keys.length > 0xffff) throw new Error('a WordMap holds at most 65,535 words of all ASCII');
      this.filter.addHash(hash);
      const slot = hash & (MAP_SLOTS - 1);
      this.next.push(this.slots[slot]!);
      this.slots[slot] = this.keys.length;
      this.keys.push(word);
      this.keyHashes.push(hash);
      this.values.push(value);
    }
  }

  static of(words: Iterable<string>): WordMap<true> {
    return new WordMap(new Map([...words].map((w) => [w, true as const])));
  }

  /** The value of a word by its lower-case spelling. */
  get(lower: string): V | undefined {
    return this.map.get(lower);
  }

  /** The value of text[start, end) in lower case, a word all ASCII whose hashRange is `hash`. */
  getAscii(text: string, start: number, end: number, hash: number): V | undefined {
    if (!this.filter.mayHave(hash)) return undefined;
    for (let k = this.slots[hash & (MAP_SLOTS - 1)]!; k !== 0; k = this.next[k]!) {
      if (this.keyHashes[k] === hash && equalsLowerAscii(text, start, end, this.keys[k]!)) return this.values[k];
    }
    return undefined;
  }
}

/*
 * The words of a text as runs of letters, marks and digits (/[\p{L}\p{M}\p{N}]+/gu), with their
 * hashes, read by hand: a Unicode-property regex with a match object and a string for every word
 * costs more than the rest of a finder. Both finders read every article, the country finder's
 * words are these and the person finder's are made of them, so the words of the text read last
 * are kept and a second reading of it costs nothing. The arrays are the module's, reused from one
 * text to the next: TextWords are good until another text is read.
 */
let wordStarts: Int32Array = new Int32Array(2048);
let wordEnds: Int32Array = new Int32Array(2048);
let wordHashes: Int32Array = new Int32Array(2048);

export class TextWords {
  constructor(
    readonly text: string,
    readonly count: number,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    /** The lower-case hash of each word, or UNHASHED when it is not all ASCII. */
    readonly hashes: Int32Array,
    /** Whether a word holds a letter, mark or digit outside the Basic Multilingual Plane (a surrogate pair). */
    readonly astral: boolean,
  ) {}
}

let lastRead: TextWords | undefined;

const NON_ASCII_WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;

/** ASCII letters and digits, the only ASCII characters of words. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[a-z0-9]/i.test(String.fromCharCode(c)) ? 1 : 0;

/** How many code units the non-ASCII character at i takes when it belongs to a word; 0 when it does not. */
function nonAsciiWordChar(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const length = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  return NON_ASCII_WORD_CHAR.test(text.slice(i, i + length)) ? length : 0;
}

function growWords(): void {
  const copy = (from: Int32Array): Int32Array => {
    const to = new Int32Array(from.length * 2);
    to.set(from);
    return to;
  };
  wordStarts = copy(wordStarts);
  wordEnds = copy(wordEnds);
  wordHashes = copy(wordHashes);
}

export function readWords(text: string): TextWords {
  if (lastRead !== undefined && lastRead.text === text) return lastRead;
  let count = 0;
  let astral = false;
  const length = text.length;
  for (let i = 0; i < length;) {
    const first = text.charCodeAt(i);
    if (first < 0x80 ? ASCII_WORD[first] === 0 : nonAsciiWordChar(text, i) === 0) {
      i += 1;
      continue;
    }
    const start = i;
    let hash = HASH_START;
    let ascii = true;
    while (i < length) {
      const c = text.charCodeAt(i);
      // Most characters of most words are lower-case ASCII letters: they are tested first.
      if (c >= 0x61 && c <= 0x7a) {
        hash = hashStep(hash, c);
        i += 1;
      } else if (c < 0x80) {
        if (ASCII_WORD[c] === 0) break;
        hash = hashStep(hash, asciiLower(c));
        i += 1;
      } else {
        const n = nonAsciiWordChar(text, i);
        if (n === 0) break;
        if (n === 2) astral = true;
        ascii = false;
        i += n;
      }
    }
    if (count === wordStarts.length) growWords();
    wordStarts[count] = start;
    wordEnds[count] = i;
    wordHashes[count] = ascii ? hashEnd(hash) : UNHASHED;
    count += 1;
  }
  lastRead = new TextWords(text, count, wordStarts, wordEnds, wordHashes, astral);
  return lastRead;
}
