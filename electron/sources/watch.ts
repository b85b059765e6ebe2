import { type FSWatcher, realpathSync, watch } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { ImportSummary } from '../api.js';
import { backupFolder } from '../../db/backup.js';
import { errorReason } from '../import/errno.js';
import { walk } from '../import/walk.js';
import { isArchiveFile, realPath } from '../paths.js';

/*
 * Watched folders: a scraper drops files into a folder, Pantau imports each once it is complete. A
 * file counts as complete when its version is the same at two checks in a row at least half an
 * interval apart: a file still being written changes between them. Checks brought forward by file
 * system events can come a second apart, which a writer waiting on the network outlasts, hence the
 * time. A version is the size, the modification time and the status-change time (ctime): a file
 * replaced by one of the same size whose modification time was set back (`cp -p`, rsync, unzip)
 * still has a new ctime. Each file is imported once per version; for saved folders the archive
 * keeps what was imported (asked at every check, since another process may have imported
 * meanwhile), and otherwise the import's content hash skips what is already in the archive. The
 * import is the ordinary run, with its batch transactions: a crash loses at most the batch in
 * flight, and the next check brings the rest.
 *
 * Folders are checked one after another and their imports run one at a time. fs.watch misses events
 * on network drives, some container file systems and editors that swap files, so it only brings the
 * next check forward; a periodic scan is what finds the files.
 */

/** A file as it was imported: its path and its version (size, modification and change times). */
export interface FileVersion {
  path: string;
  version: string;
}

/** What one check of one folder found and did. */
export interface FolderCheck {
  folder: string;
  /** When the check began. */
  at: Date;
  /** The complete files this check handed to the import; those it could not read are in the summary's errors. */
  imported: FileVersion[];
  /** The import's summary; null when there was nothing to import or the import failed. */
  summary: ImportSummary | null;
  /** Files imported before that are no longer in the folder. */
  gone: string[];
  /** What kept the folder, or part of it, from being read, or its files from being imported; null when nothing did. Paths in it are of files. */
  problem: string | null;
  /** Another process watches the folder now (`claim` said no): it was not read, and its check is that process's to record. */
  elsewhere: boolean;
}

export interface WatchOptions {
  /** The folders (absolute), or what answers them at each check: saved folders change while they are watched. */
  folders: string[] | (() => string[]);
  /** The archive being imported into: its own files (and backups) in a watched folder are never read. */
  archive: string;
  /** Folders whose files are never read either, such as browser mode's staging folder of uploads and downloads. */
  exclude?: string[];
  /** The signal is aborted by `stop`. */
  importFiles: (paths: string[], signal: AbortSignal) => Promise<ImportSummary>;
  /** What was imported of a folder's files, by path to version; asked at every check of the folder. Without it, this watcher remembers what it imported. */
  imported?: (folder: string) => Map<string, string>;
  /** Whether this watcher may check the folder now; false while another process watches it. */
  claim?: (folder: string) => boolean;
  /** Between periodic checks; a file must keep its version for half of it. */
  intervalMs?: number;
  /** After a file system event, before the check it brings forward. */
  settleMs?: number;
  /** After each folder's check. */
  onChecked?: (check: FolderCheck) => void;
  /** A check that failed as a whole, such as a list of folders that could not be read. */
  onError?: (err: unknown) => void;
  /** The clock, in milliseconds; tests move it instead of waiting. */
  now?: () => number;
}

export const DEFAULT_WATCH_INTERVAL_MS = 10_000;
const DEFAULT_SETTLE_MS = 1_000;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const unreadableFolder = (reason: string): string => `the folder cannot be read (${reason})`;

/**
 * Names that browsers, download tools and editors give a file while they write it, and rename when
 * it is done (Safari's `.download` is a folder around the file). Nothing under such a name is read.
 */
const TEMPORARY = /(\.(part|partial|crdownload|download|tmp|temp)|~)$/i;

