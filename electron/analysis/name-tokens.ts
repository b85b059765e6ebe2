import { ABBREVIATIONS } from './person-words.js';
import { Sentences } from './sentences.js';
import { equalsLowerAscii, hashRange, readWords, type TextWords, UNHASHED, WordMap } from './word-filter.js';

/*
 * The words of an article as the person finder sees them: where they are, how they are written,
 * and what separates each from the one before (a name is words separated only by spaces).
 */

/** How a word is written (see shapeOf): capitalised, in capitals, a single capital, in lower case, or otherwise. */
export const CAPITAL = 0;
export const ACRONYM = 1;
export const INITIAL = 2;
export const LOWER = 3;
export const OTHER = 4;
export type Shape = typeof CAPITAL | typeof ACRONYM | typeof INITIAL | typeof LOWER | typeof OTHER;

/* What lies around a word, one bit each. */
/** Only spaces since the previous word, or the full stop of an initial or abbreviation ("M. Nuh", "Dr. Tirta"). */
const JOINED = 1;
/** Only a hyphen since the previous word: "Al-Assad", "China-Rusia". */
const HYPHENED = 2;
/** The first word of a quotation, capitalised whatever it is. */
const OPENS_QUOTE = 4;
/** Right after an abbreviation or initial and its full stop ("Dr. Tirta"), where ICU's boundary is no sentence's. */
const AFTER_ABBREVIATION = 8;
/**
 * Whether a sentence may begin here, as far as the characters since the previous word show:
 * ICU's boundaries come only after a sentence terminator or a paragraph separator.
 */
const MAY_SENTENCE = 16;
/** Only a comma (and spaces) before the next word. */
const COMMA_AFTER = 32;

/*
 * The words are kept as columns of numbers in arrays of the module's, reused from one text to the
 * next (a text's words never outlive the next call, nor does a call run inside another): an
 * article has hundreds of words, and an object for each cost more than finding them. A word's
 * spelling is cut out of the text only when asked for: most words of an article are lower-case
 * words the finder rules out by their hash alone (see word-filter.ts).
 */
let starts = new Int32Array(2048);
let ends = new Int32Array(2048);
/** The hash of each word in lower case, or UNHASHED when it is not all ASCII. */
let hashes = new Int32Array(2048);
let shapes = new Uint8Array(2048);
let flags = new Uint8Array(2048);

function grow(): void {
  const wider = <T extends Int32Array | Uint8Array>(from: T): T => {
    const to = new (from.constructor as new (n: number) => T)(from.length * 2);
    to.set(from);
    return to;
  };
  starts = wider(starts);
  ends = wider(ends);
  hashes = wider(hashes);
  shapes = wider(shapes);
  flags = wider(flags);
}

/** The words of a text, by index, `count` of them in order: good until the next text is tokenized. */
export class Tokens {
  private readonly starts = starts;
  private readonly ends = ends;
  private readonly hashes = hashes;
  private readonly shapes = shapes;
  private readonly flags = flags;
  private readonly spellings: (string | undefined)[];
  private readonly lowered: (string | undefined)[];

  constructor(readonly text: string, readonly count: number) {
    this.spellings = new Array<string | undefined>(count);
    this.lowered = new Array<string | undefined>(count);
  }

  start(i: number): number {
    return this.starts[i]!;
  }

  end(i: number): number {
    return this.ends[i]!;
  }

  /** The hash of the word in lower case, or UNHASHED when it is not all ASCII. */
  hash(i: number): number {
    return this.hashes[i]!;
  }

  shape(i: number): Shape {
    return this.shapes[i] as Shape;
  }

  joined(i: number): boolean {
    return (this.flags[i]! & JOINED) !== 0;
  }

  hyphened(i: number): boolean {
    return (this.flags[i]! & HYPHENED) !== 0;
  }

  opensQuote(i: number): boolean {
    return (this.flags[i]! & OPENS_QUOTE) !== 0;
  }

  afterAbbreviation(i: number): boolean {
    return (this.flags[i]! & AFTER_ABBREVIATION) !== 0;
  }

  maySentence(i: number): boolean {
    return (this.flags[i]! & MAY_SENTENCE) !== 0;
  }

  commaAfter(i: number): boolean {
    return (this.flags[i]! & COMMA_AFTER) !== 0;
  }

  word(i: number): string {
    return (this.spellings[i] ??= this.text.slice(this.starts[i], this.ends[i]));
  }

  lower(i: number): string {
    return (this.lowered[i] ??= this.word(i).toLowerCase());
  }

  /** The value of the word in lower case in `map`, cutting it out only when it is not all ASCII. */
  find<V>(i: number, map: WordMap<V>): V | undefined {
    const hash = this.hashes[i]!;
    return hash === UNHASHED ? map.get(this.lower(i)) : map.getAscii(this.text, this.starts[i]!, this.ends[i]!, hash);
  }

