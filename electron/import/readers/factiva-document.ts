import { parseDate } from '../dates.js';
import { unreadableDate } from '../fields.js';
import { assignOutlet } from '../outlet.js';
import type { Problem, RawArticle, ReadOptions } from '../types.js';
import { isCopyright, WORD_COUNT } from './nexis-labels.js';

/*
 * One Factiva article, whatever file it came in. Under the headline Factiva writes a header of
 * one line each: the author if any, the word count (`1,234 words`, `1.234 Wörter`), the date, the
 * time if any, the outlet, its source code, the language, the copyright; then the text; then
 * `Document KOMPAS0020230321ej3l0005x`, the id kept as the article's external id.
 */

export interface FactivaDocument {
  /** The file and the article's position in it: `export.rtf#2`. */
  origin: string;
  headline: string;
  /** The header lines between headline and text, in order. */
  header: string[];
  paragraphs: string[];
  documentId?: string;
}

/** `Document KOMPAS0020230321ej3l0005x`, in the interface languages Factiva has. */
export const DOCUMENT_ID = /^[ \t]*(?:Document|Dokument|Documento|Doc\.?)[ \t]+([A-Za-z0-9]{10,60})[ \t]*$/u;

/** The time Factiva gives beside the date: `10:05`, `7:30 AM`, `07:30 GMT`. */
export const TIME = /^\d{1,2}[:.]\d{2}(?:\s*(?:am|pm))?(?:\s+[A-Z]{1,5}|\s*[+-]\d{2}:?\d{2})?$/i;
/** `By`, `Oleh`, `Von`… before the author's name. */
export const BY = /^(by|von|par|door|por|oleh)\s+/iu;

/** The line that starts the header: a word count. */
export const isWordCount = (line: string): boolean => WORD_COUNT.test(line.trim());

/** The article; null, with an error naming it, when it lacks a header or text. */
export function factivaArticle(doc: FactivaDocument, options: ReadOptions, problems: Problem[]): RawArticle | null {
  const words = doc.header.findIndex(isWordCount);
  if (words < 0) {
    problems.push({ path: doc.origin, reason: 'no Factiva header (no word count such as "412 words" under the headline)' });
    return null;
  }
  if (doc.paragraphs.length === 0) {
    problems.push({ path: doc.origin, reason: `document has no body text${doc.headline ? ` ("${doc.headline.slice(0, 80)}")` : ''}` });
    return null;
  }
  const article: RawArticle = { title: doc.headline, body: doc.paragraphs.join('\n\n'), origin: doc.origin };
  const author = doc.header.slice(0, words).join(', ').replace(BY, '').trim();
  if (author) article.author = author;
  if (doc.documentId) article.externalId = doc.documentId;

  const rest = doc.header.slice(words + 1).filter((line) => !isCopyright(line));
  const date = rest.findIndex((line) => parseDate(line, options.dateFormat) !== null);
  if (date >= 0) {
    const time = rest[date + 1] !== undefined && TIME.test(rest[date + 1]!) ? rest[date + 1]! : undefined;
    article.publishedAt = (time && parseDate(`${rest[date]} ${time}`, options.dateFormat)) || parseDate(rest[date]!, options.dateFormat)!;
    assignOutlet(article, rest[date + (time ? 2 : 1)]);
  } else {
    if (rest[0] !== undefined) problems.push(unreadableDate(doc.origin, rest[0]));
    assignOutlet(article, rest[1]);
  }
  return article;
}
