import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawArticle } from '../import/types.js';

/*
 * A feed's new items reach the archive through the same import run as files, so cleaning, the
 * duplicate finder, suggestions and the batch transactions apply to them unchanged. The run reads
 * files; the items are handed to it as a JSON Lines file of their fields, in a temporary folder
 * removed afterwards.
 */

const line = (a: RawArticle): string =>
  JSON.stringify({ title: a.title, body: a.body, url: a.url, date: a.publishedAt, author: a.author, source: a.source });

/** A file name that says which feed the items came from (it is each article's origin). */
export function itemsFileName(feedUrl: string): string {
  const host = new URL(feedUrl).hostname.replace(/[^a-z0-9.-]+/gi, '_') || 'feed';
  return `${host}.jsonl`;
}

/** Write `items` where the import can read them, run `importFile` on that file, and remove it. */
export async function importItemsFile<T>(feedUrl: string, items: readonly RawArticle[], importFile: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pantau-feed-'));
  try {
    const file = join(dir, itemsFileName(feedUrl));
    await writeFile(file, `${items.map(line).join('\n')}\n`);
    return await importFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
