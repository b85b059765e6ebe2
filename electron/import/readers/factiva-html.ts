import { parseHTML } from 'linkedom';
import { checkHtmlDepth } from '../html-text.js';
import type { Problem, RawArticle, Reader, ReadOptions, ReadResult } from '../types.js';
import { DOCUMENT_ID, type FactivaDocument, factivaArticle } from './factiva-document.js';
import { type IndexedRow, indexedArticle, isFieldCode, isIndexedLayout } from './factiva-indexed.js';
import { readHtml } from './html.js';

/*
 * Factiva's HTML export ("Article" format): one `<div class="article enArticle">` per article
 * (`deArticle`, `frArticle`… in other interface languages) holding the headline
 * (`<div id="hd"><span class="enHeadline">`), one `<div>` per header line (author, word count,
 * date, time, outlet, source code, language, copyright), the text as
 * `<p class="articleParagraph enarticleParagraph">`, and `<div>Document KOMPAS00…</div>`.
 * The "Full Article/Report plus Indexing" layout is a `<table>` per article instead, a row per
 * field: `<td><b>HD</b></td><td>…</td>` (factiva-indexed.ts).
 */

/** The slice of linkedom's elements this reader needs (the DOM typings are not loaded). */
interface Element {
  localName: string;
  id: string;
  className: string;
  textContent: string | null;
  classList: { contains(name: string): boolean };
  children: ArrayLike<Element>;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
}

const textOf = (el: Element): string => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

const HEADLINE = /\b[a-z]{2}Headline\b/;
const isHeadline = (el: Element): boolean => el.id === 'hd' || HEADLINE.test(el.className) || el.querySelector('[class*="Headline"]') !== null;

const isArticleDiv = (el: Element): boolean => el.localName === 'div' && el.classList.contains('article');

/** A table's own rows, not those of the tables inside it. */
function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of Array.from(table.children)) {
    if (child.localName === 'tr') rows.push(child);
    else if (child.localName === 'tbody' || child.localName === 'thead' || child.localName === 'tfoot') {
      rows.push(...Array.from(child.children).filter((row) => row.localName === 'tr'));
    }
  }
  return rows;
}

/** The field rows of a table in the indexing layout; null for any other table. */
function indexedRowsOf(table: Element): IndexedRow[] | null {
  const rows: IndexedRow[] = [];
  for (const tr of rowsOf(table)) {
    const [label, value] = Array.from(tr.children).filter((cell) => cell.localName === 'td' || cell.localName === 'th');
    const code = label && textOf(label).replace(/:$/, '');
    if (!value || !code || !isFieldCode(code)) continue;
    const paragraphs = Array.from(value.querySelectorAll('p')).map(textOf);
    rows.push({ code, paragraphs: (paragraphs.length > 0 ? paragraphs : [textOf(value)]).filter((p) => p !== '') });
  }
  return isIndexedLayout(rows) ? rows : null;
}

type Item = { doc: Omit<FactivaDocument, 'origin'> } | { rows: IndexedRow[] };

/** The export's articles in the order they stand: article divs, and tables in the indexing layout. */
function itemsOf(document: { querySelectorAll(selector: string): ArrayLike<Element> }): Item[] {
  const items: Item[] = [];
  const indexed = new Map<Element, IndexedRow[]>();
  for (const table of Array.from(document.querySelectorAll('table'))) {
    const rows = indexedRowsOf(table);
    if (rows) indexed.set(table, rows);
  }
  for (const el of Array.from(document.querySelectorAll('div, table'))) {
    const rows = indexed.get(el);
    if (rows) items.push({ rows });
    // An article div around an indexing table is that table's article, not one of its own.
    else if (isArticleDiv(el) && !Array.from(el.querySelectorAll('table')).some((t) => indexed.has(t))) items.push({ doc: documentOf(el) });
  }
  return items;
}

function documentOf(div: Element): Omit<FactivaDocument, 'origin'> {
  const doc: Omit<FactivaDocument, 'origin'> = { headline: '', header: [], paragraphs: [] };
  for (const child of Array.from(div.children)) {
    if (doc.headline === '' && isHeadline(child)) {
      doc.headline = textOf(child);
      continue;
    }
    const paragraphs = child.localName === 'p' ? [child] : Array.from(child.querySelectorAll('p'));
    if (paragraphs.length > 0) {
      doc.paragraphs.push(...paragraphs.map(textOf).filter((p) => p !== ''));
      continue;
    }
    const text = textOf(child);
    const id = DOCUMENT_ID.exec(text);
    if (id) doc.documentId = id[1]!;
    // Header lines stand above the text; a line below it (a note, a correction) is left out.
    else if (text !== '' && doc.paragraphs.length === 0) doc.header.push(text);
  }
  return doc;
}

/** The articles of a Factiva HTML export, each with `path#N`, N its position in the file. */
export function readFactivaHtml(html: string, path: string, options: ReadOptions): ReadResult | null {
  checkHtmlDepth(html);
  const { document } = parseHTML(html) as unknown as { document: { querySelectorAll(selector: string): ArrayLike<Element> } };
  const items = itemsOf(document);
  // Many web pages have a div of class "article": an export's articles carry Factiva's document
  // ids, or stand in the indexing layout's tables.
  if (!items.some((item) => 'rows' in item || item.doc.documentId !== undefined)) return null;
  const articles: RawArticle[] = [];
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    const origin = `${path}#${i + 1}`;
    const article = 'rows' in item ? indexedArticle(item.rows, origin, options, problems) : factivaArticle({ ...item.doc, origin }, options, problems);
    if (article) articles.push(article);
  });
  return { articles, problems };
}

/** A page that only looked like an export (no article divs) is read as the web page it is. */
export const readFactiva: Reader = (file, options) => readFactivaHtml(file.text, file.path, options) ?? readHtml(file, options);
