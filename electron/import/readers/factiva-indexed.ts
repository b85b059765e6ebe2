import { parseDate } from '../dates.js';
import { unreadableDate } from '../fields.js';
import { assignOutlet } from '../outlet.js';
import type { Problem, RawArticle, ReadOptions, ReadResult } from '../types.js';
import { BY, DOCUMENT_ID, isWordCount, TIME } from './factiva-document.js';
import { PAGE_LINE } from './factiva-text.js';

/*
 * Factiva's "Full Article/Report plus Indexing" layout: each article as rows of a field code and
 * its value, the codes the same in every interface language. HD headline, BY author, WC word
 * count, PD date, ET time, SN outlet, SC source code, ED edition, PG page, LA language, CY
 * copyright, LP lead paragraphs and TD the rest of the text, then Factiva's indexing (CO
 * companies, IN industries, NS subjects, RE regions, IPC, IPD), PUB the publisher and AN the
 * accession number, `Document KOMPAS0020240312ek3c0001x`. HTML has a table per article
 * (factiva-html.ts); the text of an RTF or Word file has the rows one per line (table rows become
 * `code<tab>value`) or the code alone on a line above its value. Only LP and TD are text.
 */

/** One row: its code and its value, a paragraph per line or `<p>`. */
export interface IndexedRow {
  code: string;
  paragraphs: string[];
}

/** The codes Factiva writes; a row of any other code is no row of this layout. */
const FIELD_CODES = new Set([
  'HD', 'CLM', 'SE', 'HLP', 'BY', 'CR', 'WC', 'PD', 'ET', 'SN', 'SC', 'ED', 'PG', 'VOL', 'LA', 'CY', 'LP', 'TD', 'CT', 'RF', 'ART',
  'CO', 'IN', 'NS', 'RE', 'IPC', 'IPD', 'PUB', 'AN',
]);

/** Codes that only an article's own rows have, as opposed to the indexing that any row may carry. */
const ARTICLE_CODES = new Set(['BY', 'WC', 'PD', 'SN', 'SC', 'LP', 'TD', 'AN']);

/** Rows Factiva writes above an article's HD row: its column and its section. */
const ABOVE_HEADLINE = new Set(['CLM', 'SE']);

export const isFieldCode = (code: string): boolean => FIELD_CODES.has(code);

const tidy = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The value of a one-line field, however many rows or paragraphs it came in. */
const valueOf = (rows: readonly IndexedRow[], code: string): string => tidy(rows.filter((r) => r.code === code).flatMap((r) => r.paragraphs).join(' '));

/** The document id from `Document KOMPAS00…`, or the id written alone. */
function documentIdOf(rows: readonly IndexedRow[]): string | undefined {
  const first = tidy(rows.find((r) => r.code === 'AN')?.paragraphs[0] ?? '');
  return DOCUMENT_ID.exec(first)?.[1] ?? (/^[A-Za-z0-9]{10,60}$/.test(first) ? first : undefined);
}

/**
 * Rows are this layout when a headline row stands with at least two other rows only an article
 * has, and Factiva's own mark is there: a word count (`WC 96 words`) or a document id (`AN
 * Document …`). Two-letter codes at the start of a line or in a table's first column are also
 * people's initials (the minutes of a meeting: `HD  Hendra Darmawan`, `SN  Siti Nurhaliza`).
 */
export function isIndexedLayout(rows: readonly IndexedRow[]): boolean {
  const codes = new Set(rows.map((r) => r.code));
  if (!codes.has('HD') || [...codes].filter((code) => ARTICLE_CODES.has(code)).length < 2) return false;
  return rows.some((r) => (r.code === 'WC' && isWordCount(tidy(r.paragraphs.join(' ')))) || (r.code === 'AN' && documentIdOf([r]) !== undefined));
}

