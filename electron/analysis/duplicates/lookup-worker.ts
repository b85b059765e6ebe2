import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../db/driver.js';
import { DuplicateStore } from '../../../db/duplicates.js';

/*
 * The thread of looked-up.ts: its own read-only connection looks band keys up in the stored
 * tables while the import is still writing its batches, so that the finder, when it runs, has
 * their rows in hand. Each answer says at which count of band writes it was read.
 */

export interface LookupRequest {
  ask: number;
  keys: Int32Array;
}

export interface LookupAnswer {
  answer: number;
  /** The archive's count of band writes when the rows were read (DuplicateStore.bandsGeneration). */
  generation: number;
  keys: Int32Array;
  /** How many rows each key has (at most KEY_ROWS), in order, and their `[article, position]` pairs, one after another. */
  counts: Uint16Array;
  rows: Int32Array;
}

const port = parentPort;
if (!port) throw new Error('lookup-worker.ts runs only as a worker thread');
const db = openDatabase(workerData as string, { readonly: true });
const store = new DuplicateStore(db);

port.on('message', (m: LookupRequest) => {
  // In key order: neighbouring keys share index pages.
  const keys = Int32Array.from(new Set(m.keys)).sort();
  const counts = new Uint16Array(keys.length);
  const rows: number[] = [];
  // One read transaction: every key from the same state of the tables as the count.
  const generation = db.transaction(() => {
    keys.forEach((key, i) => {
      const found = store.storedRows(key);
      counts[i] = found.length;
      for (const [a, p] of found) rows.push(a, p);
    });
    return store.bandsGeneration();
  }).deferred();
  const answer: LookupAnswer = { answer: m.ask, generation, keys, counts, rows: Int32Array.from(rows) };
  port.postMessage(answer, [answer.keys.buffer, answer.counts.buffer, answer.rows.buffer] as ArrayBuffer[]);
});
