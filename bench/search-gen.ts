import { parentPort, workerData } from 'node:worker_threads';
import type { NewArticle } from '../db/archive.js';
import { STARTER_PEOPLE } from '../electron/analysis/data/starter-people.js';
import { paragraphSignature } from '../electron/analysis/duplicates/signature.js';
import { Analyser } from '../electron/analysis/suggest.js';
import { distinctParagraphs } from '../electron/import/clean.js';
import { contentHash } from '../electron/import/hash.js';
import { articles, type GeneratedArticle } from './corpus.js';

/*
 * Worker thread of the search-archive builder: generates and hashes the next batch of articles
 * while the main thread writes the previous one, so the two cores are both busy. One batch ahead
 * at most: the main thread asks for each batch, which keeps memory flat at a million articles.
 * The stream's last `tail` articles are not prepared: asked for with 'tail', they come as
 * generated, for the builder to write as files and import the way a user would.
 */

/** The analysis an import would make, with the registry a new archive starts from. */
const analyser = new Analyser(STARTER_PEOPLE.map((p) => ({ name: p.name, aliases: [...p.aliases] })));

/** The generated article as the importer would store it: each distinct paragraph once, repeats counted, with its suggestions. */
export function toNewArticle(g: GeneratedArticle, i: number): NewArticle {
  const paragraphs = distinctParagraphs(g.paragraphs);
  const body = paragraphs.map((p) => p.text).join('\n\n');
  return {
    contentHash: contentHash(g.title, body),
    title: g.title,
    body,
    url: null,
    suggestions: analyser.suggest(g.title, body),
    source: g.source,
    section: null,
    author: null,
    publishedAt: g.date,
    language: g.language,
    origin: `generated:${i}`,
    paragraphs: paragraphs.map(({ hash, occurrences, flags, text }) => ({ hash, occurrences, flags, signature: paragraphSignature(text) })),
  };
}

if (parentPort && workerData) {
  const port = parentPort;
  const { count, seed, batch, tail } = workerData as { count: number; seed: number; batch: number; tail: number };
  const stream = articles(count, seed);
  let i = 0;
  port.on('message', (ask: 'next' | 'tail') => {
    if (ask === 'tail') {
      port.postMessage([...stream]);
      return;
    }
    const out: NewArticle[] = [];
    while (out.length < batch && i < count - tail) {
      const next = stream.next();
      if (next.done) break;
      out.push(toNewArticle(next.value, i));
      i += 1;
    }
    port.postMessage(out);
  });
}
