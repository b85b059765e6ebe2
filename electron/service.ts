import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { APPLICATION_ID, Archive, FLAG_BOILERPLATE, FLAG_REPEATED } from '../db/archive.js';
import { ArchiveInUseError, type BackupSettings, listBackups, restoreBackup, targetConflict } from '../db/backup.js';
import { asDamaged, type CheckProblem } from '../db/check.js';
import type { EntityListRow, EntityRecord } from '../db/entities.js';
import type { QueryNode } from '../db/search/ast.js';
import { type Cursor, type HitRow, MATCH_END, MATCH_START } from '../db/search/store.js';
import {
  type AnalyzeSummary,
  type ApiError,
  type ArticleDups,
  type BoilerplateEntry,
  DupClusterRequest,
  type DupCluster,
  type DupMember,
  DupsArticleRequest,
  DupsRequest,
  type DupsResponse,
  DupsSettings,
  type DupsSettingsResult,
  DEFAULT_ARTICLE_COLUMNS,
  ExportRequest,
  type ExportResult,
  type ArticleTags,
  ArticleRequest,
  BulkTagChange,
  type BulkTagResult,
  type BackupProgress,
  BackupRequest,
  type BackupResult,
  EntitiesRequest,
  EntityAdd,
  EntityAlias,
  EntityMerge,
  EntityMute,
  EntityRef,
  EntityRemove,
  EntityRename,
  type EntitySummary,
  type ArticleView,
  CountRequest,
  type CountResponse,
  type Facets,
  FacetsRequest,
  FeedAdd,
  type FeedsRunProgress,
  FeedsRunRequest,
  type FeedsRunSummary,
  type FeedStatus,
  FeedUrl,
  HighlightRequest,
  type Highlights,
  ImportRequest,
  type ImportSummary,
  SavedSearchAdd,
  type SavedSearch,
  SavedSearchName,
  SavedSearchRun,
  SearchRequest,
  type SearchResponse,
  type SortOrder,
  type Stats,
  TagChange,
  TagsRequest,
  type UpgradeProgress,
  FolderPath,
  type WatchedFolder,
} from './api.js';
import { allCountries, countryNames } from './analysis/countries.js';
import { STARTER_PEOPLE, STARTER_PEOPLE_AS_OF } from './analysis/data/starter-people.js';
import type { ReanalyseHooks } from './analysis/reanalyse.js';
import { shingleSet, similarity } from './analysis/duplicates/signature.js';
import { type DuplicateHooks, type DuplicateSummary, regroup, relearnBoilerplate, updateDuplicates } from './analysis/duplicates/update.js';
import type { ClusterRow, MemberRow } from '../db/duplicates.js';
import type { FeedRow } from '../db/feeds.js';
import type { FolderRow } from '../db/folders.js';
import type { ImportHooks } from './import/run.js';
import { articlesPlan } from './export/articles.js';
import { duplicatesPlan } from './export/duplicates.js';
import { entitiesPlan } from './export/entities.js';
import { EXCEL_COLUMNS, entityCountsPlan } from './export/entity-counts.js';
import type { ExportPlan } from './export/plan.js';
import { type ExportHooks, writeExport } from './export/run.js';
import { ExportTargetError, formatOf } from './export/sink.js';
import { defaultArchivePath, isArchiveFile, realPath, resolveArchivePath } from './paths.js';
import { highlightRanges } from './search/highlight.js';
import { DEFAULT_FETCH_LIMITS, type FetchLimits, httpUrl } from './sources/fetch.js';
import { importItemsFile } from './sources/items-file.js';
import { type FolderWatching, type FolderWatchingOptions, startFolderWatching } from './sources/folder-watchers.js';
import { errorReason } from './import/errno.js';
import { pollFeed } from './sources/poll.js';
import { DEFAULT_EVERY_SECONDS, formatEvery, MIN_EVERY_SECONDS, parseEvery } from './sources/schedule.js';
import { parseQuery } from './search/parse.js';
import { QueryError } from './search/query-error.js';

/**
 * SQLite page cache while an export runs, in KiB: rows are read about once, so a small cache keeps
 * memory flat. A workbook's time goes to compression, not reads, and exceljs takes some 25 MB of
 * its own: it gets the smaller cache.
 */
const EXPORT_CACHE_KIB = { csv: 16 * 1024, xlsx: 8 * 1024 };

/** The bundled sample articles: electron/samples, found from the compiled module (dist/electron/service.js). */
const SAMPLES = fileURLToPath(new URL('../../electron/samples/', import.meta.url));

export { DamagedArchiveError } from '../db/check.js';
export type { BackupSettings } from '../db/backup.js';
export type { CheckProblem } from '../db/check.js';

/** An automatic backup as the front doors list it. */
export interface BackupEntry {
  file: string;
  reason: 'daily' | 'migration';
  /** ISO 8601, UTC. */
  takenAt: string;
  bytes: number;
}

/** An error meant for the user, with a code the front doors map to exit codes or HTTP statuses. */
export class WorkbenchError extends Error {
  override name = 'WorkbenchError';
  constructor(
    readonly code: ApiError['code'],
    message: string,
    readonly position?: number,
  ) {
    super(message);
  }
}

/** Parse a user's query; a query that cannot be read becomes an error that points at the problem. */
function parse(query: string): QueryNode | null {
  try {
    return parseQuery(query);
  } catch (err) {
    if (err instanceof QueryError) throw new WorkbenchError('invalid_query', err.message, err.position);
    throw err;
  }
}

/*
 * Cursors are opaque to clients: the sort they belong to, the last row's sort key and id, and for
 * a saved search's pages the article id up to which its user had read before this run.
 */
interface PageCursor extends Cursor {
  seenUpTo?: number;
}

const encodeCursor = (c: PageCursor): string =>
  Buffer.from(JSON.stringify(c.seenUpTo === undefined ? [c.sort, c.key, c.id] : [c.sort, c.key, c.id, c.seenUpTo])).toString('base64url');