/** The article of one article's rows; null, with an error naming it, when it has no text. */
export function indexedArticle(rows: readonly IndexedRow[], origin: string, options: ReadOptions, problems: Problem[]): RawArticle | null {
  const headline = valueOf(rows, 'HD');
  const text = rows.filter((r) => r.code === 'LP' || r.code === 'TD').flatMap((r) => r.paragraphs.map(tidy)).filter((p) => p !== '');
  if (text.length === 0) {
    problems.push({ path: origin, reason: `document has no body text${headline ? ` ("${headline.slice(0, 80)}")` : ''}` });
    return null;
  }
  const article: RawArticle = { title: headline, body: text.join('\n\n'), origin };
  const author = valueOf(rows, 'BY').replace(BY, '').trim();
  if (author) article.author = author;
  const id = documentIdOf(rows);
  if (id) article.externalId = id;
  const date = valueOf(rows, 'PD');
  if (date) {
    const time = valueOf(rows, 'ET');
    const at = (TIME.test(time) && parseDate(`${date} ${time}`, options.dateFormat)) || parseDate(date, options.dateFormat);
    if (at) article.publishedAt = at;
    else problems.push(unreadableDate(origin, date));
  }
  assignOutlet(article, valueOf(rows, 'SN') || undefined);
  return article;
}

/** `HD<tab>Headline`, `HD   Headline` (two spaces or more), or `HD` alone with its value below. */
const CODE_LINE = /^[ \t\u00a0]*([A-Z]{2,3})(?:[ \u00a0]*\t\s*|[ \u00a0]{2,}|\s*$)(.*)$/;

function codeLine(line: string): IndexedRow | null {
  const m = CODE_LINE.exec(line);
  if (!m || !isFieldCode(m[1]!)) return null;
  const value = tidy(m[2]!);
  return { code: m[1]!, paragraphs: value ? [value] : [] };
}

const linesOf = (text: string): string[] => text.split(/\r\n?|\n/);

/**
 * The rows of the layout in text form, each with the lines below it up to the next row as further
 * paragraphs. Lines before the first row (a cover) are none, nor are the export's page lines.
 */
function rowsOfText(text: string): IndexedRow[] {
  const rows: IndexedRow[] = [];
  for (const line of linesOf(text)) {
    const row = codeLine(line);
    if (row) {
      rows.push(row);
      continue;
    }
    const paragraph = tidy(line);
    const last = rows.at(-1);
    if (last && paragraph !== '' && !PAGE_LINE.test(paragraph)) last.paragraphs.push(paragraph);
  }
  return rows;
}

/** Whether the text (of an RTF or a Word file) holds articles in this layout. */
export function isFactivaIndexedText(text: string): boolean {
  return isIndexedLayout(rowsOfText(text));
}

/**
 * The articles of the layout in text form, each `path#N`, N its position in the file. An article
 * starts at its HD row (or the CLM and SE rows above it), or at the first row after the one before
 * it reached its AN. What follows an article's AN up to the next row (the search summary) is no
 * text of it.
 */
export function readFactivaIndexedText(text: string, path: string, options: ReadOptions): ReadResult {
  const articles: RawArticle[] = [];
  const problems: Problem[] = [];
  let rows: IndexedRow[] = [];
  // The article's first AN row, and whether it has a row other than CLM and SE: kept as the rows
  // come, as looking them up at every row takes time growing with the square of the rows of an
  // article that never reaches its AN.
  let an: IndexedRow | undefined;
  let headed = false;
  let n = 0;
  const read = (): void => {
    if (rows.length === 0) return;
    n += 1;
    const article = indexedArticle(rows, `${path}#${n}`, options, problems);
    if (article) articles.push(article);
    rows = [];
    an = undefined;
    headed = false;
  };
  for (const row of rowsOfText(text)) {
    if ((row.code === 'HD' && headed) || (an && documentIdOf([an]) !== undefined)) read();
    rows.push(row);
    if (row.code === 'AN') an ??= row;
    if (!ABOVE_HEADLINE.has(row.code)) headed = true;
  }
  read();
  return { articles, problems };
}
