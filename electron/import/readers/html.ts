import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { parseDate } from '../dates.js';
import { checkHtmlDepth, htmlToParagraphs } from '../html-text.js';
import { assignOutlet, outletOf } from '../outlet.js';
import { ReadError, type RawArticle, type ReadOptions, type Reader } from '../types.js';

/*
 * A saved news page is mostly chrome: menus, ads, "Baca juga" boxes, footers. Readability finds
 * the article body; the metadata comes from what outlets publish for social cards and search
 * engines (Open Graph, JSON-LD NewsArticle, plain <meta>), which is more reliable than the body.
 */

/** The slice of linkedom's DOM used here; its typings lean on the DOM lib this project doesn't load. */
interface Element {
  localName: string;
  textContent: string | null;
  innerHTML: string;
  getAttribute(name: string): string | null;
  closest(selector: string): Element | null;
  remove(): void;
}
interface Doc {
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
}

type Json = Record<string, unknown>;

/** The article node of the page's JSON-LD, with the @id index needed to follow references inside @graph. */
interface LdArticle {
  node: Json;
  byId: Map<string, Json>;
}

const HTML_MARKUP = /<(!doctype\s+html|html|head|body|title|meta|article|main|div|p|h[1-6])[\s>/]/i;
const ARTICLE_TYPES = new Set(['NewsArticle', 'Article', 'ReportageNewsArticle', 'BlogPosting']);
const PUBLISHED_META = ['article:published_time', 'og:article:published_time'];
const DATE_META = ['date', 'pubdate', 'publishdate', 'datepublished', 'dc.date', 'dc.date.issued', 'content_publisheddate'];

/**
 * Page chrome, never the article however much text it holds. Forms are not on the list: ASP.NET
 * sites wrap the whole page in one.
 */
const CHROME = 'script, style, noscript, template, nav, aside, [role="navigation"], [role="complementary"], [role="search"]';
/** The page's banner and footer; inside <article> they are the article's own (headline, byline) and stay. */
const PAGE_FRAME = 'header, footer, [role="banner"], [role="contentinfo"]';
/**
 * Words outside links that one paragraph needs to count as article text: a one-sentence news
 * brief has them, a menu, a link list or a "Loading…" does not.
 */
const PROSE_WORDS = 6;

/** A copyright line is as long as a short sentence of news but never one. */
const COPYRIGHT = /^(©|\(c\)|copyright\b|hak cipta\b)|all rights reserved|hak cipta dilindungi/i;
/** A word is two letters or more; in scripts written without spaces (Chinese, Thai) each character counts. */
const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]|\p{L}{2,}/gu;

export const readHtml: Reader = (file, options) => {
  if (!file.text.trimStart().startsWith('<') || !HTML_MARKUP.test(file.text)) {
    throw new ReadError('not an HTML document (no HTML markup found)');
  }
  // linkedom makes a bare fragment's first element the document root, leaving no <body> to read.
  const html = /<(html|body)[\s>]/i.test(file.text) ? file.text : `<!DOCTYPE html><html><head></head><body>${file.text}</body></html>`;
  checkHtmlDepth(html);
  const doc = parseHTML(html).document as Doc;
  const meta = metaTags(doc);
  const ld = jsonLdArticle(doc);

  const url = pageUrl([doc.querySelector('link[rel="canonical"]')?.getAttribute('href'), meta.get('og:url'), ldUrl(ld)]);
  const siteName = first([meta.get('og:site_name'), ldPublisher(ld), meta.get('application-name')]);
  // The stated name is still how the page's own titles spell the outlet (" - Kompas.com").
  const siteKeys = siteNameKeys([siteName, outletOf(url)?.outlet]);
  const title = stripSiteSuffix(
    first([meta.get('og:title'), ldString(ld?.node['headline']), pageHeading(doc, siteKeys), textOf(doc.querySelector('title'))]) ?? '',
    siteKeys,
  );
  const publishedAt = publishedDate(doc, meta, ld, options);
  const author = first([meta.get('author'), notUrl(meta.get('article:author')), ldAuthor(ld)]);

  const content = mainContent(html);
  const body = withoutLeadingTitle(htmlToParagraphs(content), title);
  if (!body || !hasProse(content, title)) throw new ReadError('no article text found');

  const article: RawArticle = { title, body, origin: file.path };
  if (url) article.url = url;
  assignOutlet(article, siteName);
  if (publishedAt) article.publishedAt = publishedAt;
  if (author) article.author = author;
  return { articles: [article], problems: [] };
};

