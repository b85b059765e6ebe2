import { type FSWatcher, realpathSync, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { ImportSummary } from '../api.js';
import { backupFolder } from '../../db/backup.js';
import { walk } from '../import/walk.js';
import { isArchiveFile } from '../paths.js';

/*
 * Watched folders (`pantau watch FOLDER…`): a scraper drops files into a folder, Pantau imports
 * each once it is complete. A file counts as complete when its size and modification time are the
 * same at two checks in a row; a file still being written changes between them. Each file is
 * imported once per version (path, size, modification time); a restart forgets that, and the
 * import's content hash then skips what is already in the archive. The import is the ordinary
 * run, with its batch transactions: a crash loses at most the batch in flight, and the next check
 * brings the rest.
 *
 * fs.watch misses events on network drives, some container file systems and editors that swap
 * files, so it only brings the next check forward; a periodic scan is what finds the files.
 */

export interface WatchOptions {
  folders: string[];
  /** The archive being imported into: its own files (and backups) in a watched folder are never read. */
  archive: string;
  importFiles: (paths: string[]) => Promise<ImportSummary>;
  /** Between periodic checks. */
  intervalMs?: number;
  /** After a file system event, before the check it brings forward. */
  settleMs?: number;
  onImported?: (paths: string[], summary: ImportSummary) => void;
  onError?: (err: unknown) => void;
}

export const DEFAULT_WATCH_INTERVAL_MS = 10_000;
const DEFAULT_SETTLE_MS = 1_000;

/** The files of the watched folders, their versions, and the imports of the complete ones. */
export class FolderWatcher {
  /** Each file's version at the last check, until it is imported. */
  private readonly pending = new Map<string, string>();
  /** Versions imported: `path\0size\0mtime`. */
  private readonly done = new Set<string>();
  private readonly archiveReal: string;
  private readonly backups: string;
  private checking: Promise<string[]> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private watchers: FSWatcher[] = [];

  constructor(private readonly options: WatchOptions) {
    this.archiveReal = realpathSync(options.archive);
    this.backups = backupFolder(this.archiveReal) + sep;
  }

  private isArchive(path: string): boolean {
    return isArchiveFile(path, this.archiveReal) || realpathSync(path).startsWith(this.backups);
  }

  /**
   * One check: notes every file's version and imports those unchanged since the previous check.
   * Answers the files imported. A check asked for while one runs gets that one's answer.
   */
  check(): Promise<string[]> {
    this.checking ??= this.scan().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async scan(): Promise<string[]> {
    const ready: { path: string; version: string }[] = [];
    const present = new Set<string>();
    for await (const entry of walk(this.options.folders)) {
      if (!('size' in entry)) continue;
      let version: string;
      try {
        if (this.isArchive(entry.path)) continue;
        const s = await stat(entry.path);
        version = `${s.size}\0${s.mtimeMs}`;
      } catch {
        continue; // gone between the listing and the look at it
      }
      present.add(entry.path);
      if (this.done.has(`${entry.path}\0${version}`)) continue;
      if (this.pending.get(entry.path) === version) ready.push({ path: entry.path, version });
      else this.pending.set(entry.path, version);
    }
    for (const path of this.pending.keys()) if (!present.has(path)) this.pending.delete(path);
    if (ready.length === 0) return [];
    const paths = ready.map((r) => r.path);
    const summary = await this.options.importFiles(paths);
    for (const r of ready) {
      this.done.add(`${r.path}\0${r.version}`);
      this.pending.delete(r.path);
    }
    this.options.onImported?.(paths, summary);
    return paths;
  }

  private checkQuietly = (): void => {
    this.check().catch((err: unknown) => this.options.onError?.(err));
  };

  /** Checks every interval, and soon after a file system event, until `stop`. */
  start(): void {
    this.timer = setInterval(this.checkQuietly, this.options.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS);
    for (const folder of this.options.folders) {
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
        // No events on this system or for this folder: the periodic check still finds its files.
      }
    }
    this.checkQuietly();
  }

  /** Stops watching and waits for a check under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    for (const w of this.watchers) w.close();
    this.watchers = [];
    await this.checking?.catch(() => undefined);
  }
}
