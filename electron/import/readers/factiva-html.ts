import { parseHTML } from 'linkedom';
import { checkHtmlDepth } from '../html-text.js';
import type { Problem, RawArticle, Reader, ReadOptions, ReadResult } from '../types.js';
import { DOCUMENT_ID, type FactivaDocument, factivaArticle } from './factiva-document.js';
import { readHtml } from './html.js';

/*
 * Factiva's HTML export ("Article" format): one `<div class="article enArticle">` per article
 * (`deArticle`, `frArticle`… in other interface languages) holding the headline
 * (`<div id="hd"><span class="enHeadline">`), one `<div>` per header line (author, word count,
 * date, time, outlet, source code, language, copyright), the text as
 * `<p class="articleParagraph enarticleParagraph">`, and `<div>Document KOMPAS00…</div>`.
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

/** An article's div: its class list has `article` (and `enArticle` or the like). */
function articleDivs(document: { querySelectorAll(selector: string): ArrayLike<Element> }): Element[] {
  return Array.from(document.querySelectorAll('div')).filter((div) => div.classList.contains('article'));
}

function documentOf(div: Element, origin: string): FactivaDocument {
  const doc: FactivaDocument = { origin, headline: '', header: [], paragraphs: [] };
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
  const docs = articleDivs(document).map((div, i) => documentOf(div, `${path}#${i + 1}`));
  // Many web pages have a div of class "article": an export's articles carry Factiva's document ids.
  if (!docs.some((doc) => doc.documentId !== undefined)) return null;
  const articles: RawArticle[] = [];
  const problems: Problem[] = [];
  for (const doc of docs) {
    const article = factivaArticle(doc, options, problems);
    if (article) articles.push(article);
  }
  return { articles, problems };
}

/** A page that only looked like an export (no article divs) is read as the web page it is. */
export const readFactiva: Reader = (file, options) => readFactivaHtml(file.text, file.path, options) ?? readHtml(file, options);
