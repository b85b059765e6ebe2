import type { Database } from './driver.js';

/** A feed the user added, with its polling state. Times are ISO 8601, UTC. */
export interface FeedRow {
  id: number;
  url: string;
  everySeconds: number;
  /** The outlet every article of the feed is stored under, when the user named one. */
  source: string | null;
  fullText: boolean;
  addedAt: string;
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** Failed polls in a row, for the back-off. */
  failures: number;
  nextPollAt: string | null;
  /** New articles of the last successful poll. */
  lastNew: number;
  articles: number;
}

export interface NewFeed {
  url: string;
  everySeconds: number;
  source: string | null;
  fullText: boolean;
}

/** What a successful poll (an answer, or "not modified") leaves behind. */
export interface PollSuccess {
  at: string;
  nextPollAt: string;
  /** The validators of the answer; left as they were after a "not modified". */
  validators?: { etag: string | null; lastModified: string | null };
  /** Keys of the items taken in this poll. */
  items: string[];
  /**
   * Items taken before under another key that now have a better one (a link, then a guid): their
   * record moves to the new key and keeps when it was made.
   */
  rekeyed?: { from: string; to: string }[];
  imported: number;
}

const COLUMNS = `id, url, every_seconds AS everySeconds, source, full_text AS fullText, added_at AS addedAt, etag,
  last_modified AS lastModified, last_polled_at AS lastPolledAt, last_success_at AS lastSuccessAt, last_error AS lastError,
  failures, next_poll_at AS nextPollAt, last_new AS lastNew, articles`;

const row = (r: unknown): FeedRow | null => (r === undefined ? null : { ...(r as FeedRow), fullText: (r as { fullText: number }).fullText === 1 });

/** The feeds the user asked Pantau to poll, and the items of each already taken. */
export class FeedStore {
  constructor(private readonly db: Database) {}

  /** Adds a feed, due at once; null when it is there already. */
  add(feed: NewFeed, at: string): FeedRow | null {
    const info = this.db
      .prepare('INSERT INTO feeds (url, every_seconds, source, full_text, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING')
      .run(feed.url, feed.everySeconds, feed.source, feed.fullText ? 1 : 0, at);
    return info.changes === 0 ? null : this.get(feed.url);
  }

  get(url: string): FeedRow | null {
    return row(this.db.prepare(`SELECT ${COLUMNS} FROM feeds WHERE url = ?`).get(url));
  }

  list(): FeedRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM feeds ORDER BY url`).all().map((r) => row(r)!);
  }

  /** Feeds whose next poll is at or before `at` (a feed never polled is due). */
  due(at: string): FeedRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM feeds WHERE next_poll_at IS NULL OR next_poll_at <= ? ORDER BY url`).all(at).map((r) => row(r)!);
  }

  /** Removes a feed and its record of items taken; its articles stay in the archive. */
  remove(url: string): boolean {
    return this.db.prepare('DELETE FROM feeds WHERE url = ?').run(url).changes > 0;
  }

  /** Which of `keys` the feed has taken already. */
  seen(feedId: number, keys: readonly string[]): Set<string> {
    const has = this.db.prepare('SELECT 1 FROM feed_items WHERE feed_id = ? AND item_key = ?').pluck();
    return new Set(keys.filter((k) => has.get(feedId, k) !== undefined));
  }

  /** A successful poll: its items, validators and counts, in one transaction. */
  recordSuccess(feedId: number, poll: PollSuccess): void {
    const item = this.db.prepare('INSERT INTO feed_items (feed_id, item_key, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    const copy = this.db.prepare(
      'INSERT INTO feed_items (feed_id, item_key, seen_at) SELECT feed_id, ?, seen_at FROM feed_items WHERE feed_id = ? AND item_key = ? ON CONFLICT DO NOTHING',
    );
    const drop = this.db.prepare('DELETE FROM feed_items WHERE feed_id = ? AND item_key = ?');
    this.db.transaction(() => {
      for (const key of poll.items) item.run(feedId, key, poll.at);
      for (const { from, to } of poll.rekeyed ?? []) {
        copy.run(to, feedId, from);
        drop.run(feedId, from);
      }
      if (poll.validators) {
        this.db.prepare('UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?').run(poll.validators.etag, poll.validators.lastModified, feedId);
      }
      this.db
        .prepare(
          `UPDATE feeds SET last_polled_at = ?, last_success_at = ?, last_error = NULL, failures = 0, next_poll_at = ?, last_new = ?,
             articles = articles + ? WHERE id = ?`,
        )
        .run(poll.at, poll.at, poll.nextPollAt, poll.imported, poll.imported, feedId);
    })();
  }

  /** A failed poll: the error, one more failure in a row, and the next poll after the back-off. */
  recordFailure(feedId: number, at: string, error: string, nextPollAt: string): void {
    this.db.prepare('UPDATE feeds SET last_polled_at = ?, last_error = ?, failures = failures + 1, next_poll_at = ? WHERE id = ?').run(at, error, nextPollAt, feedId);
  }
}
