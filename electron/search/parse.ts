/*
 * What the user typed in the search box → a QueryNode (ast.ts). Pure and bounded: every input
 * either gives a tree, null (nothing to search for) or a QueryError naming the problem and its
 * position (a UTF-16 index into the input, as JavaScript strings count).
 *
 * Two passes. The scanner reads the text chunk by chunk (a chunk is a run of characters up to
 * whitespace, a control character, `,` `;` `(` `)` `|` or a quote) and turns everything that
 * lives inside one chunk into a leaf (term, phrase, NEAR, filter, date) or an operator token.
 * The parser then builds the boolean structure, NOT > AND > OR:
 *
 *   query   := or
 *   or      := and (OR and)*                    OR is `OR` or `|`
 *   and     := unary (AND? unary)*              AND by default
 *   unary   := (NOT | -)* primary               an even number of negations cancels out
 *   primary := leaf | '(' or ')'
 *   leaf    := words ['*']                      term, or phrase when the chunk has inner punctuation
 *            | quote text quote ['~' N]         phrase (term if one word); with ~N a near
 *            | 'NEAR(' text [',' N] ')'         near, N defaults to 10
 *            | field ':' (bare | quote text quote)
 *
 * Forgiveness, because people type half-finished queries and paste text: an operator with
 * nothing to act on (`putin OR`, `OR putin`, `NOT`, `a OR OR b`, `(a NOT)`) is dropped, as are
 * empty quotes, empty parentheses and chunks without a letter or digit (`!`, lone `-`, `*`, `&`,
 * emoji). Only upper-case OR/AND/NOT/NEAR are operators: lower-case ones are ordinary words, so
 * Indonesian or English prose never turns into syntax by accident. An unknown `foo:bar` is just
 * text (pasted text has colons).
 */

import type { FilterField, QueryNode } from '../../db/search/ast.js';
import { spellGroupedNumbers } from '../../db/search/numbers.js';
import { QueryError } from './query-error.js';

const MAX_LENGTH = 2000;
const MAX_DEPTH = 32;
const MAX_TERMS = 200;
const DEFAULT_NEAR = 10;
const MAX_NEAR = 100;

