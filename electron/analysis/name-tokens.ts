import { ABBREVIATIONS } from './person-words.js';
import { sentenceStarts } from './sentences.js';
import type { Span } from './types.js';

/*
 * The words of an article as the person finder sees them: where they are, how they are written,
 * and what separates each from the one before (a name is words separated only by spaces).
 */

export type Shape = 'capital' | 'acronym' | 'initial' | 'lower' | 'other';

export interface Token extends Span {
  word: string;
  lower: string;
  shape: Shape;
  /** Only spaces since the previous word, or the full stop of an initial or abbreviation ("M. Nuh", "Dr. Tirta"). */
  joined: boolean;
  /** Only a hyphen since the previous word: "Al-Assad", "China-Rusia". */
  hyphened: boolean;
  /** Only a comma (and spaces) before the next word. */
  commaAfter: boolean;
  /** The first word of a sentence or of a quotation, capitalised whatever it is. */
  opensSentence: boolean;
  /** Which sentence of the text it is in, counting from 0. */
  sentence: number;
}

const CURLY_OPENING = '“„«‘';
const STRAIGHT = '"\'';
const NON_ASCII_WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x202f;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isUpperAscii = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLowerAscii = (c: number): boolean => c >= 0x61 && c <= 0x7a;

/*
 * Letters, marks and digits, tested by hand for ASCII: this runs over every character of every
 * imported article, and a Unicode-property regex over the whole text costs several times more.
 */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return isLowerAscii(c) || isUpperAscii(c) || isDigit(c);
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

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const starts = sentenceStarts(text);
  let nextStart = 0;
  // Sentence breaks ICU saw after abbreviations, which are not breaks here.
  let merged = 0;
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
    const word = text.slice(start, end);
    const shape = shapeOf(text, start, end);
    const lower = word.toLowerCase();

    let sentenceOpen = false;
    while (nextStart < starts.length && starts[nextStart]! <= start) {
      sentenceOpen = true;
      nextStart++;
    }
    let sentence = nextStart - 1 - merged;
    let joined = false;
    let hyphened = false;
    if (prev && start === prevEnd + 1 && text.charCodeAt(prevEnd) === 0x20) {
      // Most words follow the previous one after a single space.
      joined = true;
    } else if (prev) {
      const abbreviated = text.charCodeAt(prevEnd) === 0x2e && (prev.shape === 'initial' || ABBREVIATIONS.has(prev.lower));
      const gapFrom = abbreviated ? prevEnd + 1 : prevEnd;
      joined = start > gapFrom && onlySpaces(text, gapFrom, start) && (abbreviated || start > prevEnd);
      // ICU ends a sentence after "Dr." or "M."; the title or initial belongs to the name after it.
      if (joined && abbreviated && sentence !== prev.sentence) {
        sentenceOpen = false;
        merged += 1;
        sentence = prev.sentence;
      }
      hyphened = start === prevEnd + 1 && text.charCodeAt(prevEnd) === 0x2d;
      let k = prevEnd;
      while (k < start && isSpace(text.charCodeAt(k))) k++;
      prev.commaAfter = text.charCodeAt(k) === 0x2c && onlySpaces(text, k + 1, start);
      if (opensQuote(text, prevEnd, start)) sentenceOpen = true;
    } else {
      sentenceOpen = true;
    }
    const token: Token = { start, end, word, lower, shape, joined, hyphened, commaAfter: false, opensSentence: sentenceOpen, sentence };
    tokens.push(token);
    prev = token;
    prevEnd = end;
  }
  return tokens;
}