/**
 * HTML of the page's main content: what Readability picks once the chrome is gone, or, when it
 * finds nothing (or gives up on an odd tree), the <article>, <main> or <body> that is left.
 */
function mainContent(html: string): string {
  const { document } = parseHTML(html);
  const page = document as Doc;
  for (const el of Array.from(page.querySelectorAll(CHROME))) el.remove();
  for (const el of Array.from(page.querySelectorAll(PAGE_FRAME))) if (!el.closest('article')) el.remove();
  // Taken before Readability runs, because it rewrites the tree it reads.
  const fallback = (page.querySelector('article') ?? page.querySelector('main') ?? page.querySelector('body'))?.innerHTML ?? '';
  try {
    const content = new Readability(document).parse()?.content;
    if (content && htmlToParagraphs(content)) return content;
  } catch {
    // Readability gives up on some odd trees; the structural fallback still gets the text.
  }
  return fallback;
}

/** Whether the content holds a paragraph of prose outside links and apart from the title. */
function hasProse(content: string, title: string): boolean {
  const doc = parseHTML(`<!DOCTYPE html><html><body>${content}</body></html>`).document as Doc;
  for (const link of Array.from(doc.querySelectorAll('a'))) link.remove();
  const text = withoutLeadingTitle(htmlToParagraphs(doc.querySelector('body')?.innerHTML ?? ''), title);
  return text.split('\n\n').some((p) => !COPYRIGHT.test(p) && (p.match(WORD)?.length ?? 0) >= PROSE_WORDS);
}

/** Readability usually drops the <h1> that repeats the title; the fallback keeps it. */
function withoutLeadingTitle(body: string, title: string): string {
  const [head, ...rest] = body.split('\n\n');
  return title && head && squash(head) === squash(title) ? rest.join('\n\n') : body;
}

/** Lower-cased name/property/itemprop → content of the first <meta> that has it. */
function metaTags(doc: Doc): Map<string, string> {
  const found = new Map<string, string>();
  for (const el of Array.from(doc.querySelectorAll('meta'))) {
    const content = el.getAttribute('content')?.trim();
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const key = el.getAttribute(attr)?.trim().toLowerCase();
      if (key && !found.has(key)) found.set(key, content);
    }
  }
  return found;
}

function publishedDate(doc: Doc, meta: Map<string, string>, ld: LdArticle | undefined, options: ReadOptions): string | undefined {
  const time = doc.querySelector('article time[datetime]') ?? doc.querySelector('time[datetime]');
  const candidates = [
    ...PUBLISHED_META.map((k) => meta.get(k)),
    ldString(ld?.node['datePublished']),
    ...DATE_META.map((k) => meta.get(k)),
    time?.getAttribute('datetime') ?? undefined,
  ];
  for (const value of candidates) {
    const date = value ? parseDate(value, options.dateFormat) : null;
    if (date) return date;
  }
  return undefined;
}

function jsonLdArticle(doc: Doc): LdArticle | undefined {
  const nodes: Json[] = [];
  for (const script of Array.from(doc.querySelectorAll('script'))) {
    if (!script.getAttribute('type')?.toLowerCase().includes('ld+json')) continue;
    try {
      collectNodes(JSON.parse(script.textContent ?? ''), nodes);
    } catch {
      // Hand-edited templates often emit broken JSON-LD; the page itself is still readable.
    }
  }
  const byId = new Map<string, Json>();
  for (const node of nodes) if (typeof node['@id'] === 'string') byId.set(node['@id'], node);
  const node = nodes.find((n) => typesOf(n).some((t) => ARTICLE_TYPES.has(t)));
  return node && { node, byId };
}

