import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { Archive, FLAG_BOILERPLATE, FLAG_REPEATED, MATCH_END, MATCH_START } from '../db/archive.js';
import {
  type ApiError,
  ArticleRequest,
  type ArticleView,
  ImportRequest,
  type ImportSummary,
  SearchRequest,
  type SearchResponse,
  type Stats,
} from './api.js';
import type { ImportHooks } from './import/run.js';
import { defaultArchivePath, resolveArchivePath } from './paths.js';
import { termsToMatch } from './search/terms.js';

/** An error meant for the user, with a code the front doors map to exit codes or HTTP statuses. */
export class WorkbenchError extends Error {
  override name = 'WorkbenchError';
  constructor(
    readonly code: ApiError['code'],
    message: string,
  ) {
    super(message);
  }
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

  search(request: unknown): SearchResponse {
    const req = validate(SearchRequest, request);
    const match = termsToMatch(req.query);
    if (match === null) throw new WorkbenchError('invalid_request', 'the query has no words to search for');
    const { total, rows } = this.archive.search(match, req.limit, req.offset);
    return { total, results: rows.map((r) => ({ ...r, snippet: markSnippet(r.snippet) })) };
  }

  /** Problems SQLite and the full-text index find in the archive; empty when it is sound. */
  check(): string[] {
    return this.archive.integrityProblems();
  }
}