  /** Whether the word in lower case is `lower`. */
  is(i: number, lower: string): boolean {
    const hash = this.hashes[i]!;
    return hash === UNHASHED ? this.lower(i) === lower : equalsLowerAscii(this.text, this.starts[i]!, this.ends[i]!, lower);
  }
}

const ABBREVIATION_WORDS = WordMap.of(ABBREVIATIONS);

const CURLY_OPENING = '“„«‘';
const STRAIGHT = '"\'';
const NON_ASCII_WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x202f;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isUpperAscii = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLowerAscii = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const ASCII_WORD = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) ASCII_WORD[c] = isLowerAscii(c) || isUpperAscii(c) || isDigit(c) ? 1 : 0;

/*
 * Letters, marks and digits, tested by hand for ASCII: this runs over every character of every
 * imported article, and a Unicode-property regex over the whole text costs several times more.
 */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return ASCII_WORD[c] === 1;
  return NON_ASCII_WORD_CHAR.test(text[i]!);
}

function isLower(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return isLowerAscii(c);
  const ch = text[i]!;
  return ch !== ch.toUpperCase();
}

function isUpper(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return isUpperAscii(c);
  const ch = text[i]!;
  return ch !== ch.toLowerCase();
}

const isApostrophe = (c: number): boolean => c === 0x27 || c === 0x2019;

/** Whether the character at i is a hyphen that keeps the part after it in the word: a lower-case one or a number. */
function hyphenJoins(text: string, i: number): boolean {
  return text.charCodeAt(i) === 0x2d && i + 1 < text.length && (isLower(text, i + 1) || isDigit(text.charCodeAt(i + 1)));
}

/*
 * The end of the word starting at `start`. Apostrophes stay inside words (Ma'ruf, O'Brien); a
 * hyphen stays only before a lower-case part (Tae-yong, Jokowi-nya), so pairs like
 * "Prabowo-Hatta" or "China-Rusia" are two words.
 */
function wordEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    while (i < text.length && isWordChar(text, i)) i++;
    if (isApostrophe(text.charCodeAt(i)) && i + 1 < text.length && isWordChar(text, i + 1)) i += 1;
    else if (hyphenJoins(text, i)) i += 1;
    else return i;
  }
}

/** The end of the word text[start, end) without an English possessive: "Putin's" names Putin. */
function withoutPossessive(text: string, start: number, end: number): number {
  const apostrophe = text.charCodeAt(end - 2);
  return end - start > 3 && text.charCodeAt(end - 1) === 0x73 && isApostrophe(apostrophe) ? end - 2 : end;
}

function shapeOf(text: string, start: number, end: number): Shape {
  if (!isUpper(text, start)) return isLower(text, start) ? LOWER : OTHER;
  if (end - start === 1) return INITIAL;
  let lower = false;
  for (let i = start + 1; i < end; i++) {
    if (isDigit(text.charCodeAt(i))) return OTHER;
    if (!lower && isLower(text, i)) lower = true;
  }
  return lower ? CAPITAL : ACRONYM;
}

/** Whether only spaces lie in text[from, to). */
function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Whether the gap text[from, to) before a word ends in an opening quotation mark. */
function opensQuote(text: string, from: number, to: number): boolean {
  let q = to - 1;
  while (q >= from && isSpace(text.charCodeAt(q))) q--;
  if (q < from) return false;
  const c = text[q]!;
  if (CURLY_OPENING.includes(c)) return true;
  // A straight quote opens when a space or bracket comes before it, and closes after a word.
  return STRAIGHT.includes(c) && q > from && (isSpace(text.charCodeAt(q - 1)) || text[q - 1] === '(' || text[q - 1] === '\n');
}

/**
 * Whether a sentence boundary may lie in text[from, to): ICU puts one only after a full stop, a
 * question or exclamation mark, a line or paragraph break, or (in other scripts) a character
 * outside ASCII, each perhaps followed by quotes, brackets and spaces.
 */
function mayBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x0a || c === 0x0d || c >= 0x80) return true;
  }
  return false;
}

/** Whether the word text[start, end) is an abbreviation its full stop does not end a sentence after. */
function abbreviation(text: string, start: number, end: number, hash: number): boolean {
  return hash === UNHASHED ? ABBREVIATIONS.has(text.slice(start, end).toLowerCase()) : ABBREVIATION_WORDS.getAscii(text, start, end, hash) === true;
}

