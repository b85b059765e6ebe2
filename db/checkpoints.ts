import { realpathSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { CheckpointAnswer, CheckpointAsk, CheckpointStart } from './checkpoint-worker.js';
import { type Database, WAL_FILE_BYTES } from './driver.js';

/*
 * Checkpoints of the write-ahead log on a thread of their own while an import writes.
 *
 * SQLite copies the log's pages into the archive file (a checkpoint) in the commit that takes the
 * log past 1,000 pages, on the thread that commits: in an import, the writer's, which is what bounds
 * the import's speed (at 100,000 articles it was busy all but 4 % of the time, and commits were 30 %
 * of it, about half of that the checkpoints). Here a thread with its own connection checkpoints
 * every POLL_MS instead, and the writer's connection none: the copying happens while the writer
 * goes on with the next batch.
 *
 * The log only starts again from its beginning when a write transaction begins with every page of
 * it copied. With the writer always at work that rarely falls out by itself, and the log would grow
 * by the whole import (500 MB at 100,000 articles). So the log's file is cut back to WAL_FILE_BYTES
 * when it starts again (journal_size_limit, as on every connection), which makes its size tell how
 * much it holds; before a transaction, a writer whose log is longer waits for the thread to copy
 * what it can, and the transaction then starts the log again. (Not while a reader elsewhere still reads an older state
 * of the archive: the copy stops short of what it may still read, and the log grows meanwhile, as
 * it does under SQLite's own checkpoints.)
 */

const POLL_MS = 50;

export interface CheckpointOptions {
  /** The log's length past which the writer waits for a checkpoint (WAL_FILE_BYTES); for tests. */
  limitBytes?: number;
  pollMs?: number;
  /** The thread's script (checkpoint-worker.js); tests give one that fails. */
  script?: URL;
}

export class WalCheckpoints {
  private worker: Worker | null;
  /** The log's file: SQLite keeps it beside the archive's real file, not beside a symlink to it. */
  private readonly log: string;
  private readonly limit: number;
  private readonly waiting = new Map<number, () => void>();
  private asked = 0;
  /** The writer's connection's settings before, put back when the thread stops (or fails). */
  private readonly before: { autocheckpoint: number; sizeLimit: number };
  /** Checkpoints the writer waited for; for tests. */
  waits = 0;

  /**
   * Null when the archive keeps no write-ahead log (SQLite could not put it in WAL mode), where
   * there is nothing to move, or when no thread can be started: SQLite checkpoints as before.
   */
  static start(db: Database, options: CheckpointOptions = {}): WalCheckpoints | null {
    if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null;
    try {
      return new WalCheckpoints(db, options);
    } catch {
      return null;
    }
  }

  private constructor(
    private readonly db: Database,
    options: CheckpointOptions,
  ) {
    this.log = `${realpathSync(db.name)}-wal`;
    this.limit = options.limitBytes ?? WAL_FILE_BYTES;
    this.before = {
      autocheckpoint: db.pragma('wal_autocheckpoint', { simple: true }) as number,
      sizeLimit: db.pragma('journal_size_limit', { simple: true }) as number,
    };
    this.worker = new Worker(options.script ?? new URL('./checkpoint-worker.js', import.meta.url), {
      workerData: { file: db.name, pollMs: options.pollMs ?? POLL_MS } satisfies CheckpointStart,
    });
    db.pragma('wal_autocheckpoint = 0');
    db.pragma(`journal_size_limit = ${this.limit}`);
    this.worker.on('message', (m: CheckpointAnswer) => {
      this.waiting.get(m.answer)?.();
      this.waiting.delete(m.answer);
    });
    // A thread that cannot work leaves the checkpoints to SQLite, as before.
    this.worker.on('error', () => this.fallBack());
    this.worker.on('exit', () => this.fallBack());
  }

  /** Before a write transaction: when the log is past its limit, waits for the thread to copy what it can. */
  async bound(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const size = statSync(this.log, { throwIfNoEntry: false })?.size ?? 0;
    if (size <= this.limit) return;
    this.waits += 1;
    const ask = this.asked++;
    await new Promise<void>((resolve) => {
      this.waiting.set(ask, resolve);
      worker.postMessage({ ask } satisfies CheckpointAsk);
    });
  }

  /** Stops the thread and gives the checkpoints back to the writer's connection. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    await ended;
    this.fallBack();
  }

  private fallBack(): void {
    if (!this.worker) return;
    this.worker = null;
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
    if (!this.db.open) return;
    this.db.pragma(`wal_autocheckpoint = ${this.before.autocheckpoint}`);
    this.db.pragma(`journal_size_limit = ${this.before.sizeLimit}`);
  }
}
