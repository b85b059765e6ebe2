import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FileError, ImportProgress, ImportSummary } from '../api.js';
import type { Archive, NewArticle, RunCounts } from '../../db/archive.js';
import { cleanArticle } from './clean.js';
import { decodeText } from './decode.js';
import { detectLanguage } from './language.js';
import { readCsv } from './readers/csv.js';
import { readFeed } from './readers/feed.js';
import { readHtml } from './readers/html.js';
import { readJson, readJsonLines } from './readers/json.js';
import { readMarkdown } from './readers/markdown.js';
import { readText } from './readers/text.js';
import { type Format, sniffFormat } from './sniff.js';
import { ReadError, type ReadOptions, type Reader } from './types.js';
import { walk } from './walk.js';
import { DEFAULT_ZIP_LIMITS, readZip, type ZipLimits } from './zip.js';

export interface ImportOptions extends ReadOptions {
  /** Outlet for articles whose file does not name one. */
  source?: string;
  maxFileBytes: number;
  zipLimits: ZipLimits;
  /** Articles per transaction; a crash loses at most this many, and re-running completes them. */
  batchSize: number;
  /** Longest time between commits, so slow files still reach the disk regularly. */
  batchMs: number;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = {
  maxFileBytes: 200 * 1024 * 1024,
  zipLimits: DEFAULT_ZIP_LIMITS,
  batchSize: 500,
  batchMs: 1000,
};

export interface ImportHooks {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

const READERS: Record<Exclude<Format, 'zip'>, Reader> = {
  text: readText,
  markdown: readMarkdown,
  html: readHtml,
  json: readJson,
  jsonl: readJsonLines,
  csv: readCsv,
  tsv: readCsv,
  feed: readFeed,
};

/** How many errors the summary lists; every one is kept in the archive's import log. */
const SUMMARY_ERRORS = 1000;
const PROGRESS_MS = 100;

const reasonOf = (err: unknown): string => {
  if (err instanceof ReadError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ENOENT') return 'no such file or directory';
  if (e?.code === 'EISDIR') return 'is a folder';
  return e instanceof Error ? e.message : String(err);
};

/** One import run: walk the paths, read each file, clean, commit in batches, log every failure. */
export async function runImport(archive: Archive, paths: string[], options: ImportOptions, hooks: ImportHooks = {}): Promise<ImportSummary> {
  const started = Date.now();
  const { signal } = hooks;
  const progress: ImportProgress = {
    phase: 'scanning', filesTotal: 0, bytesTotal: 0, filesDone: 0, bytesDone: 0, imported: 0, skipped: 0, failed: 0, current: null,
  };
  let lastProgress = 0;
  const report = (force = false): void => {
    const t = Date.now();
    if (!hooks.onProgress || (!force && t - lastProgress < PROGRESS_MS)) return;
    lastProgress = t;
    hooks.onProgress({ ...progress });
  };

  // A folder being imported may hold the archive itself; it is never read as an article.
  const archiveFiles = new Set(['', '-wal', '-shm', '-journal'].map((suffix) => resolve(archive.file) + suffix));

  for await (const entry of walk(paths)) {
    if (signal?.aborted) break;
    if ('size' in entry && !archiveFiles.has(resolve(entry.path))) {
      progress.filesTotal += 1;
      progress.bytesTotal += entry.size;
    }
    report();
  }

  const importId = archive.startImport(paths, { source: options.source, map: options.map, dateFormat: options.dateFormat });
  const counts: RunCounts = { files: 0, imported: 0, skipped: 0, failed: 0 };
  const summaryErrors: FileError[] = [];
  let batch: NewArticle[] = [];
  let batchErrors: FileError[] = [];
  let lastFlush = Date.now();
  let unsourced = 0;

  const flush = (): void => {
    if (batch.length === 0 && batchErrors.length === 0) return;
    const { imported, skipped } = archive.writeBatch(importId, batch, batchErrors, counts);
    counts.imported += imported;
    counts.skipped += skipped;
    progress.imported = counts.imported;
    progress.skipped = counts.skipped;
    batch = [];
    batchErrors = [];
    lastFlush = Date.now();
  };
  const fail = (path: string, reason: string): void => {
    counts.failed += 1;
    progress.failed = counts.failed;
    const e = { path, reason };
    batchErrors.push(e);
    if (summaryErrors.length < SUMMARY_ERRORS) summaryErrors.push(e);
  };

  const readArticles = (path: string, bytes: Buffer, format: Exclude<Format, 'zip'>): void => {
    const text = decodeText(bytes, path);
    const result = READERS[format]({ path, text }, options);
    for (const p of result.problems) fail(p.path, p.reason);
    for (const raw of result.articles) {
      const clean = cleanArticle(raw);
      if (!clean) {
        fail(raw.origin, 'no article text');
        continue;
      }
      const source = clean.source ?? options.source ?? null;
      if (source === null) unsourced += 1;
      batch.push({
        ...clean,
        source,
        language: detectLanguage(`${clean.title}\n${clean.body}`),
      });
    }
  };

  const readOne = (path: string, bytes: Buffer, format: Format | null): void => {
    if (format === null) throw new ReadError('unsupported file type');
    if (format === 'zip') throw new ReadError('zip archive inside a zip archive; extract the inner archive first');
    readArticles(path, bytes, format);
  };

  progress.phase = 'importing';
  report(true);
  let cancelled = false;
  for await (const entry of walk(paths)) {
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    if (archiveFiles.has(resolve(entry.path))) continue;
    progress.current = entry.path;
    if ('error' in entry) {
      fail(entry.path, entry.error);
    } else {
      counts.files += 1;
      try {
        if (entry.size > options.maxFileBytes) {
          throw new ReadError(`file is larger than the limit of ${Math.round(options.maxFileBytes / 1048576)} MB (use --max-file-size)`);
        }
        const bytes = await readFile(entry.path);
        const format = sniffFormat(entry.path, bytes.subarray(0, 4096));
        if (format === 'zip') {
          for await (const item of readZip(entry.path, options.zipLimits)) {
            const inner = `${entry.path}!${item.name}`;
            if ('error' in item) {
              fail(inner, item.error);
              continue;
            }
            try {
              readOne(inner, item.bytes, sniffFormat(item.name, item.bytes.subarray(0, 4096)));
            } catch (err) {
              fail(inner, reasonOf(err));
            }
            if (batch.length >= options.batchSize) flush();
          }
        } else {
          readOne(entry.path, bytes, format);
        }
      } catch (err) {
        fail(entry.path, reasonOf(err));
      }
      progress.filesDone += 1;
      progress.bytesDone += entry.size;
    }
    if (batch.length >= options.batchSize || Date.now() - lastFlush >= options.batchMs) flush();
    report();
  }
  flush();
  archive.finishImport(importId, cancelled ? 'cancelled' : 'done');
  progress.current = null;
  report(true);
  return {
    importId,
    status: cancelled ? 'cancelled' : 'done',
    files: counts.files,
    imported: counts.imported,
    skipped: counts.skipped,
    failed: counts.failed,
    unsourced,
    errors: summaryErrors,
    durationMs: Date.now() - started,
  };
}
