import { type CleanArticle, distinctParagraphs } from './clean.js';
import { contentHash } from './hash.js';
import { ReadError } from './types.js';

/*
 * One huge article (a 31 MB single-line dump, a whole site scraped into one "article") makes every
 * search that matches it slow: FTS5 builds a snippet by scoring each match of the query against the
 * others, so its cost grows with the square of the matches in one document. Bounding an article's
 * text bounds that work. Above the limit an article is split into parts, each an article of its
 * own ("Title (part 2 of 9)"), or refused, as the user chooses.
 */

export type LongArticlePolicy = 'split' | 'refuse';

export interface LongArticleOptions {
  maxArticleBytes: number;
  longArticles: LongArticlePolicy;
}

/** Large enough for any news story, report or transcript a monitor reads as one; small enough to keep snippets cheap. */
export const DEFAULT_MAX_ARTICLE_BYTES = 256 * 1024;

const kb = (bytes: number): string => `${Math.ceil(bytes / 1024)} KB`;

/** The article as is, its parts, or a ReadError naming its size and the limit. */
export function boundArticle(article: CleanArticle, options: LongArticleOptions): { parts: CleanArticle[]; note: string | null } {
  const size = Buffer.byteLength(article.body);
  if (size <= options.maxArticleBytes) return { parts: [article], note: null };
  if (options.longArticles === 'refuse') {
    throw new ReadError(`article text is ${kb(size)}, over the limit of ${kb(options.maxArticleBytes)} (--max-article-size; --long-articles split imports it in parts)`);
  }
  const groups = groupPieces(article.paragraphs.flatMap((p) => pieces(p.text, options.maxArticleBytes)), options.maxArticleBytes);
  const parts = groups.map((texts, i) => {
    const title = `${article.title} (part ${i + 1} of ${groups.length})`;
    const paragraphs = distinctParagraphs(texts);
    const body = paragraphs.map((p) => p.text).join('\n\n');
    return { ...article, title, paragraphs, body, origin: `${article.origin}#part-${i + 1}`, contentHash: contentHash(title, body) };
  });
  return { parts, note: `article text is ${kb(size)}, over ${kb(options.maxArticleBytes)}: imported in ${parts.length} parts` };
}

/** A paragraph cut to pieces under `max` bytes: at sentence ends where it can, else at spaces, else anywhere. */
function pieces(text: string, max: number): string[] {
  if (Buffer.byteLength(text) <= max) return [text];
  const out: string[] = [];
  // Characters, not bytes: a character is at most 4 bytes in UTF-8, so this many always fit.
  const budget = Math.max(1, Math.floor(max / 4));
  let pos = 0;
  while (text.length - pos > budget) {
    const window = text.slice(pos, pos + budget);
    const sentence = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '));
    const space = window.lastIndexOf(' ');
    const cut = sentence > budget / 2 ? sentence + 1 : space > budget / 2 ? space : budget;
    out.push(window.slice(0, cut).trim());
    pos += cut;
  }
  out.push(text.slice(pos).trim());
  return out.filter((p) => p !== '');
}

/** Consecutive pieces gathered into parts of at most `max` bytes of text. */
function groupPieces(texts: string[], max: number): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const t of texts) {
    const bytes = Buffer.byteLength(t) + 2;
    if (current.length > 0 && size + bytes > max) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(t);
    size += bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
