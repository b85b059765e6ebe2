import { Worker } from 'node:worker_threads';
import { type BandRows, KEY_ROWS, type StoredRows, unref } from '../../../db/duplicates.js';
import type { LookupAnswer, LookupRequest } from './lookup-worker.js';

/*
 * Band keys looked up ahead of the finder, on a thread of their own (lookup-worker.ts).
 *
 * An import of a few articles into a big archive runs the finder once, after its last batch, and
 * then alone: at a million articles most of that run was its 55,000 lookups, each reading index
 * pages from outside SQLite's cache, while the parsing thread had nothing left to do. The keys of
 * each batch are known as it is written, so a thread looks them up then, beside the parsing.
 *
 * Rows read ahead are only the stored tables' rows at one count of band writes (the archive's
 * bands generation, which every write of keys by any process moves). The finder takes them in a
 * transaction that finds the same count, and after writing a chunk's own keys adds those to the
 * rows it holds (they are newer than every stored row, so they go last, as a lookup returns
 * them) and moves to the count its write made. Any other write (another process's, a merge, keys
 * made again) leaves the rows at an older count, and the finder reads the tables as before.
 */
export class LookedUpKeys implements StoredRows {
  private worker: Worker | null;
  private readonly rows = new Map<number, [number, number][]>();
  private generation = -1;
  private readonly asked = new Set<number>();
  private pending = 0;
  private waiting: (() => void)[] = [];
  private next = 0;
  /** Lookups answered from the rows held rather than the tables; for tests. */
  answered = 0;

  /** Null when no thread can be started: the finder reads the tables itself. */
  static start(file: string, script?: URL): LookedUpKeys | null {
    try {
      return new LookedUpKeys(file, script);
    } catch {
      return null;
    }
  }

  private constructor(file: string, script?: URL) {
    this.worker = new Worker(script ?? new URL('./lookup-worker.js', import.meta.url), { workerData: file });
    this.worker.on('message', (m: LookupAnswer) => this.take(m));
    this.worker.on('error', () => this.end());
    this.worker.on('exit', () => this.end());
  }

  /** Look these keys up, those not asked for already. */
  ask(keys: Iterable<number>): void {
    const worker = this.worker;
    if (!worker) return;
    const fresh: number[] = [];
    for (const key of keys) {
      if (this.asked.has(key)) continue;
      this.asked.add(key);
      fresh.push(key);
    }
    if (fresh.length === 0) return;
    this.pending += 1;
    const request: LookupRequest = { ask: this.next++, keys: Int32Array.from(fresh) };
    worker.postMessage(request, [request.keys.buffer as ArrayBuffer]);
  }

  /** Once every lookup asked for is answered (or the thread is gone). */
  async settled(): Promise<void> {
    if (this.pending === 0 || !this.worker) return;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** The rows held, for a transaction that finds the archive at `generation`; null when they are of another state. */
  at(generation: number): LookedUpKeys | null {
    return this.rows.size > 0 && generation === this.generation ? this : null;
  }

  rowsOf(key: number): readonly (readonly [number, number])[] | undefined {
    const rows = this.rows.get(key);
    if (rows !== undefined) this.answered += 1;
    return rows;
  }

  /**
   * The finder wrote these keys (sorted by key, article and position, as it stores them), moving
   * the archive to `generation`; called in the same transaction, after `at` answered.
   */
  took(written: BandRows, generation: number): void {
    for (let i = 0; i < written.keys.length; i++) {
      const rows = this.rows.get(written.keys[i]!);
      if (rows === undefined || rows.length >= KEY_ROWS) continue;
      const { articleId, position } = unref(written.refs[i]!);
      // Two of a paragraph's keys may be one key: the table stores the row once (INSERT OR IGNORE).
      const last = rows[rows.length - 1];
      if (last?.[0] !== articleId || last[1] !== position) rows.push([articleId, position]);
    }
    this.generation = generation;
  }

  /**
   * Drops what is held: after a transaction that took rows failed (what is held may no longer be
   * what is stored), and after each run of the finder, whose keys it was (memory stays one run's).
   */
  forget(): void {
    this.rows.clear();
    this.asked.clear();
    this.generation = -1;
  }

  /** Ends the thread at once, with lookups it still had queued (a cancelled import's): its connection only reads. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.end();
    await worker.terminate();
  }

  private take(m: LookupAnswer): void {
    // Answers come in the order asked; one read after a write of keys replaces what came before.
    if (m.generation !== this.generation) {
      this.rows.clear();
      this.generation = m.generation;
    }
    let at = 0;
    m.keys.forEach((key, i) => {
      const rows: [number, number][] = [];
      for (let k = 0; k < m.counts[i]!; k++, at += 2) rows.push([m.rows[at]!, m.rows[at + 1]!]);
      this.rows.set(key, rows);
    });
    this.pending -= 1;
    if (this.pending === 0) this.release();
  }

  private end(): void {
    if (!this.worker) return;
    this.worker = null;
    this.release();
  }

  private release(): void {
    for (const resolve of this.waiting) resolve();
    this.waiting = [];
  }
}
