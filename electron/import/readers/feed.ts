import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { parseDate } from '../dates.js';
import { htmlToParagraphs } from '../html-text.js';
import { ReadError, type Problem, type RawArticle, type ReadOptions, type Reader, type TextFile } from '../types.js';
import { assignOutlet } from '../outlet.js';

/*
 * RSS 2.0, RSS 1.0 (RDF) and Atom carry the same few fields under different names, and feeds in
 * the wild mix them freely (dc:creator in RSS 2.0, atom:link in RSS channels). Each entry is read
 * by trying the names in order of how complete the data behind them usually is.
 */

type Json = Record<string, unknown>;

/** Deepest element nesting read, fast-xml-parser's own default, named so the error can say it. */
export const MAX_XML_DEPTH = 100;

const OPTIONS: X2jOptions = {
  maxNestedTags: MAX_XML_DEPTH,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Titles like "2024" must stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  // Atom content of type="xhtml" is markup, not text: keep it raw instead of turning it into objects.
  stopNodes: ['*.content', '*.atom:content'],
};
const parser = new XMLParser(OPTIONS);

interface Feed {
  kind: 'rss' | 'atom';
  /** Prefix of Atom element names (`atom:`) when the feed uses one, else ''. */
  prefix: string;
  title: unknown;
  items: unknown[];
}

/** An item of a feed: its article, and the identifier the feed gives it (RSS `guid`, Atom `id`), if any. */
export interface FeedItem {
  article: RawArticle;
  /**
   * What the feed promises to keep for the item while its link and text may change. Unique only
   * within the feed: many sites number their items.
   */
  id?: string;
}

/** A feed file's articles. */
export const readFeed: Reader = (file, options) => {
  const { items, problems } = readFeedItems(file, options);
  return { articles: items.map((i) => i.article), problems };
};

/** A feed's articles with their items' identifiers, which polling needs to know an item again. */
export function readFeedItems(file: TextFile, options: ReadOptions): { items: FeedItem[]; problems: Problem[] } {
  // A BOM or blank lines before <?xml are harmless to every feed reader but fatal to the validator.
  const lead = /^\uFEFF?\s*/.exec(file.text)?.[0] ?? '';
  const xml = file.text.slice(lead.length);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const line = valid.err.line + (lead.match(/\n/g)?.length ?? 0);
    throw new ReadError(`malformed XML at line ${line}: ${valid.err.msg}`);
  }
  const feed = findFeed(parseXml(xml));
  if (!feed) throw new ReadError('not an RSS or Atom feed');

  // Feeds of aggregators and planets mix outlets, so each item's own link decides when it has one.
  const feedTitle = (feed.kind === 'atom' ? atomText(feed.title) : inline(text(feed.title))) || undefined;
  const items: FeedItem[] = [];
  const problems: Problem[] = [];
  feed.items.forEach((item, index) => {
    const origin = `${file.path}#${index + 1}`;
    if (!isObject(item)) {
      problems.push({ path: origin, reason: 'item has no title or text' });
      return;
    }
    let fields: Fields;
    try {
      fields = feed.kind === 'atom' ? atomEntry(item, feed.prefix, options) : rssItem(item, options);
    } catch (err) {
      // A body too deeply nested to read costs its item, not the feed.
      if (!(err instanceof ReadError)) throw err;
      problems.push({ path: origin, reason: err.message });
      return;
    }
    if (!fields.title && !fields.body) {
      problems.push({ path: origin, reason: 'item has no title or text' });
      return;
    }
    const article: RawArticle = { title: fields.title, body: fields.body, origin };
    if (fields.url) article.url = fields.url;
    assignOutlet(article, feedTitle);
    if (fields.publishedAt) article.publishedAt = fields.publishedAt;
    if (fields.author) article.author = fields.author;
    items.push(fields.id ? { article, id: fields.id } : { article });
  });
  return { items, problems };
}

function parseXml(xml: string): unknown {
  try {
    return parser.parse(xml) as unknown;
  } catch (err) {
    if (err instanceof Error && err.message === 'Maximum nested tags exceeded') throw new ReadError(`XML nested more than ${MAX_XML_DEPTH} levels deep`);
    throw err;
  }
}

type Fields = Pick<RawArticle, 'title' | 'body' | 'url' | 'publishedAt' | 'author'> & Pick<FeedItem, 'id'>;