function collectNodes(data: unknown, out: Json[]): void {
  if (Array.isArray(data)) {
    for (const item of data) collectNodes(item, out);
  } else if (isObject(data)) {
    out.push(data);
    if (data['@graph'] !== undefined) collectNodes(data['@graph'], out);
  }
}

/** `NewsArticle`, `["NewsArticle"]`, `schema:NewsArticle` and `https://schema.org/NewsArticle` all name the same type. */
function typesOf(node: Json): string[] {
  const type = node['@type'];
  const list = Array.isArray(type) ? type : [type];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:]/, ''));
}

/** Follows `{"@id": "#publisher"}` style references into the @graph. */
function deref(value: unknown, ld: LdArticle): unknown {
  if (isObject(value) && typeof value['@id'] === 'string' && value['name'] === undefined) return ld.byId.get(value['@id']) ?? value;
  return value;
}

function ldString(value: unknown): string | undefined {
  return typeof value === 'string' ? inline(value) || undefined : undefined;
}

function ldName(value: unknown, ld: LdArticle): string | undefined {
  const v = deref(value, ld);
  return typeof v === 'string' ? ldString(v) : isObject(v) ? ldString(v['name']) : undefined;
}

function ldAuthor(ld: LdArticle | undefined): string | undefined {
  const author = ld?.node['author'];
  if (!ld || author === undefined) return undefined;
  const names = (Array.isArray(author) ? author : [author]).map((a) => ldName(a, ld)).filter((n): n is string => !!n);
  return names.length ? names.join(', ') : undefined;
}

function ldPublisher(ld: LdArticle | undefined): string | undefined {
  return ld && ldName(ld.node['publisher'], ld);
}

function ldUrl(ld: LdArticle | undefined): string | undefined {
  if (!ld) return undefined;
  const page = ld.node['mainEntityOfPage'];
  return ldString(ld.node['url']) ?? (typeof page === 'string' ? page : isObject(page) ? ldString(page['@id']) : undefined);
}

/** The first candidate that is a URL; a relative canonical link is resolved against an absolute candidate. */
function pageUrl(candidates: (string | null | undefined)[]): string | undefined {
  const present = candidates.map((c) => c?.trim()).filter((c): c is string => !!c);
  const base = present.find((c) => /^https?:\/\//i.test(c));
  for (const c of present) {
    try {
      const url = new URL(c, base);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // not a URL and nothing to resolve it against: try the next candidate
    }
  }
  return undefined;
}

/** Ways a title can spell the outlet: "KOMPAS.com", "Kompas", "kompas.com" all squash to a key here. */
function siteNameKeys(names: (string | undefined)[]): string[] {
  return names.filter((n): n is string => !!n).flatMap((n) => [squash(n), squash(n.split('.')[0] ?? '')]);
}

/** The first <h1> that is not the logo: many templates wrap the site name in an <h1>. */
function pageHeading(doc: Doc, siteKeys: string[]): string | undefined {
  return Array.from(doc.querySelectorAll('h1')).map(textOf).find((t) => t && !siteKeys.includes(squash(t)));
}

/** "Harga beras naik - Kompas.com" → "Harga beras naik" when the suffix is the outlet itself. */
function stripSiteSuffix(title: string, siteKeys: string[]): string {
  const m = /^(.+?)\s+[-|–—:·•»]\s+([^-|–—:·•»]+)$/.exec(title);
  return m?.[1] && m[2] && siteKeys.includes(squash(m[2])) ? m[1] : title;
}

function textOf(el: Element | null): string | undefined {
  return el?.textContent?.replace(/\s+/g, ' ').trim() || undefined;
}

/** JSON-LD strings are sometimes entity-encoded by the CMS that wrote them. */
function inline(value: string): string {
  return htmlToParagraphs(value).replace(/\n\n/g, ' ');
}

/** article:author is often a link to a profile page, which is not a name. */
function notUrl(value: string | undefined): string | undefined {
  return value && !/^https?:\/\//i.test(value) ? value : undefined;
}

function first(values: (string | null | undefined)[]): string | undefined {
  for (const v of values) {
    const s = v?.replace(/\s+/g, ' ').trim();
    if (s) return s;
  }
  return undefined;
}

function squash(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