/** A cursor names the last row's sort key: a relevance score (a number) when ranking words, else a date (a string). */
function decodeCursor(text: string, sort: SortOrder, scored: boolean): PageCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const [s, key, id, seenUpTo] = Array.isArray(parts) ? (parts as unknown[]) : [];
  const known = typeof s === 'string' && typeof key === (s === 'relevance' && scored ? 'number' : 'string') && Number.isInteger(id);
  if (!known || (seenUpTo !== undefined && !Number.isInteger(seenUpTo))) {
    throw new WorkbenchError('invalid_request', 'after: not a cursor; use the "next" value printed with the previous page');
  }
  if (s !== sort) throw new WorkbenchError('invalid_request', `after: this cursor belongs to a search sorted by ${s}, not ${sort}; use the same --sort`);
  return { sort, key: key as number | string, id: id as number, seenUpTo: seenUpTo as number | undefined };
}

function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new WorkbenchError('invalid_request', `${where}${issue?.message ?? 'invalid request'}`);
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Snippet text is escaped for display, then FTS5's match markers become `<mark>` tags. */
const markSnippet = (s: string): string =>
  escapeHtml(s.replace(/\s*\n+\s*/g, ' ')).split(MATCH_START).join('<mark>').split(MATCH_END).join('</mark>');

const toHit = ({ sortKey: _, ...hit }: HitRow) => ({ ...hit, snippet: markSnippet(hit.snippet) });

/** With `confirmedOnly`, every country and person filter of the query counts only confirmed tags. */
function confirmedFilters(node: QueryNode | null, confirmedOnly: boolean | undefined): QueryNode | null {
  if (node === null || !confirmedOnly) return node;
  switch (node.kind) {
    case 'filter':
      return node.field === 'country' || node.field === 'person' ? { ...node, confirmed: true } : node;
    case 'and':
    case 'or':
      return { ...node, children: node.children.map((c) => confirmedFilters(c, true)!) };
    case 'not':
      return { ...node, child: confirmedFilters(node.child, true)! };
    default:
      return node;
  }
}

const usesEntities = (node: QueryNode | null): boolean => {
  if (node === null) return false;
  if (node.kind === 'filter') return node.field === 'country' || node.field === 'person';
  if (node.kind === 'and' || node.kind === 'or') return node.children.some(usesEntities);
  return node.kind === 'not' && usesEntities(node.child);
};

/** A version for shipped data: a change to the gazetteer or the starter list is brought into every archive once. */
const versionOf = (data: unknown): string => createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);

let gazetteer: { code: string; name: string; aliases: string[] }[] | null = null;
function gazetteerRows(): { code: string; name: string; aliases: string[] }[] {
  gazetteer ??= allCountries().map((c) => ({ code: c.code, name: c.name, aliases: countryNames(c.code).filter((n) => n !== c.name) }));
  return gazetteer;
}

const summary = ({ origin: _, ...e }: EntityListRow): EntitySummary => e;

const feedStatus = (f: FeedRow): FeedStatus => ({
  url: f.url,
  every: formatEvery(f.everySeconds),
  source: f.source,
  fullText: f.fullText,
  addedAt: f.addedAt,
  lastPolled: f.lastPolledAt,
  lastSuccess: f.lastSuccessAt,
  lastError: f.lastError,
  failures: f.failures,
  nextPoll: f.nextPollAt,
  lastNew: f.lastNew,
  articles: f.articles,
});

/** Whether `path` lies inside the folder `folder` (both absolute), not at it. */
function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

const folderStatus = (f: FolderRow): WatchedFolder => ({
  path: f.path,
  lastCheck: f.lastCheckAt,
  lastImport: f.lastImportAt,
  files: f.files,
  articles: f.articles,
  lastError: f.lastError,
});

/** What a feed run may be given beside its request: for tests, the clock and the network's limits. */
export interface FeedRunHooks {
  signal?: AbortSignal;
  onProgress?: (progress: FeedsRunProgress) => void;
  now?: () => Date;
  limits?: Partial<FetchLimits>;
}

/**
 * The one API of Pantau (DESIGN §3). The CLI, the HTTP server and Electron's IPC all call this
 * and nothing else; it owns the archive for as long as it is open.
 */
export class Workbench {
  private constructor(
    private readonly archive: Archive,
    /** The clock of the daily backup, for a workbench that takes one (a door that writes); else null. */
    private readonly daily: (() => Date) | null,
    private readonly onWarning: (message: string) => void,
  ) {}

  /** What went wrong without stopping the work (a daily backup that failed), oldest first. */
  readonly warnings: string[] = [];

  /** Set when a call met damage (see the end of this file). */
  private damageSeen = false;

  /**
   * Open the archive at `file`, or the one `PANTAU_DB` names, or the per-user default. The default
   * is created on first use; a named archive only when `create` is set (an import), so a mistyped
   * path in a read-only command is an error rather than a new empty archive.
   *
   * The doors that open an archive to write into it (`create`: an import, browser mode, the desktop
   * app) take the daily backup when it is due (docs/backup.md), at opening and before each import;
   * the quick commands never wait for one. `backups: false` takes no automatic backup at all, not
   * even before a migration; `backups.now` is the clock they go by. A daily backup that fails is a
   * warning, never a reason not to open: `onWarning` gets it (by default printed on standard error),
   * and `warnings` keeps it.
   */
  static async open(
    file?: string,
    {
      create = false,
      onUpgrade,
      backups,
      onWarning = (message) => process.stderr.write(`pantau: warning: ${message}\n`),
    }: { create?: boolean; onUpgrade?: (progress: UpgradeProgress) => void; backups?: false | { now?: () => Date }; onWarning?: (message: string) => void } = {},
  ): Promise<Workbench> {
    const path = resolveArchivePath(file);
    if (!create && path !== defaultArchivePath() && !existsSync(path)) {
      throw new WorkbenchError('not_found', `no archive at ${path} (import something into it first)`);
    }
    mkdirSync(dirname(path), { recursive: true });
    const archive = await Archive.open(path, { onUpgrade, backups });
    let wb: Workbench;
    try {
      archive.closeAbandonedImports(isAlive);
      const countries = gazetteerRows();
      archive.entities.syncCountries(countries, versionOf(countries));
      archive.entities.seedPeople(STARTER_PEOPLE, `${STARTER_PEOPLE_AS_OF}/${versionOf(STARTER_PEOPLE)}`);
      wb = new Workbench(archive, create && backups !== false ? (backups?.now ?? (() => new Date())) : null, onWarning);
      await wb.dailyBackup();
    } catch (err) {
      // Not even the planner's statistics are written into an archive that failed to open.
      archive.close({ optimize: false });
      throw asDamaged(path, err, APPLICATION_ID) ?? err;
    }
    return wb;
  }

