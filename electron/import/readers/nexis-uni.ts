import type { Problem, RawArticle, ReadOptions, ReadResult } from '../types.js';
import { dateIndex, type NexisDocument, nexisArticle } from './nexis-document.js';
import { isBodyHeading, isClassificationHeading, isCopyright, isEndOfDocument, labelledLine } from './nexis-labels.js';

/*
 * Nexis Uni's downloads (DOCX, RTF), as paragraphs. A cover page (the search, the list of
 * documents) comes first; then each document: title, outlet, date, the copyright, labelled lines
 * (`Section:`, `Length:`, `Byline:`), the heading `Body` and the text, then labelled lines again
 * (`Load-Date:`, a `Classification` block) and `End of Document`. Paragraphs are whole here: Word
 * and RTF keep them, so nothing is re-wrapped.
 */

function documentOf(paragraphs: readonly string[], origin: string, options: ReadOptions): NexisDocument {
  const fields: NexisDocument['fields'] = {};
  const body = paragraphs.findIndex(isBodyHeading);
  const headerEnd = body < 0 ? paragraphs.length : body;
  // Labelled lines and the copyright are set apart; what is left ends with title, outlet, date.
  // Everything before those (the cover page, ahead of the first document) is no part of it.
  const plain: string[] = [];
  for (const p of paragraphs.slice(0, headerEnd)) {
    const label = labelledLine(p);
    if (label) fields[label.field] ??= label.value;
    else if (!isCopyright(p)) plain.push(p);
  }
  let text = body < 0 ? [] : paragraphs.slice(body + 1);
  let tail = text.length;
  while (tail > 0) {
    const p = text[tail - 1]!;
    const label = labelledLine(p);
    if (label) fields[label.field] ??= label.value;
    else if (!isClassificationHeading(p) && !isCopyright(p)) break;
    tail--;
  }
  text = text.slice(0, tail);

  const doc: NexisDocument = { origin, title: '', fields, paragraphs: text };
  const date = dateIndex(plain, options);
  if (date >= 0) {
    doc.date = plain[date]!;
    if (date >= 1) doc.outlet = plain[date - 1]!;
    if (date >= 2) doc.title = plain[date - 2]!;
  } else if (plain.length > 0) {
    doc.title = plain[plain.length > 1 ? plain.length - 2 : 0]!;
    if (plain.length > 1) doc.outlet = plain[plain.length - 1]!;
  }
  return doc;
}

/** Whether these paragraphs are a Nexis Uni download: one of them is an `End of Document` line. */
export function isNexisUni(paragraphs: readonly string[]): boolean {
  return paragraphs.some(isEndOfDocument);
}

/**
 * The articles of a Nexis Uni download, given its paragraphs (trimmed, none empty), each with
 * `path#N`, N its position in the file. A last document cut short of its `End of Document` is
 * read if its text has begun.
 */
export function readNexisUni(paragraphs: readonly string[], path: string, options: ReadOptions): ReadResult {
  const articles: RawArticle[] = [];
  const problems: Problem[] = [];
  let from = 0;
  let n = 0;
  const read = (to: number): void => {
    n += 1;
    const article = nexisArticle(documentOf(paragraphs.slice(from, to), `${path}#${n}`, options), options, problems);
    if (article) articles.push(article);
  };
  paragraphs.forEach((p, i) => {
    if (!isEndOfDocument(p)) return;
    read(i);
    from = i + 1;
  });
  if (paragraphs.slice(from).some(isBodyHeading)) read(paragraphs.length);
  return { articles, problems };
}
