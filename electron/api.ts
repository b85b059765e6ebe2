import { z } from 'zod';

/*
 * The contract between the front doors (CLI, HTTP server, Electron IPC) and the Workbench.
 * Requests are validated here at every door; responses are plain typed data.
 */

/** Opening an archive of an older schema: copying it aside, then migrating it. */
export interface UpgradeProgress {
  phase: 'backup' | 'migrate';
  done: number;
  total: number;
  /** The copy of the archive as it was. */
  backup: string;
}

export const ArticleField = z.enum(['title', 'body', 'date', 'url', 'source', 'author']);
export const DateOrder = z.enum(['DMY', 'MDY']);

export const ImportRequest = z.object({
  paths: z.array(z.string().min(1)).min(1, 'give at least one file or folder to import'),
  source: z.string().trim().min(1).optional(),
  map: z.partialRecord(ArticleField, z.string().min(1)).optional(),
  dateFormat: DateOrder.optional(),
  maxFileMB: z.number().positive().max(4096).optional(),
  /** Articles whose clean text is longer than this are split into parts or refused (`longArticles`). */
  maxArticleKB: z.number().positive().max(65536).optional(),
  longArticles: z.enum(['split', 'refuse']).optional(),
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

export const SortOrder = z.enum(['relevance', 'newest', 'oldest']);
export type SortOrder = z.infer<typeof SortOrder>;

export const SearchRequest = z.object({
  query: z.string().max(100_000),
  sort: SortOrder.default('relevance'),
  limit: z.number().int().min(1).max(1000).default(20),
  /** The `next` of the previous page. */
  after: z.string().max(2000).optional(),
});
export type SearchRequest = z.input<typeof SearchRequest>;

export const Granularity = z.enum(['day', 'week', 'month']);

/** The exact number of matches, which a search gives only up to a cap; cancellable, with progress. */
export const CountRequest = z.object({ query: z.string().max(100_000) });
export type CountRequest = z.input<typeof CountRequest>;

export interface CountResponse {
  total: number;
}

export const FacetsRequest = z.object({
  query: z.string().max(100_000),
  /** Timeline bars; chosen from the span of the matches when absent. */
  granularity: Granularity.optional(),
});
export type FacetsRequest = z.input<typeof FacetsRequest>;

export interface FacetCount {
  value: string;
  count: number;
}

/** Counts over the whole match set, not just one page. */
export interface Facets {
  sources: FacetCount[];
  languages: FacetCount[];
  countries: FacetCount[];
  persons: FacetCount[];
  /** Every period from the first match to the last, empty periods with a count of 0. */
  timeline: FacetCount[];
  /** Matches without a date (not in the timeline). */
  undated: number;
  granularity: z.infer<typeof Granularity>;
}

export const SavedSearchAdd = z.object({ name: z.string().trim().min(1).max(200), query: z.string().max(100_000) });
export const SavedSearchName = z.object({ name: z.string().trim().min(1).max(200) });
export const SavedSearchRun = SavedSearchName.extend({
  sort: SortOrder.default('relevance'),
  limit: z.number().int().min(1).max(1000).default(20),
  /** The `next` of the previous page: paging a saved search's results does not mark it read again. */
  after: z.string().max(2000).optional(),
});

export interface SavedSearch {
  id: number;
  name: string;
  query: string;
  createdAt: string;
  lastOpenedAt: string | null;
  /** Articles matching now. */
  total: number;
  /** Matching articles added since the search was last opened. */
  new: number;
}

export interface SearchHit {
  id: number;
  title: string;
  source: string | null;
  publishedAt: string | null;
  language: string | null;
  /** Plain text, HTML-escaped, with matches wrapped in `<mark>` … `</mark>`. */
  snippet: string;
  /** For a saved search's results: added since the search was last opened. */
  new?: boolean;
}

export interface SearchResponse {
  /** Matches: exact when `totalIsExact`, otherwise a lower bound (the count stopped at a cap; ask `count` for the exact number). */
  total: number;
  totalIsExact: boolean;
  results: SearchHit[];
  /** Cursor for the next page, or null on the last one. */
  next: string | null;
  /** How the query was read, when the user should know (e.g. filters that cannot match yet). */
  notices: string[];
}

/** An error a user caused and can fix (bad query, missing file): shown as is, exit code 2 in the CLI. */
export interface ApiError {
  code: 'invalid_request' | 'invalid_query' | 'not_found' | 'conflict' | 'cancelled' | 'archive' | 'internal';
  message: string;
  /** For `invalid_query`: where in the query the problem is (0-based). */
  position?: number;
}