  /**
   * The daily copy into `backups/` when it is due and this workbench takes one; answers its file, or
   * null. None once damage was seen: a copy of a damaged archive would only crowd out good ones.
   * A copy that cannot be written (a full disk, no permission) or that fails its check is a warning.
   */
  async dailyBackup(): Promise<string | null> {
    if (this.daily === null || this.damageSeen) return null;
    let taken;
    try {
      taken = await this.archive.dailyBackup(this.daily());
    } catch (err) {
      if (asDamaged(this.archive.file, err, APPLICATION_ID) !== null) throw err;
      this.warn(`the daily backup of ${this.archive.file} could not be written (${err instanceof Error ? err.message : String(err)}); the archive is used all the same, and the next opening tries again.`);
      return null;
    }
    if (taken?.problem) {
      this.damageSeen = true;
      this.warn(
        `the daily backup of ${this.archive.file} failed SQLite's quick_check (${taken.problem}), so the archive itself is probably damaged. ` +
          `The copy is kept as ${taken.file}, and no older backup was deleted. Run \`pantau check --db "${this.archive.file}"\` (docs/backup.md).`,
      );
    }
    return taken?.file ?? null;
  }

  private warn(message: string): void {
    this.warnings.push(message);
    this.onWarning(message);
  }

  /** The automatic backups of the archive at `file` (default: as `open` resolves it), newest first; the archive is not opened. */
  static backupsOf(file?: string): BackupEntry[] {
    return listBackups(resolveArchivePath(file)).map((b) => ({ file: b.file, reason: b.reason, takenAt: b.takenAt.toISOString(), bytes: b.bytes }));
  }

  /**
   * Put the backup `from` in the place of the archive (`archive`, resolved as `open` does), which is
   * moved aside as `<archive>.damaged-<time>`, never deleted. The backup must open and pass
   * quick_check. Nothing may have the archive open meanwhile.
   */
  static async restore(from: string, archive?: string, now: Date = new Date()): Promise<{ restored: string; keptAside: string | null; movedAside: string[] }> {
    const target = resolve(resolveArchivePath(archive));
    const source = resolve(from);
    if (!existsSync(source)) throw new WorkbenchError('not_found', `no backup at ${source}`);
    if (isArchiveFile(source, realPath(target))) throw new WorkbenchError('invalid_request', `${source} is the archive itself; name a backup of it`);
    try {
      return await restoreBackup(source, target, APPLICATION_ID, now);
    } catch (err) {
      if (err instanceof ArchiveInUseError) throw new WorkbenchError('conflict', err.message);
      if (err instanceof Error && err.name === 'ArchiveError') throw new WorkbenchError('invalid_request', err.message);
      throw err;
    }
  }

  /**
   * A consistent copy of the archive at `out`, taken while it stays in use; checked with SQLite's
   * quick_check before it takes its name. `signal` stops it and leaves nothing behind.
   */
  async backup(request: unknown, hooks: { signal?: AbortSignal; onProgress?: (progress: BackupProgress) => void } = {}): Promise<BackupResult> {
    const req = validate(BackupRequest, request);
    const out = resolve(req.out);
    if (isArchiveFile(out, realPath(this.archive.file))) throw new WorkbenchError('invalid_request', `cannot write ${out}: it is the archive itself; choose another file`);
    const conflict = req.force ? null : targetConflict(out);
    if (conflict !== null) throw new WorkbenchError('conflict', conflict);
    if (!existsSync(dirname(out))) throw new WorkbenchError('invalid_request', `cannot write ${out}: the folder ${dirname(out)} does not exist`);
    try {
      const r = await this.archive.backup(out, { force: req.force, verify: true, signal: hooks.signal, onProgress: hooks.onProgress });
      return { out: r.file, bytes: r.bytes, verified: r.verified };
    } catch (err) {
      if (hooks.signal?.aborted) throw new WorkbenchError('cancelled', `backup cancelled; nothing was written to ${out}`);
      const code = (err as NodeJS.ErrnoException).code;
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new WorkbenchError('invalid_request', `cannot write ${out}: ${(err as Error).message}`);
      throw err;
    }
  }

  /** The archive's automatic-backup settings; with `change`, changed first. */
  backupSettings(change?: Partial<BackupSettings>): BackupSettings {
    if (change?.keepDaily !== undefined && !(Number.isInteger(change.keepDaily) && change.keepDaily >= 1)) throw new WorkbenchError('invalid_request', 'keep: a whole number of copies, at least 1');
    if (change?.keepMigration !== undefined && !(Number.isInteger(change.keepMigration) && change.keepMigration >= 1)) throw new WorkbenchError('invalid_request', 'keep: a whole number of copies, at least 1');
    return this.archive.backupSettings(change);
  }

  /** Every check of `pantau check`, each problem with its kind; `quick` uses SQLite's quick_check. */
  checkProblems(options: { quick?: boolean } = {}): CheckProblem[] {
    const problems = this.archive.check(options);
    if (problems.some((p) => p.kind === 'integrity')) this.damageSeen = true;
    return problems;
  }

  /** Rebuild the full-text index from the stored texts; answers the articles indexed. */
  rebuildIndex(onProgress?: (done: number, total: number) => void): number {
    return this.archive.rebuildIndex(onProgress);
  }

  get archivePath(): string {
    return this.archive.file;
  }

  close(): void {
    // Nothing more is written to an archive found damaged, not even the planner's statistics.
    this.archive.close({ optimize: !this.damageSeen });
  }

