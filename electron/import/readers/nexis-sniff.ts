import { isFactivaText } from './factiva-text.js';
import { isNexisAcademic } from './nexis-academic.js';

/*
 * Recognising news-database downloads from the start of a file (the first few KB), for files whose
 * extension says only "text" or "HTML", or nothing.
 */

/**
 * Factiva's HTML export, by the classes of its article, headline and paragraph elements, or by
 * the headline row of the indexing layout's tables (`<td><b>HD</b>&nbsp;</td>`). Every repetition
 * is bounded: the whole of a large page may be tested (isFactivaHtml).
 */
const FACTIVA_HTML = /class="[^"]*\b(?:[a-z]{2}Headline|[a-z]{2}Article|articleParagraph)\b|<td\b[^<>]*>(?:\s{0,200}(?:&nbsp;|<b>|<strong>)){0,8}\s{0,200}HD(?:\s{0,200}(?:&nbsp;|:|<\/b>|<\/strong>)){0,8}\s{0,200}<\/td>/;

/**
 * Whether HTML (a file's head, or the whole of it) shows Factiva's export. A page saved from
 * Factiva's "Format for Saving" window carries the site's style sheet in its head, tens of KB
 * before the first article: a head without the marks is looked at whole (prepare.ts).
 */
export const isFactivaHtml = (html: string): boolean => FACTIVA_HTML.test(html);

/** `nexis` for a text download (LexisNexis Academic, or Factiva as text), `factiva` for Factiva's HTML export. */
export function newsDatabaseFormatOf(head: string, format: 'text' | 'html'): 'nexis' | 'factiva' | null {
  if (format === 'html') return isFactivaHtml(head) ? 'factiva' : null;
  return isNexisAcademic(head) || isFactivaText(head) ? 'nexis' : null;
}

/**
 * A zip that is a Word document: the names of its first entries, which stand in their local
 * headers at the start of the file, include `word/`. Word writes `[Content_Types].xml`,
 * `_rels/.rels`, then the `word/` parts, all small, so they fall within the head.
 */
export function isDocxHead(head: Buffer): boolean {
  const names = head.toString('latin1');
  return names.includes('word/document.xml') || (names.includes('[Content_Types].xml') && names.includes('word/'));
}
