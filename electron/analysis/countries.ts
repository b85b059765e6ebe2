import {
  BESIDE_COUNTRY, CAPITALS, CASE_SENSITIVE, COMMON_AT_SENTENCE_START, DEMONYMS_EN, EXCLUDED_NAMES, LANGUAGE_AFTER, LANGUAGE_BEFORE, NOT_COUNTRIES,
  OTHER_NAMES, PERSON_LIKE,
} from './data/country-aliases.js';
import { GENERATED_COUNTRIES } from './data/countries.generated.js';
import type { CountryMention } from './types.js';
import { asciiLower, readWords, type TextWords, UNHASHED, WordFilter, WordMap } from './word-filter.js';

/*
 * Country suggestions: the text is split into words once, and each word that can begin a name is
 * looked up with the words after it in one map keyed by the folded (lower-case, accent-free) phrase.
 * The longest phrase wins, so "Sudan Selatan" beats "Sudan" and "Amerika Latin" (not a country)
 * beats "Amerika". No regular expression over names: this runs on every imported article.
 */

export interface Country {
  code: string;
  /** English short name. */
  name: string;
  /** Indonesian short name. */
  nameId: string;
}

interface Entry {
  /** Null for a phrase that contains a country name but is not about the country. */
  code: string | null;
  /** When set, the only spellings (as words) that count. */
  exact: string[][] | null;
  /**
   * Where a capital letter proves nothing about this name: in a Title Case headline for every name
   * that is also an ordinary word ("Fine China"), and at a sentence start too for the few whose word
   * often begins one ("Turkey prices fell").
   */
  capitalDoubt: 'headline' | 'sentence' | null;
  /** The person-like names this entry is or, for a phrase that is not a country, contains. */
  personKeys: string[];
}

interface Step {
  entry: Entry | undefined;
  /** Whether a longer key begins with this phrase. */
  longer: boolean;
}

interface Gazetteer {
  entries: Map<string, Entry>;
  /**
   * Every key and every phrase that begins one (in whole words), so that reading a phrase word by
   * word stops as soon as no key goes on the way it does.
   */
  steps: Map<string, Step>;
  /** The steps of one word, the keys' first words, looked up without cutting the word out (word-filter.ts). */
  firstSteps: WordMap<Step>;
  /** The keys' other words, to rule out most phrases before their key is put together. */
  laterWords: WordFilter;
  countries: Map<string, Country>;
  names: Map<string, string[]>;
  /** Folded English and Indonesian display names, which resolve even when dropped from matching ("Réunion"). */
  displayNames: Map<string, string>;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LETTERS_OUTSIDE_NFD: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ı: 'i', þ: 'th' };

const NON_ASCII = /[^\x00-\x7f]/;

function foldWord(word: string): string {
  const lower = word.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower.normalize('NFD').replace(/\p{M}/gu, '').replace(/[ßøæœłđıþ]/g, (ch) => LETTERS_OUTSIDE_NFD[ch]!);
}

const wordsOf = (text: string): string[] => text.match(WORD) ?? [];
const keyOf = (text: string): string => wordsOf(text).map(foldWord).join(' ');

/** English demonyms take a plural with -s unless they end like "Chinese", "Swiss", "Dutch", "Polish". */
const plural = (demonym: string): string | null => (/(?:s|sh|ch|ese|ic)$/.test(demonym) ? null : `${demonym}s`);

