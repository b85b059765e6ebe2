import {
  BESIDE_COUNTRY, CAPITALS, CASE_SENSITIVE, COMMON_AT_SENTENCE_START, DEMONYMS_EN, EXCLUDED_NAMES, LANGUAGE_AFTER, LANGUAGE_BEFORE, NOT_COUNTRIES,
  OTHER_NAMES, PERSON_LIKE,
} from './data/country-aliases.js';
import { GENERATED_COUNTRIES } from './data/countries.generated.js';
import type { CountryMention } from './types.js';

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

interface Gazetteer {
  entries: Map<string, Entry>;
  /** For each folded first word, the most words any phrase starting with it has. */
  longest: Map<string, number>;
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

  const longest = new Map<string, number>();
  for (const key of entries.keys()) {
    const words = key.split(' ');
    longest.set(words[0]!, Math.max(longest.get(words[0]!) ?? 0, words.length));
  }

  const countries = new Map<string, Country>();
  const displayNames = new Map<string, string>();
  for (const country of GENERATED_COUNTRIES) {
    countries.set(country.code, { code: country.code, name: country.en, nameId: country.id });
    displayNames.set(keyOf(country.en), country.code);
    displayNames.set(keyOf(country.id), country.code);
  }
  return { entries, longest, countries, names: owned, displayNames };
}

let gazetteer: Gazetteer | undefined;
const index = (): Gazetteer => (gazetteer ??= buildGazetteer());

interface Token {
  start: number;
  end: number;
  raw: string;
  key: string;
  line: number;
}

