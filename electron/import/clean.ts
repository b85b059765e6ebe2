import { FLAG_REPEATED } from '../../db/archive.js';
import { normaliseParagraph } from '../analysis/duplicates/normalise.js';
import { contentHash, normalisedHash, paragraphHash } from './hash.js';
import { repairMojibake } from './mojibake.js';
import type { RawArticle } from './types.js';


export interface CleanParagraph {
  text: string;
  /** The text as normaliseParagraph gives it: hashed here, and shingled by the duplicate finder's signature. */
  normalised: string;
  hash: bigint;
  /** How many times the paragraph stood in the article as scraped; above 1 means repeated. */
  occurrences: number;
  flags: number;
}

export interface CleanArticle {
  title: string;
  paragraphs: CleanParagraph[];
  /** Distinct paragraphs joined by blank lines: what is stored, indexed and shown. */
  body: string;
  url: string | null;
  source: string | null;
  section: string | null;
  publishedAt: string | null;
  author: string | null;
  origin: string;
  /** The source's identifier of the article, when it gives one (RawArticle.externalId). */
  externalId?: string;
  contentHash: string;
  /** Some of its text was double-encoded (mojibake) and has been repaired. */
  repaired: boolean;
}

/** NFC, one kind of space, no invisible characters, no runs of blanks. */
export function normaliseText(text: string): string {
  return collapseBlanks(normaliseCharacters(text)).trim();
}

/*
 * Most text is printable ASCII in lines: NFC already, and without any character the steps below
 * replace (those are all control or non-ASCII characters). One test then stands for six passes.
 */
const UNUSUAL = /[^\n\x20-\x7e]/;
/** NFC keeps text below U+0300 as it is: no such character decomposes, combines or reorders. */
const MAYBE_NOT_NFC = /[^\u0000-\u02ff]/;
const ODD_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\f\v]/g;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F]/g;
const LINE_SEPARATOR = /\u2028|\u2029/g;
/** A character of any of the four classes above, in one class: as an alternation it scans four times slower. */
const ODD_CHARACTER = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\f\v\u00AD\u200B-\u200D\u2060\uFEFF\u0000-\u0008\u000E-\u001F\u007F\u2028\u2029]/;

/**
 * NFC, line feeds only, one kind of space, no invisible or control characters. Each step runs
 * only when a test shows it would change something; the steps keep their order, as removing an
 * invisible character between CR and LF must not make them one line break.
 */
function normaliseCharacters(text: string): string {
  if (!UNUSUAL.test(text)) return text;
  const nfc = MAYBE_NOT_NFC.test(text) ? text.normalize('NFC') : text;
  const lf = nfc.includes('\r') ? nfc.replace(/\r\n?/g, '\n') : nfc;
  if (!ODD_CHARACTER.test(lf)) return lf;
  return lf.replace(ODD_SPACE, ' ').replace(INVISIBLE, '').replace(CONTROL, '').replace(LINE_SEPARATOR, '\n');
}

/** Two blanks side by side: a run of spaces, or a space next to a line break. */
const ADJACENT_BLANKS = / [ \n]|\n /;

/** One space where there were several, none next to a line break. */
function collapseBlanks(text: string): string {
  // Without two adjacent blanks both replacements give back their input.
  if (!ADJACENT_BLANKS.test(text)) return text;
  return text.replace(/ {2,}/g, ' ').replace(/ *\n */g, '\n');
}

/*
 * Page chrome that scrapers keep as if it were text: loaders, the "A A A" font-size widget,
 * share buttons, "Baca juga" links to other stories, ad slots. Matched against whole paragraphs
 * only, so a sentence that merely contains these words is never touched.
 */
const CHROME: RegExp[] = [
  /^(loading|memuat|please wait|mohon tunggu)\s*(\.{2,}|…)?$/i,
  /^A[+-]?(\s+A[+-]?){0,3}$/,
  /^(baca|lihat|simak|tonton)\s+(juga|pula|selengkapnya|berita lainnya)\b.{0,200}$/i,
  // These start real sentences too ("Terkait kasus itu, …", "See more on …"): only with a colon.
  /^(read|see|watch)\s+(also|more|next)\s*:.{0,200}$/i,
  /^(related|terkait|berita terkait|artikel terkait)\s*:.{0,200}$/i,
  /^(advertisement|advertisment|iklan|sponsored|ads|scroll to continue( with content)?|gulir ke bawah untuk melanjutkan)$/i,
  /^(share|bagikan|tweet|print|cetak|copy link|salin (link|tautan)|share this article|bagikan artikel ini)( (on|ke) .{1,30})?:?$/i,
  /^(follow us|ikuti kami)\b.{0,80}$/i,
  /^[|•·*_=~–—-]+$/,
  /^\d{1,3}$/,
];