function buildGazetteer(): Gazetteer {
  const entries = new Map<string, Entry>();
  const names = new Map<string, Set<string>>();
  const excluded = new Set(EXCLUDED_NAMES.map(keyOf));
  const generatedBy = new Map<string, string>();
  const conflicts = new Set<string>();

  const addName = (code: string, name: string) => {
    let set = names.get(code);
    if (!set) names.set(code, (set = new Set()));
    set.add(name);
  };

  for (const country of GENERATED_COUNTRIES) {
    for (const name of country.names) {
      const key = keyOf(name);
      if (excluded.has(key)) continue;
      const other = generatedBy.get(key);
      if (other && other !== country.code) conflicts.add(key);
      generatedBy.set(key, country.code);
      addName(country.code, name);
    }
  }

  const reviewed = new Map<string, string>();
  const addReviewed = (code: string, name: string) => {
    const key = keyOf(name);
    const other = reviewed.get(key);
    if (other && other !== code) throw new Error(`country alias "${name}" is given to both ${other} and ${code}`);
    reviewed.set(key, code);
    addName(code, name);
  };
  for (const table of [CAPITALS, OTHER_NAMES]) {
    for (const [code, list] of Object.entries(table)) for (const name of list) addReviewed(code, name);
  }
  for (const [code, list] of Object.entries(DEMONYMS_EN)) {
    for (const name of list) {
      addReviewed(code, name);
      const many = plural(name);
      if (many) addReviewed(code, many);
    }
  }

  for (const key of conflicts) {
    if (!reviewed.has(key)) throw new Error(`generated country name "${key}" belongs to two countries; decide in country-aliases.ts`);
  }

  const exact = new Map<string, string[][]>();
  const caseSensitive = (name: string) => {
    const key = keyOf(name);
    const forms = exact.get(key) ?? [];
    forms.push(wordsOf(name));
    exact.set(key, forms);
  };
  for (const name of CASE_SENSITIVE) caseSensitive(name);
  const ordinaryWords = new Set(exact.keys());
  const sentenceWords = new Set(COMMON_AT_SENTENCE_START.map(keyOf));
  for (const list of names.values()) for (const name of list) if (!/\p{Ll}/u.test(name)) caseSensitive(name);
  const personLike = new Set(PERSON_LIKE.map(keyOf));
  const entry = (code: string | null, key: string): Entry => ({
    code,
    exact: code ? (exact.get(key) ?? null) : null,
    capitalDoubt: !code || !ordinaryWords.has(key) ? null : sentenceWords.has(key) ? 'sentence' : 'headline',
    personKeys: code ? (personLike.has(key) ? [key] : []) : key.split(' ').filter((word) => personLike.has(word)),
  });

  const owned = new Map<string, string[]>();
  for (const [code, list] of names) {
    const kept: string[] = [];
    for (const name of list) {
      const key = keyOf(name);
      if ((reviewed.get(key) ?? generatedBy.get(key)) !== code) continue;
      kept.push(name);
      entries.set(key, entry(code, key));
    }
    owned.set(code, kept.sort((a, b) => a.localeCompare(b, 'en')));
  }
  for (const phrase of NOT_COUNTRIES) {
    const key = keyOf(phrase);
    if (entries.get(key)?.code) throw new Error(`"${phrase}" is both a country name and a phrase that is not one`);
    entries.set(key, entry(null, key));
  }

  const steps = new Map<string, Step>();
  const laterWords = new WordFilter();
  for (const [key, entry] of entries) {
    const words = key.split(' ');
    for (const word of words.slice(1)) laterWords.add(word);
    for (let n = 1; n < words.length; n++) {
      const prefix = words.slice(0, n).join(' ');
      const step = steps.get(prefix);
      if (step) step.longer = true;
      else steps.set(prefix, { entry: undefined, longer: true });
    }
    const step = steps.get(key);
    if (step) step.entry = entry;
    else steps.set(key, { entry, longer: false });
  }

  const countries = new Map<string, Country>();
  const displayNames = new Map<string, string>();
  for (const country of GENERATED_COUNTRIES) {
    countries.set(country.code, { code: country.code, name: country.en, nameId: country.id });
    displayNames.set(keyOf(country.en), country.code);
    displayNames.set(keyOf(country.id), country.code);
  }
  const firstSteps = new WordMap(new Map([...steps].filter(([key]) => !key.includes(' '))));
  return { entries, steps, firstSteps, laterWords, countries, names: owned, displayNames };
}

let gazetteer: Gazetteer | undefined;
const index = (): Gazetteer => (gazetteer ??= buildGazetteer());

/*
 * The words of the text (word-filter.ts), kept as offsets: most words of an article are no
 * country's first word, so a word's spelling and key are cut out of the text only when a lookup
 * needs them. The line of each word is in an array of the module's, reused from one call to the
 * next: a call never outlives it or runs inside another.
 */
let lines: Int32Array = new Int32Array(2048);

class Words {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** The lower-case hash of each word (see word-filter.ts), to rule out most lookups without its key. */
  readonly hashes: Int32Array;
  readonly count: number;
  readonly lines = lines;
  /** Per line: whether it is a Title Case headline, where capitals say nothing about a word. */
  titleCase: boolean[] = [];

  constructor(readonly text: string, words: TextWords) {
    this.starts = words.starts;
    this.ends = words.ends;
    this.hashes = words.hashes;
    this.count = words.count;
  }