interface Words {
  tokens: Token[];
  /** Per line: whether it is a Title Case headline, where capitals say nothing about a word. */
  titleCase: boolean[];
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

function tokenize(text: string): Words {
  const tokens: Token[] = [];
  const long: number[] = [0];
  const capitalisedLong: number[] = [0];
  const lineStarts = [0];
  let line = 0;
  let lineEnd = text.indexOf('\n');
  const ascii = !NON_ASCII.test(text);
  for (const m of text.matchAll(WORD)) {
    while (lineEnd !== -1 && m.index > lineEnd) {
      line += 1;
      long.push(0);
      capitalisedLong.push(0);
      lineStarts.push(lineEnd + 1);
      lineEnd = text.indexOf('\n', lineEnd + 1);
    }
    const raw = m[0];
    tokens.push({ start: m.index, end: m.index + raw.length, raw, key: ascii ? raw.toLowerCase() : foldWord(raw), line });
    if (raw.length >= 4) {
      long[line]! += 1;
      if (capitalised(raw)) capitalisedLong[line]! += 1;
    }
  }
  const titleCase = long.map((n, i) => n >= TITLE_MIN_WORDS && capitalisedLong[i]! >= n * TITLE_CAPITALISED && !lineIsProse(text, i, lineStarts));
  return { tokens, titleCase };
}

/* What may stand between two words of one name: spaces, one hyphen or apostrophe, never a line break. */
const PLAIN_GAP = /^[ \t\u00a0]*(?:[-\u2010\u2011\u2013\u2014'\u2019][ \t\u00a0]*)?$/;
/* "U.S.", "St. Lucia": a full stop after a word of one or two letters. */
const ABBREVIATION_GAP = /^\.[ \t\u00a0]?$/;
/* "Atlanta, Georgia": only phrases that are not countries may span a comma. */
const COMMA_GAP = /^,[ \t\u00a0]+$/;

type Gap = 'plain' | 'comma' | null;

function gapBetween(text: string, before: Token, after: Token): Gap {
  const gap = text.slice(before.end, after.start);
  if (gap === ' ' || PLAIN_GAP.test(gap)) return 'plain';
  if (before.raw.length <= 2 && ABBREVIATION_GAP.test(gap)) return 'plain';
  return COMMA_GAP.test(gap) ? 'comma' : null;
}

const written = (tokens: Token[], from: number, forms: string[][]): boolean =>
  forms.some((form) => form.every((word, i) => tokens[from + i]!.raw === word));

const languageBefore = new Set(LANGUAGE_BEFORE);
const languageAfter = new Set(LANGUAGE_AFTER);
const beside = new Set(BESIDE_COUNTRY);
const capitalised = (word: string): boolean => {
  const first = word.charCodeAt(0);
  return first < 128 ? first >= 65 && first <= 90 : word[0] !== word[0]!.toLowerCase();
};

/** "bahasa Inggris", "French-speaking": the name is a language here, not the country. */
function isLanguage(text: string, tokens: Token[], from: number, to: number): boolean {
  const prev = tokens[from - 1];
  if (prev && languageBefore.has(prev.key) && gapBetween(text, prev, tokens[from]!) === 'plain') return true;
  const next = tokens[to + 1];
  return !!next && languageAfter.has(next.key) && gapBetween(text, tokens[to]!, next) === 'plain';
}

/** "Michael Jordan", "Chad Smith": a country name that is also a personal name, used as one here. */
function isPersonName(text: string, tokens: Token[], from: number, to: number): boolean {
  const prev = tokens[from - 1];
  const prevAdjacent = !!prev && gapBetween(text, prev, tokens[from]!) === 'plain' && capitalised(prev.raw);
  if (prevAdjacent && !beside.has(prev.raw)) return true;
  const next = tokens[to + 1];
  const nextAdjacent = !!next && gapBetween(text, tokens[to]!, next) === 'plain' && capitalised(next.raw);
  return nextAdjacent && !beside.has(next.raw) && !prevAdjacent;
}

/** -nya ("Rusianya", "its Russia") on a one-word name that is matched regardless of case. */
function withSuffix(g: Gazetteer, token: Token): Entry | undefined {
  if (token.key.length < 7 || !token.key.endsWith('nya')) return undefined;
  const entry = g.entries.get(token.key.slice(0, -3));
  return entry?.code && !entry.exact ? entry : undefined;
}

/* The end of a sentence, then perhaps an opening quote or bracket: the next word is capitalised anyway. */
const AFTER_SENTENCE = /[.!?]["'\u201d\u2019)]*\s+["'\u201c\u2018(]*$/;

/** Whether the token's capital letter is forced by a Title Case headline or, for `sentence`, also by the start of a line or sentence. */
function capitalForced(text: string, tokens: Token[], at: number, titleCase: boolean[], doubt: 'headline' | 'sentence'): boolean {
  const token = tokens[at]!;
  if (titleCase[token.line]) return true;
  if (doubt === 'headline') return false;
  const prev = tokens[at - 1];
  return !prev || prev.line !== token.line || AFTER_SENTENCE.test(text.slice(prev.end, token.start));
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
  const { tokens, titleCase } = tokenize(text);
  const candidates: Candidate[] = [];
  const notCountries = new Set<string>();
  for (let i = 0; i < tokens.length; ) {
    const first = tokens[i]!;
    const most = g.longest.get(first.key);
    if (most === undefined) {
      const stem = withSuffix(g, first);
      if (stem) candidates.push({ start: first.start, end: first.end - 3, code: stem.code!, doubtful: false, personKeys: [] });
      i += 1;
      continue;
    }
    let best: { entry: Entry; words: number } | undefined;
    let key = first.key;
    let comma = false;
    for (let words = 1; words <= most && i + words <= tokens.length; words++) {
      if (words > 1) {
        const gap = gapBetween(text, tokens[i + words - 2]!, tokens[i + words - 1]!);
        if (!gap) break;
        comma ||= gap === 'comma';
        key += ` ${tokens[i + words - 1]!.key}`;
      }
      const entry = g.entries.get(key);
      if (!entry || (comma && entry.code)) continue;
      if (entry.exact && !written(tokens, i, entry.exact)) continue;
      best = { entry, words };
    }
    if (!best) {
      i += 1;
      continue;
    }
    const last = i + best.words - 1;
    const { code, capitalDoubt, personKeys } = best.entry;
    if (!code || (personKeys.length > 0 && isPersonName(text, tokens, i, last))) {
      for (const key of personKeys) notCountries.add(key);
    } else if (!isLanguage(text, tokens, i, last)) {
      const doubtful = !!capitalDoubt && capitalForced(text, tokens, i, titleCase, capitalDoubt);
      candidates.push({ start: first.start, end: tokens[last]!.end, code, doubtful, personKeys });
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
