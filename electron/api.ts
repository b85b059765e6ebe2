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
/** Browser mode: an import of the files uploaded with `PUT /api/upload?batch=…`, named by their batch instead of paths. */
export type UploadImportRequest = Omit<z.input<typeof ImportRequest>, 'paths'> & { batch: string };

export interface FileError {
  path: string;
  reason: string;
}

export interface ImportProgress {
  /**
   * `duplicates`: the new articles go through the duplicate finder (`imported` of them, of `filesTotal` files).
   * `duplicate-keys`: the finder moves band keys into the main table: its recent keys before it
   * starts, or the keys a big pass held, as it goes and at its end; a cancel waits for it
   * (docs/duplicates.md#incremental).
   */
  phase: 'scanning' | 'importing' | 'duplicates' | 'duplicate-keys';
  filesTotal: number;
  bytesTotal: number;
  filesDone: number;
  bytesDone: number;
  imported: number;
  skipped: number;
  failed: number;
  current: string | null;
  /**
   * While the duplicate finder runs (`duplicates`), the new articles it has gone through of those
   * this run of it has; null otherwise. An import runs it now and then, and after its last file.
   */
  finder: { done: number; total: number } | null;
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
  /** New articles per outlet, most first. */
  outlets: { name: string; articles: number }[];
  /** Whether the new articles went through the duplicate finder; `pantau dups` finishes the job if not. */
  duplicates: 'done' | 'cancelled';
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
  /** The subdomain the article was published under, when its URL had one. */
  section: string | null;
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

/** Where a query's words stand in one article, for the reader to mark them. */
export const HighlightRequest = z.object({ id: z.number().int().positive(), query: z.string().max(100_000) });
export type HighlightRequest = z.input<typeof HighlightRequest>;

/** `[start, end)` in UTF-16 code units of a title's or a paragraph's text. */
export type TextRange = [start: number, end: number];

export interface Highlights {
  articleId: number;
  title: TextRange[];
  /** The paragraphs (by position) with a match; none in boilerplate, which search does not see. */
  paragraphs: { position: number; ranges: TextRange[] }[];
}

export const SortOrder = z.enum(['relevance', 'newest', 'oldest']);
export type SortOrder = z.infer<typeof SortOrder>;

/** Restricts `country:` and `person:` filters and facets to tags a person confirmed, for reports that count only what was checked. */
const confirmedOnly = z.boolean().optional();

export const SearchRequest = z.object({
  query: z.string().max(100_000),
  confirmedOnly,
  sort: SortOrder.default('relevance'),
  limit: z.number().int().min(1).max(1000).default(20),
  /** The `next` of the previous page. */
  after: z.string().max(2000).optional(),
});
export type SearchRequest = z.input<typeof SearchRequest>;

export const Granularity = z.enum(['day', 'week', 'month']);

/** The exact number of matches, which a search gives only up to a cap; cancellable, with progress. */
export const CountRequest = z.object({ query: z.string().max(100_000), confirmedOnly });
export type CountRequest = z.input<typeof CountRequest>;

export interface CountResponse {
  total: number;
}

export const FacetsRequest = z.object({
  query: z.string().max(100_000),
  confirmedOnly,
  /** Timeline bars; chosen from the span of the matches when absent. */
  granularity: Granularity.optional(),
});
export type FacetsRequest = z.input<typeof FacetsRequest>;

export interface FacetCount {
  /** What a filter on this facet takes: an outlet, a language or ISO country code, a person's name, a period. */
  value: string;
  count: number;
  /** A readable name when `value` is a code (a country's name). */
  label?: string;
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

export const EntityKind = z.enum(['country', 'person', 'tag']);
export type EntityKind = z.infer<typeof EntityKind>;
export type TagStatus = 'suggested' | 'confirmed' | 'rejected';

/** An entity as a user names it: a country by ISO code or any of its names, a person by name, alias or surname, a tag by name. */
export const EntityRef = z.object({ kind: EntityKind, name: z.string().trim().min(1).max(300) });
export type EntityRef = z.infer<typeof EntityRef>;

/** A span of the analysed text (the title, a blank line, then the article's paragraphs separated by blank lines). */
export type Evidence = [start: number, end: number];

interface TagBase {
  status: TagStatus;
  /** `auto`: suggested by the analysers; `manual`: added by a person. */
  origin: 'auto' | 'manual';
  mentions: number;
  score: number;
  evidence: Evidence[];
}
export interface CountryTag extends TagBase {
  code: string;
  name: string;
}
export interface PersonTag extends TagBase {
  name: string;
  aliases: string[];
}
export interface UserTag {
  name: string;
  status: TagStatus;
}

export interface ArticleTags {
  articleId: number;
  countries: CountryTag[];
  persons: PersonTag[];
  tags: UserTag[];
}

export const TagsRequest = z.object({ id: z.number().int().positive() });

/** One decision on one article for one or more entities: confirm or reject suggestions, add or remove tags. All or nothing. */
export const TagChange = z.object({
  action: z.enum(['confirm', 'reject', 'add', 'remove']),
  id: z.number().int().positive(),
  entities: z.array(EntityRef).min(1, 'name at least one entity').max(100),
});
export type TagChange = z.input<typeof TagChange>;

/** The same change for every article a query matches; `dryRun` only counts them, for a confirmation step. */
export const BulkTagChange = z.object({
  action: z.enum(['confirm', 'add']),
  query: z.string().max(100_000),
  entity: EntityRef,
  dryRun: z.boolean().default(false),
});
export type BulkTagChange = z.input<typeof BulkTagChange>;

export interface BulkTagResult {
  /** Articles the query matches. */
  matches: number;
  /** Articles whose tag changed (0 on a dry run). */
  changed: number;
  entity: string;
}

export interface EntitySummary {
  id: number;
  kind: EntityKind;
  name: string;
  /** ISO 3166-1 alpha-2, for countries. */
  code: string | null;
  /** For people: their country's code and office, when known. */
  country: string | null;
  office: string | null;
  aliases: string[];
  /** People recognised in every import: the starter list, and anyone a user added or confirmed. */
  registry: boolean;
  muted: boolean;
  /** Articles where it is suggested or confirmed. */
  articles: number;
  confirmed: number;
}

export const EntitiesRequest = z.object({ kind: EntityKind.optional() });
export const EntityAdd = z.object({
  kind: z.enum(['person', 'tag']),
  name: z.string().trim().min(1).max(300),
  aliases: z.array(z.string().trim().min(1).max(300)).default([]),
  country: z.string().trim().min(1).max(100).optional(),
  office: z.string().trim().min(1).max(300).optional(),
});
export type EntityAdd = z.input<typeof EntityAdd>;
export const EntityRename = z.object({ entity: EntityRef, name: z.string().trim().min(1).max(300) });
export const EntityMerge = z.object({ from: EntityRef, into: EntityRef });
export const EntityRemove = z.object({ entity: EntityRef });
export const EntityMute = z.object({ entity: EntityRef, muted: z.boolean() });
export const EntityAlias = z.object({ entity: EntityRef, alias: z.string().trim().min(1).max(300), remove: z.boolean().default(false) });

export interface AnalyzeProgress {
  done: number;
  total: number;
}

export interface AnalyzeSummary {
  status: 'done' | 'cancelled';
  articles: number;
  /** Suggestions the analysis holds now, over the articles it read. */
  suggestions: number;
  durationMs: number;
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
  /** Names of the countries it is about (as the facets label them), suggested or confirmed, never rejected; confirmed first. */
  countries: string[];
  /** Names of the people it is about (as the facets name them), the same way. */
  persons: string[];
  /** How many of its paragraphs are shared with other articles (in a duplicate cluster with another article's). */
  sharedParagraphs: number;
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
  /** For an `archive` error that is damage SQLite found: the archive, and its latest good backup (docs/backup.md). */
  damaged?: { archive: string; backup: string | null };
}

/** Duplicate clusters, as the duplicates view and `pantau dups` list them. */
export const DupsRequest = z.object({
  /** Only clusters with a member in an article this query matches. */
  query: z.string().optional(),
  minSize: z.number().int().min(2).default(2),
  sort: z.enum(['size', 'outlets', 'recent']).default('size'),
  limit: z.number().int().min(1).max(1000).default(50),
  offset: z.number().int().min(0).default(0),
  /** Each cluster's members too (in time order)... */
  members: z.boolean().default(true),
  /** ...the first this many of them; `dupCluster` gives them all. */
  memberLimit: z.number().int().min(1).max(100000).default(20),
});
export type DupsRequest = z.input<typeof DupsRequest>;

export const DupClusterRequest = z.object({ id: z.number().int().positive() });
export const DupsArticleRequest = z.object({ id: z.number().int().positive() });

/** Changing a setting regroups the archive's clusters (threshold) or relearns its boilerplate. */
export const DupsSettings = z.object({
  /** Similarity at or above which two paragraphs are copies: the share of the shorter one's 5-grams found in the other. */
  threshold: z.number().min(0.5, 'at least 0.5 (pairs below it are not kept)').max(1).optional(),
  /** Articles of one outlet a paragraph must appear in to be that outlet's boilerplate. */
  boilerplateArticles: z.number().int().min(2).max(1000000).optional(),
});

export interface DupMember {
  articleId: number;
  /** The paragraph's position in its article, from 0. */
  paragraph: number;
  /** Similarity to the first-seen paragraph (in an article's view, to that article's paragraph); 1 for an exact copy. */
  similarity: number;
  source: string | null;
  section: string | null;
  title: string;
  publishedAt: string | null;
}

export interface DupCluster {
  id: number;
  /** Paragraphs in the cluster (usually one per article that has it; two near-identical paragraphs of one article both count). */
  size: number;
  /** Distinct outlets among them. */
  outlets: number;
  sources: string[];
  /** The probable origin: the earliest published member (ties by import order). */
  firstSeen: { articleId: number; paragraph: number; publishedAt: string | null; source: string | null; title: string };
  lastPublishedAt: string | null;
  /** The first-seen paragraph's text. */
  text: string;
  /** Members per publication day, in day order. */
  spread: { day: string; paragraphs: number }[];
  members?: DupMember[];
}

/** The progress of a `dupsUpdate` job: articles the finder has gone through, of those it had to. */
export interface DupsUpdateProgress {
  done: number;
  total: number;
  /**
   * `merging`: band keys move into the finder's main table (its recent keys before it starts, or
   * the keys a big pass held) and the counts stand still meanwhile; `finding` the rest of the time
   * (docs/duplicates.md#where-the-keys-are-kept).
   */
  phase: 'finding' | 'merging';
}

export interface DupsResponse {
  total: number;
  threshold: number;
  /** Articles of one outlet a paragraph must appear in to be that outlet's boilerplate. */
  boilerplateArticles: number;
  /** Articles not yet through the duplicate finder (`pantau dups` runs it first). */
  pending: number;
  clusters: DupCluster[];
}

export interface ArticleDups {
  articleId: number;
  paragraphs: {
    position: number;
    text: string;
    occurrences: number;
    repeated: boolean;
    boilerplate: boolean;
    cluster: { id: number; size: number; outlets: number } | null;
    /** The other members of its cluster. */
    others: DupMember[];
  }[];
}

export interface BoilerplateEntry {
  source: string;
  kind: 'paragraph' | 'template';
  example: string;
  articles: number;
}

export interface DupsSettingsResult {
  status: 'done' | 'cancelled';
  threshold: number;
  boilerplateArticles: number;
  clusters: number;
}

/** Columns of an articles export, in the order a user lists them. */
export const ArticleColumn = z.enum(['id', 'published', 'source', 'section', 'title', 'url', 'language', 'author', 'countries', 'persons', 'tags', 'words', 'snippet', 'text']);
export type ArticleColumn = z.infer<typeof ArticleColumn>;
export const DEFAULT_ARTICLE_COLUMNS: ArticleColumn[] = ['id', 'published', 'source', 'title', 'url', 'language', 'countries', 'persons', 'tags'];

/** A CSV or Excel export of articles, entity counts per period, duplicate clusters or the entity registry. */
export const ExportRequest = z
  .object({
    kind: z.enum(['articles', 'entity-counts', 'duplicates', 'entities']),
    /** The file to write; `.xlsx` makes a workbook unless `format` says otherwise. */
    out: z.string().min(1, 'name the file to write'),
    format: z.enum(['csv', 'xlsx']).optional(),
    /** Articles, entity counts and clusters of this query's matches (every article when empty). */
    query: z.string().max(100_000).default(''),
    /** Or the query of this saved search. */
    saved: z.string().min(1).optional(),
    confirmedOnly: z.boolean().default(false),
    /** Articles: result order. */
    sort: SortOrder.default('relevance'),
    /** Articles: the columns, in order. */
    columns: z.array(ArticleColumn).min(1, 'pick at least one column').optional(),
    /** Entity counts: countries or persons (default countries); entities: only this kind. */
    entity: z.enum(['country', 'person', 'tag']).optional(),
    period: Granularity.default('week'),
    /** Entity counts: a column per period (wide) or a row per entity and period (long). */
    layout: z.enum(['wide', 'long']).default('wide'),
    /** Duplicates: a row per member paragraph instead of one per cluster. */
    members: z.boolean().default(false),
    clusterSort: z.enum(['size', 'outlets', 'recent']).default('size'),
    minSize: z.number().int().min(2).default(2),
    /** CSV: `;` for Excel in locales whose decimal comma makes it the list separator. */
    delimiter: z.enum([',', ';']).default(','),
    /** CSV: a UTF-8 byte-order mark first, which Excel needs to read UTF-8. */
    bom: z.boolean().default(true),
  })
  .refine((r) => !(r.saved !== undefined && r.query.trim() !== ''), { message: 'give a query or a saved search, not both', path: ['saved'] })
  .refine((r) => r.kind !== 'entity-counts' || r.entity !== 'tag', { message: 'entity counts are of countries or persons', path: ['entity'] })
  .refine((r) => r.kind !== 'entities' || (r.query.trim() === '' && r.saved === undefined && !r.confirmedOnly), {
    message: 'the entities export is the whole registry (or one kind of it, with entity); a query, saved search or confirmedOnly does not apply',
    path: ['kind'],
  });
export type ExportRequest = z.input<typeof ExportRequest>;

export interface ExportResult {
  status: 'done' | 'cancelled';
  /** Data rows written (the header not counted). */
  rows: number;
  out: string;
  format: 'csv' | 'xlsx';
  /** What the user should know about the file. */
  notes: string[];
  /** Browser mode, for an export asked without `out`: the id to fetch the file with (`GET /api/download/<id>`), once. */
  download?: string;
}

/** A copy of the open archive, taken while it stays in use (docs/backup.md). */
export const BackupRequest = z.object({
  /** The file to write; it must not exist unless `force` is set. */
  out: z.string().min(1, 'name the file to write'),
  force: z.boolean().default(false),
});
export type BackupRequest = z.input<typeof BackupRequest>;

export interface BackupResult {
  out: string;
  bytes: number;
  /** Whether SQLite's quick_check passed over the copy before it took its name. */
  verified: boolean;
}

/** Database pages copied so far, of `total`. */
export interface BackupProgress {
  done: number;
  total: number;
}

/** A feed to poll (docs/feeds.md): an http(s) address, how often (`30m`, `2h`, `1d`), and the options of its import. */
export const FeedAdd = z.object({
  url: z.string().trim().min(1, 'give the address of an RSS or Atom feed').max(2000),
  /** How often to poll it: `90s`, `30m`, `2h`, `1d` (at least a minute); default 30 minutes. */
  every: z.string().trim().min(1).max(20).optional(),
  /** The outlet every article of the feed is stored under, instead of each item's link. */
  source: z.string().trim().min(1).max(300).optional(),
  /** Fetch each new item's page when the feed carries only a summary. */
  fullText: z.boolean().default(false),
});
export type FeedAdd = z.input<typeof FeedAdd>;
export const FeedUrl = z.object({ url: z.string().trim().min(1).max(2000) });
/** Poll the feeds that are due, or every feed with `all`. Strict: a request meant for another method is refused, not run. */
export const FeedsRunRequest = z.object({ all: z.boolean().default(false) }).strict();
export type FeedsRunRequest = z.input<typeof FeedsRunRequest>;

/** A feed and how its polling goes. Times are ISO 8601, UTC. */
export interface FeedStatus {
  url: string;
  /** The interval, as `30m`, `2h`, `1d`. */
  every: string;
  source: string | null;
  fullText: boolean;
  addedAt: string;
  lastPolled: string | null;
  lastSuccess: string | null;
  /** The error of the last poll, if it failed; cleared by the next success. */
  lastError: string | null;
  /** Failed polls in a row; each doubles the wait before the next. */
  failures: number;
  nextPoll: string | null;
  /** Articles the last successful poll added. */
  lastNew: number;
  /** Articles the feed has added in all. */
  articles: number;
}

export interface FeedRunResult {
  url: string;
  /** `ok`: the feed was read; `not-modified`: the server said nothing changed (304); `error`: see `error`. */
  status: 'ok' | 'not-modified' | 'error';
  /** Articles this poll added. */
  new: number;
  error: string | null;
}

export interface FeedsRunSummary {
  feeds: FeedRunResult[];
  imported: number;
}

/** Feeds polled so far, of `total`, and the one under way. */
export interface FeedsRunProgress {
  done: number;
  total: number;
  url: string | null;
}

/** A watched folder (docs/feeds.md#watched-folders), by its path on this computer; a relative path is taken from the current folder. */
export const FolderPath = z.object({ path: z.string().min(1, 'name a folder').max(4096) });
export type FolderPath = z.input<typeof FolderPath>;

/** A watched folder and how watching it goes. Times are ISO 8601, UTC. */
export interface WatchedFolder {
  /** Absolute. */
  path: string;
  lastCheck: string | null;
  /** The last check that imported files. */
  lastImport: string | null;
  /** Files imported from it in all. */
  files: number;
  /** New articles those files brought. */
  articles: number;
  /** The folder gone or unreadable, or files that could not be imported; cleared when that is over. */
  lastError: string | null;
}

/**
 * The service's methods every front door offers, by name. `calls` answer at once; `jobs` are long
 * work that reports progress and can be cancelled (over HTTP: a stream of server-sent events that
 * ends with the result, cancelled by closing it).
 */
export const API_CALLS = [
  'stats', 'article', 'search', 'facets', 'tags', 'tag', 'tagBulk', 'entities', 'entityAdd', 'entityRename', 'entityMerge', 'entityRemove',
  'entityMute', 'entityAlias', 'savedAdd', 'savedList', 'savedRun', 'savedRemove', 'dups', 'dupCluster', 'dupsArticle', 'boilerplate',
  'dupsPending', 'check', 'highlight', 'feedsList', 'feedsAdd', 'feedsRemove', 'foldersList', 'foldersAdd', 'foldersRemove',
] as const;
export const API_JOBS = ['import', 'importSample', 'count', 'analyze', 'export', 'dupsUpdate', 'dupsSettings', 'backup', 'feedsRun'] as const;
export type ApiCall = (typeof API_CALLS)[number];
export type ApiJob = (typeof API_JOBS)[number];

/** What a call answers at every door: its value, or a typed error. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/*
 * What the desktop window's preload script exposes as `window.pantau`: named methods only, no
 * ipcRenderer. The renderer's transport uses `call` and `job`; the import and export views use the
 * file methods, which only the desktop has (in browser mode files are uploaded and downloaded).
 */

/** Commands of the native menu that the renderer carries out. */
export type MenuCommand = 'focus-search' | 'view-search' | 'view-duplicates' | 'view-entities' | 'view-import' | 'view-export' | 'view-settings' | 'import-files';

export interface RunningJob {
  result: Promise<ApiResult<unknown>>;
  cancel(): void;
}

export interface PantauBridge {
  call(method: ApiCall, request: unknown): Promise<ApiResult<unknown>>;
  job(method: ApiJob, request: unknown, onProgress: (progress: unknown) => void): RunningJob;
  /** Files and folders to import, chosen in the system dialog; empty when cancelled. */
  pickImport(): Promise<string[]>;
  /** Where to save an export, chosen in the system dialog; null when cancelled. */
  pickExport(defaultName: string): Promise<string | null>;
  /** A folder to watch, chosen in the system dialog; null when cancelled. Only a folder chosen here may be added from the window. */
  pickFolder(): Promise<string | null>;
  /** The paths on disk of files or folders dropped on the window or chosen in a file input. */
  pathsOf(files: readonly File[]): string[];
  /** Menu commands for the renderer; answers a function that stops listening. */
  onMenu(listener: (command: MenuCommand) => void): () => void;
}
