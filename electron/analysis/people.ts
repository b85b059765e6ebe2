import { SentenceStarts, tokenize, type Token } from './name-tokens.js';
import {
  APPOSITIVES, CALENDAR, COMMON_NOUNS, COMMON_WORDS, HEADLINE_LOWER_CASE, HONORIFICS, LOWER_CASE_HEADS, NAME_PARTICLES, OFFICES,
  OFFICE_QUALIFIERS, ORGANISATIONS, ORGANISATION_HEADS, ORGANISATION_TAILS, OFFICE_PAIRS, PERSON_BEFORE, PLACES, PLACE_PREPOSITIONS, REGNAL_NUMBERS,
  REGIONAL_OFFICES, SPEECH_ADVERBS, SPEECH_AFTER, SPEECH_BEFORE,
} from './person-words.js';
import type { KnownPerson, PersonMention, Span } from './types.js';
import { hashRange, UNHASHED, WordFilter } from './word-filter.js';

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

export function buildRegistry(known: KnownPerson[]): PersonRegistry {
  const forms = new Map<string, RegistryForm[]>();
  for (const person of known) {
    const nameWords = tokenize(person.name).map((t) => t.word);
    for (const form of [person.name, ...person.aliases]) {
      const words = tokenize(form).map((t) => t.word);
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
const LOWER_CASE_FILTER = new WordFilter(LOWER_CASE_ROLES.keys());
const HEADLINE_LOWER_CASE_FILTER = new WordFilter(HEADLINE_LOWER_CASE);

function roleOf(t: Token, prev: Token | undefined, next: Token | undefined): Role {
  switch (t.shape) {
    case 'lower':
      return (LOWER_CASE_FILTER.mayHave(t.hash) && LOWER_CASE_ROLES.get(t.lower)) || 'other';
    case 'acronym':
      return OFFICES.has(t.lower) || HONORIFICS.has(t.lower) ? 'title' : 'qualifier';
    case 'initial':
      // Initials are part of the name ("M. Nuh", "M Romahurmuziy"), except "H." for Haji; a letter
      // hyphened to a word is part of that word ("PDI-P").
      if (t.hyphened || !next?.joined || (next.shape !== 'capital' && next.shape !== 'initial')) return 'other';
      return t.lower === 'h' && !(t.joined && prev?.shape === 'capital') ? 'title' : 'name';
    case 'capital': {
      // "Al-Assad": a particle capitalised before a hyphen.
      if (next?.hyphened && NAME_PARTICLES.has(t.lower) && !OFFICES.has(t.lower)) return 'particle';
      const role = CAPITALISED_ROLES.get(t.lower);
      if (role) return role;
      return derived(t.lower) ? 'stop' : 'name';
    }
    default:
      return 'other';
  }
}

interface KnownMention extends PersonMention {
  words: string[];
}

/** Tokens covered by registry names, and the mentions they make. */
function matchRegistry(tokens: Token[], registry: PersonRegistry, roles: Role[]): KnownMention[] {
  const found: KnownMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!registry.firstWords.mayHave(tokens[i]!.hash)) continue;
    const forms = registry.forms.get(tokens[i]!.word);
    if (!forms) continue;
    const form = forms.find((f) => f.words.every((w, k) => {
      const t = tokens[i + k];
      return t !== undefined && t.word === w && (k === 0 || t.joined);
    }));
    if (!form) continue;
    const last = i + form.words.length - 1;
    found.push({ start: tokens[i]!.start, end: tokens[last]!.end, name: form.name, words: form.nameWords });
    for (let k = i; k <= last; k++) roles[k] = 'known';
    i = last;
  }
  return found;
}

const nameAt = (tokens: Token[], roles: Role[], i: number): boolean => tokens[i]?.joined === true && roles[i] === 'name';

/** Whether token i carries on the name that starts at token `first`. */
function continuesName(tokens: Token[], roles: Role[], first: number, i: number): boolean {
  const t = tokens[i]!;
  const role = roles[i];
  const next = tokens[i + 1];
  if (t.hyphened) {
    if (role !== 'name') return false;
    if (roles[i - 1] === 'particle') return true;
    // "Ahmadi-Mogadam" ends a longer name and "Jean-Marie" begins one; "Prabowo-Hatta" or
    // "Jokowi-Ma'ruf Amin" pair two names.
    if (i - 1 > first) return !nameAt(tokens, roles, i + 1);
    return nameAt(tokens, roles, i + 1) && nameAt(tokens, roles, i + 2);
  }
  if (role === 'particle') return next !== undefined && (next.hyphened || nameAt(tokens, roles, i + 1));
  if (!t.joined) return false;
  if (role === 'name') return true;
  if (t.shape === 'acronym') return REGNAL_NUMBERS.has(t.lower);
  // "Shaukat Sultan", "Oktarina Putri": an honorific after a name and before no other name is part of it.
  return role === 'title' && t.shape === 'capital' && !OFFICES.has(t.lower) && (!next?.joined || next.shape === 'lower');
}

/** "Bupati Sleman Sri Purnomo", "Wali Kota Surabaya Eri Cahyadi": the region comes right after the office. */
function afterRegionalOffice(tokens: Token[], i: number): boolean {
  const office = tokens[i - 1];
  if (!office || !tokens[i]!.joined) return false;
  return REGIONAL_OFFICES.has(office.lower) || (office.lower === 'kota' && tokens[i - 2]?.lower === 'wali');
}

/**
 * Walks the tokens once, keeping what the words since the last punctuation mark said (an office,
 * an organisation's name), and cuts out the runs of name words.
 */
function candidates(tokens: Token[], roles: Role[]): Candidate[] {
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
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const role = roles[i]!;
    if (open) {
      if (continuesName(tokens, roles, open.first, i)) {
        open.last = i;
        continue;
      }
      out.push(open);
      const runGoesOn = t.joined && t.shape !== 'lower' && role !== 'name' && role !== 'known' && role !== 'other';
      if (open.titled && runGoesOn) {
        provisional = out.length - 1;
        titled = true;
        lead = open.lead;
      }
      open = undefined;
    }
    if (!t.joined) reset();
    // "Jaksa Agung", "Wali Kota": the second word of a two-word office.
    if (titled && OFFICE_PAIRS.has(`${tokens[i - 1]?.lower} ${t.lower}`)) continue;
    switch (role) {
      case 'title':
        // "Dewan Pimpinan Pusat": an office word inside an organisation's name.
        if (organisation && t.shape !== 'lower') break;
        if (lead < 0) lead = i;
        titled = true;
        organisation = false;
        break;
      case 'qualifier':
      case 'stop':
        if (titled || organisation || (role === 'qualifier' && t.shape !== 'lower')) {
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
        if (titled && OFFICE_QUALIFIERS.has(t.lower)) break;
        if (provisional >= 0) out.splice(provisional, 1);
        open = { first: i, last: i, lead: lead < 0 ? i : lead, titled, regional: titled && afterRegionalOffice(tokens, i) };
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
  tokens: Token[];
  roles: Role[];
  /** Whether the article also writes a word in lower case, so it is a common word whatever the lexicons say. */
  writtenLower: (lower: string) => boolean;
  sentences: SentenceStarts;
  /** Per word: 1 when it is in a sentence written as a headline. */
  headline: Uint8Array;
}

/** "kata Eva", "Menurut Haposan", "said Smith", "according to Smith", before the office if any. */
function speechBefore(c: Candidate, tokens: Token[]): boolean {
  const lead = tokens[c.lead]!;
  const p = tokens[c.lead - 1];
  if (!lead.joined || !p) return false;
  if (p.lower === 'to') return tokens[c.lead - 2]?.lower === 'according' && p.joined;
  return SPEECH_BEFORE.has(p.lower) && p.shape !== 'acronym';
}

/** "Ruhut mengatakan", "Ruhut juga mengatakan", "Smith said". */
function speechAfter(c: Candidate, tokens: Token[]): boolean {
  let j = c.last + 1;
  while (j - c.last <= 2 && tokens[j]?.joined && tokens[j]!.shape === 'lower' && SPEECH_ADVERBS.has(tokens[j]!.lower)) j++;
  const v = tokens[j];
  return v !== undefined && v.joined && v.shape === 'lower' && SPEECH_AFTER.has(v.lower);
}

/** "Alejandro Sanchez, mahasiswa doktoral …", "Budi, Ketua RT …". */
function apposition(c: Candidate, tokens: Token[], roles: Role[]): boolean {
  const last = tokens[c.last]!;
  const next = tokens[c.last + 1];
  if (!last.commaAfter || !next) return false;
  return (next.shape === 'lower' && APPOSITIVES.has(next.lower)) || (next.shape === 'capital' && roles[c.last + 1] === 'title');
}

type Verdict = 'person' | 'maybe' | 'no';

const capitalNoun = (t: Token | undefined): boolean => t !== undefined && t.shape === 'capital' && COMMON_NOUNS.has(t.lower);

/** Initials of the words, for comparing with an abbreviation: "Susilo Bambang Yudhoyono" → "SBY". */
const initials = (tokens: Token[], first: number, last: number): string =>
  tokens.slice(first, last + 1).map((t) => t.word[0]!.toUpperCase()).join('');

/**
 * Names of bodies, places and things written like persons' names: glued to a capitalised common
 * noun without an office before ("Pasukan Misrata", "Dow Jones Industrial Average"), or followed
 * by an abbreviation in brackets that is not their initials ("Nahdlatul Ulama (PBNU)", but
 * "Susilo Bambang Yudhoyono (SBY)" is a person).
 */
function organisationLike(c: Candidate, ctx: Context): boolean {
  const { tokens, roles, text } = ctx;
  const after = tokens[c.last + 1];
  if (after?.joined && (capitalNoun(after) || ORGANISATION_TAILS.has(after.lower))) return true;
  if (!c.titled && tokens[c.first]!.joined && capitalNoun(tokens[c.first - 1]) && roles[c.first - 1] === 'stop') return true;
  return after !== undefined && after.shape === 'acronym' && /^\s*\($/.test(text.slice(tokens[c.last]!.end, after.start))
    && after.word !== initials(tokens, c.first, c.last);
}

function judge(c: Candidate, ctx: Context): Verdict {
  const { tokens, roles, writtenLower } = ctx;
  for (let k = c.first; k <= c.last; k++) if (ORGANISATION_TAILS.has(tokens[k]!.lower)) return 'no';
  if (ctx.headline[c.first] === 1 || organisationLike(c, ctx)) return 'maybe';
  const strong = c.titled || speechBefore(c, tokens) || speechAfter(c, tokens) || apposition(c, tokens, roles);
  const common = (k: number): boolean => tokens[k]!.shape === 'capital' && writtenLower(tokens[k]!.lower);
  // Where a sentence begins is asked only when the answer changes the verdict.
  const opening: Verdict = strong && !common(c.first) ? 'person' : 'maybe';
  const inside = judgeInside(c, ctx, strong, common);
  if (opening === inside) return opening;
  return ctx.sentences.opens(c.first) ? opening : inside;
}

/** The verdict on a candidate that does not open a sentence. */
function judgeInside(c: Candidate, ctx: Context, strong: boolean, common: (k: number) => boolean): Verdict {
  const { tokens } = ctx;
  if (strong) return 'person';
  let words = 0;
  for (let k = c.first; k <= c.last; k++) {
    if (common(k)) return 'maybe';
    if (tokens[k]!.shape === 'capital') words++;
  }
  const before = tokens[c.lead - 1];
  const place = before !== undefined && tokens[c.lead]!.joined && before.shape === 'lower' && PLACE_PREPOSITIONS.has(before.lower);
  if (place) return 'maybe';
  if (words >= 2) return 'person';
  return before !== undefined && tokens[c.lead]!.joined && PERSON_BEFORE.has(before.lower) ? 'person' : 'maybe';
}

const HEADLINE_CAPITALS = 3;

/** A lower-case word that a headline would not leave in lower case. */
const rulesOutHeadline = (t: Token): boolean =>
  t.shape === 'lower' && t.end - t.start >= 3 && !(HEADLINE_LOWER_CASE_FILTER.mayHave(t.hash) && HEADLINE_LOWER_CASE.has(t.lower));

/**
 * The words of sentences written as headlines, every word capitalised, where capitals say nothing:
 * three capitalised words or acronyms and no lower-case word but short function words. A headline
 * lies between two words that rule one out, so ICU is asked where sentences begin only from the
 * places where one may begin, and only where three capitalised words follow before such a word.
 */
function headlineWords(tokens: Token[], sentences: SentenceStarts): Uint8Array {
  const n = tokens.length;
  const out = new Uint8Array(n);
  // Per word, the next word at or after it that rules a headline out, or n; and the capitalised
  // words before it, to count those of any stretch at once.
  const stop = new Int32Array(n + 1);
  stop[n] = n;
  for (let i = n - 1; i >= 0; i--) stop[i] = rulesOutHeadline(tokens[i]!) ? i : stop[i + 1]!;
  const capitals = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) capitals[i + 1] = capitals[i]! + (tokens[i]!.shape === 'capital' || tokens[i]!.shape === 'acronym' ? 1 : 0);
  for (let k = 0; k < n; k++) {
    if (k > 0 && !tokens[k]!.maySentence) continue;
    const e = stop[k]!;
    if (capitals[e]! - capitals[k]! < HEADLINE_CAPITALS || !sentences.begins(k)) continue;
    // The sentence begun at k ends where the next one begins; a headline ends before word e.
    const m = sentences.nextBegin(k);
    if (m <= e && capitals[m]! - capitals[k]! >= HEADLINE_CAPITALS) out.fill(1, k, m);
  }
  return out;
}

/*
 * Only the capitalised words of candidates are asked about, a few per article, so the lower-case
 * words are not cut out to be collected: their hashes rule out most questions, and a question
 * the hashes cannot answer is settled by reading the words with that hash.
 */
function lowerCaseWords(tokens: Token[]): (lower: string) => boolean {
  const hashes = new WordFilter();
  const unhashed: Token[] = [];
  for (const t of tokens) {
    if (t.shape !== 'lower') continue;
    if (t.hash === UNHASHED) unhashed.push(t);
    else hashes.addHash(t.hash);
  }
  const answers = new Map<string, boolean>();
  return (lower) => {
    let written = answers.get(lower);
    if (written === undefined) {
      // A word not all ASCII may lower-case to one that is, so those are always read.
      const hash = hashRange(lower, 0, lower.length);
      written = unhashed.some((t) => t.lower === lower)
        || (hash !== UNHASHED && hashes.mayHave(hash) && tokens.some((t) => t.shape === 'lower' && t.hash === hash && t.lower === lower));
      answers.set(lower, written);
    }
    return written;
  };
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

export function findPeople(text: string, registry: PersonRegistry, countries: Span[]): PersonMention[] {
  const tokens = tokenize(text);
  const roles = tokens.map((t, i) => roleOf(t, tokens[i - 1], tokens[i + 1]));
  // Country names and demonyms are never part of a name, but may stand between an office and one.
  let c = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (c < countries.length && countries[c]!.end <= t.start) c++;
    if (c < countries.length && countries[c]!.start < t.end) roles[i] = 'qualifier';
  }
  const known = matchRegistry(tokens, registry, roles);
  const sentences = new SentenceStarts(text, tokens);
  const ctx: Context = { text, tokens, roles, writtenLower: lowerCaseWords(tokens), sentences, headline: headlineWords(tokens, sentences) };

  const wordsOf = (first: number, last: number): string[] => tokens.slice(first, last + 1).map((t) => t.word);
  const makeFound = (first: number, last: number, verdict: Verdict): Found => {
    const start = tokens[first]!.start;
    const end = tokens[last]!.end;
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
  const listed: (Span & { verdict: Verdict; headline?: boolean })[] = [...known.map((k) => ({ ...k, verdict: 'person' as Verdict })), ...found]
    .sort((x, y) => x.start - y.start);
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