/** A word is a run of letters, digits and combining marks; everything else separates words. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const WORD_START = /[\p{L}\p{N}\p{M}]/uy;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;
/** Straight and typographic double quotes all open and close a phrase; `'` is not one (Jum'at). */
const QUOTE = /["“”„‟«»″]/;
const NEXT_QUOTE = /["“”„‟«»″]/g;
const SEPARATOR = /[\s\p{Z}\p{Cc},;]/uy;
/** A comma ends a chunk, except inside a figure such as 14,000 (see db/search/numbers.ts). */
const CHUNK_END = /[\s\p{Z}\p{Cc};()|"“”„‟«»″]|(?<!\d),|,(?!\d{3}(?!\d))/gu;
const FIELD = /^([a-z]+):/i;
const DISTANCE = /-?\d+/y;

const FILTER_FIELDS: ReadonlySet<string> = new Set<FilterField>(['source', 'lang', 'country', 'person', 'tag']);
const DATE_FIELDS: ReadonlySet<string> = new Set(['date', 'after', 'before']);

type Token =
  | { type: 'leaf'; node: QueryNode; pos: number }
  | { type: 'open' | 'close' | 'or' | 'and' | 'not'; pos: number };

/** Parses a search query; null when it has nothing to search for. Throws only QueryError. */
export function parseQuery(input: string): QueryNode | null {
  // Checked first so that hostile megabyte inputs cost nothing.
  if (input.length > MAX_LENGTH) fail(`query is too long (${MAX_LENGTH} characters at most)`, MAX_LENGTH);
  return new Parser(new Scanner(input).scan()).query();
}

function fail(message: string, pos: number): never {
  throw new QueryError(`${message} at ${pos}`, pos);
}

/** Lower-cased (the index folds case too) and NFC, so composed and decomposed `é` are one word. */
const normaliseWord = (word: string): string => word.toLowerCase().normalize('NFC');

/** Words as the index holds them: `Rp14.000` is `14000 000`, as in the articles (db/search/numbers.ts). */
const wordsOf = (text: string): string[] => Array.from(spellGroupedNumbers(text).matchAll(WORD), (m) => normaliseWord(m[0]));

function textNode(words: string[], field: 'title' | undefined): QueryNode | null {
  const [first] = words;
  if (first === undefined) return null;
  const node: QueryNode = words.length === 1 ? { kind: 'term', word: first, prefix: false } : { kind: 'phrase', words };
  if (field) node.field = field;
  return node;
}

/** How much a leaf counts towards the term limit: each word, each filter. */
const weight = (node: QueryNode): number =>
  node.kind === 'term' || node.kind === 'filter' || node.kind === 'date' ? 1 : 'words' in node ? node.words.length : 0;

class Scanner {
  private i = 0;
  private terms = 0;
  private readonly tokens: Token[] = [];

  constructor(private readonly input: string) {}

  scan(): Token[] {
    while (this.i < this.input.length) this.step();
    return this.tokens;
  }

  private step(): void {
    const c = this.input.charAt(this.i);
    if (c === '(') return this.operator('open');
    if (c === ')') return this.operator('close');
    if (c === '|') return this.operator('or');
    if (QUOTE.test(c)) return this.quoted();
    if (this.matchesAt(SEPARATOR, this.i)) {
      this.i++;
      return;
    }
    if (c === '-' && this.negation()) return;
    this.chunk();
  }

  private operator(type: 'open' | 'close' | 'or' | 'and' | 'not', pos = this.i, next = pos + 1): void {
    this.tokens.push({ type, pos });
    this.i = next;
  }

  private leaf(node: QueryNode | null, pos: number): void {
    if (node === null) return;
    this.terms += weight(node);
    if (this.terms > MAX_TERMS) fail('too many terms', pos);
    this.tokens.push({ type: 'leaf', node, pos });
  }

  private matchesAt(re: RegExp, pos: number): boolean {
    re.lastIndex = pos;
    return re.test(this.input);
  }

  /**
   * `-x`, `-"a b"`, `-(…)`, `--x`: dashes count as NOT only when something follows them
   * directly, so the dash in "Jakarta -- Reuters" or "a - b" stays punctuation.
   */
  private negation(): boolean {
    let j = this.i;
    while (this.input.charAt(j) === '-') j++;
    const next = this.input.charAt(j);
    if (!(next === '(' || QUOTE.test(next) || this.matchesAt(WORD_START, j))) return false;
    this.operator('not', this.i, j);
    return true;
  }

  private chunk(): void {
    const start = this.i;
    CHUNK_END.lastIndex = start;
    const end = CHUNK_END.exec(this.input)?.index ?? this.input.length;
    const text = this.input.slice(start, end);
    this.i = end;
    if (text === 'OR' || text === 'AND' || text === 'NOT') {
      return this.operator(text === 'OR' ? 'or' : text === 'AND' ? 'and' : 'not', start, end);
    }
    if (text === 'NEAR' && this.input.charAt(end) === '(') return this.near(start, end);
    const field = FIELD.exec(text);
    const name = field?.[1]?.toLowerCase();
    if (field && name && (name === 'title' || FILTER_FIELDS.has(name) || DATE_FIELDS.has(name))) {
      return this.field(name, start, start + field[0].length, end);
    }
    this.leaf(this.bareWords(text, start, undefined), start);
  }

  /** A chunk's words: inner punctuation (`China-Rusia`, `U.S.`) makes a phrase; `word*` a prefix. */
  private bareWords(text: string, start: number, field: 'title' | undefined): QueryNode | null {
    const matches = [...spellGroupedNumbers(text).matchAll(WORD)];
    const [only] = matches;
    if (matches.length !== 1 || only === undefined || text.charAt(only.index + only[0].length) !== '*') {
      // A `*` after the last word of a phrase is dropped: the AST has no prefix phrases.
      return textNode(matches.map((m) => normaliseWord(m[0])), field);
    }
    if ((only[0].match(LETTER_OR_DIGIT) ?? []).length < 2) fail('prefix search needs at least 2 letters', start + only.index);
    const node: QueryNode = { kind: 'term', word: normaliseWord(only[0]), prefix: true };
    if (field) node.field = field;
    return node;
  }

  /** The index of the quote closing the one at `open`; any quote character closes any other. */
  private closingQuote(open: number): number {
    NEXT_QUOTE.lastIndex = open + 1;
    const close = NEXT_QUOTE.exec(this.input)?.index;
    return close ?? fail('unclosed quote', open);
  }

  private quoted(): void {
    const open = this.i;
    const close = this.closingQuote(open);
    const words = wordsOf(this.input.slice(open + 1, close));
    this.i = close + 1;
    const tilde = this.tilde();
    if (tilde === undefined) return this.leaf(textNode(words, undefined), open);
    const distance = checkDistance(tilde.text, tilde.pos);
    if (words.length < 2) fail('NEAR needs at least 2 words', open);
    this.leaf({ kind: 'near', words, distance }, open);
  }

  /** `~N` right after a closing quote; a `~` without a number is left as stray punctuation. */
  private tilde(): { text: string; pos: number } | undefined {
    if (this.input.charAt(this.i) !== '~') return undefined;
    DISTANCE.lastIndex = this.i + 1;
    const digits = DISTANCE.exec(this.input);
    if (!digits) return undefined;
    this.i = digits.index + digits[0].length;
    return { text: digits[0], pos: digits.index };
  }

  /**
   * `NEAR(words)` or `NEAR(words, N)`. The content runs to the first `)`: it holds words only,
   * so quotes or parentheses inside it are punctuation.
   */
  private near(start: number, paren: number): void {
    const close = this.input.indexOf(')', paren + 1);
    if (close < 0) fail('unclosed parenthesis', paren);
    const content = this.input.slice(paren + 1, close);
    const comma = content.lastIndexOf(',');
    const tail = content.slice(comma + 1);
    const hasDistance = comma >= 0 && /^\s*-?\d+\s*$/.test(tail);
    const distance = hasDistance
      ? checkDistance(tail.trim(), paren + 2 + comma + tail.length - tail.trimStart().length)
      : DEFAULT_NEAR;
    const words = wordsOf(hasDistance ? content.slice(0, comma) : content);
    if (words.length < 2) fail('NEAR needs at least 2 words', start);
    this.i = close + 1;
    this.leaf({ kind: 'near', words, distance }, start);
  }

  /** `name:value` or `name:"value"`; `at` is where the value starts, where errors point. */
  private field(name: string, start: number, at: number, end: number): void {
    const quoted = at === end && QUOTE.test(this.input.charAt(at));
    let raw = this.input.slice(at, end);
    if (quoted) {
      const close = this.closingQuote(at);
      raw = this.input.slice(at + 1, close);
      this.i = close + 1;
      const tilde = this.tilde();
      if (tilde) fail(`${name}: cannot be combined with ~`, tilde.pos - 1);
    }
    this.leaf(this.fieldNode(name, raw, quoted, at), start);
  }

  private fieldNode(name: string, raw: string, quoted: boolean, at: number): QueryNode {
    if (name === 'title') {
      const node = quoted ? textNode(wordsOf(raw), 'title') : this.bareWords(raw, at, 'title');
      return node ?? fail('title: expects a value', at);
    }
    const value = raw.trim().normalize('NFC');
    if (DATE_FIELDS.has(name)) return dateNode(name, value, at);
    if (name === 'lang') {
      if (!/^[a-z]{2,3}$/i.test(value)) fail('lang: expects a language code such as id or en', at);
      return { kind: 'filter', field: 'lang', value: value.toLowerCase() };
    }
    if (value === '') fail(`${name}: expects a value`, at);
    return { kind: 'filter', field: name as FilterField, value };
  }
}

function checkDistance(text: string, pos: number): number {
  const distance = Number(text);
  // A leading '-' is rejected even for "-0", which would otherwise become the number -0.
  if (text.startsWith('-') || distance > MAX_NEAR) fail(`NEAR distance must be 0 to ${MAX_NEAR}`, pos);
  return distance;
}

/** A calendar period as half-open ISO dates: `start` ≤ day < `end`. */
interface Period {
  start: string;
  end: string;
}

const iso = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

const daysIn = (y: number, m: number): number => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as a period; null if malformed or not a real date. */
function parsePeriod(text: string): Period | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (month !== undefined && (month < 1 || month > 12)) return null;
  if (month !== undefined && day !== undefined && (day < 1 || day > daysIn(y, month))) return null;
  const start = iso(y, month ?? 1, day ?? 1);
  let end: [number, number, number];
  if (month === undefined) end = [y + 1, 1, 1];
  else if (day === undefined || day === daysIn(y, month)) end = month === 12 ? [y + 1, 1, 1] : [y, month + 1, 1];
  else end = [y, month, day + 1];
  // Dates are compared as strings, which only works while years have four digits.
  return end[0] > 9999 ? null : { start, end: iso(...end) };
}

/** `date:P`, `date:A..B` (either side open), `after:P` (from the end of P), `before:P` (until its start). */
function dateNode(name: string, value: string, at: number): QueryNode {
  const invalid = (): never => fail(`${name}: expects YYYY-MM-DD, YYYY-MM or YYYY`, at);
  const range = name === 'date' ? value.indexOf('..') : -1;
  if (range < 0) {
    const period = parsePeriod(value) ?? invalid();
    if (name === 'after') return { kind: 'date', from: period.end };
    if (name === 'before') return { kind: 'date', until: period.start };
    return { kind: 'date', from: period.start, until: period.end };
  }
  const [a, b] = [value.slice(0, range), value.slice(range + 2)];
  if (a === '' && b === '') invalid();
  const from = a === '' ? undefined : (parsePeriod(a) ?? invalid()).start;
  const until = b === '' ? undefined : (parsePeriod(b) ?? invalid()).end;
  if (from !== undefined && until !== undefined && from >= until) fail('date: range starts after it ends', at);
  return { kind: 'date', ...(from === undefined ? {} : { from }), ...(until === undefined ? {} : { until }) };
}

/** Flattens nested nodes of the same kind, drops empty ones, and unwraps a single child. */
function combine(kind: 'and' | 'or', nodes: (QueryNode | null)[]): QueryNode | null {
  const children = nodes.flatMap((n) => (n === null ? [] : n.kind === kind ? n.children : [n]));
  return children.length <= 1 ? (children[0] ?? null) : { kind, children };
}

/** Recursive descent over the tokens; recursion only goes as deep as the parentheses (≤ 32). */
class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  query(): QueryNode | null {
    const node = this.or(0);
    const stray = this.tokens[this.i];
    if (stray) fail('unexpected ")"', stray.pos); // or() only stops early at a ')'
    return node;
  }

  private or(depth: number): QueryNode | null {
    const operands = [this.and(depth)];
    while (this.tokens[this.i]?.type === 'or') {
      this.i++;
      operands.push(this.and(depth));
    }
    return combine('or', operands);
  }

  private and(depth: number): QueryNode | null {
    const operands: (QueryNode | null)[] = [];
    for (let t = this.tokens[this.i]; t && t.type !== 'or' && t.type !== 'close'; t = this.tokens[this.i]) {
      if (t.type === 'and') this.i++;
      else operands.push(this.unary(depth));
    }
    return combine('and', operands);
  }

  /** Negations are counted rather than recursed into, so `NOT NOT … x` cannot exhaust the stack. */
  private unary(depth: number): QueryNode | null {
    let negations = 0;
    while (this.tokens[this.i]?.type === 'not') {
      negations++;
      this.i++;
    }
    const next = this.tokens[this.i];
    // A NOT with nothing after it (`putin NOT`, `NOT OR x`, `(a NOT)`) is dropped.
    if (!next || next.type === 'or' || next.type === 'and' || next.type === 'close') return null;
    const node = this.primary(next, depth);
    return node === null || negations % 2 === 0 ? node : { kind: 'not', child: node };
  }

  private primary(token: Token, depth: number): QueryNode | null {
    this.i++;
    if (token.type === 'leaf') return token.node;
    if (depth >= MAX_DEPTH) fail('too many nested parentheses', token.pos);
    const inner = this.or(depth + 1);
    if (this.tokens[this.i]?.type !== 'close') fail('unclosed parenthesis', token.pos);
    this.i++;
    return inner;
  }
}
