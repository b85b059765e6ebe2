import { z } from 'zod';

/*
 * The contract between the front doors (CLI, HTTP server, Electron IPC) and the Workbench.
 * Requests are validated here at every door; responses are plain typed data.
 */

export const ArticleField = z.enum(['title', 'body', 'date', 'url', 'source', 'author']);
export const DateOrder = z.enum(['DMY', 'MDY']);

export const ImportRequest = z.object({
  paths: z.array(z.string().min(1)).min(1, 'give at least one file or folder to import'),
  source: z.string().trim().min(1).optional(),
  map: z.partialRecord(ArticleField, z.string().min(1)).optional(),
  dateFormat: DateOrder.optional(),
  maxFileMB: z.number().positive().max(4096).optional(),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

export interface FileError {
  path: string;
  reason: string;
}

export interface ImportProgress {
  phase: 'scanning' | 'importing';
  filesTotal: number;
  bytesTotal: number;
  filesDone: number;
  bytesDone: number;
  imported: number;
  skipped: number;
  failed: number;
  current: string | null;
}

export interface ImportSummary {
  importId: number;
  status: 'done' | 'cancelled';
  files: number;
  imported: number;
  skipped: number;
  failed: number;
  /** New articles whose outlet neither the file nor `--source` named. */
  unsourced: number;
  /** What could not be imported (first 1,000; the archive's import log has all). */
  errors: FileError[];
  /** What was imported with a caveat, such as an unreadable date (first 1,000). */
  warnings: FileError[];
  durationMs: number;
}

export interface Stats {
  archive: string;
  sizeBytes: number;
  schemaVersion: number;
  articles: number;
  paragraphs: number;
  repeatedParagraphs: number;
  sources: number;
  imports: number;
  languages: Record<string, number>;
  firstPublished: string | null;
  lastPublished: string | null;
}

export interface ParagraphView {
  position: number;
  text: string;
  occurrences: number;
  repeated: boolean;
  boilerplate: boolean;
}

export interface ArticleView {
  id: number;
  title: string;
  source: string | null;
  url: string | null;
  publishedAt: string | null;
  author: string | null;
  language: string | null;
  origin: string;
  addedAt: string;
  importId: number | null;
  paragraphs: ParagraphView[];
}

export const ArticleRequest = z.object({ id: z.number().int().positive() });

export const SearchRequest = z.object({
  query: z.string(),
  limit: z.number().int().min(1).max(1000).default(20),
  offset: z.number().int().min(0).default(0),
});
export type SearchRequest = z.input<typeof SearchRequest>;

export interface SearchHit {
  id: number;
  title: string;
  source: string | null;
  publishedAt: string | null;
  language: string | null;
  /** Plain text, HTML-escaped, with matches wrapped in `<mark>` … `</mark>`. */
  snippet: string;
}

export interface SearchResponse {
  total: number;
  results: SearchHit[];
}

/** An error a user caused and can fix (bad query, missing file): shown as is, exit code 2 in the CLI. */
export interface ApiError {
  code: 'invalid_request' | 'not_found' | 'archive' | 'internal';
  message: string;
}