/** Whether a path listed a moment ago is simply no longer there (deleted or renamed meanwhile), rather than unreadable. */
async function vanished(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** Why the watched folder itself cannot be read, or null. */
async function folderProblem(folder: string): Promise<string | null> {
  try {
    return (await stat(folder)).isDirectory() ? null : 'it is no longer a folder';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the folder is gone (no such file or directory)' : unreadableFolder(errorReason(err));
  }
}

/** The files an import could not read, as a folder's problem; null when there were none. */
export function importFailures(summary: ImportSummary): string | null {
  const first = summary.errors[0];
  if (summary.failed === 0 || first === undefined) return null;
  const where = `${first.path}: ${first.reason}`;
  return summary.failed === 1 ? `could not import ${where}` : `could not import ${plural(summary.failed, 'item', 'items')}, the first ${where}`;
}

/** The files of the watched folders, their versions, and the imports of the complete ones. */
export class FolderWatcher {
  /** Per folder: each file's version at the last check and when it was first seen with it, until it is imported. */
  private readonly pending = new Map<string, Map<string, { version: string; since: number }>>();
  /** Per folder: the version of each file imported last. */
  private readonly done = new Map<string, Map<string, string>>();
  private readonly archiveReal: string;
  /** The backups folder and the excluded ones, real paths ending in a separator. */
  private readonly ownFolders: string[];
  private readonly now: () => number;
  private readonly stopping = new AbortController();
  private folders: string[] = [];
  private checking: Promise<string[]> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private started = false;
  private watchers: FSWatcher[] = [];

  constructor(private readonly options: WatchOptions) {
    this.archiveReal = realpathSync(options.archive);
    this.ownFolders = [backupFolder(this.archiveReal), ...(options.exclude ?? []).map(realPath)].map((f) => f + sep);
    this.now = options.now ?? Date.now;
  }

  /** The archive's files, its backups, and the excluded folders. */
  private isOwn(path: string): boolean {
    if (isArchiveFile(path, this.archiveReal)) return true;
    const real = realpathSync(path);
    return this.ownFolders.some((f) => real.startsWith(f));
  }

  /** A file under a name still being written, or in a folder of such a name. */
  private static isTemporary(folder: string, path: string): boolean {
    return relative(folder, path).split(sep).some((part) => TEMPORARY.test(part));
  }

  /**
   * One check of every folder: notes each file's version and imports those unchanged since a
   * previous check at least half an interval ago. Answers the files imported. A check asked for while one runs gets that one's answer.
   */
  check(): Promise<string[]> {
    this.checking ??= this.checkAll().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async checkAll(): Promise<string[]> {
    this.follow(typeof this.options.folders === 'function' ? this.options.folders() : this.options.folders);
    const imported: string[] = [];
    for (const folder of this.folders) {
      if (this.stopping.signal.aborted) break;
      // Removed while this check went through the others.
      if (!this.folders.includes(folder)) continue;
      const check = await this.checkFolder(folder);
      if (check === null) break;
      imported.push(...check.imported.map((f) => f.path));
      this.options.onChecked?.(check);
    }
    return imported;
  }

  /** The folders' list changed: follow the new one from now on (a function's answer); the next check reads the new folders. */
  refresh(): void {
    if (typeof this.options.folders !== 'function') return;
    try {
      this.follow(this.options.folders());
    } catch (err) {
      this.options.onError?.(err);
    }
  }

  /** Takes up the folders given, forgetting those no longer among them, and watches their events once started. */
  private follow(folders: readonly string[]): void {
    if (folders.length === this.folders.length && folders.every((f, i) => f === this.folders[i])) return;
    this.folders = [...folders];
    for (const known of [this.done, this.pending]) {
      for (const folder of known.keys()) if (!folders.includes(folder)) known.delete(folder);
    }
    if (this.started && !this.stopping.signal.aborted) this.watchEvents();
  }

  /** One folder's check; null when it was stopped midway. */
  private async checkFolder(folder: string): Promise<FolderCheck | null> {
    const at = new Date(this.now());
    const quietMs = (this.options.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS) / 2;
    const nothing = (problem: string | null, elsewhere = false): FolderCheck => ({ folder, at, imported: [], summary: null, gone: [], problem, elsewhere });
    if (this.options.claim && !this.options.claim(folder)) {
      // Its files are that process's; should it stop, this one starts afresh.
      this.pending.delete(folder);
      return nothing(null, true);
    }
    let done = this.done.get(folder);
    if (done === undefined || this.options.imported) {
      done = new Map(this.options.imported?.(folder));
      this.done.set(folder, done);
    }
    const pending = this.pending.get(folder) ?? new Map<string, { version: string; since: number }>();
    this.pending.set(folder, pending);

    const missing = await folderProblem(folder);
    // What was imported of a folder that is gone for now is kept, for when it is back.
    if (missing !== null) return nothing(missing);

    const present = new Set<string>();
    /** Places that could not be read: what was imported under them may still be there. */
    const unreadable: { path: string; error: string }[] = [];
    const ready: FileVersion[] = [];
    for await (const entry of walk([folder])) {
      if (this.stopping.signal.aborted) return null;
      if (!('size' in entry)) {
        if (entry.path === folder) return nothing(unreadableFolder(entry.error));
        if (!(await vanished(entry.path))) unreadable.push(entry);
        continue;
      }
      if (FolderWatcher.isTemporary(folder, entry.path)) continue;
      let version: string;
      try {
        if (this.isOwn(entry.path)) continue;
        const s = await stat(entry.path);
        version = `${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
      } catch {
        continue; // gone between the listing and the look at it
      }
      const seenAt = this.now();
      present.add(entry.path);
      if (done.get(entry.path) === version) continue;
      const seen = pending.get(entry.path);
      if (seen?.version !== version) pending.set(entry.path, { version, since: seenAt });
      else if (seenAt - seen.since >= quietMs) ready.push({ path: entry.path, version });
    }
    for (const path of pending.keys()) if (!present.has(path)) pending.delete(path);
    const behindUnreadable = (path: string): boolean => unreadable.some((u) => path === u.path || path.startsWith(u.path + sep));
    const gone = [...done.keys()].filter((path) => !present.has(path) && !behindUnreadable(path));
    for (const path of gone) done.delete(path);
    const first = unreadable[0];
    let problem = first === undefined ? null : `could not read ${unreadable.length === 1 ? '' : `${unreadable.length} places in it, the first `}${first.path}: ${first.error}`;
    if (ready.length === 0) return { folder, at, imported: [], summary: null, gone, problem, elsewhere: false };
    // Stopped while looking: no import is begun (it would take the day's backup first).
    if (this.stopping.signal.aborted) return null;

    let summary: ImportSummary;
    try {
      summary = await this.options.importFiles(ready.map((f) => f.path), this.stopping.signal);
    } catch (err) {
      if (this.stopping.signal.aborted) return null;
      // The files stay pending: the next check tries them again.
      return { folder, at, imported: [], summary: null, gone, problem: `the import failed: ${err instanceof Error ? err.message : String(err)}`, elsewhere: false };
    }
    // Stopped midway: what the run committed is in, and the content hash skips it when the files come again.
    if (summary.status === 'cancelled') return null;
    for (const file of ready) {
      done.set(file.path, file.version);
      pending.delete(file.path);
    }
    problem ??= importFailures(summary);
    return { folder, at, imported: ready, summary, gone, problem, elsewhere: false };
  }

  private checkQuietly = (): void => {
    if (this.stopping.signal.aborted) return;
    this.check().catch((err: unknown) => this.options.onError?.(err));
  };

  /** Watches the folders' file system events, each bringing the next check forward. */
  private watchEvents(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    for (const folder of this.folders) {
      try {
        const w = watch(folder, { recursive: true, persistent: false }, () => {
          this.soon ??= setTimeout(() => {
            this.soon = null;
            this.checkQuietly();
          }, this.options.settleMs ?? DEFAULT_SETTLE_MS);
        });
        w.on('error', () => w.close());
        this.watchers.push(w);
      } catch {
        // No events on this system or for this folder (or it is gone): the periodic check still finds its files.
      }
    }
  }

  /** Checks every interval, and soon after a file system event, until `stop`. */
  start(): void {
    this.timer = setInterval(this.checkQuietly, this.options.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS);
    if (typeof this.options.folders !== 'function') this.follow(this.options.folders);
    this.started = true;
    this.watchEvents();
    this.checkQuietly();
  }

  /** Stops watching, cancels an import under way and waits for the check it belongs to. */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    for (const w of this.watchers) w.close();
    this.watchers = [];
    await this.checking?.catch(() => undefined);
  }
}
