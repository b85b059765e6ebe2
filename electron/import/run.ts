import { realpathSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import type { FileError, ImportProgress, ImportSummary } from '../api.js';
import type { Archive, ImportProblem, NewArticle, RunCounts } from '../../db/archive.js';
import { backupFolder } from '../../db/backup.js';
import type { CheckpointOptions, WalCheckpoints } from '../../db/checkpoints.js';
import type { ParagraphSignature } from '../../db/duplicates.js';
import { LookedUpKeys } from '../analysis/duplicates/looked-up.js';
import { keptKeys } from '../analysis/duplicates/stored-keys.js';
import { type DuplicateHooks, updateDuplicates } from '../analysis/duplicates/update.js';
import { isArchiveFile } from '../paths.js';
import { type PoolLimits, PreparePool, type PoolReply } from './pool.js';
import type { PrepareOptions } from './prepare.js';
import { DEFAULT_MAX_ARTICLE_BYTES } from './long-articles.js';
import { walk, type WalkEntry } from './walk.js';
import { DEFAULT_ZIP_LIMITS } from './zip.js';

export interface ImportOptions extends Omit<PrepareOptions, 'chunkSize'> {
  /** Articles per transaction; a crash loses at most this many, and re-running completes them. */
  batchSize: number;
  /** Longest time between commits, so slow files still reach the disk regularly. */
  batchMs: number;
  /** Parsing threads; defaults to one per core beyond the writer's. */
  workers?: number;
  limits?: Partial<PoolLimits>;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = {
  people: [],
  maxFileBytes: 200 * 1024 * 1024,
  maxArticleBytes: DEFAULT_MAX_ARTICLE_BYTES,
  longArticles: 'split',
  zipLimits: DEFAULT_ZIP_LIMITS,
  batchSize: 250,
  batchMs: 1000,
};

export interface ImportHooks {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /**
   * Called after each batch is committed, with the run's counts so far; the run waits for what it
   * returns. Lets a test act at a known point of a run (cancel it, kill the process) instead of
   * racing it.
   */
  afterCommit?: (counts: Readonly<RunCounts>) => void | Promise<void>;
  /** Called as the walk reaches each file, before it is handed to a reader; the run waits for it. Also for tests. */
  beforeFile?: (path: string) => void | Promise<void>;
  /** Called when the readers stop for good (they could not start, or kept crashing), with the reason the run fails with; for tests. */
  onReadersStopped?: (err: Error) => void;
  /** Files handed to the readers ahead of the writer (MAX_FILES_IN_FLIGHT), and what the scan keeps for the writing (REPLAYED_ENTRIES); for tests that go past them with a few files. */
  filesInFlight?: number;
  replayedEntries?: number;
  /**
   * What the run's log, its articles' origins, its errors and its progress call a path, or an
   * origin read from it (`file#3`), when not by the path itself: a feed's items reach the run as a
   * temporary file and are called by the feed's address and item (sources/items-file.ts). A hook,
   * not part of the request, so only Pantau's own code can name what it imports.
   */
  nameOf?: (origin: string) => string;
  /**
   * The duplicate finder's bounds on its table of recent keys and its chunks, for tests that reach
   * them with a few articles, and its hook after each chunk, for tests that hold it there.
   */
  duplicates?: Pick<DuplicateHooks, 'increment' | 'recentRows' | 'sharesFrom' | 'chunkSize' | 'afterChunk'>;
  /** New articles enough for a run of the duplicate finder while the writer waits for the readers (DUPLICATE_RUN_WAITING); for tests. */
  duplicatesWhileWaiting?: number;
  /** The bound on the write-ahead log while checkpoints run on their own thread (db/checkpoints.ts), and the files' size from which they do (HELPERS_FROM_BYTES); for tests. */
  checkpoints?: CheckpointOptions & { fromBytes?: number };
  /** Called with the thread's handle once it runs, so a test can see what it did. */
  onCheckpoints?: (checkpoints: WalCheckpoints) => void;
  /** Band keys looked up ahead of the finder (looked-up.ts): forced on or off, and the handle once made; for tests. */
  lookupsAhead?: boolean;
  onLookups?: (lookups: LookedUpKeys) => void;
}

/** How many errors the summary lists; every one is kept in the archive's import log. */
const SUMMARY_ERRORS = 1000;
/**
 * Files of at least this many bytes in all have threads to help their import's writer (the log's
 * checkpoints, lookups ahead of the finder). A smaller import is over in about a second, and a
 * thread's start (loading the SQLite driver, 0.1–0.2 s on a busy 2-core machine) would be a share
 * of it worth more than the work it moves.
 */
const HELPERS_FROM_BYTES = 4 * 1024 * 1024;
const PROGRESS_MS = 100;
/**
 * The scan keeps what it finds, up to this many files and problems, for the writing to go through
 * again (about 10 MB); a bigger import walks its paths a second time. A walk of 10,000 files takes
 * 130–350 ms, partly on the writer's thread, which has no time to spare.
 */
const REPLAYED_ENTRIES = 100_000;
/**
 * Files handed to the workers ahead of the writer: enough to keep them busy while a batch commits
 * (a few hundred milliseconds), few enough to keep memory flat however many files there are.
 */
const MAX_FILES_IN_FLIGHT = 1024;
const MAX_BYTES_IN_FLIGHT = 64 * 1024 * 1024;
/**
 * New articles go through the duplicate finder in runs of this many: often enough to hold their
 * band keys in memory, rarely enough that each run's scattered writes to the band index are
 * committed together.
 */
const DUPLICATE_RUN = 10000;
/**
 * When the writer has nothing to write (the readers are the slower side: saved web pages, few
 * cores), it runs the duplicate finder over this many new articles or more instead of waiting:
 * the finder's time then overlaps the reading, and less of it is left for after the last file.
 * Few enough that a run ends before the readers run out of the files handed to them (at most
 * MAX_FILES_IN_FLIGHT, about a second's reading of news text): a run over 5,000 articles took
 * 2.4 s, and the readers stood idle for most of it.
 */
const DUPLICATE_RUN_WAITING = 1000;

/** Whether a file of `size` bytes may go to the readers now; one bigger than the bound on bytes goes once nothing else is in flight. */
function roomFor(pool: PreparePool, hooks: ImportHooks, size: number): boolean {
  return pool.inFlight < (hooks.filesInFlight ?? MAX_FILES_IN_FLIGHT) && (pool.inFlight === 0 || pool.bytesInFlight + size <= MAX_BYTES_IN_FLIGHT);
}

/** One import run: walk the paths, prepare files on worker threads, commit in batches, log every failure. */
export async function runImport(archive: Archive, paths: string[], options: ImportOptions, hooks: ImportHooks = {}): Promise<ImportSummary> {
  // Started before the scan, so the workers load their parsers while the files are counted.
  const pool = new PreparePool(options.workers ?? PreparePool.defaultSize(), {
    source: options.source,
    map: options.map,
    dateFormat: options.dateFormat,
    maxFileBytes: options.maxFileBytes,
    maxArticleBytes: options.maxArticleBytes,
    longArticles: options.longArticles,
    zipLimits: options.zipLimits,
    chunkSize: options.batchSize,
    people: options.people,
  }, options.limits, hooks.onReadersStopped ? { stopped: hooks.onReadersStopped } : {});
  try {
    return await importFiles(archive, pool, paths, options, hooks);
  } finally {
    await pool.close();
  }
}

async function importFiles(archive: Archive, pool: PreparePool, paths: string[], options: ImportOptions, hooks: ImportHooks): Promise<ImportSummary> {
  const started = Date.now();
  const { signal } = hooks;
  const progress: ImportProgress = {
    phase: 'scanning', filesTotal: 0, bytesTotal: 0, filesDone: 0, bytesDone: 0, imported: 0, skipped: 0, failed: 0, current: null, finder: null,
  };
  let lastProgress = 0;
  const report = (force = false): void => {
    const t = Date.now();
    if (!hooks.onProgress || (!force && t - lastProgress < PROGRESS_MS)) return;
    lastProgress = t;
    hooks.onProgress({ ...progress });
  };

  // A folder being imported may hold the archive itself, perhaps through a symlink, and its
  // automatic backups (db/backup.ts); neither is ever read as an article. Only files named like
  // them pay for a realpath.
  const archiveReal = realpathSync(archive.file);
  const archiveName = basename(archiveReal);
  const backupStem = `${basename(archiveReal, extname(archiveReal))}-`;
  const backups = backupFolder(archiveReal);
  const isArchive = (path: string): boolean =>
    (basename(path).startsWith(archiveName) && isArchiveFile(path, archiveReal)) ||
    (basename(path).startsWith(backupStem) && dirname(realpathSync(path)) === backups);

  // The first files go to the readers as the scan finds them: they are read while it counts the
  // rest (0.3–0.5 s for 10,000 files), and written once it is done.
  const early = new Map<string, number>();
  let handedEarly = 0;
  let entries: WalkEntry[] | null = [];
  // Readers that stopped for good end the scan too: the files left will not be read, so the import
  // fails with their reason, and a long walk (a network share) would only make it wait for that.
  let unread = false;
  for await (const entry of walk(paths)) {
    if (signal?.aborted) break;
    if (pool.stopped) {
      unread = true;
      break;
    }
    if (entries && entries.push(entry) > (hooks.replayedEntries ?? REPLAYED_ENTRIES)) entries = null;
    if ('size' in entry && !isArchive(entry.path)) {
      progress.filesTotal += 1;
      progress.bytesTotal += entry.size;
      if (roomFor(pool, hooks, entry.size)) {
        await hooks.beforeFile?.(entry.path);
        if (signal?.aborted) break;
        if (pool.stopped) {
          unread = true;
          break;
        }
        pool.submit(entry.path, entry.size);
        early.set(entry.path, (early.get(entry.path) ?? 0) + 1);
        handedEarly += 1;
      }
    }
    report();
  }

  // The writer's thread bounds an import's speed: the log's checkpoints go to a thread of their own.
  const big = progress.bytesTotal >= (hooks.checkpoints?.fromBytes ?? HELPERS_FROM_BYTES);
  const checkpoints = big ? archive.checkpointsApart(hooks.checkpoints) : null;
  // Where the finder makes no filter of the stored keys (an archive it has gone through that is
  // bigger than the import), each batch's keys are looked up on a thread as the batch is written.
  // Not without a write-ahead log (no checkpoints thread then either): there a reader's lock would
  // hold the writer's commits back.
  const lookups = (hooks.lookupsAhead ?? (checkpoints !== null && archive.duplicates.indexedUpTo() > 0)) ? LookedUpKeys.start(archive.file) : null;
  try {
    if (checkpoints) hooks.onCheckpoints?.(checkpoints);
    if (lookups) hooks.onLookups?.(lookups);
    return await writeFiles(archive, pool, paths, options, hooks, { checkpoints, lookups }, { started, progress, report, isArchive, early, handedEarly, entries, unread });
  } finally {
    try {
      await checkpoints?.stop();
    } finally {
      await lookups?.stop();
    }
  }
}

/** The threads that help the writer. */
interface Helpers {
  checkpoints: WalCheckpoints | null;
  lookups: LookedUpKeys | null;
}

/** What the scan hands on to the writing. */
interface Scanned {
  started: number;
  progress: ImportProgress;
  report: (force?: boolean) => void;
  isArchive: (path: string) => boolean;
  /** Files the scan handed to the readers (each path, as many times as the walk gave it), and how many in all. */
  early: Map<string, number>;
  handedEarly: number;
  /** What the scan found, in its order, when it found at most REPLAYED_ENTRIES; else null, and the paths are walked again. */
  entries: WalkEntry[] | null;
  /** The scan ended early because the readers stopped for good: files are left that they will never read. */
  unread: boolean;
}

/** The run after its scan: files read on the workers, written in batches, the finder between. */
async function writeFiles(
  archive: Archive,
  pool: PreparePool,
  paths: string[],
  options: ImportOptions,
  hooks: ImportHooks,
  { checkpoints, lookups }: Helpers,
  { started, progress, report, isArchive, early, handedEarly, entries, unread: unreadByScan }: Scanned,
): Promise<ImportSummary> {
  const { signal } = hooks;
  const name = hooks.nameOf ?? ((origin: string) => origin);
  const importId = archive.startImport(paths.map(name), { source: options.source, map: options.map, dateFormat: options.dateFormat });
  const counts: RunCounts = { files: handedEarly, imported: 0, skipped: 0, failed: 0, warnings: 0 };
  const summary = { errors: [] as FileError[], warnings: [] as FileError[] };
  let batch: NewArticle[] = [];
  let problems: ImportProblem[] = [];
  let lastFlush = Date.now();
  let unsourced = 0;
  const outlets = new Map<string, number>();
  let keys = new Map<number, ParagraphSignature[]>();
  let duplicates: ImportSummary['duplicates'] = 'done';

  const findDuplicates = async (): Promise<void> => {
    if (keys.size === 0) return;
    progress.phase = 'duplicates';
    report(true);
    if (!signal?.aborted) await lookups?.settled();
    const found = await updateDuplicates(archive, keys, {
      ...hooks.duplicates,
      signal,
      afterWrite: () => checkpoints?.bound(),
      lookedUp: lookups ?? undefined,
      onPhase: (phase) => {
        progress.phase = phase === 'merging' ? 'duplicate-keys' : 'duplicates';
        report(true);
      },
      // The files' bar is full once the last file is read; the finder's own counts show it going,
      // each chunk's: a chunk is a transaction of about a second's work.
      onProgress: (done, total) => {
        progress.finder = { done, total };
        report(true);
      },
    });
    if (found.status === 'cancelled') duplicates = 'cancelled';
    lookups?.forget();
    keys = new Map();
    progress.phase = 'importing';
    progress.finder = null;
    report(true);
  };

  // Only while the run ahead stays smaller than what the finder has gone through (a bigger one makes
  // a filter of the stored keys), and while no whole filter is kept: it skips most lookups.
  const aheadPays = (): boolean => keys.size <= archive.duplicates.indexedUpTo() && !keptKeys(archive)?.whole(archive.duplicates);
  const flush = async (): Promise<void> => {
    if (batch.length === 0 && problems.length === 0) return;
    await checkpoints?.bound();
    const written = archive.writeBatch(importId, batch, problems, counts);
    counts.imported += written.imported;
    counts.skipped += written.skipped;
    unsourced += written.unsourced;
    for (const [name, n] of written.outlets) outlets.set(name, (outlets.get(name) ?? 0) + n);
    for (const a of written.added) keys.set(a.id, a.signatures);
    if (lookups && (hooks.lookupsAhead || aheadPays())) lookups.ask(bandKeysOf(written.added));
    progress.imported = counts.imported;
    progress.skipped = counts.skipped;
    batch = [];
    problems = [];
    lastFlush = Date.now();
    await hooks.afterCommit?.({ ...counts });
    if (keys.size >= DUPLICATE_RUN) await findDuplicates();
  };
  const note = (kind: ImportProblem['kind'], e: FileError): void => {
    if (kind === 'error') counts.failed += 1;
    else counts.warnings += 1;
    progress.failed = counts.failed;
    problems.push({ kind, ...e });
    const list = kind === 'error' ? summary.errors : summary.warnings;
    if (list.length < SUMMARY_ERRORS) list.push(e);
  };
  const take = async (r: PoolReply): Promise<void> => {
    for (const a of r.prepared.articles) {
      a.origin = name(a.origin);
      batch.push(a);
    }
    for (const e of r.prepared.errors) note('error', { path: name(e.path), reason: e.reason });
    for (const w of r.prepared.warnings) note('warning', { path: name(w.path), reason: w.reason });
    if (r.last) {
      progress.filesDone += 1;
      progress.bytesDone += r.size;
      progress.current = name(r.path);
    }
    if (batch.length >= options.batchSize || Date.now() - lastFlush >= options.batchMs) await flush();
    // A file read in chunks (a zip, a mailbox of gigabytes) would keep a cancelled run going to its
    // end: it stops at the chunk in hand instead.
    if (!r.last) {
      if (signal?.aborted) r.stop();
      else r.ack();
    }
    report();
  };

  const whileWaiting = hooks.duplicatesWhileWaiting ?? DUPLICATE_RUN_WAITING;
  // Waiting on a slow file still commits what is ready about every batchMs.
  const takeNext = async (): Promise<void> => {
    if (!pool.replyReady && keys.size >= whileWaiting) await findDuplicates();
    const reply = await pool.next(options.batchMs);
    if (reply) await take(reply);
    else await flush();
  };

  progress.phase = 'importing';
  report(true);
  let cancelled = false;
  try {
    const stopped = (): boolean => (cancelled ||= signal?.aborted === true);
    let unread = unreadByScan;
    for await (const entry of entries ?? walk(paths)) {
      // First: a stop asked for during the scan ends the run before the files handed then are gone through again.
      if (stopped()) break;
      if (isArchive(entry.path)) continue;
      const handed = 'size' in entry ? early.get(entry.path) : undefined;
      if (handed !== undefined) {
        if (handed > 1) early.set(entry.path, handed - 1);
        else early.delete(entry.path);
        continue;
      }
      // Readers that stopped for good will read no file handed to them now.
      if ('size' in entry && pool.stopped) {
        unread = true;
        break;
      }
      if ('size' in entry) await hooks.beforeFile?.(entry.path);
      if (stopped()) break;
      if ('error' in entry) {
        note('error', { path: name(entry.path), reason: entry.error });
        continue;
      }
      counts.files += 1;
      while (!roomFor(pool, hooks, entry.size)) await takeNext();
      pool.submit(entry.path, entry.size);
    }
    // With files left unread by readers that stopped for good, their last answers are taken and
    // `next` then fails with their reason; so it does when files handed to them go unanswered.
    while (pool.inFlight > 0 || unread) await takeNext();
    await flush();
    await findDuplicates();
    // A stop asked for after the last file was handed to a reader still stops the run: it is recorded
    // and reported as cancelled, as the user was told, though the files in flight were finished.
    cancelled ||= signal?.aborted === true;
    archive.finishImport(importId, cancelled ? 'cancelled' : 'done');
  } catch (err) {
    // Keep what was prepared if the archive still takes it; the original error is the one to report.
    try {
      await flush();
    } catch {
      // the archive itself failed; nothing more can be written to it
    }
    try {
      archive.finishImport(importId, 'failed');
    } catch {
      // as above: the run stays `running` and is marked interrupted when the archive is next opened
    }
    throw err;
  }
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
    outlets: [...outlets].map(([name, articles]) => ({ name, articles })).sort((a, b) => b.articles - a.articles || a.name.localeCompare(b.name)),
    duplicates,
    errors: summary.errors,
    warnings: summary.warnings,
    durationMs: Date.now() - started,
  };
}

function* bandKeysOf(added: readonly { signatures: readonly ParagraphSignature[] }[]): Generator<number> {
  for (const a of added) for (const p of a.signatures) if (p.keys !== null) yield* p.keys;
}
