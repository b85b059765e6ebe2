import { parentPort } from 'node:worker_threads';
import type { ParagraphSignature } from '../../../db/duplicates.js';
import { PARAGRAPH_BREAK } from '../../../db/fts.js';
import { paragraphSignature } from './signature.js';

/*
 * A thread of the duplicate finder's catch-up pass (an upgraded archive, a stopped import): it
 * makes the signatures of the next chunk of stored articles while the main thread looks up and
 * writes the current one, as the import workers do for new articles.
 */

export interface SignRequest {
  chunk: number;
  articles: { id: number; body: string }[];
}

export interface SignReply {
  chunk: number;
  signatures: [number, ParagraphSignature[]][];
}

const port = parentPort;
if (!port) throw new Error('signature-worker.ts runs only as a worker thread');
port.on('message', ({ chunk, articles }: SignRequest) => {
  port.postMessage({
    chunk,
    signatures: articles.map((a) => [a.id, a.body.split(PARAGRAPH_BREAK).map((text) => paragraphSignature(text))]),
  } satisfies SignReply);
});