  async import(request: unknown, hooks: ImportHooks = {}): Promise<ImportSummary> {
    const req = validate(ImportRequest, request);
    await this.dailyBackup();
    // The readers pull in an HTML DOM, a Markdown lexer and language profiles: load them only when importing.
    const { DEFAULT_IMPORT_OPTIONS, runImport } = await import('./import/run.js');
    return runImport(
      this.archive,
      req.paths.map((p) => resolve(p)),
      {
        ...DEFAULT_IMPORT_OPTIONS,
        source: req.source,
        map: req.map,
        dateFormat: req.dateFormat,
        maxFileBytes: req.maxFileMB === undefined ? DEFAULT_IMPORT_OPTIONS.maxFileBytes : Math.round(req.maxFileMB * 1048576),
        maxArticleBytes: req.maxArticleKB === undefined ? DEFAULT_IMPORT_OPTIONS.maxArticleBytes : Math.round(req.maxArticleKB * 1024),
        longArticles: req.longArticles ?? DEFAULT_IMPORT_OPTIONS.longArticles,
        people: this.archive.entities.registry(),
      },
      hooks,
    );
  }

  /** The bundled sample articles, for a first look at an empty archive; importing them again adds nothing. */
  importSample(hooks: ImportHooks = {}): Promise<ImportSummary> {
    return this.import({ paths: [SAMPLES] }, hooks);
  }

  /** The folders watched for new files, with how watching them goes. */
  foldersList(): WatchedFolder[] {
    return this.archive.folders.list().map(folderStatus);
  }

  /** Watch a folder from now on: an existing folder, kept by its absolute path. */
  foldersAdd(request: unknown): WatchedFolder {
    const path = resolve(validate(FolderPath, request).path);
    let folder: boolean;
    try {
      folder = statSync(path).isDirectory();
    } catch (err) {
      throw new WorkbenchError('invalid_request', `path: cannot watch ${path}: ${errorReason(err)}`);
    }
    if (!folder) throw new WorkbenchError('invalid_request', `path: ${path} is not a folder; watch the folder the files are dropped into`);
    // Each file is read by one watched folder only: a folder reached by two paths, or inside another, would import it twice.
    const real = realPath(path);
    for (const other of this.archive.folders.list()) {
      if (other.path === path) continue;
      const otherReal = realPath(other.path);
      if (otherReal === real) throw new WorkbenchError('conflict', `the folder ${path} is watched already, as ${other.path}`);
      if (isInside(real, otherReal)) throw new WorkbenchError('conflict', `${path} is inside the watched folder ${other.path}, whose subfolders are watched already`);
      if (isInside(otherReal, real)) throw new WorkbenchError('conflict', `${path} holds the watched folder ${other.path}; stop watching that one first`);
    }
    const row = this.archive.folders.add(path, new Date().toISOString());
    if (!row) throw new WorkbenchError('conflict', `the folder ${path} is watched already`);
    this.folderWatching?.changed();
    return folderStatus(row);
  }

  /** Stop watching a folder; the articles it brought stay. */
  foldersRemove(request: unknown): void {
    const path = resolve(validate(FolderPath, request).path);
    if (!this.archive.folders.remove(path)) throw new WorkbenchError('not_found', `no watched folder ${path} (pantau folders list shows them)`);
    this.folderWatching?.changed();
  }

  /** The watching of the saved folders this workbench runs, told when they change. */
  private folderWatching: FolderWatching | null = null;

  /**
   * Watch the saved folders until the answer is stopped (the desktop app, `pantau serve`, `pantau
   * watch`): files that appear in them are imported through the ordinary import, one import at a
   * time, and each folder's check is recorded for `foldersList`.
   */
  watchFolders(options: Omit<FolderWatchingOptions, 'store' | 'archive' | 'importFiles'> = {}): FolderWatching {
    const watching = startFolderWatching({
      ...options,
      store: this.archive.folders,
      archive: this.archive.file,
      importFiles: (paths, signal, alive) => this.import({ paths }, { signal, onProgress: alive }),
    });
    this.folderWatching = watching;
    return {
      ...watching,
      stop: async () => {
        if (this.folderWatching === watching) this.folderWatching = null;
        await watching.stop();
      },
    };
  }

  stats(): Stats {
    return { archive: this.archive.file, sizeBytes: this.archive.sizeBytes(), ...this.archive.stats() };
  }

  article(request: unknown): ArticleView {
    const { id } = validate(ArticleRequest, request);
    const a = this.archive.article(id);
    if (!a) throw new WorkbenchError('not_found', `no article with id ${id}`);
    return {
      ...a,
      paragraphs: a.paragraphs.map((p) => ({
        position: p.position,
        text: p.text,
        occurrences: p.occurrences,
        repeated: (p.flags & FLAG_REPEATED) !== 0,
        boilerplate: (p.flags & FLAG_BOILERPLATE) !== 0,
      })),
    };
  }

  /**
   * One page of results and a count that is exact up to a cap (`totalIsExact` false above it).
   * The exact count, facets and timeline are separate calls, so the first page never waits on them.
   */
  search(request: unknown): SearchResponse {
    const { cursor: _, ...page } = this.searchPage(validate(SearchRequest, request));
    return page;
  }

  /** Where the query's words stand in one article's title and paragraphs, read as search reads them. */
  highlight(request: unknown): Highlights {
    const req = validate(HighlightRequest, request);
    const article = this.article({ id: req.id });
    const ast = parse(req.query);
    return {
      articleId: req.id,
      title: highlightRanges(ast, article.title, 'title'),
      paragraphs: article.paragraphs.flatMap((p) => {
        const ranges = p.boilerplate ? [] : highlightRanges(ast, p.text, 'body');
        return ranges.length === 0 ? [] : [{ position: p.position, ranges }];
      }),
    };
  }

  private searchPage(req: z.output<typeof SearchRequest>, seen?: { upTo: number }): SearchResponse & { cursor: PageCursor | null } {
    const ast = confirmedFilters(parse(req.query), req.confirmedOnly);
    const cursor = req.after === undefined ? null : decodeCursor(req.after, req.sort, ast !== null && this.archive.searches.ranksByText(ast));
    const seenUpTo = seen?.upTo ?? cursor?.seenUpTo;
    const { total, exact, rows } = this.archive.searches.search(ast, req.sort, req.limit, cursor);
    const more = rows.length > req.limit;
    const page = rows.slice(0, req.limit);
    const last = page[page.length - 1];
    const next = more && last ? { sort: req.sort, key: last.sortKey, id: last.id, seenUpTo } : null;
    return {
      total,
      totalIsExact: exact,
      results: page.map((hit) => (seenUpTo === undefined ? toHit(hit) : { ...toHit(hit), new: hit.id > seenUpTo })),
      next: next ? encodeCursor(next) : null,
      notices: this.notices(ast),
      cursor,
    };
  }

