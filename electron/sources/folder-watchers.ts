import { randomUUID } from 'node:crypto';
import type { FolderStore } from '../../db/folders.js';
import type { ImportSummary } from '../api.js';
import { DEFAULT_WATCH_INTERVAL_MS, type FolderCheck, FolderWatcher, importFailures } from './watch.js';

/*
 * The archive's saved folders, watched while Pantau runs (the desktop app, `pantau serve`, `pantau
 * watch` without folders): one FolderWatcher that reads the list of folders from the archive at
 * every check, so a folder added or removed, here or by `pantau folders` in another process, is
 * taken up at the next check (`changed` stops watching a removed one at once). Each folder's check is
 * recorded in the archive, where `pantau folders list` and the Import view show it. A folder that
 * is gone or unreadable is recorded as its last error; nothing a folder does stops the others.
 *
 * Two processes may watch one archive (the app and `pantau serve`, say). Each folder is watched by
 * one of them at a time: a check first claims the folder in the archive for five minutes, renewed
 * at every check and while its import runs; the other process leaves it alone until the claim is
 * released (watching stopped) or lapses (the process died).
 */

/** How long a claim on a folder holds without being renewed: five minutes, or three intervals if longer. */
const CLAIM_MS = 5 * 60_000;
/** A running import renews its folders' claims at most this often. */
const RENEW_MS = 30_000;

export interface FolderWatchingOptions {
  store: FolderStore;
  archive: string;
  /** Folders whose files are never read, such as browser mode's staging folder. */
  exclude?: string[];
  /** The ordinary import; the signal is aborted when watching stops, and `alive` is called as it makes progress. */
  importFiles: (paths: string[], signal: AbortSignal, alive: () => void) => Promise<ImportSummary>;
  /** Between periodic checks (default 10 s). */
  intervalMs?: number;
  /** After a file system event, before the check it brings forward. */
  settleMs?: number;
  /** After each folder's check is recorded, for a front door that prints them. */
  onChecked?: (check: FolderCheck) => void;
  /** A failure of the archive itself: the list of folders or a check's record could not be read or written. */
  onError?: (err: unknown) => void;
  /** The clock, in milliseconds; tests move it. */
  now?: () => number;
}

export interface FolderWatching {
  /** One check of every saved folder (or the one under way); answers when it is recorded. */
  check(): Promise<void>;
  /** The saved folders changed: follow the new list from now on; the next check reads the new folders. */
  changed(): void;
  /** Stops watching, cancels an import under way, waits for its check and gives up the claims on the folders. */
  stop(): Promise<void>;
}

/** Starts watching the archive's saved folders: a check at once, then every interval and after file system events. */
export function startFolderWatching(options: FolderWatchingOptions): FolderWatching {
  const { store } = options;
  const now = options.now ?? Date.now;
  const holder = randomUUID();
  const claimMs = Math.max(CLAIM_MS, 3 * (options.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS));
  const iso = (ms: number): string => new Date(ms).toISOString();
  const report = (err: unknown): void => options.onError?.(err);
  /**
   * Per folder, the files its last import could not read, as its error: it stays until the next
   * import. Any other error (the folder gone, unreadable) is cleared by the next check that reads it.
   */
  const failedFiles = new Map<string, string>();

  const record = (check: FolderCheck): void => {
    if (check.elsewhere) {
      options.onChecked?.(check);
      return;
    }
    if (check.imported.length > 0) {
      const failed = check.summary ? importFailures(check.summary) : null;
      if (failed === null) failedFiles.delete(check.folder);
      else failedFiles.set(check.folder, failed);
    } else if (check.problem !== null) failedFiles.delete(check.folder);
    store.recordCheck(check.folder, {
      at: check.at.toISOString(),
      imported: check.imported,
      articles: check.summary?.imported ?? 0,
      gone: check.gone,
      error: check.problem ?? failedFiles.get(check.folder) ?? null,
    });
    options.onChecked?.(check);
  };

  let renewed = 0;
  const alive = (): void => {
    if (now() - renewed < RENEW_MS) return;
    renewed = now();
    try {
      store.renewClaims(holder, iso(renewed + claimMs));
    } catch (err) {
      // Not the import's failure: at worst the claim lapses and another process reads the folder too.
      report(err);
    }
  };

  const watcher = new FolderWatcher({
    folders: () => store.list().map((f) => f.path),
    archive: options.archive,
    exclude: options.exclude,
    importFiles: (paths, signal) => {
      renewed = now();
      return options.importFiles(paths, signal, alive);
    },
    imported: (folder) => store.importedVersions(folder),
    claim: (folder) => store.claim(folder, holder, iso(now()), iso(now() + claimMs)),
    intervalMs: options.intervalMs,
    settleMs: options.settleMs,
    onChecked: record,
    onError: report,
    now,
  });
  watcher.start();
  return {
    check: async () => {
      await watcher.check();
    },
    // Not a check: one right after another could take a file still being written for complete.
    changed: () => watcher.refresh(),
    stop: async () => {
      await watcher.stop();
      try {
        store.releaseClaims(holder);
      } catch (err) {
        report(err);
      }
    },
  };
}
