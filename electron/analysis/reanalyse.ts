import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Archive } from '../../db/archive.js';
import type { AnalyzeProgress, AnalyzeSummary } from '../api.js';
import type { AnalyseReply, AnalyseRequest } from './analyse-worker.js';

export interface ReanalyseHooks {
  signal?: AbortSignal;
  onProgress?: (progress: AnalyzeProgress) => void;
  /** Called after each chunk is committed, with the articles done; the run waits for it. Lets tests act at a known point. */
  afterChunk?: (done: number) => void | Promise<void>;
  /** Articles per transaction (default 500). */
  chunkSize?: number;
  /** Analysing threads (default: one per core). */
  workers?: number;
}

/** Articles per transaction: big enough that commits cost little, small enough that cancel answers at once. */
const DEFAULT_CHUNK = 500;

type Results = AnalyseReply['results'];

/** Threads that analyse chunks of articles; each answer comes back to the promise its chunk was sent with. */
class AnalysePool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (r: Results) => void; reject: (e: Error) => void }>();
  private nextChunk = 0;
  private failure: Error | null = null;

  constructor(size: number, people: unknown) {
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(new URL('./analyse-worker.js', import.meta.url), { workerData: people });
      w.on('message', (reply: AnalyseReply) => {
        this.pending.get(reply.chunk)?.resolve(reply.results);
        this.pending.delete(reply.chunk);
      });
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`an analysis thread stopped (exit code ${code})`));
      });
      return w;
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  analyse(texts: AnalyseRequest['texts']): Promise<Results> {
    if (this.failure) return Promise.reject(this.failure);
    const chunk = this.nextChunk++;
    const answer = new Promise<Results>((resolve, reject) => this.pending.set(chunk, { resolve, reject }));
    this.workers[chunk % this.workers.length]!.postMessage({ chunk, texts } satisfies AnalyseRequest);
    return answer;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Run the analysers again over every stored article with the archive's current registry. Chunks
 * are analysed on worker threads, a few ahead of the main thread, which writes each chunk's
 * results in one transaction, in order: a cancel or a crash leaves every article either analysed
 * afresh or as it was, and a cancel writes nothing after the chunk in hand.
 */
export async function reanalyse(archive: Archive, hooks: ReanalyseHooks = {}): Promise<AnalyzeSummary> {
  const { signal, onProgress, afterChunk, chunkSize = DEFAULT_CHUNK } = hooks;
  const started = Date.now();
  const total = archive.articleCount();
  const size = Math.max(1, hooks.workers ?? availableParallelism());
  const pool = new AnalysePool(size, archive.entities.registry());
  const ahead = size + 1;
  let done = 0;
  let suggestions = 0;
  let after = 0;
  const inFlight: Promise<Results>[] = [];
  const sendNext = (): void => {
    const texts = archive.texts(after, chunkSize);
    if (texts.length === 0) return;
    after = texts[texts.length - 1]!.id;
    const answer = pool.analyse(texts);
    // Awaited in turn; until then a failure must not count as an unhandled rejection.
    answer.catch(() => undefined);
    inFlight.push(answer);
  };
  try {
    onProgress?.({ done, total });
    while (inFlight.length < ahead) {
      const before = inFlight.length;
      sendNext();
      if (inFlight.length === before) break;
    }
    while (inFlight.length > 0) {
      const results = await inFlight.shift()!;
      if (signal?.aborted) return { status: 'cancelled', articles: done, suggestions, durationMs: Date.now() - started };
      sendNext();
      archive.reanalysed(results);
      for (const r of results) suggestions += r.suggestions.length;
      done += results.length;
      onProgress?.({ done, total });
      await afterChunk?.(done);
    }
    return { status: 'done', articles: done, suggestions, durationMs: Date.now() - started };
  } finally {
    await pool.close();
  }
}
