import { ACRONYM, CAPITAL, INITIAL, LOWER, SentenceStarts, tokenize, type Tokens } from './name-tokens.js';
import {
  APPOSITIVES, CALENDAR, COMMON_NOUNS, COMMON_WORDS, HEADLINE_LOWER_CASE, HONORIFICS, LOWER_CASE_HEADS, NAME_PARTICLES, OFFICES,
  OFFICE_QUALIFIERS, ORGANISATIONS, ORGANISATION_HEADS, ORGANISATION_TAILS, OFFICE_PAIRS, PERSON_BEFORE, PLACES, PLACE_PREPOSITIONS, REGNAL_NUMBERS,
  REGIONAL_OFFICES, SPEECH_ADVERBS, SPEECH_AFTER, SPEECH_BEFORE,
} from './person-words.js';
import type { KnownPerson, PersonMention, Span } from './types.js';
import { asciiLower, equalsLowerAscii, hashRange, UNHASHED, WordFilter, WordMap } from './word-filter.js';

/*
 * Person-name suggestions for one article (DESIGN §7). A name is a run of capitalised words,
 * separated only by spaces, that is not a title, a place, an organisation, a date or a common word,
 * and that something in the article says is a person: an office or honorific before it ("Presiden
 * Vladimir Putin"), a speech verb next to it ("kata Eva", "Ruhut mengatakan", "Smith said"), a
 * description after a comma, two or more such words together in mid-sentence, or the same name
 * accepted elsewhere in the article ("mengundang Putin" after "Presiden Vladimir Putin"). Names
 * the registry knows are found wherever they are written, and every name is reported under the
 * fullest form the article (or the registry) gives it.
 */

interface RegistryForm {
  words: string[];
  name: string;
  /** The words of `name`, to resolve parts of it written alone. */
  nameWords: string[];
}

/** Registry names and aliases, as word sequences by their first word, longest first. */
export interface PersonRegistry {
  readonly forms: ReadonlyMap<string, readonly RegistryForm[]>;
  /** The keys of `forms`, to rule out most words before cutting them out. */
  readonly firstWords: WordFilter;
}

/** The words of a text, in order. */
function wordsOfText(text: string): string[] {
  const tokens = tokenize(text);
  return Array.from({ length: tokens.count }, (_, i) => tokens.word(i));
}