/** Sets word k, text[start, end), and what separates it from word k - 1. */
function setWord(text: string, k: number, start: number, end: number, shape: Shape, hash: number): void {
  const prevEnd = k > 0 ? ends[k - 1]! : 0;
  let bits = 0;
  if (k > 0 && start === prevEnd + 1 && text.charCodeAt(prevEnd) === 0x20) {
    // Most words follow the previous one after a single space.
    bits = JOINED;
    if (hashes[k - 1] === UNHASHED) bits |= MAY_SENTENCE;
  } else if (k > 0) {
    const prev = k - 1;
    const abbreviated = text.charCodeAt(prevEnd) === 0x2e && (shapes[prev] === INITIAL || abbreviation(text, starts[prev]!, prevEnd, hashes[prev]!));
    const gapFrom = abbreviated ? prevEnd + 1 : prevEnd;
    const joined = start > gapFrom && onlySpaces(text, gapFrom, start) && (abbreviated || start > prevEnd);
    const afterAbbreviation = joined && abbreviated;
    if (joined) bits |= JOINED;
    if (afterAbbreviation) bits |= AFTER_ABBREVIATION;
    if (!afterAbbreviation && (hashes[prev] === UNHASHED || mayBreak(text, prevEnd, start))) bits |= MAY_SENTENCE;
    if (start === prevEnd + 1 && text.charCodeAt(prevEnd) === 0x2d) bits |= HYPHENED;
    let i = prevEnd;
    while (i < start && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 0x2c && onlySpaces(text, i + 1, start)) flags[prev]! |= COMMA_AFTER;
    if (opensQuote(text, prevEnd, start)) bits |= OPENS_QUOTE;
  } else {
    bits = MAY_SENTENCE;
  }
  if (k === starts.length) grow();
  starts[k] = start;
  ends[k] = end;
  hashes[k] = hash;
  shapes[k] = shape;
  flags[k] = bits;
}

/**
 * The words made of the text's TextWords (word-filter.ts), which the country finder has read
 * already: runs of letters, marks and digits, joined by an apostrophe or a hyphen as wordEnd joins
 * them. A word that is one run, and nothing more, keeps the run's hash.
 */
function wordsOfRuns(text: string, runs: TextWords): number {
  const { starts: from, ends: to, hashes: hashOf, count: n } = runs;
  let count = 0;
  for (let j = 0; j < n; j++) {
    const first = j;
    const start = from[j]!;
    let end = to[j]!;
    for (;;) {
      const nextRunFollows = j + 1 < n && from[j + 1] === end + 1;
      if (isApostrophe(text.charCodeAt(end)) && nextRunFollows) {
        end = to[++j]!;
      } else if (hyphenJoins(text, end)) {
        // A hyphen before a lower-case character that is no letter ends the word.
        if (!nextRunFollows) {
          end += 1;
          break;
        }
        end = to[++j]!;
      } else {
        break;
      }
    }
    const cut = withoutPossessive(text, start, end);
    const hash = cut === to[first] ? hashOf[first]! : hashRange(text, start, cut);
    setWord(text, count, start, cut, shapeOf(text, start, cut), hash);
    count += 1;
  }
  return count;
}

/** The words read character by character. */
function wordsOfCharacters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isWordChar(text, i)) continue;
    const start = i;
    const end = wordEnd(text, start);
    i = end;
    const cut = withoutPossessive(text, start, end);
    setWord(text, count, start, cut, shapeOf(text, start, cut), hashRange(text, start, cut));
    count += 1;
  }
  return count;
}

export function tokenize(text: string): Tokens {
  const runs = readWords(text);
  // A letter beyond the Basic Multilingual Plane is part of a run but not of a word here
  // (isWordChar reads one code unit at a time), so such a text is read again.
  return new Tokens(text, runs.astral ? wordsOfCharacters(text) : wordsOfRuns(text, runs));
}

/**
 * Where the sentences of a text begin, by word: at ICU's boundaries, except that ICU ends a
 * sentence after "Dr." or "M.", and the title or initial belongs to the name after it. ICU is
 * asked only about the words asked about.
 */
export class SentenceStarts {
  private readonly sentences: Sentences;

  constructor(private readonly tokens: Tokens) {
    this.sentences = new Sentences(tokens.text);
  }

  /** Whether word i begins a sentence: a boundary lies after the start of the word before it. */
  begins(i: number): boolean {
    if (i === 0) return true;
    const t = this.tokens;
    return t.maySentence(i) && this.sentences.beginsBetween(t.start(i - 1), t.start(i));
  }

  /** The first word after word i that begins a sentence, or the number of words. */
  nextBegin(i: number): number {
    const t = this.tokens;
    const n = t.count;
    let end = this.sentences.endOf(t.start(i));
    for (let j = i + 1; ; j++) {
      while (j < n && t.start(j) < end) j++;
      // A boundary lies between the starts of words j - 1 and j.
      if (j >= n || !t.afterAbbreviation(j)) return j;
      end = this.sentences.endOf(t.start(j));
    }
  }

  /** Whether word i is the first of a sentence or of a quotation, capitalised whatever it is. */
  opens(i: number): boolean {
    return i === 0 || this.tokens.opensQuote(i) || this.begins(i);
  }
}
