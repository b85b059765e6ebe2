import { parseDate } from '../dates.js';
import { unreadableDate } from '../fields.js';
import { assignOutlet } from '../outlet.js';
import type { Problem, RawArticle, ReadOptions } from '../types.js';
import type { NexisField } from './nexis-labels.js';

/** One document of a Nexis download, as its layout gives it, before its fields are read. */
export interface NexisDocument {
  /** The file and the document's position in it: `download.docx#3`. */
  origin: string;
  title: string;
  outlet?: string;
  /** The date line as written: `March 21, 2023 Tuesday`, `21. März 2023`. */
  date?: string;
  fields: Partial<Record<NexisField, string>>;
  paragraphs: string[];
}

/** `By Ayu Lestari`, `Von Jan Müller`, `Par …`, `Door …`, `Por …`: the name alone. */
const BY = /^(by|von|par|door|por)\s+/iu;

/**
 * The article of one document; null, with an error naming the document, when it has no text, so
 * the rest of the download is still imported.
 */
export function nexisArticle(doc: NexisDocument, options: ReadOptions, problems: Problem[]): RawArticle | null {
  if (doc.paragraphs.length === 0) {
    problems.push({ path: doc.origin, reason: `document has no body text${doc.title ? ` ("${doc.title.slice(0, 80)}")` : ''}` });
    return null;
  }
  const article: RawArticle = { title: doc.fields.headline ?? doc.title, body: doc.paragraphs.join('\n\n'), origin: doc.origin };
  if (doc.date) {
    const iso = parseDate(doc.date, options.dateFormat);
    if (iso) article.publishedAt = iso;
    else problems.push(unreadableDate(doc.origin, doc.date));
  }
  const author = doc.fields.byline?.replace(BY, '').trim();
  if (author) article.author = author;
  if (doc.fields.url && /^https?:\/\//i.test(doc.fields.url)) article.url = doc.fields.url;
  if (doc.fields.section) article.section = doc.fields.section;
  assignOutlet(article, doc.outlet);
  return article;
}

/** The date line among the lines above a title: the last of them that reads as a date. */
export function dateIndex(lines: readonly string[], options: ReadOptions): number {
  for (let i = lines.length - 1; i >= 0; i--) if (parseDate(lines[i]!, options.dateFormat)) return i;
  return -1;
}
