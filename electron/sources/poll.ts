import { createHash } from 'node:crypto';
import type { FeedRow, FeedStore } from '../../db/feeds.js';
import { decodeText } from '../import/decode.js';
import { readFeed } from '../import/readers/feed.js';
import { readHtml } from '../import/readers/html.js';
import { ReadError, type RawArticle } from '../import/types.js';
import { fetchBounded, FetchError, type FetchLimits } from './fetch.js';
import { nextPollAt } from './schedule.js';

/*
 * One poll of a feed: fetch it (conditionally), read it with the feed reader files go through,
 * keep the items this feed has not given before, optionally fetch their pages, hand them to the
 * import, and record how it went. The items are recorded as taken only after their import, so a
 * crash in between fetches them again, and the import's content hash keeps them from being doubled.
 */

/** Imports a feed's new items through the ordinary import run; answers the articles it added. */
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

/** What identifies an item across polls: its link, else a hash of what it says. */
export function itemKey(item: RawArticle): string {
  if (item.url) return item.url.trim();
  return `sha256:${createHash('sha256').update(`${item.title}\n${item.publishedAt ?? ''}\n${item.body}`).digest('hex').slice(0, 32)}`;
}

/** The text of an item's own page through the HTML reader, if it is longer than the feed's. */
async function withPage(item: RawArticle, options: PollOptions): Promise<RawArticle> {
  if (!item.url || item.body.length >= SUMMARY_CHARS) return item;
  try {
    const page = await fetchBounded(item.url, null, options.limits, options.signal);
    if (page.status !== 'ok') return item;
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
    const { articles } = readFeed({ path: feed.url, text: decodeText(fetched.body, feed.url) }, {});
    const keys = articles.map(itemKey);
    const seen = store.seen(feed.id, keys);
    const fresh = new Map<string, RawArticle>();
    articles.forEach((a, i) => {
      if (!seen.has(keys[i]!) && !fresh.has(keys[i]!)) fresh.set(keys[i]!, a);
    });
    const items: RawArticle[] = [];
    // One page at a time: a feed's items mostly live on one server, which is not to be flooded.
    for (const a of fresh.values()) items.push(feed.fullText ? await withPage(a, options) : a);
    const imported = items.length === 0 ? 0 : await options.importItems(feed, items, options.signal);
    // A stopped import may have left items out: none is recorded as taken, and the next poll's
    // import skips, by their content, those that did arrive.
    if (options.signal?.aborted) return stopped(feed);
    store.recordSuccess(feed.id, {
      at,
      nextPollAt: nextPollAt(started, feed.everySeconds, 0),
      validators: fetched.validators,
      items: [...fresh.keys()],
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
