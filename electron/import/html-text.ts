import { parseHTML } from 'linkedom';
import { ReadError } from './types.js';

/*
 * Article bodies arrive as HTML: Readability's output for pages, content:encoded or Atom content
 * in feeds. Downstream code works on plain paragraphs, so block structure becomes blank lines and
 * everything inline (links, bold, spans) melts into the surrounding text.
 */

/** The slice of a DOM node this walk needs; linkedom's own typings lean on the DOM lib we don't load. */
interface DomNode {
  nodeType: number;
  localName?: string;
  nodeValue: string | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
}

const ELEMENT = 1;
const TEXT = 3;

/** Elements that start and end a paragraph. `br` counts: many outlets separate paragraphs with `<br><br>`. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li',
  'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tr', 'ul',
]);

/** Elements whose text is never article text. */
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'button', 'select', 'textarea', 'head']);

/** Table cells sit on one line but must not run into each other. */
const SPACED = new Set(['td', 'th']);

/** True when the string has something that looks like a tag; plain text keeps its blank-line paragraphs. */
const HAS_TAG = /<\/?[a-z][^>]*>|<!--/i;

/** An HTML fragment as text: one paragraph per block element, separated by "\n\n", entities decoded. */
export function htmlToParagraphs(html: string): string {
  const markup = HAS_TAG.test(html)
    ? html
    : html.split(/\n\s*\n/).map((p) => `<p>${p}</p>`).join('');
  checkHtmlDepth(markup);
  // A bare fragment would make its first element the document root; wrap it so it lands in <body>.
  const { document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${markup}</body></html>`);
  const paragraphs: string[] = [];
  let current = '';
  const flush = (): void => {
    const text = current.replace(/[\s\u200b]+/g, ' ').trim();
    if (text) paragraphs.push(text);
    current = '';
  };
  // A loop over sibling links with a stack of open elements, not recursion over childNodes:
  // linkedom builds childNodes afresh on every read (quadratic in a long article's paragraphs), and
  // a page nested thousands of levels deep would overflow the call stack.
  const open: { block: boolean; next: DomNode | null }[] = [{ block: false, next: null }];
  let node: DomNode | null = (document as { body: DomNode }).body.firstChild;
  while (node || open.length > 0) {
    if (!node) {
      const done = open.pop()!;
      if (done.block) flush();
      node = done.next;
      continue;
    }
    if (node.nodeType === TEXT) current += node.nodeValue ?? '';
    const tag = node.nodeType === ELEMENT ? (node.localName ?? '') : '';
    if (node.nodeType !== ELEMENT || SKIP.has(tag)) {
      node = node.nextSibling;
      continue;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    if (SPACED.has(tag)) current += ' ';
    open.push({ block, next: node.nextSibling });
    node = node.firstChild;
  }
  flush();
  return paragraphs.join('\n\n');
}

/**
 * Deepest element nesting read. Past it the readers' time grows much faster than the text:
 * linkedom's parser (htmlparser2) shifts its stack of open tags for every tag, so 40,000 nested
 * <div>s take 3 s to parse and 100,000 about 20 s, and Readability's time grows with about the cube
 * of the depth (512 nested <div>s take 2 s, 1,000 take 10 s). 512 is where Chromium's parser stops
 * nesting; no news page comes near it.
 */
export const MAX_HTML_DEPTH = 512;

/** Elements whose end tag may be left out: a sibling or the parent closes them, so they never stack up. */
const SELF_CLOSING = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'rb', 'rt', 'rp', 'colgroup', 'caption',
  'html', 'head', 'body',
]);
/** Elements whose content is text, not tags. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][^\s/>]*)[^>]*?(\/?)>/g;

/**
 * Throws ReadError when the markup nests elements deeper than MAX_HTML_DEPTH, read from the text
 * before any parser sees it. Open elements are a stack, as in the parser: an end tag closes its
 * element and whatever was left open inside it; an end tag with nothing to close is ignored.
 */
export function checkHtmlDepth(html: string): void {
  const stack: string[] = [];
  const open = new Map<string, number>();
  const lower = html.toLowerCase();
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const name = m[2]?.toLowerCase();
    if (!name || SELF_CLOSING.has(name) || m[3]) continue;
    if (m[1]) {
      if (!open.get(name)) continue;
      for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
        open.set(top, open.get(top)! - 1);
        if (top === name) break;
      }
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const end = lower.indexOf(`</${name}`, TAG.lastIndex);
      TAG.lastIndex = end < 0 ? html.length : end;
      continue;
    }
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
    if (stack.length > MAX_HTML_DEPTH) throw new ReadError(`HTML nested more than ${MAX_HTML_DEPTH} levels deep`);
  }
}