export function buildRegistry(known: KnownPerson[]): PersonRegistry {
  const forms = new Map<string, RegistryForm[]>();
  for (const person of known) {
    const nameWords = wordsOfText(person.name);
    for (const form of [person.name, ...person.aliases]) {
      const words = wordsOfText(form);
      if (words.length === 0) continue;
      const list = forms.get(words[0]!) ?? [];
      list.push({ words, name: person.name, nameWords });
      forms.set(words[0]!, list);
    }
  }
  for (const list of forms.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { forms, firstWords: new WordFilter(forms.keys()) };
}

type Role =
  | 'name' // may be part of a person's name
  | 'particle' // "bin", "van": inside a name only
  | 'title' // an office or honorific
  | 'qualifier' // may stand between an office and the name
  | 'head' // begins an organisation's or a place's name
  | 'stop' // capitalised but never a name
  | 'known' // part of a registry match
  | 'other';

/** A run of name words and what the words around it say. */
interface Candidate {
  first: number;
  last: number;
  /** First token of the office and qualifiers before the name, or `first`. */
  lead: number;
  titled: boolean;
  /** Right after a regional office, so a long name begins with the region. */
  regional: boolean;
}

/*
 * Prefixes of verbs and agent nouns with the nasal that no personal name starts with: Menjadi,
 * Mengikuti, Membantu, Pengurus, Penyelenggara, Terpilih, Terkait, Bersaudara, Bertemu (not Bernard, Bertrand).
 */
const DERIVED_PREFIX = /^(?:me(?:ng|ny|mb|mp|nd|nj|nt|nc)|pe(?:ng|ny|mb|mp|nd|nj|nt|nc)|ter(?![eaiour])|ber[bcdfghjklmpsw]|bert[aeu])[a-z]{3,}/;

/** Capitalised Indonesian words that derivation marks as common: Pertemuan, Kedatangan, Dikatakan, Sebelumnya. */
function derived(lower: string): boolean {
  if (lower.length < 6) return false;
  if (lower.endsWith('nya')) return true;
  if (lower.length < 7) return false;
  if (lower.endsWith('an') && (lower.startsWith('pe') || lower.startsWith('ke'))) return true;
  if (lower.endsWith('kan') && /^(me|di|ber|ter|per)/.test(lower)) return true;
  return DERIVED_PREFIX.test(lower);
}

/** Whether text[at, at + s.length) in lower case is `s`, all ASCII. */
function hasAt(text: string, at: number, s: string): boolean {
  for (let k = 0; k < s.length; k++) if (asciiLower(text.charCodeAt(at + k)) !== s.charCodeAt(k)) return false;
  return true;
}

/** The character at `at` in lower case, all ASCII. */
const lowerAt = (text: string, at: number): string => String.fromCharCode(asciiLower(text.charCodeAt(at)));

const isLetterAt = (text: string, at: number): boolean => lowerAt(text, at) >= 'a' && lowerAt(text, at) <= 'z';

/** Whether text[at, …) in lower case begins with one of `prefixes`. */
function hasOneAt(text: string, at: number, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (hasAt(text, at, p)) return true;
  return false;
}

/** The first alternatives of DERIVED_PREFIX, before its three letters. */
const NASAL_PREFIXES = ['me', 'pe'].flatMap((p) => ['ng', 'ny', 'mb', 'mp', 'nd', 'nj', 'nt', 'nc'].map((n) => p + n));
const KAN_PREFIXES = ['me', 'di', 'ber', 'ter', 'per'];

/**
 * derived() of text[start, end) in lower case, a word all ASCII, read in the text rather than cut
 * out of it: most capitalised words of an article are asked about, few are derived.
 */
function derivedAscii(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 6) return false;
  if (hasAt(text, end - 3, 'nya')) return true;
  if (length < 7) return false;
  if (hasAt(text, end - 2, 'an') && (hasAt(text, start, 'pe') || hasAt(text, start, 'ke'))) return true;
  if (hasAt(text, end - 3, 'kan') && hasOneAt(text, start, KAN_PREFIXES)) return true;
  // DERIVED_PREFIX: one of its prefixes, then three letters.
  let prefix: number;
  if (hasOneAt(text, start, NASAL_PREFIXES)) prefix = 4;
  else if (hasAt(text, start, 'ter') && !'eaiour'.includes(lowerAt(text, start + 3))) prefix = 3;
  else if (hasAt(text, start, 'ber') && 'bcdfghjklmpsw'.includes(lowerAt(text, start + 3))) prefix = 4;
  else if (hasAt(text, start, 'bert') && 'aeu'.includes(lowerAt(text, start + 4))) prefix = 5;
  else return false;
  return length >= prefix + 3 && isLetterAt(text, start + prefix) && isLetterAt(text, start + prefix + 1) && isLetterAt(text, start + prefix + 2);
}

/**
 * The role of each listed word, in lower case and capitalised, looked up once per token: the
 * lists are checked in order of precedence when the maps are built, not for every word.
 */
function roleMap(entries: [Set<string>, Role][]): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const [list, role] of entries) for (const w of list) if (!map.has(w)) map.set(w, role);
  return map;
}

const LOWER_CASE_ROLES = roleMap([[NAME_PARTICLES, 'particle'], [OFFICES, 'title'], [LOWER_CASE_HEADS, 'head'], [OFFICE_QUALIFIERS, 'qualifier']]);
const CAPITALISED_ROLES = roleMap([
  [OFFICES, 'title'], [HONORIFICS, 'title'], [ORGANISATION_HEADS, 'head'], [COMMON_WORDS, 'stop'], [COMMON_NOUNS, 'stop'],
  [CALENDAR, 'stop'], [PLACES, 'stop'], [ORGANISATIONS, 'stop'], [PERSON_BEFORE, 'stop'], [SPEECH_BEFORE, 'stop'],
]);
const LOWER_CASE_WORDS = new WordMap(LOWER_CASE_ROLES);
const CAPITALISED_ROLE_WORDS = new WordMap(CAPITALISED_ROLES);