  raw(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  key(i: number): string {
    return this.hashes[i] === UNHASHED ? foldWord(this.raw(i)) : this.raw(i).toLowerCase();
  }
}

/*
 * A line is a Title Case headline when most of its words of four letters or more are capitalised
 * and it is not prose: no full stop ends it or a sentence in it.
 */
const TITLE_MIN_WORDS = 3;
const TITLE_CAPITALISED = 0.75;
const SENTENCE_END = /[.!?](?:\s|$)/;

function lineIsProse(text: string, line: number, lineStarts: number[]): boolean {
  const end = lineStarts[line + 1] ?? text.length;
  return SENTENCE_END.test(text.slice(lineStarts[line], end).trimEnd());
}

/** The words of the text, each with its line, and which lines are Title Case headlines. */
function tokenize(text: string): Words {
  const read = readWords(text);
  if (lines.length < read.count) lines = new Int32Array(read.count * 2);
  const words = new Words(text, read);
  const { starts, ends } = words;
  const long: number[] = [0];
  const capitalisedLong: number[] = [0];
  const lineStarts = [0];
  let line = 0;
  let lineEnd = text.indexOf('\n');
  for (let k = 0; k < read.count; k++) {
    const start = starts[k]!;
    while (lineEnd !== -1 && start > lineEnd) {
      line += 1;
      long.push(0);
      capitalisedLong.push(0);
      lineStarts.push(lineEnd + 1);
      lineEnd = text.indexOf('\n', lineEnd + 1);
    }
    lines[k] = line;
    if (ends[k]! - start >= 4) {
      long[line]! += 1;
      if (capitalisedAt(text, start)) capitalisedLong[line]! += 1;
    }
  }
  words.titleCase = long.map((n, k) => n >= TITLE_MIN_WORDS && capitalisedLong[k]! >= n * TITLE_CAPITALISED && !lineIsProse(text, k, lineStarts));
  return words;
}

/* What may stand between two words of one name: spaces, one hyphen or apostrophe, never a line break. */
const PLAIN_GAP = /^[ \t\u00a0]*(?:[-\u2010\u2011\u2013\u2014'\u2019][ \t\u00a0]*)?$/;
/* "U.S.", "St. Lucia": a full stop after a word of one or two letters. */
const ABBREVIATION_GAP = /^\.[ \t\u00a0]?$/;
/* "Atlanta, Georgia": only phrases that are not countries may span a comma. */
const COMMA_GAP = /^,[ \t\u00a0]+$/;

type Gap = 'plain' | 'comma' | null;

/** What lies between word `before` and the next one. */
function gapAfter(w: Words, before: number): Gap {
  const from = w.ends[before]!;
  const to = w.starts[before + 1]!;
  if (to === from + 1 && w.text.charCodeAt(from) === 0x20) return 'plain';
  const gap = w.text.slice(from, to);
  if (PLAIN_GAP.test(gap)) return 'plain';
  if (from - w.starts[before]! <= 2 && ABBREVIATION_GAP.test(gap)) return 'plain';
  return COMMA_GAP.test(gap) ? 'comma' : null;
}

const written = (w: Words, from: number, forms: string[][]): boolean =>
  forms.some((form) => form.every((word, i) => w.raw(from + i) === word));

const languageBefore = new Set(LANGUAGE_BEFORE);
const languageAfter = new Set(LANGUAGE_AFTER);
const beside = new Set(BESIDE_COUNTRY);
const capitalisedAt = (text: string, at: number): boolean => {
  const first = text.charCodeAt(at);
  return first < 128 ? first >= 65 && first <= 90 : text[at] !== text[at]!.toLowerCase();
};

/** "bahasa Inggris", "French-speaking": the name is a language here, not the country. */
function isLanguage(w: Words, from: number, to: number): boolean {
  if (from > 0 && languageBefore.has(w.key(from - 1)) && gapAfter(w, from - 1) === 'plain') return true;
  return to + 1 < w.count && languageAfter.has(w.key(to + 1)) && gapAfter(w, to) === 'plain';
}

/** "Michael Jordan", "Chad Smith": a country name that is also a personal name, used as one here. */
function isPersonName(w: Words, from: number, to: number): boolean {
  const prevAdjacent = from > 0 && gapAfter(w, from - 1) === 'plain' && capitalisedAt(w.text, w.starts[from - 1]!);
  if (prevAdjacent && !beside.has(w.raw(from - 1))) return true;
  const nextAdjacent = to + 1 < w.count && gapAfter(w, to) === 'plain' && capitalisedAt(w.text, w.starts[to + 1]!);
  return nextAdjacent && !beside.has(w.raw(to + 1)) && !prevAdjacent;
}

const SUFFIX_MIN = 7;

/** Whether word i may end in -nya after a name, without cutting it out. */
function maySuffix(w: Words, i: number): boolean {
  if (w.hashes[i] === UNHASHED) return true;
  const end = w.ends[i]!;
  return end - w.starts[i]! >= SUFFIX_MIN && asciiLower(w.text.charCodeAt(end - 3)) === 0x6e && asciiLower(w.text.charCodeAt(end - 2)) === 0x79
    && asciiLower(w.text.charCodeAt(end - 1)) === 0x61;
}

/** -nya ("Rusianya", "its Russia") on a one-word name that is matched regardless of case. */
function withSuffix(g: Gazetteer, key: string): Entry | undefined {
  if (key.length < SUFFIX_MIN || !key.endsWith('nya')) return undefined;
  const entry = g.entries.get(key.slice(0, -3));
  return entry?.code && !entry.exact ? entry : undefined;
}

/* The end of a sentence, then perhaps an opening quote or bracket: the next word is capitalised anyway. */
const AFTER_SENTENCE = /[.!?]["'\u201d\u2019)]*\s+["'\u201c\u2018(]*$/;

/** Whether word `at`'s capital letter is forced by a Title Case headline or, for `sentence`, also by the start of a line or sentence. */
function capitalForced(w: Words, at: number, doubt: 'headline' | 'sentence'): boolean {
  if (w.titleCase[w.lines[at]!]) return true;
  if (doubt === 'headline') return false;
  return at === 0 || w.lines[at - 1] !== w.lines[at] || AFTER_SENTENCE.test(w.text.slice(w.ends[at - 1], w.starts[at]));
}

interface Candidate extends CountryMention {
  /** An ordinary word whose capital letter proves nothing here: kept if the text names the country elsewhere. */
  doubtful: boolean;
  personKeys: string[];
}

/**
 * Every place the text names a country, in order, without overlaps. A text uses a name in one sense
 * throughout: once "Jordan" is Michael Jordan or "Georgia" is the US state ("Atlanta, Georgia"),
 * a bare "Jordan" or "Georgia" elsewhere in it is no country either.
 */
export function findCountries(text: string): CountryMention[] {
  const g = index();
  const w = tokenize(text);
  const candidates: Candidate[] = [];
  const notCountries = new Set<string>();
  for (let i = 0; i < w.count; ) {
    const hash = w.hashes[i]!;
    let step = hash === UNHASHED ? g.steps.get(w.key(i)) : g.firstSteps.getAscii(text, w.starts[i]!, w.ends[i]!, hash);
    if (step === undefined) {
      const stem = maySuffix(w, i) ? withSuffix(g, w.key(i)) : undefined;
      if (stem) candidates.push({ start: w.starts[i]!, end: w.ends[i]! - 3, code: stem.code!, doubtful: false, personKeys: [] });
      i += 1;
      continue;
    }
    let best: { entry: Entry; words: number } | undefined;
    // The phrase's key, put together only when a longer key may begin with it.
    let key: string | undefined;
    let comma = false;
    for (let words = 1; ; words++) {
      if (words > 1) {
        const next = i + words - 1;
        if (next >= w.count || !g.laterWords.mayHave(w.hashes[next]!)) break;
        const gap = gapAfter(w, next - 1);
        if (!gap) break;
        comma ||= gap === 'comma';
        key = `${key ?? w.key(i)} ${w.key(next)}`;
        step = g.steps.get(key);
        if (step === undefined) break;
      }
      const { entry } = step;
      if (entry && !(comma && entry.code) && !(entry.exact && !written(w, i, entry.exact))) best = { entry, words };
      if (!step.longer) break;
    }
    if (!best) {
      i += 1;
      continue;
    }
    const last = i + best.words - 1;
    const { code, capitalDoubt, personKeys } = best.entry;
    if (!code || (personKeys.length > 0 && isPersonName(w, i, last))) {
      for (const key of personKeys) notCountries.add(key);
    } else if (!isLanguage(w, i, last)) {
      const doubtful = !!capitalDoubt && capitalForced(w, i, capitalDoubt);
      candidates.push({ start: w.starts[i]!, end: w.ends[last]!, code, doubtful, personKeys });
    }
    i = last + 1;
  }
  const kept = candidates.filter((c) => !c.personKeys.some((key) => notCountries.has(key)));
  const named = new Set(kept.filter((c) => !c.doubtful).map((c) => c.code));
  return kept.filter((c) => !c.doubtful || named.has(c.code)).map(({ start, end, code }) => ({ start, end, code }));
}

export function countryByCode(code: string): Country | undefined {
  return index().countries.get(code.toUpperCase());
}

/**
 * The country a name, alias or ISO code stands for, for search (`country:Rusia`) and manual tags.
 * Names come first, ignoring case, so "AS" is the United States as Indonesian writes it, not
 * American Samoa; a name shared by two countries ("Kongo") resolves to none.
 */
export function resolveCountry(nameOrCode: string): Country | undefined {
  const g = index();
  const key = keyOf(nameOrCode);
  const code = g.entries.get(key)?.code ?? g.displayNames.get(key);
  if (code) return g.countries.get(code);
  return /^[a-z]{2}$/i.test(nameOrCode.trim()) ? g.countries.get(nameOrCode.trim().toUpperCase()) : undefined;
}

export function allCountries(): Country[] {
  return [...index().countries.values()];
}

/** Every name and alias of the country, to store as searchable aliases. */
export function countryNames(code: string): string[] {
  return [...(index().names.get(code.toUpperCase()) ?? [])];
}
