import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawArticle } from '../import/types.js';

/*
 * A feed's new items reach the archive through the same import run as files, so cleaning, the
 * duplicate finder, suggestions and the batch transactions apply to them unchanged. The run reads
 * files; the items are handed to it as a JSON Lines file of their fields, in a temporary folder
 * removed afterwards. That file is nobody's business: the run is told to call it, in its log,
 * its articles' origins and its errors, by the feed's address and each item's own origin.
 */

const line = (a: RawArticle): string =>
  JSON.stringify({ title: a.title, body: a.body, url: a.url, date: a.publishedAt, author: a.author, source: a.source });

/**
 * What the import calls the items file and what it reads from it: the file is the feed; line N
 * (`items.jsonl#N`, with any `#part-2` of a split article after it) is item N's `origin`.
 */
export function originsOf(file: string, feedUrl: string, items: readonly RawArticle[]): (origin: string) => string {
  return (origin) => {
    if (origin === file) return feedUrl;
    if (!origin.startsWith(`${file}#`)) return origin;
    const [, n, rest = ''] = /^(\d+)(.*)$/s.exec(origin.slice(file.length + 1)) ?? [];
    const item = n === undefined ? undefined : items[Number(n) - 1];
    return item ? `${item.origin}${rest}` : origin;
  };
}

/**
 * Write `items` where the import can read them, run `importFile` on that file with what the
 * import is to call it and its lines (`originsOf`), and remove it.
 */
export async function importItemsFile<T>(
  feedUrl: string,
  items: readonly RawArticle[],
  importFile: (path: string, nameOf: (origin: string) => string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pantau-feed-'));
  try {
    const file = join(dir, 'items.jsonl');
    await writeFile(file, `${items.map(line).join('\n')}\n`);
    return await importFile(file, originsOf(file, feedUrl, items));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