  /** The exact number of matches; `signal` cancels it, `onProgress` reports how far it has counted. */
  async count(request: unknown, hooks: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<CountResponse> {
    const req = validate(CountRequest, request);
    try {
      return { total: await this.archive.searches.countExact(confirmedFilters(parse(req.query), req.confirmedOnly), hooks) };
    } catch (err) {
      if (err instanceof Error && err.name === 'AbortError') throw new WorkbenchError('cancelled', 'count cancelled');
      throw err;
    }
  }

  facets(request: unknown): Facets {
    const req = validate(FacetsRequest, request);
    return this.archive.searches.facets(confirmedFilters(parse(req.query), req.confirmedOnly), req.granularity, req.confirmedOnly);
  }

  /** What the user should know about how a query was answered. */
  private notices(ast: QueryNode | null): string[] {
    const owed = usesEntities(ast) ? this.archive.entities.analysisOwed() : null;
    if (owed === null) return [];
    const n = this.archive.articleCount(owed);
    return [`${n.toLocaleString('en')} articles were imported before this version of Pantau could tag countries and people; run \`pantau analyze\` so that country: and person: filters see them`];
  }

  /**
   * The entity a user named. When there is none, null if `creatable` and it is a person or tag
   * (which `add` creates), else a not-found error; several that fit are a conflict.
   */
  private existing(ref: EntityRef, creatable: boolean): EntityRecord | null {
    const found = this.archive.entities.find(ref.kind, ref.name);
    const exact = found.filter((e) => e.name.toLowerCase() === ref.name.toLowerCase());
    if (found.length === 1 || exact.length === 1) return exact[0] ?? found[0]!;
    if (found.length > 1) {
      const names = found.slice(0, 8).map((e) => e.name).join(', ');
      throw new WorkbenchError('conflict', `${ref.kind}:${ref.name} could be ${names}; give the full name`);
    }
    if (creatable && ref.kind !== 'country') return null;
    const hint = ref.kind === 'country' ? ' (give an ISO code such as RU or a name such as Rusia or Russia)' : '';
    throw new WorkbenchError('not_found', `no ${ref.kind} called "${ref.name}"${hint}`);
  }

  /** The entity a user named; with `create`, a person or tag not yet known is added. */
  private entity(ref: EntityRef, create = false): EntityRecord {
    const found = this.existing(ref, create);
    if (found) return found;
    const made = this.archive.entities.create(ref.kind as 'person' | 'tag', ref.name);
    if (!made) throw new WorkbenchError('not_found', `no ${ref.kind} called "${ref.name}"`);
    return made;
  }

  private requireArticle(id: number): void {
    if (!this.archive.hasArticle(id)) throw new WorkbenchError('not_found', `no article with id ${id}`);
  }

  /** An article's countries, people and tags, with each suggestion's status, evidence and score. */
  tags(request: unknown): ArticleTags {
    const { id } = validate(TagsRequest, request);
    this.requireArticle(id);
    return this.tagsOf(id);
  }

  private tagsOf(id: number): ArticleTags {
    const rows = this.archive.entities.tagsOf(id);
    const base = (r: (typeof rows)[number]) => ({ status: r.status, origin: r.origin, mentions: r.mentions, score: r.score, evidence: r.evidence });
    return {
      articleId: id,
      countries: rows.filter((r) => r.kind === 'country').map((r) => ({ code: r.code!, name: r.name, ...base(r) })),
      persons: rows.filter((r) => r.kind === 'person').map((r) => ({ name: r.name, aliases: r.aliases, ...base(r) })),
      tags: rows.filter((r) => r.kind === 'tag').map((r) => ({ name: r.name, status: r.status })),
    };
  }

  /**
   * Confirm or reject suggestions, or add or remove tags, on one article; answers with the
   * article's tags after. Every entity is resolved first, so a name that cannot be resolved
   * changes nothing.
   */
  tag(request: unknown): ArticleTags {
    const req = validate(TagChange, request);
    this.requireArticle(req.id);
    const store = this.archive.entities;
    // All are resolved before anything changes; a person or tag that `add` creates is created only then.
    const entities = req.entities.map((ref) => this.existing(ref, req.action === 'add'));
    if (req.action === 'remove') {
      const tagged = new Set(store.tagsOf(req.id).map((t) => t.entityId));
      const missing = entities.find((e) => !tagged.has(e!.id));
      if (missing) throw new WorkbenchError('not_found', `article ${req.id} has no ${missing.kind} tag "${missing.name}"`);
    }
    entities.forEach((e, i) => {
      const entity = e ?? this.entity(req.entities[i]!, true);
      if (req.action === 'remove') store.untag(req.id, entity.id);
      else store.decide(req.id, entity.id, req.action === 'reject' ? 'rejected' : 'confirmed');
    });
    return this.tagsOf(req.id);
  }

  /** Confirm a suggestion, or add a tag, on every article a query matches; a dry run only counts them. */
  tagBulk(request: unknown): BulkTagResult {
    const req = validate(BulkTagChange, request);
    const ids = this.archive.searches.ids(parse(req.query));
    // The dry run names the entity the change will apply to, or refuses as the change would.
    const found = this.existing(req.entity, req.action === 'add');
    if (req.dryRun) return { matches: ids.length, changed: 0, entity: found?.name ?? req.entity.name };
    const entity = found ?? this.entity(req.entity, true);
    const changed = this.archive.entities.bulk(ids, entity.id, req.action);
    return { matches: ids.length, changed, entity: entity.name };
  }

  entities(request: unknown = {}): EntitySummary[] {
    const { kind } = validate(EntitiesRequest, request);
    return this.archive.entities.list(kind).map(summary);
  }

  private entitySummary(id: number): EntitySummary {
    const row = this.archive.entities.summary(id);
    if (!row) throw new WorkbenchError('not_found', `no entity with id ${id}`);
    return summary(row);
  }

  /** A person (recognised in every import from now on) or a tag of the user's own. */
  entityAdd(request: unknown): EntitySummary {
    const req = validate(EntityAdd, request);
    const country = req.country === undefined ? null : this.entity({ kind: 'country', name: req.country }).code;
    const made = this.archive.entities.create(req.kind, req.name, { aliases: req.aliases, country, office: req.office ?? null });
    if (!made) throw new WorkbenchError('conflict', `a ${req.kind} called "${req.name}" already exists`);
    return this.entitySummary(made.id);
  }

  /** Rename a person or tag; the old name stays as an alias, so filters and matching still find it. */
  entityRename(request: unknown): EntitySummary {
    const req = validate(EntityRename, request);
    if (req.entity.kind === 'country') throw new WorkbenchError('invalid_request', 'countries keep their ISO names; add an alias instead');
    const e = this.entity(req.entity);
    if (!this.archive.entities.rename(e.id, req.name)) {
      throw new WorkbenchError('conflict', `a ${e.kind} called "${req.name}" already exists; merge the two instead`);
    }
    return this.entitySummary(e.id);
  }

  /** Fold one person or tag into another: its articles, name and aliases move over. */
  entityMerge(request: unknown): EntitySummary {
    const req = validate(EntityMerge, request);
    if (req.from.kind !== req.into.kind) throw new WorkbenchError('invalid_request', `cannot merge a ${req.from.kind} into a ${req.into.kind}`);
    if (req.from.kind === 'country') throw new WorkbenchError('invalid_request', 'countries cannot be merged; each is one ISO 3166 country');
    const from = this.entity(req.from);
    const into = this.entity(req.into);
    if (from.id === into.id) throw new WorkbenchError('invalid_request', `"${req.from.name}" and "${req.into.name}" are already the same ${from.kind}`);
    this.archive.entities.merge(from.id, into.id);
    return this.entitySummary(into.id);
  }

  entityRemove(request: unknown): void {
    const req = validate(EntityRemove, request);
    if (req.entity.kind === 'country') throw new WorkbenchError('invalid_request', 'countries cannot be removed; reject or mute them instead');
    this.archive.entities.remove(this.entity(req.entity).id);
  }

  /** A muted entity is never suggested again (a name rejected everywhere); unmuting lets it be suggested by the next analysis. */
  entityMute(request: unknown): EntitySummary {
    const req = validate(EntityMute, request);
    const e = this.entity(req.entity);
    this.archive.entities.setMuted(e.id, req.muted);
    return this.entitySummary(e.id);
  }

  entityAlias(request: unknown): EntitySummary {
    const req = validate(EntityAlias, request);
    const e = this.entity(req.entity);
    if (req.remove) {
      if (!this.archive.entities.removeAlias(e.id, req.alias)) throw new WorkbenchError('not_found', `"${e.name}" has no alias "${req.alias}"`);
    } else this.archive.entities.addAlias(e.id, req.alias);
    return this.entitySummary(e.id);
  }

  /**
   * Suggest countries and people again for every article, with the current gazetteer and registry.
   * Every decision a person made stays. Cancelling keeps what was analysed so far, which is
   * consistent: each chunk of articles is one transaction.
   */
  async analyze(hooks: ReanalyseHooks = {}): Promise<AnalyzeSummary> {
    const { reanalyse } = await import('./analysis/reanalyse.js');
    const summary = await reanalyse(this.archive, hooks);
    if (summary.status === 'done') this.archive.entities.analysisDone();
    return summary;
  }

  savedAdd(request: unknown): SavedSearch {
    const req = validate(SavedSearchAdd, request);
    parse(req.query);
    const row = this.archive.saved.add(req.name, req.query, new Date().toISOString());
    if (!row) throw new WorkbenchError('conflict', `a saved search named "${req.name}" already exists`);
    return this.describeSaved(row);
  }

  savedList(): SavedSearch[] {
    return this.archive.saved.list().map((row) => this.describeSaved(row));
  }

  /**
   * Run a saved search, mark the results added since it was last opened as new, and mark it
   * opened. Its later pages (`after`) carry what was read before this run, so their new results
   * are marked too, and they do not mark the search opened again.
   */
  savedRun(request: unknown): SearchResponse & { saved: SavedSearch } {
    const req = validate(SavedSearchRun, request);
    const row = this.archive.saved.get(req.name);
    if (!row) throw new WorkbenchError('not_found', `no saved search named "${req.name}"`);
    const first = req.after === undefined;
    const saved = this.describeSaved(row);
    const { cursor, ...results } = this.searchPage(
      { query: row.query, sort: req.sort, limit: req.limit, after: req.after },
      first ? { upTo: row.seenUpTo } : undefined,
    );
    if (!first && cursor?.seenUpTo === undefined) {
      throw new WorkbenchError('invalid_request', 'after: not a cursor from this saved search; use the "next" value printed with its previous page');
    }
    if (first) this.archive.saved.markOpened(row.id, new Date().toISOString());
    if (first) return { ...results, saved };
    return { ...results, saved: { ...saved, new: this.archive.searches.count(parse(row.query), cursor?.seenUpTo) } };
  }

  savedRemove(request: unknown): void {
    const { name } = validate(SavedSearchName, request);
    if (!this.archive.saved.remove(name)) throw new WorkbenchError('not_found', `no saved search named "${name}"`);
  }

  private describeSaved(row: { id: number; name: string; query: string; createdAt: string; lastOpenedAt: string | null; seenUpTo: number }): SavedSearch {
    const ast = parse(row.query);
    const total = this.archive.searches.count(ast);
    const fresh = this.archive.searches.count(ast, row.seenUpTo);
    return { id: row.id, name: row.name, query: row.query, createdAt: row.createdAt, lastOpenedAt: row.lastOpenedAt, total, new: fresh };
  }

  /** The feeds the user added, with how their polling goes. */
  feedsList(): FeedStatus[] {
    return this.archive.feeds.list().map(feedStatus);
  }

  /** Add a feed to poll; only http(s), polled at most once a minute. It is due at once. */
  feedsAdd(request: unknown): FeedStatus {
    const req = validate(FeedAdd, request);
    const url = httpUrl(req.url);
    if (!url) throw new WorkbenchError('invalid_request', `url: ${req.url} is not an http or https address; Pantau polls only web feeds`);
    const everySeconds = req.every === undefined ? DEFAULT_EVERY_SECONDS : parseEvery(req.every);
    if (everySeconds === null) throw new WorkbenchError('invalid_request', `every: "${req.every}" is not an interval such as 30m, 2h or 1d`);
    if (everySeconds < MIN_EVERY_SECONDS) throw new WorkbenchError('invalid_request', `every: at least 1m; a feed polled more often than once a minute burdens its server`);
    const row = this.archive.feeds.add({ url: url.href, everySeconds, source: req.source ?? null, fullText: req.fullText }, new Date().toISOString());
    if (!row) throw new WorkbenchError('conflict', `the feed ${url.href} is already polled`);
    return feedStatus(row);
  }

  /** Stop polling a feed; the articles it brought stay. */
  feedsRemove(request: unknown): void {
    const { url } = validate(FeedUrl, request);
    const href = httpUrl(url)?.href ?? url;
    if (!this.archive.feeds.remove(href)) throw new WorkbenchError('not_found', `no feed ${url} (pantau feeds list shows them)`);
  }

  /** One feed run at a time: the timer and a "run now" would otherwise fetch the same items twice. */
  private feedRuns: Promise<unknown> = Promise.resolve();

  /**
   * Poll the feeds that are due (or all of them) one after another, importing their new items
   * through the ordinary import run. A feed that fails is recorded and backed off; the others go on.
   * The signal stops the run between feeds (and the request under way).
   */
  feedsRun(request: unknown = {}, hooks: FeedRunHooks = {}): Promise<FeedsRunSummary> {
    const req = validate(FeedsRunRequest, request);
    const run = this.feedRuns.then(() => this.pollFeeds(req.all, hooks));
    this.feedRuns = run.catch(() => undefined);
    return run;
  }

  private async pollFeeds(all: boolean, hooks: FeedRunHooks): Promise<FeedsRunSummary> {
    const now = hooks.now ?? (() => new Date());
    const store = this.archive.feeds;
    const feeds = all ? store.list() : store.due(now().toISOString());
    const limits = { ...DEFAULT_FETCH_LIMITS, ...hooks.limits };
    const results: FeedsRunSummary['feeds'] = [];
    for (const feed of feeds) {
      if (hooks.signal?.aborted) break;
      hooks.onProgress?.({ done: results.length, total: feeds.length, url: feed.url });
      results.push(
        await pollFeed(store, feed, {
          limits,
          now,
          signal: hooks.signal,
          importItems: (f, items, signal) =>
            importItemsFile(f.url, items, async (path, nameOf) => (await this.import({ paths: [path], source: f.source ?? undefined }, { signal, nameOf })).imported),
        }),
      );
    }
    hooks.onProgress?.({ done: results.length, total: feeds.length, url: null });
    return { feeds: results, imported: results.reduce((n, r) => n + r.new, 0) };
  }

  /** Articles the duplicate finder has not seen yet. */
  dupsPending(): number {
    return this.archive.duplicates.pendingCount();
  }

  /** Run the duplicate finder over the articles it has not seen yet (an upgraded archive, a stopped import). */
  async dupsUpdate(hooks: DuplicateHooks = {}): Promise<DuplicateSummary> {
    return updateDuplicates(this.archive, new Map(), hooks);
  }

  /** Duplicate clusters, largest (or most outlets, or most recent) first; with a query, those touching its matches. */
  dups(request: unknown = {}): DupsResponse {
    const req = validate(DupsRequest, request);
    const store = this.archive.duplicates;
    let total: number;
    let rows: ClusterRow[];
    if (req.query !== undefined && req.query.trim() !== '') {
      ({ total, rows } = store.clustersOf(this.archive.searches.ids(parse(req.query)), req.sort, req.minSize, req.limit, req.offset));
    } else {
      total = store.clusterCount(req.minSize);
      rows = store.clusters(req.sort, req.minSize, req.limit, req.offset);
    }
    return {
      total,
      threshold: store.threshold(),
      boilerplateArticles: store.boilerplateArticles(),
      pending: store.pendingCount(),
      clusters: rows.flatMap((r) => this.describeCluster(r, req.members ? req.memberLimit : 0) ?? []),
    };
  }

  /** One cluster with its members in time order. */
  dupCluster(request: unknown): DupCluster {
    const { id } = validate(DupClusterRequest, request);
    const row = this.archive.duplicates.cluster(id);
    const cluster = row ? this.describeCluster(row, Number.MAX_SAFE_INTEGER) : null;
    if (!cluster) throw new WorkbenchError('not_found', `no duplicate cluster with id ${id}`);
    return cluster;
  }

  private paragraphText(articleId: number, position: number): string {
    return this.archive.duplicates.paragraphTexts(articleId)[position] ?? '';
  }

  /** A cluster as the API shows it, with its first `memberLimit` members (in time order); null if it has none left. */
  private describeCluster(row: ClusterRow, memberLimit: number): DupCluster | null {
    const members = this.archive.duplicates.members(row.id);
    const first = members.find((m) => m.articleId === row.firstArticle && m.position === row.firstPosition) ?? members[0];
    if (!first) return null;
    const text = this.paragraphText(first.articleId, first.position);
    const days = new Map<string, number>();
    for (const m of members) if (m.publishedAt) days.set(m.publishedAt.slice(0, 10), (days.get(m.publishedAt.slice(0, 10)) ?? 0) + 1);
    const cluster: DupCluster = {
      id: row.id,
      size: row.size,
      outlets: row.outlets,
      sources: [...new Set(members.map((m) => m.source).filter((s): s is string => s !== null))],
      firstSeen: { articleId: first.articleId, paragraph: first.position, publishedAt: first.publishedAt, source: first.source, title: first.title },
      lastPublishedAt: row.lastPublished,
      text,
      spread: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, paragraphs]) => ({ day, paragraphs })),
    };
    if (memberLimit > 0) {
      const origin = shingleSet(text);
      cluster.members = members.slice(0, memberLimit).map((m) => this.member(m, origin));
    }
    return cluster;
  }

  private member(m: MemberRow, origin: Uint32Array): DupMember {
    const own = this.paragraphText(m.articleId, m.position);
    return {
      articleId: m.articleId,
      paragraph: m.position,
      similarity: Math.round(similarity(origin, shingleSet(own)) * 1000) / 1000,
      source: m.source,
      section: m.section,
      title: m.title,
      publishedAt: m.publishedAt,
    };
  }

  /** For one article: each paragraph, its repeats within the article, its cluster and the other articles that share it. */
  dupsArticle(request: unknown): ArticleDups {
    const { id } = validate(DupsArticleRequest, request);
    const membership = this.archive.duplicates.membership(id);
    return {
      articleId: id,
      paragraphs: this.article({ id }).paragraphs.map((p) => {
        const clusterId = membership.get(p.position);
        const row = clusterId === undefined ? null : this.archive.duplicates.cluster(clusterId);
        if (!row) return { ...p, cluster: null, others: [] };
        const mine = shingleSet(p.text);
        return {
          ...p,
          cluster: { id: row.id, size: row.size, outlets: row.outlets },
          others: this.archive.duplicates
            .members(row.id)
            .filter((m) => m.articleId !== id)
            .map((m) => this.member(m, mine)),
        };
      }),
    };
  }


  /** What each outlet was found to repeat, kept out of clusters, snippets and ranking. */
  boilerplate(): BoilerplateEntry[] {
    return this.archive.duplicates.boilerplateList();
  }

  /**
   * Write an export to a CSV file or an Excel workbook, a page of rows at a time, with progress;
   * `signal` stops it between pages and leaves no file behind.
   */
  async export(request: unknown, hooks: ExportHooks = {}): Promise<ExportResult> {
    const req = validate(ExportRequest, request);
    if (isArchiveFile(req.out, realPath(this.archive.file))) {
      throw new WorkbenchError('invalid_request', `cannot write ${resolve(req.out)}: it is the archive itself; choose another file`);
    }
    let text = req.query;
    if (req.saved !== undefined) {
      const saved = this.archive.saved.get(req.saved);
      if (!saved) throw new WorkbenchError('not_found', `no saved search called "${req.saved}"`);
      text = saved.query;
    }
    const query = confirmedFilters(parse(text), req.confirmedOnly);
    const plan = () => {
      switch (req.kind) {
        case 'articles':
          return articlesPlan(this.archive, { query, sort: req.sort, columns: req.columns ?? DEFAULT_ARTICLE_COLUMNS, confirmedOnly: req.confirmedOnly });
        case 'entity-counts':
          return entityCountsPlan(this.archive, {
            query,
            kind: req.entity === 'person' ? 'person' : 'country',
            period: req.period,
            layout: req.layout,
            confirmedOnly: req.confirmedOnly,
          });
        case 'duplicates':
          return duplicatesPlan(this.archive, { query, sort: req.clusterSort, minSize: req.minSize, members: req.members });
        case 'entities':
          return entitiesPlan(this.archive, req.entity);
      }
    };
    const format = formatOf(req.out, req.format);
    const cache = this.archive.exports.cacheKiB();
    this.archive.exports.cacheKiB(Math.min(cache, EXPORT_CACHE_KIB[format]));
    try {
      return await this.writePlan(plan(), req, format, hooks);
    } finally {
      this.archive.exports.cacheKiB(cache);
    }
  }

  private async writePlan(chosen: ExportPlan, req: z.output<typeof ExportRequest>, format: 'csv' | 'xlsx', hooks: ExportHooks): Promise<ExportResult> {
    if (format === 'xlsx' && chosen.columns.length > EXCEL_COLUMNS) {
      throw new WorkbenchError(
        'invalid_request',
        `${chosen.columns.length} columns are more than an Excel sheet holds (${EXCEL_COLUMNS}); choose a longer period or --layout long`,
      );
    }
    try {
      return await writeExport(chosen, req.out, format, { delimiter: req.delimiter, bom: req.bom }, hooks);
    } catch (err) {
      if (err instanceof ExportTargetError) throw new WorkbenchError('invalid_request', err.message);
      const code = (err as NodeJS.ErrnoException).code;
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new WorkbenchError('invalid_request', `cannot write ${resolve(req.out)}: ${(err as Error).message}`);
      throw err;
    }
  }

  /** Change the similarity threshold (regroups every cluster) or the boilerplate threshold (relearns it). */
  async dupsSettings(request: unknown, hooks: DuplicateHooks = {}): Promise<DupsSettingsResult> {
    const req = validate(DupsSettings, request);
    const store = this.archive.duplicates;
    let status: 'done' | 'cancelled' = 'done';
    if (req.boilerplateArticles !== undefined && req.boilerplateArticles !== store.boilerplateArticles()) {
      status = await relearnBoilerplate(this.archive, req.boilerplateArticles, hooks);
    }
    // A threshold given is applied even when it is the current one: it regroups, as after a stopped relearning.
    if (status === 'done' && req.threshold !== undefined) {
      status = await regroup(this.archive, req.threshold, hooks);
    }
    return { status, threshold: store.threshold(), boilerplateArticles: store.boilerplateArticles(), clusters: store.clusterCount(2) };
  }

  /** Problems SQLite and the full-text index find in the archive; empty when it is sound. */
  check(): string[] {
    return this.archive.integrityProblems();
  }
}

/*
 * Damage SQLite meets in any call (on a page that opening did not read) becomes a
 * DamagedArchiveError naming the latest good backup, at every door, rather than a bare "database
 * disk image is malformed". Wrapping the prototype once keeps that out of every method's body.
 */
for (const name of Object.getOwnPropertyNames(Workbench.prototype)) {
  const descriptor = Object.getOwnPropertyDescriptor(Workbench.prototype, name)!;
  const method: unknown = descriptor.value;
  if (name === 'constructor' || typeof method !== 'function') continue;
  const damaged = (wb: Workbench, err: unknown): unknown => {
    const damage = asDamaged(wb.archivePath, err, APPLICATION_ID);
    if (damage === null) return err;
    wb['damageSeen'] = true;
    return damage;
  };
  Object.defineProperty(Workbench.prototype, name, {
    ...descriptor,
    value(this: Workbench, ...args: unknown[]): unknown {
      try {
        const value: unknown = method.apply(this, args);
        return value instanceof Promise ? value.catch((err: unknown) => Promise.reject(damaged(this, err))) : value;
      } catch (err) {
        throw damaged(this, err);
      }
    },
  });
}
