import { ABBREVIATIONS } from './person-words.js';
import { Sentences } from './sentences.js';
import type { Span } from './types.js';
import { hashRange, UNHASHED, WordFilter } from './word-filter.js';

/*
 * The words of an article as the person finder sees them: where they are, how they are written,
 * and what separates each from the one before (a name is words separated only by spaces).
 */

export type Shape = 'capital' | 'acronym' | 'initial' | 'lower' | 'other';

/*
 * A word's spelling is cut out of the text only when asked for: most words of an article are
 * lower-case words the finder rules out by their hash alone (see word-filter.ts).
 */
export class Token implements Span {
  private spelling: string | undefined = undefined;
  private lowered: string | undefined = undefined;

  constructor(
    private readonly text: string,
    readonly start: number,
    readonly end: number,
    readonly shape: Shape,
    /** The hash of the word in lower case, or UNHASHED when it is not all ASCII. */
    readonly hash: number,
    /** Only spaces since the previous word, or the full stop of an initial or abbreviation ("M. Nuh", "Dr. Tirta"). */
    readonly joined: boolean,
    /** Only a hyphen since the previous word: "Al-Assad", "China-Rusia". */
    readonly hyphened: boolean,
    /** The first word of a quotation, capitalised whatever it is. */
    readonly opensQuote: boolean,
    /** Right after an abbreviation or initial and its full stop ("Dr. Tirta"), where ICU's boundary is no sentence's. */
    readonly afterAbbreviation: boolean,
    /**
     * Whether a sentence may begin here, as far as the characters since the previous word show:
     * ICU's boundaries come only after a sentence terminator or a paragraph separator.
     */
    readonly maySentence: boolean,
  ) {}

  /** Only a comma (and spaces) before the next word. */
  commaAfter = false;

  get word(): string {
    return (this.spelling ??= this.text.slice(this.start, this.end));
  }

  get lower(): string {
    return (this.lowered ??= this.word.toLowerCase());
  }
}

const ABBREVIATION_FILTER = new WordFilter(ABBREVIATIONS);

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

/*
 * The end of the word starting at `start`. Apostrophes stay inside words (Ma'ruf, O'Brien); a
 * hyphen stays only before a lower-case part (Tae-yong, Jokowi-nya), so pairs like
 * "Prabowo-Hatta" or "China-Rusia" are two words.
 */
function wordEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    while (i < text.length && isWordChar(text, i)) i++;
    const c = text.charCodeAt(i);
    if ((c === 0x27 || c === 0x2019) && i + 1 < text.length && isWordChar(text, i + 1)) i += 1;
    else if (c === 0x2d && i + 1 < text.length && (isLower(text, i + 1) || isDigit(text.charCodeAt(i + 1)))) i += 1;
    else return i;
  }
}

function shapeOf(text: string, start: number, end: number): Shape {
  if (!isUpper(text, start)) return isLower(text, start) ? 'lower' : 'other';
  if (end - start === 1) return 'initial';
  let lower = false;
  for (let i = start + 1; i < end; i++) {
    if (isDigit(text.charCodeAt(i))) return 'other';
    if (!lower && isLower(text, i)) lower = true;
  }
  return lower ? 'capital' : 'acronym';
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

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let prevEnd = 0;
  let prev: Token | undefined;
  for (let i = 0; i < text.length; i++) {
    if (!isWordChar(text, i)) continue;
    const start = i;
    let end = wordEnd(text, start);
    i = end;
    // English possessives name the owner: "Putin's" is Putin.
    const apostrophe = text.charCodeAt(end - 2);
    if (end - start > 3 && text.charCodeAt(end - 1) === 0x73 && (apostrophe === 0x27 || apostrophe === 0x2019)) end -= 2;
    const shape = shapeOf(text, start, end);
    const hash = hashRange(text, start, end);

    let joined = false;
    let hyphened = false;
    let quote = false;
    let afterAbbreviation = false;
    let maySentence = true;
    if (prev && start === prevEnd + 1 && text.charCodeAt(prevEnd) === 0x20) {
      // Most words follow the previous one after a single space.
      joined = true;
      maySentence = prev.hash === UNHASHED;
    } else if (prev) {
      const abbreviated = text.charCodeAt(prevEnd) === 0x2e && (prev.shape === 'initial' || (ABBREVIATION_FILTER.mayHave(prev.hash) && ABBREVIATIONS.has(prev.lower)));
      const gapFrom = abbreviated ? prevEnd + 1 : prevEnd;
      joined = start > gapFrom && onlySpaces(text, gapFrom, start) && (abbreviated || start > prevEnd);
      afterAbbreviation = joined && abbreviated;
      maySentence = !afterAbbreviation && (prev.hash === UNHASHED || mayBreak(text, prevEnd, start));
      hyphened = start === prevEnd + 1 && text.charCodeAt(prevEnd) === 0x2d;
      let k = prevEnd;
      while (k < start && isSpace(text.charCodeAt(k))) k++;
      prev.commaAfter = text.charCodeAt(k) === 0x2c && onlySpaces(text, k + 1, start);
      quote = opensQuote(text, prevEnd, start);
    }
    const token = new Token(text, start, end, shape, hash, joined, hyphened, quote, afterAbbreviation, maySentence);
    tokens.push(token);
    prev = token;
    prevEnd = end;
  }
  return tokens;
}

/**
 * Where the sentences of a text begin, by word: at ICU's boundaries, except that ICU ends a
 * sentence after "Dr." or "M.", and the title or initial belongs to the name after it. ICU is
 * asked only about the words asked about.
 */
export class SentenceStarts {
  private readonly sentences: Sentences;

  constructor(text: string, private readonly tokens: readonly Token[]) {
    this.sentences = new Sentences(text);
  }

  /** Whether word i begins a sentence: a boundary lies after the start of the word before it. */
  begins(i: number): boolean {
    if (i === 0) return true;
    const t = this.tokens[i]!;
    return t.maySentence && this.sentences.around(t.start).start > this.tokens[i - 1]!.start;
  }

  /** The first word after word i that begins a sentence, or the number of words. */
  nextBegin(i: number): number {
    const n = this.tokens.length;
    let sentence = this.sentences.around(this.tokens[i]!.start);
    for (let j = i + 1; ; j++) {
      while (j < n && this.tokens[j]!.start < sentence.end) j++;
      // A boundary lies between the starts of words j - 1 and j.
      if (j >= n || !this.tokens[j]!.afterAbbreviation) return j;
      sentence = this.sentences.around(this.tokens[j]!.start);
    }
  }

  /** Whether word i is the first of a sentence or of a quotation, capitalised whatever it is. */
  opens(i: number): boolean {
    return i === 0 || this.tokens[i]!.opensQuote || this.begins(i);
  }
}