/*
 * The lists that words in lower case are looked up in, by hash and characters (word-filter.ts):
 * most words of an article are in lower case, so most lookups need not cut the word out.
 */
const HEADLINE_LOWER_CASE_WORDS = WordMap.of(HEADLINE_LOWER_CASE);
const SPEECH_BEFORE_WORDS = WordMap.of(SPEECH_BEFORE);
const SPEECH_AFTER_WORDS = WordMap.of(SPEECH_AFTER);
const SPEECH_ADVERB_WORDS = WordMap.of(SPEECH_ADVERBS);
const APPOSITIVE_WORDS = WordMap.of(APPOSITIVES);
const ORGANISATION_TAIL_WORDS = WordMap.of(ORGANISATION_TAILS);
const PLACE_PREPOSITION_WORDS = WordMap.of(PLACE_PREPOSITIONS);
const PERSON_BEFORE_WORDS = WordMap.of(PERSON_BEFORE);

function roleOf(t: Tokens, i: number): Role {
  switch (t.shape(i)) {
    case LOWER:
      return t.find(i, LOWER_CASE_WORDS) || 'other';
    case ACRONYM:
      return OFFICES.has(t.lower(i)) || HONORIFICS.has(t.lower(i)) ? 'title' : 'qualifier';
    case INITIAL:
      // Initials are part of the name ("M. Nuh", "M Romahurmuziy"), except "H." for Haji; a letter
      // hyphened to a word is part of that word ("PDI-P").
      if (t.hyphened(i) || !(i + 1 < t.count && t.joined(i + 1)) || (t.shape(i + 1) !== CAPITAL && t.shape(i + 1) !== INITIAL)) return 'other';
      return t.is(i, 'h') && !(t.joined(i) && i > 0 && t.shape(i - 1) === CAPITAL) ? 'title' : 'name';
    case CAPITAL: {
      // "Al-Assad": a particle capitalised before a hyphen.
      if (i + 1 < t.count && t.hyphened(i + 1) && NAME_PARTICLES.has(t.lower(i)) && !OFFICES.has(t.lower(i))) return 'particle';
      const role = t.find(i, CAPITALISED_ROLE_WORDS);
      if (role) return role;
      const hash = t.hash(i);
      return (hash === UNHASHED ? derived(t.lower(i)) : derivedAscii(t.text, t.start(i), t.end(i))) ? 'stop' : 'name';
    }
    default:
      return 'other';
  }
}

interface KnownMention extends PersonMention {
  words: string[];
  /** Its first and last token. */
  first: number;
  last: number;
}

/**
 * The longest of the forms written at token i, its words separated only by spaces. A function of
 * its own: a closure in matchRegistry's loop that captured the index would give every word of the
 * article a context of its own.
 */
function formAt(t: Tokens, i: number, forms: readonly RegistryForm[]): RegistryForm | undefined {
  return forms.find((f) => f.words.every((w, k) => i + k < t.count && t.word(i + k) === w && (k === 0 || t.joined(i + k))));
}

/** Tokens covered by registry names, and the mentions they make. */
function matchRegistry(t: Tokens, registry: PersonRegistry, roles: Role[]): KnownMention[] {
  const found: KnownMention[] = [];
  for (let i = 0; i < t.count; i++) {
    if (!registry.firstWords.mayHave(t.hash(i))) continue;
    const forms = registry.forms.get(t.word(i));
    if (!forms) continue;
    const form = formAt(t, i, forms);
    if (!form) continue;
    const last = i + form.words.length - 1;
    found.push({ start: t.start(i), end: t.end(last), name: form.name, words: form.nameWords, first: i, last });
    for (let k = i; k <= last; k++) roles[k] = 'known';
    i = last;
  }
  return found;
}

