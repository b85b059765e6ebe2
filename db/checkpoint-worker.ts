import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './driver.js';

/*
 * The thread of checkpoints.ts: its own connection to the archive copies the write-ahead log into
 * the file every `pollMs`, and at once when asked. PASSIVE: it takes what the log holds without
 * waiting for the writer, and the writer never waits for it.
 */

export interface CheckpointStart {
  file: string;
  pollMs: number;
}

/** Asked for a checkpoint of everything in the log now; answered with the same number once it is done. */
export interface CheckpointAsk {
  ask: number;
}

export interface CheckpointAnswer {
  answer: number;
  /** Pages in the log, and how many of them are in the file: equal once nothing is left to copy. */
  log: number;
  checkpointed: number;
}

const port = parentPort;
if (!port) throw new Error('checkpoint-worker.ts runs only as a worker thread');
const { file, pollMs } = workerData as CheckpointStart;
const db = openDatabase(file);

/** -1s when SQLite refused (another connection checkpointing, say): the next turn tries again, and a writer waiting goes on. */
function checkpoint(): { log: number; checkpointed: number } {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    return { log: row?.log ?? -1, checkpointed: row?.checkpointed ?? -1 };
  } catch {
    return { log: -1, checkpointed: -1 };
  }
}

const timer = setInterval(checkpoint, pollMs);
port.on('message', (m: CheckpointAsk | 'stop') => {
  if (m === 'stop') {
    clearInterval(timer);
    db.close();
    port.close();
    return;
  }
  port.postMessage({ answer: m.ask, ...checkpoint() } satisfies CheckpointAnswer);
});