export function isChrome(paragraph: string): boolean {
  return CHROME.some((re) => re.test(paragraph));
}

/** Characters a sentence ends with; all in the BMP, so the last UTF-16 unit of a line is enough. */
const SENTENCE_END = new Set('.!?:;"”’\')]»…');
const STARTS_LOWER = /^\p{Ll}/u;

function endsSentence(line: string): boolean {
  return SENTENCE_END.has(line.charAt(line.length - 1));
}

/** The Unicode lookup only for a line that starts outside ASCII, where lower case is a–z. */
function startsLower(line: string): boolean {
  const first = line.charCodeAt(0);
  return first < 0x80 ? first >= 0x61 && first <= 0x7a : STARTS_LOWER.test(line);
}

/**
 * Paragraphs of a body: blank lines always separate; a single line break separates too, unless
 * the text was hard-wrapped (the line stops mid-sentence and the next one continues in lower case).
 */
export function splitParagraphs(body: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of normaliseText(body).split('\n')) {
    // An empty line is a blank line: it ends the paragraph, and never continues one.
    if (line !== '' && current !== '' && !endsSentence(current) && startsLower(line)) current += ` ${line}`;
    else {
      if (current !== '') out.push(current);
      current = line;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

const TITLE_CHARS = 120;
/**
 * Longest title kept as a title. A longer one is text that lost its line breaks (a page saved on
 * one line, a CSV with its columns shifted); stored as a title it would be indexed at ten times the
 * weight of the body and shown whole in every result list, so it becomes the body's first
 * paragraph, and the title is taken from its start.
 */
export const MAX_TITLE_CHARS = 1000;

function titleFromText(text: string): string {
  if (text.length <= TITLE_CHARS) return text;
  const cut = text.slice(0, TITLE_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60))}…`;
}

const orNull = (s: string | undefined): string | null => {
  const v = s === undefined ? '' : normaliseText(s).replace(/\n/g, ' ');
  return v === '' ? null : v;
};

/** Each distinct paragraph once, in order; later copies are counted and flagged on the first. */
export function distinctParagraphs(texts: Iterable<string>): CleanParagraph[] {
  const seen = new Map<bigint, CleanParagraph>();
  const paragraphs: CleanParagraph[] = [];
  for (const text of texts) {
    const normalised = normaliseParagraph(text);
    const hash = normalisedHash(normalised);
    const first = seen.get(hash);
    if (first) {
      first.occurrences += 1;
      first.flags |= FLAG_REPEATED;
      continue;
    }
    const p: CleanParagraph = { text, normalised, hash, occurrences: 1, flags: 0 };
    seen.set(hash, p);
    paragraphs.push(p);
  }
  return paragraphs;
}

/**
 * The text fields with mojibake repaired, before normalising: that turns the no-break space and
 * soft hyphen that stand for bytes A0 and AD of a double-encoded letter into something else. The
 * repair changes only the runs it finds, so the body is repaired whole and each paragraph comes
 * out as if repaired alone; a clean paragraph next to a broken one is left as it is.
 */
function repairFields(raw: RawArticle): { raw: RawArticle; repaired: boolean } {
  let repaired = false;
  const repair = (text: string): string => {
    const fixed = repairMojibake(text);
    repaired ||= fixed !== text;
    return fixed;
  };
  const fixed: RawArticle = { ...raw, title: repair(raw.title), body: repair(raw.body) };
  if (raw.author !== undefined) fixed.author = repair(raw.author);
  if (raw.source !== undefined) fixed.source = repair(raw.source);
  return { raw: fixed, repaired };
}

/**
 * The article as stored: mojibake repaired, chrome dropped, each distinct paragraph once, a title
 * even when the file had none. Null when no text is left.
 */
export function cleanArticle(scraped: RawArticle): CleanArticle | null {
  const { raw, repaired } = repairFields(scraped);
  let title = orNull(raw.title);
  const overlong = title !== null && title.length > MAX_TITLE_CHARS ? [title] : [];
  if (overlong.length > 0) title = null;
  const paragraphs = distinctParagraphs([...overlong, ...splitParagraphs(raw.body)].filter((text) => !isChrome(text)));
  if (title !== null && paragraphs[0] && paragraphs[0].hash === paragraphHash(title)) paragraphs.shift();
  if (paragraphs.length === 0) return null;
  title ??= titleFromText(paragraphs[0]!.text);
  const body = paragraphs.map((p) => p.text).join('\n\n');
  const externalId = orNull(raw.externalId);
  return {
    ...(externalId === null ? {} : { externalId }),
    title,
    paragraphs,
    body,
    url: orNull(raw.url),
    source: orNull(raw.source),
    section: orNull(raw.section),
    publishedAt: orNull(raw.publishedAt),
    author: orNull(raw.author),
    origin: raw.origin,
    contentHash: contentHash(title, body),
    repaired,
  };
}
