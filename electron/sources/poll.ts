import { createHash } from 'node:crypto';
import type { FeedRow, FeedStore } from '../../db/feeds.js';
import { decodeText } from '../import/decode.js';
import type { FeedItem } from '../import/readers/feed.js';
import { ReadError, type RawArticle } from '../import/types.js';
import { fetchBounded, FetchError, type FetchLimits } from './fetch.js';
import { nextPollAt } from './schedule.js';

/*
 * One poll of a feed: fetch it (conditionally), read it with the feed reader files go through,
 * keep the items this feed has not given before, optionally fetch their pages, hand them to the
 * import, and record how it went. The items are recorded as taken only after their import, so a
 * crash in between fetches them again, and the import's content hash keeps them from being doubled.
 *
 * A feed item gets no external id (articles.external_id), not even its guid prefixed by the feed's
 * address. A bare guid is unique only within its feed (many sites number their items: "118"), so
 * as the archive-wide identifier it would drop other feeds' articles. Prefixed, it would say no
 * more than the feed's own record of its items (feed_items, keyed by guid per feed) already says,
 * while tying the article to an address that can change (http to https, a moved feed), and an
 * item taken again with a corrected text (its feed removed and added back) would be skipped as
 * known instead of kept, as the archive keeps any new text.
 */

/**
 * Imports a feed's new items through the ordinary import run; answers the articles it added. Each
 * item's `origin` is what it is to be called: its feed's address and the item (`itemOrigin`).
 */
export type ImportItems = (feed: FeedRow, items: RawArticle[], signal?: AbortSignal) => Promise<number>;

export interface PollOptions {
  limits: FetchLimits;
  now: () => Date;
  importItems: ImportItems;
  signal?: AbortSignal;
}

export type PollStatus = 'ok' | 'not-modified' | 'error';

export interface PollOutcome {
  url: string;
  status: PollStatus;
  /** Articles the poll added to the archive. */
  new: number;
  error: string | null;
}

/**
 * An item whose text is shorter than this is taken for a summary when the feed is read in full
 * text: feeds that carry whole articles carry more than a few paragraphs.
 */
export const SUMMARY_CHARS = 1000;

/**
 * What identifies an item across polls: the identifier the feed keeps for it (RSS guid, Atom id),
 * else its link, else a hash of what it says. The record is per feed, so a guid needs no more.
 */
export function itemKey(item: FeedItem): string {
  return item.id ? `id:${item.id}` : linkKey(item.article);
}

/** How an item was known before guids were read (schema 8 as first released): its link, else a hash of what it says. */
export function linkKey(item: RawArticle): string {
  if (item.url) return item.url.trim();
  return `sha256:${createHash('sha256').update(`${item.title}\n${item.publishedAt ?? ''}\n${item.body}`).digest('hex').slice(0, 32)}`;
}

/** An item's origin in the archive: the feed's address and the item's guid, else its link, else its place in the feed (`#3`). */
export function itemOrigin(feedUrl: string, item: FeedItem): string {
  const name = item.id ?? item.article.url;
  return name ? `${feedUrl}#${name}` : item.article.origin;
}

/**
 * The items this poll takes, and the records that move from an item's link to its guid. An item
 * with a guid that the feed's record knows only by its link (taken before guids were read, or
 * while the feed gave none) is the item taken then: it is not taken again, even with a changed
 * text, and its record moves to the guid, so a later change of link does not make it new. One
 * record moves for one item: another item with the same link and a guid of its own is new.
 */
export function newItems(store: Pick<FeedStore, 'seen'>, feedId: number, given: readonly FeedItem[]): { fresh: Map<string, FeedItem>; rekeyed: { from: string; to: string }[] } {
  const items = withUniqueIds(given);
  const keys = items.map(itemKey);
  const former = items.map((item) => (item.id ? linkKey(item.article) : undefined));
  const seen = store.seen(feedId, [...keys, ...former.filter((k): k is string => k !== undefined)]);
  const fresh = new Map<string, FeedItem>();
  const rekeyed: { from: string; to: string }[] = [];
  const taken = new Set<string>();
  // A link that is the key of an item without a guid here stays that item's record.
  const claimed = new Set(keys.filter((_, i) => former[i] === undefined));
  items.forEach((item, i) => {
    const key = keys[i]!;
    const from = former[i];
    if (seen.has(key) || taken.has(key)) return;
    taken.add(key);
    if (from !== undefined && seen.has(from) && !claimed.has(from)) {
      claimed.add(from);
      rekeyed.push({ from, to: key });
    } else fresh.set(key, item);
  });
  return { fresh, rekeyed };
}

