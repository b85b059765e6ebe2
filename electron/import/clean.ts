import { FLAG_REPEATED } from '../../db/archive.js';
import { contentHash, paragraphHash } from './hash.js';
import { repairMojibake } from './mojibake.js';
import type { RawArticle } from './types.js';


export interface CleanParagraph {
  text: string;
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
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\f\v]/g, ' ')
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F]/g, '')
    .replace(/\u2028|\u2029/g, '\n')
    .replace(/ {2,}/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
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

const SENTENCE_END = /[.!?:;"”’')\]»…]$/u;
const STARTS_LOWER = /^\p{Ll}/u;

/**
 * Paragraphs of a body: blank lines always separate; a single line break separates too, unless
 * the text was hard-wrapped (the line stops mid-sentence and the next one continues in lower case).
 */
export function splitParagraphs(body: string): string[] {
  const out: string[] = [];
  for (const block of normaliseText(body).split(/\n{2,}/)) {
    let current = '';
    for (const line of block.split('\n')) {
      if (line === '') continue;
      if (current !== '' && !SENTENCE_END.test(current) && STARTS_LOWER.test(line)) current += ` ${line}`;
      else {
        if (current !== '') out.push(current);
        current = line;
      }
    }
    if (current !== '') out.push(current);
  }
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
    const hash = paragraphHash(text);
    const first = seen.get(hash);
    if (first) {
      first.occurrences += 1;
      first.flags |= FLAG_REPEATED;
      continue;
    }
    const p: CleanParagraph = { text, hash, occurrences: 1, flags: 0 };
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
