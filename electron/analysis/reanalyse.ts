import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Archive } from '../../db/archive.js';
import type { AnalyzeProgress, AnalyzeSummary } from '../api.js';
import { Analyser } from './suggest.js';

export interface ReanalyseHooks {
  signal?: AbortSignal;
  onProgress?: (progress: AnalyzeProgress) => void;
  /** Called after each chunk is committed, with the articles done; the run waits for it. Lets tests act at a known point. */
  afterChunk?: (done: number) => void | Promise<void>;
  /** Articles per transaction (default 500). */
  chunkSize?: number;
}

/** Articles per transaction: big enough that commits cost little, small enough that cancel answers at once. */
const DEFAULT_CHUNK = 500;

/**
 * Run the analysers again over every stored article, chunk by chunk, with the archive's current
 * registry. Each chunk is one transaction, so a cancel or a crash leaves every article either
 * analysed afresh or as it was.
 */
export async function reanalyse(archive: Archive, { signal, onProgress, afterChunk, chunkSize = DEFAULT_CHUNK }: ReanalyseHooks = {}): Promise<AnalyzeSummary> {
  const started = Date.now();
  const analyser = new Analyser(archive.entities.registry());
  const total = archive.articleCount();
  let done = 0;
  let suggestions = 0;
  let after = 0;
  onProgress?.({ done, total });
  for (let texts = archive.texts(after, chunkSize); texts.length > 0; texts = archive.texts(after, chunkSize)) {
    if (signal?.aborted) return { status: 'cancelled', articles: done, suggestions, durationMs: Date.now() - started };
    const results = texts.map((t) => ({ id: t.id, suggestions: analyser.suggest(t.title, t.body) }));
    archive.reanalysed(results);
    for (const r of results) suggestions += r.suggestions.length;
    done += texts.length;
    after = texts[texts.length - 1]!.id;
    onProgress?.({ done, total });
    await afterChunk?.(done);
    await nextTurn();
  }
  return { status: 'done', articles: done, suggestions, durationMs: Date.now() - started };
}
