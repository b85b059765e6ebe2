import { parseDate } from '../dates.js';
import type { Problem, RawArticle, ReadOptions, ReadResult } from '../types.js';
import { type NexisDocument, nexisArticle } from './nexis-document.js';
import { DOCUMENT_SEPARATOR, isCopyright, labelledLine, type NexisField } from './nexis-labels.js';

/*
 * LexisNexis Academic's plain-text download. Each document opens with `3 of 25 DOCUMENTS`, then,
 * as blocks separated by blank lines: the outlet, the date (`March 21, 2023 Tuesday`), perhaps an
 * edition, the title; labelled blocks (`BYLINE:`, `SECTION:`, `LENGTH:`); the text, its paragraphs
 * wrapped at a fixed width; and labelled blocks again (`LOAD-DATE:`, `LANGUAGE:`) with the copyright.
 * Labels are in capitals in these files, which keeps a body sentence such as "Update: …" text.
 */

/** A labelled block: its first line starts with a known label written in capitals. */
function labelOf(block: readonly string[]): { field: NexisField; value: string } | null {
  const found = labelledLine(block[0]!);
  if (!found || found.label !== found.label.toUpperCase()) return null;
  return { field: found.field, value: [found.value, ...block.slice(1)].join(' ').trim() };
}

/** Runs of non-blank lines, trimmed: a wrapped paragraph is one block. */
function blocksOf(lines: readonly string[]): string[][] {
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line !== '') current.push(line);
    else if (current.length > 0) {
      blocks.push(current);
      current = [];
    }
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

const joined = (block: readonly string[]): string => block.join(' ');

function documentOf(lines: readonly string[], origin: string, options: ReadOptions): NexisDocument {
  const blocks = blocksOf(lines);
  const fields: NexisDocument['fields'] = {};
  let start = blocks.findIndex((b) => labelOf(b) !== null);
  if (start < 0) start = blocks.length;
  const header = blocks.slice(0, start).filter((b) => !isCopyright(b[0]!)).map(joined);

  let end = start;
  for (; end < blocks.length; end++) {
    const label = labelOf(blocks[end]!);
    if (!label) break;
    fields[label.field] ??= label.value;
  }
  let tail = blocks.length;
  while (tail > end && (labelOf(blocks[tail - 1]!) !== null || isCopyright(blocks[tail - 1]![0]!))) {
    const label = labelOf(blocks[tail - 1]!);
    if (label) fields[label.field] ??= label.value;
    tail--;
  }

  // Outlet, date, perhaps an edition, title: the date is the first header block that reads as one.
  const date = header.findIndex((h) => parseDate(h, options.dateFormat) !== null);
  const doc: NexisDocument = { origin, title: '', fields, paragraphs: blocks.slice(end, tail).map(joined) };
  if (date >= 0) {
    doc.date = header[date]!;
    if (date > 0) doc.outlet = header[0]!;
    if (header.length > date + 1) doc.title = header[header.length - 1]!;
  } else if (header.length > 0) {
    doc.title = header[header.length - 1]!;
    if (header.length > 1) doc.outlet = header[0]!;
  }
  return doc;
}

/** Whether the text is a LexisNexis Academic download: it has a `N of M DOCUMENTS` line. */
export function isNexisAcademic(text: string): boolean {
  return text.split(/\r\n?|\n/).some((line) => DOCUMENT_SEPARATOR.test(line));
}

/**
 * The articles of a LexisNexis Academic download, each with `path#N`, N the number of its
 * `N of M DOCUMENTS` line. Text before the first such line (a search summary) is no article.
 */
export function readNexisAcademic(text: string, path: string, options: ReadOptions): ReadResult {
  const lines = text.split(/\r\n?|\n/);
  const articles: RawArticle[] = [];
  const problems: Problem[] = [];
  let number: string | null = null;
  let from = 0;
  const flush = (to: number): void => {
    if (number === null) return;
    const article = nexisArticle(documentOf(lines.slice(from, to), `${path}#${number}`, options), options, problems);
    if (article) articles.push(article);
  };
  lines.forEach((line, i) => {
    const m = DOCUMENT_SEPARATOR.exec(line);
    if (!m) return;
    flush(i);
    number = m[1]!;
    from = i + 1;
  });
  flush(lines.length);
  return { articles, problems };
}
