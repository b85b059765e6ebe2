import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { Archive, FLAG_BOILERPLATE, FLAG_REPEATED } from '../db/archive.js';
import { type Cursor, type HitRow, MATCH_END, MATCH_START } from '../db/search.js';
import {
  type ApiError,
  ArticleRequest,
  type ArticleView,
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
} from './api.js';
import type { ImportHooks } from './import/run.js';
import { defaultArchivePath, resolveArchivePath } from './paths.js';
import { QueryError } from './search/ast.js';
import { type Compiled, compileQuery } from './search/compile.js';
import { parseQuery } from './search/parse.js';

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

/** Parse and compile a user's query; a query that cannot be read becomes an error that points at the problem. */
function compile(query: string): Compiled {
  try {
    return compileQuery(parseQuery(query));
  } catch (err) {
    if (err instanceof QueryError) throw new WorkbenchError('invalid_query', err.message, err.position);
    throw err;
  }
}

/* Cursors are opaque to clients: the sort they belong to, the last row's sort key and id. */
const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.sort, c.key, c.id])).toString('base64url');

/** A cursor names the last row's sort key: a relevance score (a number) when ranking words, else a date (a string). */
function decodeCursor(text: string, sort: SortOrder, scored: boolean): Cursor {
  try {
    const [s, key, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (s === sort && typeof key === (scored ? 'number' : 'string') && Number.isInteger(id)) return { sort, key: key as number | string, id: id as number };
  } catch {
    // fall through to the error below
  }
  throw new WorkbenchError('invalid_request', `after: not a cursor from a search sorted by ${sort}; use the "next" value of the previous page`);
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
  static open(file?: string, { create = false }: { create?: boolean } = {}): Workbench {
    const path = resolveArchivePath(file);
    if (!create && path !== defaultArchivePath() && !existsSync(path)) {
      throw new WorkbenchError('not_found', `no archive at ${path} (import something into it first)`);
    }
    mkdirSync(dirname(path), { recursive: true });
    const archive = Archive.open(path);
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

  /** The exact total and one page of results; facets are a separate call so this never waits on them. */
  search(request: unknown): SearchResponse {
    const req = validate(SearchRequest, request);
    const { search, notices } = compile(req.query);
    const cursor = req.after === undefined ? null : decodeCursor(req.after, req.sort, req.sort === 'relevance' && search.match !== null);
    const { total, rows } = this.archive.searches.search(search, req.sort, req.limit, cursor);
    const more = rows.length > req.limit;
    const page = rows.slice(0, req.limit);
    const last = page[page.length - 1];
    return {
      total,
      results: page.map(toHit),
      next: more && last ? encodeCursor({ sort: req.sort, key: last.sortKey, id: last.id }) : null,
      notices,
    };
  }

  facets(request: unknown): Facets {
    const req = validate(FacetsRequest, request);
    const { search } = compile(req.query);
    const f = this.archive.searches.facets(search, req.granularity);
    return { sources: f.sources, languages: f.languages, countries: [], persons: [], timeline: f.timeline, granularity: f.granularity };
  }

  savedAdd(request: unknown): SavedSearch {
    const req = validate(SavedSearchAdd, request);
    compile(req.query);
    const row = this.archive.saved.add(req.name, req.query, new Date().toISOString());
    if (!row) throw new WorkbenchError('conflict', `a saved search named "${req.name}" already exists`);
    return this.describeSaved(row);
  }

  savedList(): SavedSearch[] {
    return this.archive.saved.list().map((row) => this.describeSaved(row));
  }

  /** Run a saved search, report what is new since it was last opened, and mark it opened. */
  savedRun(request: unknown): SearchResponse & { saved: SavedSearch } {
    const req = validate(SavedSearchRun, request);
    const row = this.archive.saved.get(req.name);
    if (!row) throw new WorkbenchError('not_found', `no saved search named "${req.name}"`);
    const saved = this.describeSaved(row);
    const results = this.search({ query: row.query, sort: req.sort, limit: req.limit });
    this.archive.saved.markOpened(row.id, new Date().toISOString());
    return { ...results, saved };
  }

  savedRemove(request: unknown): void {
    const { name } = validate(SavedSearchName, request);
    if (!this.archive.saved.remove(name)) throw new WorkbenchError('not_found', `no saved search named "${name}"`);
  }

  private describeSaved(row: { id: number; name: string; query: string; createdAt: string; lastOpenedAt: string | null; seenUpTo: number }): SavedSearch {
    const { search } = compile(row.query);
    const total = this.archive.searches.count(search);
    const fresh = this.archive.searches.count(search, row.seenUpTo);
    return { id: row.id, name: row.name, query: row.query, createdAt: row.createdAt, lastOpenedAt: row.lastOpenedAt, total, new: fresh };
  }

  /** Problems SQLite and the full-text index find in the archive; empty when it is sound. */
  check(): string[] {
    return this.archive.integrityProblems();
  }
}
