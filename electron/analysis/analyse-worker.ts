import { parentPort, workerData } from 'node:worker_threads';
import type { NewSuggestion } from '../../db/entities.js';
import type { ArticleText } from '../../db/archive.js';
import { Analyser } from './suggest.js';
import type { KnownPerson } from './types.js';

/*
 * A thread of `pantau analyze`: suggestions for chunks of stored articles, while the main thread
 * reads the next chunks and writes the results of the last ones.
 */

export interface AnalyseRequest {
  chunk: number;
  texts: ArticleText[];
}

export interface AnalyseReply {
  chunk: number;
  results: { id: number; suggestions: NewSuggestion[] }[];
}

const port = parentPort;
if (!port) throw new Error('analyse-worker.ts runs only as a worker thread');
const analyser = new Analyser(workerData as KnownPerson[]);
port.on('message', ({ chunk, texts }: AnalyseRequest) => {
  port.postMessage({ chunk, results: texts.map((t) => ({ id: t.id, suggestions: analyser.suggest(t.title, t.body) })) } satisfies AnalyseReply);
});