const nameAt = (t: Tokens, roles: Role[], i: number): boolean => i < t.count && t.joined(i) && roles[i] === 'name';

/** Whether token i carries on the name that starts at token `first`. */
function continuesName(t: Tokens, roles: Role[], first: number, i: number): boolean {
  const role = roles[i];
  const hasNext = i + 1 < t.count;
  if (t.hyphened(i)) {
    if (role !== 'name') return false;
    if (roles[i - 1] === 'particle') return true;
    // "Ahmadi-Mogadam" ends a longer name and "Jean-Marie" begins one; "Prabowo-Hatta" or
    // "Jokowi-Ma'ruf Amin" pair two names.
    if (i - 1 > first) return !nameAt(t, roles, i + 1);
    return nameAt(t, roles, i + 1) && nameAt(t, roles, i + 2);
  }
  if (role === 'particle') return hasNext && (t.hyphened(i + 1) || nameAt(t, roles, i + 1));
  if (!t.joined(i)) return false;
  if (role === 'name') return true;
  if (t.shape(i) === ACRONYM) return REGNAL_NUMBERS.has(t.lower(i));
  // "Shaukat Sultan", "Oktarina Putri": an honorific after a name and before no other name is part of it.
  return role === 'title' && t.shape(i) === CAPITAL && !OFFICES.has(t.lower(i)) && (!(hasNext && t.joined(i + 1)) || t.shape(i + 1) === LOWER);
}

/** "Bupati Sleman Sri Purnomo", "Wali Kota Surabaya Eri Cahyadi": the region comes right after the office. */
function afterRegionalOffice(t: Tokens, i: number): boolean {
  const office = i - 1;
  if (office < 0 || !t.joined(i)) return false;
  return REGIONAL_OFFICES.has(t.lower(office)) || (t.is(office, 'kota') && office > 0 && t.is(office - 1, 'wali'));
}

/**
 * Walks the tokens once, keeping what the words since the last punctuation mark said (an office,
 * an organisation's name), and cuts out the runs of name words.
 */
function candidates(t: Tokens, roles: Role[]): Candidate[] {
  const out: Candidate[] = [];
  let lead = -1;
  let titled = false;
  let organisation = false;
  // A name after an office that more office words follow was the office's place or body, not
  // the person: "Gubernur New Mexico AS Bill Richardson". Its index in `out`, until the run ends.
  let provisional = -1;
  let open: Candidate | undefined;
  const reset = (): void => {
    lead = -1;
    titled = false;
    organisation = false;
    provisional = -1;
  };
  for (let i = 0; i < t.count; i++) {
    const role = roles[i]!;
    const shape = t.shape(i);
    if (open) {
      if (continuesName(t, roles, open.first, i)) {
        open.last = i;
        continue;
      }
      out.push(open);
      const runGoesOn = t.joined(i) && shape !== LOWER && role !== 'name' && role !== 'known' && role !== 'other';
      if (open.titled && runGoesOn) {
        provisional = out.length - 1;
        titled = true;
        lead = open.lead;
      }
      open = undefined;
    }
    if (!t.joined(i)) reset();
    // "Jaksa Agung", "Wali Kota": the second word of a two-word office.
    if (titled && i > 0 && OFFICE_PAIRS.has(`${t.lower(i - 1)} ${t.lower(i)}`)) continue;
    switch (role) {
      case 'title':
        // "Dewan Pimpinan Pusat": an office word inside an organisation's name.
        if (organisation && shape !== LOWER) break;
        if (lead < 0) lead = i;
        titled = true;
        organisation = false;
        break;
      case 'qualifier':
      case 'stop':
        if (titled || organisation || (role === 'qualifier' && shape !== LOWER)) {
          if (lead < 0 && !organisation) lead = i;
        } else {
          reset();
        }
        break;
      case 'head':
        // After an office the body is named before the person, mostly in words the lexicons know
        // ("Ketua Umum Partai Demokrat Anas Urbaningrum"); elsewhere its capitalised words are its name.
        if (titled) break;
        reset();
        organisation = true;
        break;
      case 'name':
        if (organisation) break;
        // "Ketua Umum", "Menteri Agama": after an office these words qualify it.
        if (titled && OFFICE_QUALIFIERS.has(t.lower(i))) break;
        if (provisional >= 0) out.splice(provisional, 1);
        open = { first: i, last: i, lead: lead < 0 ? i : lead, titled, regional: titled && afterRegionalOffice(t, i) };
        reset();
        break;
      default:
        reset();
    }
  }
  if (open) out.push(open);
  return out;
}

