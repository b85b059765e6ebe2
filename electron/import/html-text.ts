import { parseHTML } from 'linkedom';

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
  childNodes: ArrayLike<DomNode>;
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
  // A bare fragment would make its first element the document root; wrap it so it lands in <body>.
  const { document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${markup}</body></html>`);
  const paragraphs: string[] = [];
  let current = '';
  const flush = (): void => {
    const text = current.replace(/[\s\u200b]+/g, ' ').trim();
    if (text) paragraphs.push(text);
    current = '';
  };
  const walk = (node: DomNode): void => {
    if (node.nodeType === TEXT) {
      current += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT) return;
    const tag = node.localName ?? '';
    if (SKIP.has(tag)) return;
    const block = BLOCK.has(tag);
    if (block) flush();
    if (SPACED.has(tag)) current += ' ';
    for (let i = 0; i < node.childNodes.length; i++) {
      const child = node.childNodes[i];
      if (child) walk(child);
    }
    if (block) flush();
  };
  walk((document as { body: DomNode }).body);
  flush();
  return paragraphs.join('\n\n');
}
