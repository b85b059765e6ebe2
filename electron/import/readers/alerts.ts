import { parseHTML } from 'linkedom';
import { checkHtmlDepth } from '../html-text.js';
import { outletOf } from '../outlet.js';

/*
 * Alert e-mails (Google Alerts, Talkwalker Alerts) list news items found for a query: a headline
 * linked to the article through the service's redirect, the outlet's name, a snippet. The layout
 * changes with every redesign, so items are not found by class names but by what stays: a link
 * with a headline that leads, once unwrapped, off the service's own site, followed by text. An item
 * is its link and the text up to the next link (share buttons, "Flag as irrelevant", the next item).
 */

/** A service that sends alerts, known by its sender address. */
export interface AlertService {
  name: string;
  /** Its own registrable domains: links into them are settings, feedback and unsubscribe links, never items. */
  domains: readonly string[];
}

export interface AlertItem {
  title: string;
  /** The article's own URL, the redirect unwrapped. */
  url: string;
  /** The outlet's name as the alert prints it. */
  source?: string;
  snippet: string;
}

const SERVICES: readonly (AlertService & { sender: RegExp })[] = [
  { name: 'Google Alerts', sender: /^googlealerts-noreply@google\.com$/i, domains: ['google.com'] },
  { name: 'Talkwalker Alerts', sender: /@([a-z0-9-]+\.)*talkwalker\.com$/i, domains: ['talkwalker.com'] },
];

/** The alert service that sent a message from this address, if it is one. */
export function alertServiceOf(address: string | undefined): AlertService | undefined {
  return address ? SERVICES.find((s) => s.sender.test(address.trim())) : undefined;
}

/**
 * Query parameters in which redirectors and click trackers carry the address they lead to:
 * `google.com/url?…&url=REAL`, `…/url?q=REAL`, `…/redirect?u=REAL`.
 */
const TARGET_PARAMS = ['url', 'u', 'q', 'target', 'dest', 'destination', 'redirect', 'redirect_url', 'link'];
/** Redirects wrapped in redirects (a share link around Google's) are unwrapped this many times at most. */
const MAX_UNWRAP = 5;

/** The address a redirect link leads to, read from its query; the link itself when it carries none. Never fetched. */
export function unwrapRedirect(href: string): string {
  let current = href.trim();
  for (let i = 0; i < MAX_UNWRAP; i++) {
    const target = targetOf(current);
    if (!target) break;
    current = target;
  }
  return current;
}

function targetOf(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  for (const name of TARGET_PARAMS) {
    const value = url.searchParams.get(name)?.trim();
    if (value && /^https?:\/\//i.test(value) && URL.canParse(value)) return value;
  }
  return undefined;
}

/** The slice of linkedom's DOM this walk needs; its typings lean on the DOM lib this project doesn't load. */
interface DomNode {
  nodeType: number;
  localName?: string;
  nodeValue: string | null;
  textContent: string | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
  getAttribute?(name: string): string | null;
}

const ELEMENT = 1;
const TEXT = 3;
const SKIP = new Set(['script', 'style', 'head', 'title', 'template', 'noscript']);
const BLOCK = new Set(['br', 'div', 'p', 'table', 'tr', 'td', 'th', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'center', 'blockquote', 'hr']);
/** A headline has two words at least; "Facebook", "Unsubscribe" and an image's empty link have fewer. */
const MIN_TITLE_WORDS = 2;
/** The snippet is prose; the outlet's name and a date line above it are shorter. */
const MIN_SNIPPET_WORDS = 6;

const squash = (text: string): string => text.replace(/[\s\u200b\u00a0]+/g, ' ').trim();
const words = (text: string): number => text.split(' ').filter((w) => /\p{L}|\p{N}/u.test(w)).length;

interface Collecting {
  item: AlertItem;
  blocks: string[];
  current: string;
}

/** The news items of an alert's HTML body, in order; the same article linked twice is one item. */
export function alertItems(html: string, service: AlertService): AlertItem[] {
  checkHtmlDepth(html);
  const { document } = parseHTML(/<(html|body)[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><body>${html}</body></html>`);
  const body = (document as unknown as { body: DomNode | null }).body;
  const items: AlertItem[] = [];
  const seen = new Set<string>();
  let open: Collecting | undefined;
  const finish = (): void => {
    if (!open) return;
    endBlock(open);
    const [source, snippet] = sourceAndSnippet(open.blocks);
    if (source) open.item.source = source;
    open.item.snippet = snippet;
    items.push(open.item);
    open = undefined;
  };
  // A loop over sibling links with a stack, not recursion: an alert nested deep must not overflow the stack.
  const stack: { block: boolean; next: DomNode | null }[] = [];
  let node: DomNode | null = body?.firstChild ?? null;
  while (node || stack.length > 0) {
    if (!node) {
      const done = stack.pop()!;
      if (done.block && open) endBlock(open);
      node = done.next;
      continue;
    }
    if (node.nodeType === TEXT) {
      if (open) open.current += node.nodeValue ?? '';
      node = node.nextSibling;
      continue;
    }
    const tag = node.nodeType === ELEMENT ? (node.localName ?? '') : '';
    if (node.nodeType !== ELEMENT || SKIP.has(tag)) {
      node = node.nextSibling;
      continue;
    }
    if (tag === 'a') {
      // Every link ends the item before it; only a headline link starts one.
      finish();
      const item = itemLink(node, service);
      if (item && !seen.has(item.url)) {
        seen.add(item.url);
        open = { item, blocks: [], current: '' };
      }
      node = node.nextSibling;
      continue;
    }
    const block = BLOCK.has(tag);
    if (block && open) endBlock(open);
    stack.push({ block, next: node.nextSibling });
    node = node.firstChild;
  }
  finish();
  return items;
}

function itemLink(link: DomNode, service: AlertService): AlertItem | undefined {
  const href = link.getAttribute?.('href');
  const title = squash(link.textContent ?? '');
  if (!href || words(title) < MIN_TITLE_WORDS) return undefined;
  const url = unwrapRedirect(href);
  const outlet = outletOf(url)?.outlet;
  if (!outlet || service.domains.includes(outlet)) return undefined;
  return { title, url, snippet: '' };
}

function endBlock(open: Collecting): void {
  const text = squash(open.current);
  if (text) open.blocks.push(text);
  open.current = '';
}

/** The first prose block is the snippet; a short line before it names the outlet. Later text is the alert's own. */
function sourceAndSnippet(blocks: string[]): [string | undefined, string] {
  const at = blocks.findIndex((b) => words(b) >= MIN_SNIPPET_WORDS);
  const before = at < 0 ? blocks : blocks.slice(0, at);
  return [before[0], at < 0 ? '' : blocks[at]!];
}