interface Context {
  text: string;
  tokens: Tokens;
  roles: Role[];
  /** Whether the article also writes a word in lower case, so it is a common word whatever the lexicons say. */
  writtenLower: (k: number) => boolean;
  sentences: SentenceStarts;
  /** Per word: 1 when it is in a sentence written as a headline. */
  headline: Uint8Array;
}

/** "kata Eva", "Menurut Haposan", "said Smith", "according to Smith", before the office if any. */
function speechBefore(c: Candidate, t: Tokens): boolean {
  const p = c.lead - 1;
  if (!t.joined(c.lead) || p < 0) return false;
  if (t.is(p, 'to')) return p > 0 && t.is(p - 1, 'according') && t.joined(p);
  return t.find(p, SPEECH_BEFORE_WORDS) === true && t.shape(p) !== ACRONYM;
}

/** Whether word j is in lower case, right after the word before it, and in `words`. */
const joinedLower = (t: Tokens, j: number, words: WordMap<true>): boolean =>
  j < t.count && t.joined(j) && t.shape(j) === LOWER && t.find(j, words) === true;

/** "Ruhut mengatakan", "Ruhut juga mengatakan", "Smith said". */
function speechAfter(c: Candidate, t: Tokens): boolean {
  let j = c.last + 1;
  while (j - c.last <= 2 && joinedLower(t, j, SPEECH_ADVERB_WORDS)) j++;
  return joinedLower(t, j, SPEECH_AFTER_WORDS);
}

/** "Alejandro Sanchez, mahasiswa doktoral …", "Budi, Ketua RT …". */
function apposition(c: Candidate, t: Tokens, roles: Role[]): boolean {
  const next = c.last + 1;
  if (!t.commaAfter(c.last) || next >= t.count) return false;
  return (t.shape(next) === LOWER && t.find(next, APPOSITIVE_WORDS) === true) || (t.shape(next) === CAPITAL && roles[next] === 'title');
}

type Verdict = 'person' | 'maybe' | 'no';

const capitalNoun = (t: Tokens, i: number): boolean => i >= 0 && i < t.count && t.shape(i) === CAPITAL && COMMON_NOUNS.has(t.lower(i));

/** Initials of the words, for comparing with an abbreviation: "Susilo Bambang Yudhoyono" → "SBY". */
function initials(t: Tokens, first: number, last: number): string {
  let out = '';
  for (let k = first; k <= last; k++) out += t.word(k)[0]!.toUpperCase();
  return out;
}

/**
 * Names of bodies, places and things written like persons' names: glued to a capitalised common
 * noun without an office before ("Pasukan Misrata", "Dow Jones Industrial Average"), or followed
 * by an abbreviation in brackets that is not their initials ("Nahdlatul Ulama (PBNU)", but
 * "Susilo Bambang Yudhoyono (SBY)" is a person).
 */
