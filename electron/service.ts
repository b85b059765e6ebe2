import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { Archive, FLAG_BOILERPLATE, FLAG_REPEATED } from '../db/archive.js';
import type { QueryNode } from '../db/search/ast.js';
import { type Cursor, type HitRow, MATCH_END, MATCH_START } from '../db/search/store.js';
import {
  type ApiError,
  ArticleRequest,
  type ArticleView,
  CountRequest,
  type CountResponse,
  type Facets,
  FacetsRequest,
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
  type UpgradeProgress,
} from './api.js';
import type { ImportHooks } from './import/run.js';
import { defaultArchivePath, resolveArchivePath } from './paths.js';
import { parseQuery } from './search/parse.js';
import { QueryError } from './search/query-error.js';

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

/**
 * The one API of Pantau (DESIGN §3). The CLI, the HTTP server and Electron's IPC all call this
 * and nothing else; it owns the archive for as long as it is open.
 */
export class Workbench {
  private constructor(private readonly archive: Archive) {}

  /**
   * Open the archive at `file`, or the one `PANTAU_DB` names, or the per-user default. The default
   * is created on first use; a named archive only when `create` is set (an import), so a mistyped
   * path in a read-only command is an error rather than a new empty archive.
   */
  static async open(
    file?: string,
    { create = false, onUpgrade }: { create?: boolean; onUpgrade?: (progress: UpgradeProgress) => void } = {},
  ): Promise<Workbench> {
    const path = resolveArchivePath(file);
    if (!create && path !== defaultArchivePath() && !existsSync(path)) {
      throw new WorkbenchError('not_found', `no archive at ${path} (import something into it first)`);
    }
    mkdirSync(dirname(path), { recursive: true });
    const archive = await Archive.open(path, { onUpgrade });
    archive.closeAbandonedImports(isAlive);
    return new Workbench(archive);
  }

  get archivePath(): string {
    return this.archive.file;
  }

  close(): void {
    this.archive.close();
  }

  async import(request: unknown, hooks: ImportHooks = {}): Promise<ImportSummary> {
    const req = validate(ImportRequest, request);
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
      },
      hooks,
    );
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

  private searchPage(req: z.output<typeof SearchRequest>, seen?: { upTo: number }): SearchResponse & { cursor: PageCursor | null } {
    const ast = parse(req.query);
    const cursor = req.after === undefined ? null : decodeCursor(req.after, req.sort, ast !== null && this.archive.searches.ranksByText(ast));
    const seenUpTo = seen?.upTo ?? cursor?.seenUpTo;
    const { total, exact, rows, notices } = this.archive.searches.search(ast, req.sort, req.limit, cursor);
    const more = rows.length > req.limit;
    const page = rows.slice(0, req.limit);
    const last = page[page.length - 1];
    const next = more && last ? { sort: req.sort, key: last.sortKey, id: last.id, seenUpTo } : null;
    return {
      total,
      totalIsExact: exact,
      results: page.map((hit) => (seenUpTo === undefined ? toHit(hit) : { ...toHit(hit), new: hit.id > seenUpTo })),
      next: next ? encodeCursor(next) : null,
      notices,
      cursor,
    };
  }

  /** The exact number of matches; `signal` cancels it, `onProgress` reports how far it has counted. */
  async count(request: unknown, hooks: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<CountResponse> {
    const req = validate(CountRequest, request);
    try {
      return { total: await this.archive.searches.countExact(parse(req.query), hooks) };
    } catch (err) {
      if (err instanceof Error && err.name === 'AbortError') throw new WorkbenchError('cancelled', 'count cancelled');
      throw err;
    }
  }

  facets(request: unknown): Facets {
    const req = validate(FacetsRequest, request);
    const f = this.archive.searches.facets(parse(req.query), req.granularity);
    return { sources: f.sources, languages: f.languages, countries: [], persons: [], timeline: f.timeline, undated: f.undated, granularity: f.granularity };
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

  /** Problems SQLite and the full-text index find in the archive; empty when it is sound. */
  check(): string[] {
    return this.archive.integrityProblems();
  }
}
