import { parentPort, workerData } from 'node:worker_threads';
import { type Prepared, type PrepareOptions, prepareFile } from './prepare.js';

/*
 * Reads, parses, cleans and language-tags files off the thread that writes the archive, so on a
 * multi-core machine parsing the next files overlaps with committing the last ones.
 * Files are taken one at a time in the order sent; a file that yields several chunks (a big zip)
 * waits for each chunk to be acknowledged, so the writer is never flooded. A chunk answered with
 * `stop` (the import was cancelled) ends the file there: the chunks after it are never read.
 */

export type WorkerRequest = { type: 'file'; id: number; path: string; size: number } | { type: 'ack'; id: number; stop?: boolean };
/** Sent once, when the worker's modules are loaded (readers with big parsers load on their first file): the pool times files only from then on. */
export interface WorkerReady {
  ready: true;
}
export interface WorkerReply {
  id: number;
  prepared: Prepared;
  /** The file's final chunk; earlier ones must be acknowledged before the next is sent. */
  last: boolean;
}

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread');
const options = workerData as PrepareOptions;

const queue: { id: number; path: string; size: number }[] = [];
/** Resolved with whether to go on reading the file. */
const acks = new Map<number, (goOn: boolean) => void>();
let busy = false;

async function drain(): Promise<void> {
  busy = true;
  for (let task = queue.shift(); task; task = queue.shift()) {
    let held: Prepared | null = null;
    for await (const chunk of prepareFile(task.path, task.size, options)) {
      if (held) {
        const acked = new Promise<boolean>((resolve) => acks.set(task!.id, resolve));
        port!.postMessage({ id: task.id, prepared: held, last: false } satisfies WorkerReply);
        held = null;
        // Leaving the loop closes the file (a mailbox's read stream) and drops the chunk read ahead.
        if (!(await acked)) break;
      }
      held = chunk;
    }
    port!.postMessage({ id: task.id, prepared: held ?? { articles: [], errors: [], warnings: [] }, last: true } satisfies WorkerReply);
  }
  busy = false;
}

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'ack') {
    acks.get(msg.id)?.(msg.stop !== true);
    acks.delete(msg.id);
    return;
  }
  queue.push(msg);
  if (!busy) void drain();
});
port.postMessage({ ready: true } satisfies WorkerReady);