function organisationLike(c: Candidate, ctx: Context): boolean {
  const { tokens: t, roles, text } = ctx;
  const after = c.last + 1;
  const hasAfter = after < t.count;
  if (hasAfter && t.joined(after) && (capitalNoun(t, after) || t.find(after, ORGANISATION_TAIL_WORDS) === true)) return true;
  if (!c.titled && t.joined(c.first) && capitalNoun(t, c.first - 1) && roles[c.first - 1] === 'stop') return true;
  return hasAfter && t.shape(after) === ACRONYM && /^\s*\($/.test(text.slice(t.end(c.last), t.start(after)))
    && t.word(after) !== initials(t, c.first, c.last);
}

function judge(c: Candidate, ctx: Context): Verdict {
  const { tokens: t, roles, writtenLower } = ctx;
  for (let k = c.first; k <= c.last; k++) if (t.find(k, ORGANISATION_TAIL_WORDS) === true) return 'no';
  if (ctx.headline[c.first] === 1 || organisationLike(c, ctx)) return 'maybe';
  const strong = c.titled || speechBefore(c, t) || speechAfter(c, t) || apposition(c, t, roles);
  const common = (k: number): boolean => t.shape(k) === CAPITAL && writtenLower(k);
  // Where a sentence begins is asked only when the answer changes the verdict.
  const opening: Verdict = strong && !common(c.first) ? 'person' : 'maybe';
  const inside = judgeInside(c, ctx, strong, common);
  if (opening === inside) return opening;
  return ctx.sentences.opens(c.first) ? opening : inside;
}

/** The verdict on a candidate that does not open a sentence. */
function judgeInside(c: Candidate, ctx: Context, strong: boolean, common: (k: number) => boolean): Verdict {
  const { tokens: t } = ctx;
  if (strong) return 'person';
  let words = 0;
  for (let k = c.first; k <= c.last; k++) {
    if (common(k)) return 'maybe';
    if (t.shape(k) === CAPITAL) words++;
  }
  const before = c.lead - 1;
  const place = before >= 0 && t.joined(c.lead) && t.shape(before) === LOWER && t.find(before, PLACE_PREPOSITION_WORDS) === true;
  if (place) return 'maybe';
  if (words >= 2) return 'person';
  return before >= 0 && t.joined(c.lead) && t.find(before, PERSON_BEFORE_WORDS) === true ? 'person' : 'maybe';
}

const HEADLINE_CAPITALS = 3;

/** A lower-case word that a headline would not leave in lower case. */
const rulesOutHeadline = (t: Tokens, i: number): boolean =>
  t.shape(i) === LOWER && t.end(i) - t.start(i) >= 3 && t.find(i, HEADLINE_LOWER_CASE_WORDS) === undefined;

/*
 * The per-word arrays of headlineWords, the module's and reused from one article to the next:
 * typed arrays of an article's size are allocated outside the heap, which costs more than filling them.
 */
let headline = new Uint8Array(2048);
let stops = new Int32Array(2049);
let capitalsFrom = new Int32Array(2049);

/**
 * The words of sentences written as headlines, every word capitalised, where capitals say nothing:
 * three capitalised words or acronyms and no lower-case word but short function words. A headline
 * lies between two words that rule one out, so ICU is asked where sentences begin only from the
 * places where one may begin, and only where three capitalised words follow before such a word.
 */
function headlineWords(t: Tokens, sentences: SentenceStarts): Uint8Array {
  const n = t.count;
  if (headline.length < n) {
    headline = new Uint8Array(n * 2);
    stops = new Int32Array(n * 2 + 1);
    capitalsFrom = new Int32Array(n * 2 + 1);
  }
  const out = headline;
  out.fill(0, 0, n);
  // Per word, the next word at or after it that rules a headline out, or n; and the capitalised
  // words from it on, to count those of any stretch at once.
  const stop = stops;
  const capitals = capitalsFrom;
  stop[n] = n;
  capitals[n] = 0;
  for (let i = n - 1; i >= 0; i--) {
    stop[i] = rulesOutHeadline(t, i) ? i : stop[i + 1]!;
    capitals[i] = capitals[i + 1]! + (t.shape(i) === CAPITAL || t.shape(i) === ACRONYM ? 1 : 0);
  }
  for (let k = 0; k < n; k++) {
    if (k > 0 && !t.maySentence(k)) continue;
    const e = stop[k]!;
    if (capitals[k]! - capitals[e]! < HEADLINE_CAPITALS || !sentences.begins(k)) continue;
    // The sentence begun at k ends where the next one begins; a headline ends before word e.
    const m = sentences.nextBegin(k);
    if (m <= e && capitals[k]! - capitals[m]! >= HEADLINE_CAPITALS) out.fill(1, k, m);
  }
  return out;
}

/** The hashes of an article's lower-case words, the module's and emptied for each article. */
const lowerCaseHashes = new WordFilter();

/*
 * Only the capitalised words of candidates are asked about, a few per article, so the lower-case
 * words are not cut out to be collected: their hashes rule out most questions, and a question
 * the hashes cannot answer is settled by reading the words with that hash.
 */
function lowerCaseWords(t: Tokens): (k: number) => boolean {
  const hashes = lowerCaseHashes;
  hashes.clear();
  const unhashed: number[] = [];
  for (let i = 0; i < t.count; i++) {
    if (t.shape(i) !== LOWER) continue;
    if (t.hash(i) === UNHASHED) unhashed.push(i);
    else hashes.addHash(t.hash(i));
  }
  const writtenAscii = (lower: string, hash: number): boolean => {
    for (let i = 0; i < t.count; i++) {
      if (t.shape(i) === LOWER && t.hash(i) === hash && equalsLowerAscii(t.text, t.start(i), t.end(i), lower)) return true;
    }
    return false;
  };
  const answers = new Map<string, boolean>();
  const writtenAs = (lower: string): boolean => {
    let written = answers.get(lower);
    if (written === undefined) {
      // A word not all ASCII may lower-case to one that is, so those are always read.
      const hash = hashRange(lower, 0, lower.length);
      written = unhashed.some((i) => t.lower(i) === lower) || (hash !== UNHASHED && hashes.mayHave(hash) && writtenAscii(lower, hash));
      answers.set(lower, written);
    }
    return written;
  };
  // Word k's hash is that of its lower-case spelling when it has one, so most words are answered without it.
  return (k) => (unhashed.length === 0 && t.hash(k) !== UNHASHED && !hashes.mayHave(t.hash(k)) ? false : writtenAs(t.lower(k)));
}

/** Words of `inner` appear in `outer` as a contiguous run. */
function containsWords(outer: readonly string[], inner: readonly string[]): boolean {
  outer: for (let i = 0; i + inner.length <= outer.length; i++) {
    for (let k = 0; k < inner.length; k++) if (outer[i + k] !== inner[k]) continue outer;
    return true;
  }
  return false;
}

interface NameForm {
  words: string[];
  name: string;
}

/**
 * The one longest form of a name in the article that contains it ("Xi" → "Xi Jinping"), or the
 * name itself when no form or more than one does.
 */
function resolve(form: NameForm, forms: NameForm[]): string {
  const longer = forms.filter((f) => f.words.length > form.words.length && containsWords(f.words, form.words));
  const widest = new Set(longer.filter((f) => !longer.some((g) => g.words.length > f.words.length && containsWords(g.words, f.words))).map((f) => f.name));
  return widest.size === 1 ? [...widest][0]! : form.name;
}

/**
 * What joins two names of one list: "Xi dan Putin", "Prabowo - Hatta", "B, and C". A bare comma or
 * "atau" joins names of any kind too often ("komandan Hamas, Mohammed Deif").
 */
const COORDINATION = /^\s*(?:,?\s*(?:dan|serta|and|&)|-|–|—|\/)\s*$/;

interface Found extends Span, NameForm {
  /** Its first and last token. */
  first: number;
  last: number;
  verdict: Verdict;
  /** In a headline, where only a name the article gives elsewhere counts. */
  headline: boolean;
}

/**
 * The role of each word, the module's and reused from one article to the next: past the article's
 * last word it holds a longer earlier article's roles, which nothing reads.
 */
const roleBuffer: Role[] = [];

/**
 * A registry match as an entry of the list of names, in the shape of the article's own: sorting
 * objects of one shape costs a fraction of sorting a mix.
 */
const knownEntry = (k: KnownMention): Found => ({
  start: k.start, end: k.end, first: k.first, last: k.last, words: k.words, name: k.name, verdict: 'person', headline: false,
});

export function findPeople(text: string, registry: PersonRegistry, countries: Span[]): PersonMention[] {
  const tokens = tokenize(text);
  const roles = roleBuffer;
  for (let i = 0; i < tokens.count; i++) roles[i] = roleOf(tokens, i);
  // Country names and demonyms are never part of a name, but may stand between an office and one.
  let c = 0;
  for (let i = 0; i < tokens.count; i++) {
    while (c < countries.length && countries[c]!.end <= tokens.start(i)) c++;
    if (c < countries.length && countries[c]!.start < tokens.end(i)) roles[i] = 'qualifier';
  }
  const known = matchRegistry(tokens, registry, roles);
  const sentences = new SentenceStarts(tokens);
  const ctx: Context = { text, tokens, roles, writtenLower: lowerCaseWords(tokens), sentences, headline: headlineWords(tokens, sentences) };

  const wordsOf = (first: number, last: number): string[] => {
    const words: string[] = [];
    for (let k = first; k <= last; k++) words.push(tokens.word(k));
    return words;
  };
  const makeFound = (first: number, last: number, verdict: Verdict): Found => {
    const start = tokens.start(first);
    const end = tokens.end(last);
    const name = text.slice(start, end).replace(/\s+/g, ' ');
    return { start, end, first, last, words: wordsOf(first, last), name, verdict, headline: ctx.headline[first] === 1 };
  };
  const found: Found[] = [];
  for (const cand of candidates(tokens, roles)) {
    // "Bupati Sleman Sri Purnomo": a regional office is followed by its region.
    if (cand.regional && cand.last - cand.first >= 2) cand.first += 1;
    const verdict = judge(cand, ctx);
    if (verdict !== 'no') found.push(makeFound(cand.first, cand.last, verdict));
  }
  const sure: NameForm[] = [...found.filter((f) => f.verdict === 'person'), ...known];
  const named = (words: string[]): boolean => sure.some((f) => containsWords(f.words, words));
  for (const f of [...found]) {
    if (f.verdict !== 'maybe') continue;
    if (named(f.words)) {
      f.verdict = 'person';
    } else if (f.headline) {
      // Every word of a headline is capitalised, so its names are the runs of words the article
      // names elsewhere: "Putin Serukan Peta Jalan …".
      for (let k = f.first; k <= f.last;) {
        let j = f.last;
        while (j >= k && !named(wordsOf(k, j))) j--;
        if (j >= k) found.push(makeFound(k, j, 'person'));
        k = Math.max(j, k) + 1;
      }
    }
  }
  // A name listed with a person is a person too; lists are read outward from what is known.
  const listed: Found[] = [...known.map(knownEntry), ...found].sort((x, y) => x.start - y.start);
  for (let changed = true; changed;) {
    changed = false;
    listed.forEach((f, i) => {
      if (f.verdict !== 'maybe' || f.headline) return;
      const prev = listed[i - 1];
      const next = listed[i + 1];
      if ((prev?.verdict === 'person' && COORDINATION.test(text.slice(prev.end, f.start)))
        || (next?.verdict === 'person' && COORDINATION.test(text.slice(f.end, next.start)))) {
        f.verdict = 'person';
        changed = true;
      }
    });
  }
  const people = found.filter((f) => f.verdict === 'person');
  const forms: NameForm[] = [...people, ...known];
  const mentions: PersonMention[] = known.map(({ start, end, name }) => ({ start, end, name }));
  for (const p of people) mentions.push({ start: p.start, end: p.end, name: resolve(p, forms) });
  return mentions.sort((a, b) => a.start - b.start);
}