/**
 * The items, without the guid of those that share it with an item of another link (or, without
 * links, another text): a feed that gives all its items one guid (its own address, "0") would
 * otherwise have only its first item ever taken. Such items are known by their links. The same
 * item listed twice (one guid, one link) keeps its guid.
 */
function withUniqueIds(items: readonly FeedItem[]): FeedItem[] {
  const links = new Map<string, Set<string>>();
  for (const item of items) {
    if (item.id !== undefined) links.set(item.id, (links.get(item.id) ?? new Set()).add(linkKey(item.article)));
  }
  return items.map((item) => (item.id !== undefined && links.get(item.id)!.size > 1 ? { article: item.article } : item));
}

/** The text of an item's own page through the HTML reader, if it is longer than the feed's. */
async function withPage(item: RawArticle, options: PollOptions): Promise<RawArticle> {
  if (!item.url || item.body.length >= SUMMARY_CHARS) return item;
  try {
    const page = await fetchBounded(item.url, null, options.limits, options.signal);
    if (page.status !== 'ok') return item;
    const { readHtml } = await import('../import/readers/html.js');
    const read = readHtml({ path: page.url, text: decodeText(page.body, page.url) }, {}).articles[0];
    if (!read || read.body.length <= item.body.length) return item;
    return { ...item, body: read.body, author: item.author ?? read.author };
  } catch (err) {
    // The summary is still the item: a page that cannot be had costs its full text, not the item.
    if (err instanceof FetchError || err instanceof ReadError) return item;
    throw err;
  }
}

const stopped = (feed: FeedRow): PollOutcome => ({ url: feed.url, status: 'error', new: 0, error: `${feed.url}: stopped` });

/** Poll one feed now and record the outcome in `store`. Never throws for what the network or the feed does wrong. */
export async function pollFeed(store: FeedStore, feed: FeedRow, options: PollOptions): Promise<PollOutcome> {
  const started = options.now();
  const at = started.toISOString();
  try {
    const fetched = await fetchBounded(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, options.limits, options.signal);
    if (fetched.status === 'not-modified') {
      store.recordSuccess(feed.id, { at, nextPollAt: nextPollAt(started, feed.everySeconds, 0), items: [], imported: 0 });
      return { url: feed.url, status: 'not-modified', new: 0, error: null };
    }
    // Loaded on the first poll, not with the service: every start of the CLI and the app loads
    // this module, and the readers' parsers were a good part of that start.
    const { readFeedItems } = await import('../import/readers/feed.js');
    const { items: read } = readFeedItems({ path: feed.url, text: decodeText(fetched.body, feed.url) }, {});
    const { fresh, rekeyed } = newItems(store, feed.id, read);
    const items: RawArticle[] = [];
    // One page at a time: a feed's items mostly live on one server, which is not to be flooded.
    for (const item of fresh.values()) {
      const article = { ...item.article, origin: itemOrigin(feed.url, item) };
      items.push(feed.fullText ? await withPage(article, options) : article);
    }
    const imported = items.length === 0 ? 0 : await options.importItems(feed, items, options.signal);
    // A stopped import may have left items out: none is recorded as taken, and the next poll's
    // import skips, by their content, those that did arrive.
    if (options.signal?.aborted) return stopped(feed);
    store.recordSuccess(feed.id, {
      at,
      nextPollAt: nextPollAt(started, feed.everySeconds, 0),
      validators: fetched.validators,
      items: [...fresh.keys()],
      rekeyed,
      imported,
    });
    return { url: feed.url, status: 'ok', new: imported, error: null };
  } catch (err) {
    if (!(err instanceof FetchError || err instanceof ReadError)) throw err;
    // Stopping is the user's doing, not the feed's: no error is recorded and no back-off follows.
    if (options.signal?.aborted) return stopped(feed);
    const error = err instanceof ReadError ? `${feed.url}: ${err.message}` : err.message;
    store.recordFailure(feed.id, at, error, nextPollAt(started, feed.everySeconds, feed.failures + 1));
    return { url: feed.url, status: 'error', new: 0, error };
  }
}
