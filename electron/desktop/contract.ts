import { z } from 'zod';
import {
  API_CALLS,
  API_JOBS,
  type ApiCall,
  type ApiError,
  type ApiJob,
  ArticleRequest,
  BulkTagChange,
  CountRequest,
  DupClusterRequest,
  DupsArticleRequest,
  DupsRequest,
  DupsSettings,
  EntitiesRequest,
  EntityAdd,
  EntityAlias,
  EntityMerge,
  EntityMute,
  EntityRemove,
  EntityRename,
  ExportRequest,
  FacetsRequest,
  FeedAdd,
  FeedsRunRequest,
  FeedUrl,
  FolderPath,
  HighlightRequest,
  ImportRequest,
  SavedSearchAdd,
  SavedSearchName,
  SavedSearchRun,
  SearchRequest,
  TagChange,
  TagsRequest,
} from '../api.js';

/*
 * What the desktop window may send the service: each method's request schema, checked at the IPC
 * door before anything reaches the worker. The Workbench validates again; this check is the one
 * that answers a malformed message from a renderer without bothering the service, and strips
 * whatever a request carries beyond its schema.
 */

/** A method that takes no request: nothing, or the empty object the renderer's transport sends. */
const Nothing = z.object({}).strict().optional();

export const CALL_REQUESTS = {
  stats: Nothing,
  article: ArticleRequest,
  search: SearchRequest,
  facets: FacetsRequest,
  tags: TagsRequest,
  tag: TagChange,
  tagBulk: BulkTagChange,
  entities: EntitiesRequest,
  entityAdd: EntityAdd,
  entityRename: EntityRename,
  entityMerge: EntityMerge,
  entityRemove: EntityRemove,
  entityMute: EntityMute,
  entityAlias: EntityAlias,
  savedAdd: SavedSearchAdd,
  savedList: Nothing,
  savedRun: SavedSearchRun,
  savedRemove: SavedSearchName,
  dups: DupsRequest,
  dupCluster: DupClusterRequest,
  dupsArticle: DupsArticleRequest,
  boilerplate: Nothing,
  dupsPending: Nothing,
  check: Nothing,
  highlight: HighlightRequest,
  feedsList: Nothing,
  feedsAdd: FeedAdd,
  feedsRemove: FeedUrl,
  foldersList: Nothing,
  // Over IPC, only a folder the user chose in the folder dialog (ipc.ts).
  foldersAdd: FolderPath,
  foldersRemove: FolderPath,
} satisfies Record<ApiCall, z.ZodType>;

export const JOB_REQUESTS = {
  // The desktop names files by their paths; browser mode's uploaded `batch` does not exist here.
  import: ImportRequest,
  importSample: Nothing,
  count: CountRequest,
  analyze: Nothing,
  // `out` is required: the desktop always writes where the save dialog said.
  export: ExportRequest,
  dupsUpdate: Nothing,
  dupsSettings: DupsSettings,
  // The window never starts a backup: it would name any file on the disk to write. File › Back up
  // archive… starts it from the main process, with the file the save dialog answered.
  backup: z.unknown().refine(() => false, { message: 'a backup is started from the File menu (Back up archive…), not by the page' }),
  feedsRun: FeedsRunRequest,
} satisfies Record<ApiJob, z.ZodType>;

const calls = new Set<string>(API_CALLS);
const jobs = new Set<string>(API_JOBS);
export const isCall = (name: unknown): name is ApiCall => typeof name === 'string' && calls.has(name);
export const isJob = (name: unknown): name is ApiJob => typeof name === 'string' && jobs.has(name);

/** The most a request may weigh as JSON: browser mode's limit on a request body. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const invalid = (message: string): { ok: false; error: ApiError } => ({ ok: false, error: { code: 'invalid_request', message } });

/** Plain data of a sensible size, or why not: IPC can carry cycles, sparse arrays and megabytes that JSON over HTTP cannot. */
function sizeProblem(input: unknown): string | null {
  let json: string | undefined;
  try {
    json = JSON.stringify(input);
  } catch {
    return 'the request is not plain data (JSON)';
  }
  if (json !== undefined && json.length > MAX_REQUEST_BYTES) return `a request may be at most ${MAX_REQUEST_BYTES} bytes`;
  return null;
}

/** A request checked against its schema: the parsed value (defaults filled in, unknown keys dropped) or an `invalid_request`. */
export function checkRequest<S extends z.ZodType>(schema: S, input: unknown): Checked<z.output<S>> {
  const problem = sizeProblem(input);
  if (problem !== null) return invalid(problem);
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return invalid(`${where}${issue?.message ?? 'invalid request'}`);
}

export const checkCall = (method: ApiCall, input: unknown): Checked<unknown> => checkRequest(CALL_REQUESTS[method], input);
export const checkJob = (method: ApiJob, input: unknown): Checked<unknown> => checkRequest(JOB_REQUESTS[method], input);
