import { parseDate } from '../dates.js';
import type { Problem, RawArticle, ReadOptions, ReadResult } from '../types.js';
import { DOCUMENT_ID, type FactivaDocument, factivaArticle, isWordCount } from './factiva-document.js';
import { isCopyright } from './nexis-labels.js';

/*
 * Factiva's RTF export, as text: one paragraph per line, each article ending with its
 * `Document …` line. Page headers and footers (`Page 2 of 9 © 2023 Factiva, Inc.`) are dropped;
 * what follows the last article (the search summary) is no article.
 */

/** Page headers and footers of the RTF export, which stand between any two lines. */
export const PAGE_LINE = /^(?:(?:page|seite|pagina|página) \d+ (?:of|von|sur|de|van) \d+.*|.*©\s*\d{4}\s+Factiva.*|.*Factiva, Inc\..*)$/iu;
const TIME = /^\d{1,2}[:.]\d{2}\b/;
/** A Factiva source code (`KOMPAS`, `JKTPST`) stands alone on its line, in capitals. */
const SOURCE_CODE = /^[A-Z0-9]{3,12}$/;
const LANGUAGES = new Set([
  'english', 'indonesian', 'bahasa indonesia', 'malay', 'german', 'deutsch', 'englisch', 'indonesisch', 'french', 'français', 'anglais',
  'indonésien', 'dutch', 'nederlands', 'engels', 'indonesisch', 'spanish', 'español', 'inglés', 'indonesio',
]);

/** Headline, header and text of one article's paragraphs. */
function documentOf(paragraphs: readonly string[], origin: string, documentId: string | undefined, options: ReadOptions): FactivaDocument {
  const doc: FactivaDocument = { origin, headline: paragraphs[0] ?? '', header: [], paragraphs: [] };
  if (documentId) doc.documentId = documentId;
  // The header is short: a copyright line further down is a quotation in the text.
  const limit = Math.min(paragraphs.length, 16);
  let end = paragraphs.findIndex((p, i) => i >= 1 && i < limit && isCopyright(p)) + 1;
  if (end === 0) {
    // No copyright line: word count, date, time, outlet, source code, language.
    const words = paragraphs.findIndex((p, i) => i >= 1 && i < limit && isWordCount(p));
    if (words < 0) end = 1;
    else {
      end = words + 1;
      if (end < paragraphs.length && parseDate(paragraphs[end]!, options.dateFormat)) end++;
      if (end < paragraphs.length && TIME.test(paragraphs[end]!)) end++;
      if (end < paragraphs.length) end++;
      while (end < paragraphs.length && (SOURCE_CODE.test(paragraphs[end]!) || LANGUAGES.has(paragraphs[end]!.toLowerCase()))) end++;
    }
  }
  doc.header = paragraphs.slice(1, end);
  doc.paragraphs = paragraphs.slice(end);
  return doc;
}

const linesOf = (text: string): string[] => text.split(/\r\n?|\n/).map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l !== '' && !PAGE_LINE.test(l));

/**
 * Where a `Document …` line may start: at a line's start, after blanks. Every text file's head is
 * asked whether it is a Factiva export, and splitting it into cleaned lines costs more than reading
 * most articles; nearly all have no line starting so, and are answered at once.
 */
const MAYBE_DOCUMENT_LINE = /^[^\S\r\n]*Do[ck]/mu;

/** Whether the text is a Factiva export: a `Document …` line and a word count line. */
export function isFactivaText(text: string): boolean {
  if (!MAYBE_DOCUMENT_LINE.test(text)) return false;
  const lines = linesOf(text);
  return lines.some((l) => DOCUMENT_ID.test(l)) && lines.some(isWordCount);
}

/** The articles of a Factiva export in text form, each with `path#N`, N its position in the file. */
export function readFactivaText(text: string, path: string, options: ReadOptions): ReadResult {
  const articles: RawArticle[] = [];
  const problems: Problem[] = [];
  let current: string[] = [];
  let n = 0;
  const read = (documentId: string | undefined): void => {
    n += 1;
    const article = factivaArticle(documentOf(current, `${path}#${n}`, documentId, options), options, problems);
    if (article) articles.push(article);
    current = [];
  };
  for (const line of linesOf(text)) {
    const id = DOCUMENT_ID.exec(line);
    if (id) read(id[1]);
    else current.push(line);
  }
  // An article cut short of its document id still has its header; a search summary has none.
  if (current.slice(0, 16).some(isWordCount)) read(undefined);
  return { articles, problems };
}