function findFeed(doc: unknown): Feed | undefined {
  if (!isObject(doc)) return undefined;
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#') && !k.startsWith('@_'));
  const root = rootName ? doc[rootName] : undefined;
  if (!rootName || !isObject(root)) return undefined;
  const local = rootName.replace(/^.*:/, '');
  if (local === 'rss' && isObject(root['channel'])) {
    return { kind: 'rss', prefix: '', title: root['channel']['title'], items: list(root['channel']['item']) };
  }
  if (local === 'RDF') {
    // RSS 1.0 puts items next to the channel, not inside it.
    const channel = isObject(root['channel']) ? root['channel'] : {};
    return { kind: 'rss', prefix: '', title: channel['title'], items: list(root['item'] ?? channel['item']) };
  }
  if (local === 'feed') {
    const prefix = rootName.slice(0, rootName.length - local.length);
    return { kind: 'atom', prefix, title: root[`${prefix}title`], items: list(root[`${prefix}entry`]) };
  }
  return undefined;
}

function rssItem(item: Json, options: ReadOptions): Fields {
  const link = list(item['link']).map((l) => text(l).trim()).find(isHttp);
  const guid = item['guid'];
  // A guid is a permalink unless it says isPermaLink="false"; it stands in for a missing <link>.
  const permalink = attr(guid, 'isPermaLink') !== 'false' && isHttp(text(guid)) ? text(guid).trim() : undefined;
  return {
    id: text(guid).trim() || undefined,
    title: inline(text(item['title'])),
    body: htmlToParagraphs(text(byLocalName(item, 'encoded')) || text(item['description'])),
    url: link ?? permalink ?? (attr(item, 'rdf:about') || undefined),
    publishedAt: dateOf([item['pubDate'], byLocalName(item, 'date')], options),
    author: rssAuthor(text(item['author'])) || text(byLocalName(item, 'creator')).trim() || undefined,
  };
}

function atomEntry(entry: Json, p: string, options: ReadOptions): Fields {
  const content = entry[`${p}content`];
  const links = list(entry[`${p}link`]).filter(isObject);
  const alternate = links.find((l) => (attr(l, 'rel') || 'alternate') === 'alternate' && attr(l, 'href'));
  const authors = list(entry[`${p}author`]).map((a) => (isObject(a) ? text(a[`${p}name`]) : text(a)).trim()).filter(Boolean);
  return {
    id: text(entry[`${p}id`]).trim() || undefined,
    title: atomText(entry[`${p}title`]),
    body: atomBody(content === undefined ? undefined : decodeXml(content)) || atomBody(entry[`${p}summary`]),
    url: attr(alternate ?? links[0], 'href') || undefined,
    publishedAt: dateOf([entry[`${p}published`], entry[`${p}updated`], byLocalName(entry, 'date')], options),
    author: authors.join(', ') || undefined,
  };
}

/** Atom text constructs: type="text" (the default) is literal, so a "<" in it must not start a tag. */
function atomText(node: unknown): string {
  const type = attr(node, 'type');
  const value = text(node);
  return type === 'html' || type === 'xhtml' ? inline(value) : value.replace(/\s+/g, ' ').trim();
}

/** Bodies are HTML far more often than their `type` admits, so only an explicit type="text" is taken literally. */
function atomBody(node: unknown): string {
  const value = text(node);
  return htmlToParagraphs(attr(node, 'type') === 'text' ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;') : value);
}

/** Content is a stop node, so it arrives raw: unescape it as XML unless it is inline markup. */
function decodeXml(node: unknown): unknown {
  // type="xhtml", or HTML pasted unescaped, is already what the HTML pass wants.
  if (/<[a-z]/i.test(text(node).replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''))) return node;
  const parsed = parseXml(`<x>${text(node)}</x>`);
  const value = isObject(parsed) ? text(parsed['x']) : '';
  return isObject(node) ? { ...node, '#text': value } : value;
}

/** RSS 2.0 author is an e-mail address, often with the name in parentheses: "redaksi@x.id (Rina Wulandari)". */
function rssAuthor(value: string): string {
  const named = /\(([^)]+)\)\s*$/.exec(value);
  return (named?.[1] ?? value).trim();
}

function dateOf(values: unknown[], options: ReadOptions): string | undefined {
  for (const v of values) {
    const date = parseDate(text(v), options.dateFormat);
    if (date) return date;
  }
  return undefined;
}

/** Namespaced fields (content:encoded, dc:creator, dc:date) by local name, whatever prefix the feed bound. */
function byLocalName(node: Json, local: string): unknown {
  const key = Object.keys(node).find((k) => k.endsWith(`:${local}`));
  return key === undefined ? undefined : node[key];
}

/** Titles may carry entities and stray inline tags; they are one line of text. */
function inline(value: string): string {
  return htmlToParagraphs(value).replace(/\n\n/g, ' ');
}

/** Element text whether the parser gave a string, an object with attributes, or a repeated element. */
function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return text(node[0]);
  if (isObject(node)) return text(node['#text']);
  return '';
}

function attr(node: unknown, name: string): string {
  const value = isObject(node) ? node[`@_${name}`] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function isHttp(value: string): boolean {
  return /^https?:\/\//i.test(value.trim());
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
