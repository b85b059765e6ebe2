import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { finished, pipeline } from 'node:stream/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { API_CALLS, API_JOBS, type ApiCall, type ApiError, type ApiJob, type ExportResult, type FileError, type ImportProgress, type ImportSummary } from './api.js';
import { apiError, callService, runServiceJob } from './dispatch.js';
import { FacetsLane } from './facets-lane.js';
import { UI_CSP, UI_HEADERS, UI_TYPES } from './ui-files.js';
import { type Workbench, WorkbenchError } from './service.js';

/*
 * Browser mode (`pantau serve`): the service over HTTP on 127.0.0.1 only.
 * - Every API request carries the token printed at start (header `x-pantau-token`), new each
 *   start, so another user of the machine or a web page cannot call it.
 * - The Host header must name this server (127.0.0.1 or localhost and its port): a page of another
 *   site that rebinds its name to 127.0.0.1 is refused (DNS rebinding).
 * - No CORS headers: a page of another origin cannot read an answer.
 * - No Origin check, as it would add nothing: a page of another site can send `x-pantau-token` only
 *   after a CORS preflight, which is refused like any request without the token (401, no CORS
 *   headers), so a request that carries the token never comes from another site's page; a client
 *   outside a browser can write any Origin it likes. (tests/security-server.test.ts)
 * - `POST /api/<call>` with a JSON request answers `{ ok, value | error }`; `POST /api/<job>`
 *   answers a stream of server-sent events (`progress`, then `result` or `error`), and closing it
 *   cancels the job.
 * - A page cannot name files on this computer's disk, so it moves them: `PUT /api/upload` stores a
 *   file in a batch of a staging folder, which `import` then reads (`{ batch }` instead of paths);
 *   `export` without `out` writes to the staging folder, and `GET /api/download/<id>` fetches the
 *   file once. The staging folder is removed when the server closes.
 * - Anything else is a file of the renderer build, when there is one.
 */

export interface UploadLimits {
  /** Bytes one uploaded file may have. */
  fileBytes: number;
  /** Bytes and files one batch (one import) may have. */
  batchBytes: number;
  batchFiles: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { fileBytes: 200 * 1024 * 1024, batchBytes: 2 * 1024 * 1024 * 1024, batchFiles: 100_000 };

export interface ServeOptions {
  port?: number;
  /** Folder of the renderer build, served at `/`. */
  staticDir?: string;
  token?: string;
  uploadLimits?: Partial<UploadLimits>;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  /** The folder of uploads and downloads under way (in the system's temporary folder), removed at close. */
  staging: string;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;
const DOWNLOAD_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

const STATUS: Record<ApiError['code'], number> = {
  invalid_request: 400,
  invalid_query: 400,
  not_found: 404,
  conflict: 409,
  cancelled: 409,
  archive: 500,
  internal: 500,
};

const calls = new Set<string>(API_CALLS);
const jobs = new Set<string>(API_JOBS);

/** A refusal with an HTTP status of its own (413 for a file too large), beside the error code. */
class HttpError extends WorkbenchError {
  constructor(
    readonly status: number,
    code: ApiError['code'],
    message: string,
  ) {
    super(code, message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...UI_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) throw new WorkbenchError('invalid_request', 'send the request as application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new WorkbenchError('invalid_request', `a request may be at most ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WorkbenchError('invalid_request', 'the request is not valid JSON');
  }
}

const BATCH_ID = /^[A-Za-z0-9_-]{8,64}$/;
const MAX_NAME = 1024;
const MAX_DEPTH = 32;

/**
 * An uploaded file's relative path, as folder uploads give it (`folder/sub/file.txt`), checked so
 * that it stays inside its batch: no absolute path or drive, no `.` or `..` segment, no backslash
 * (a separator on Windows), no control characters.
 */
export function uploadName(raw: string | null): string[] {
  const refuse = (why: string): never => {
    throw new WorkbenchError('invalid_request', `name: ${why}; give the file's relative path, such as folder/file.txt`);
  };
  if (raw === null || raw === '') return refuse('missing');
  if (raw.length > MAX_NAME) return refuse(`longer than ${MAX_NAME} characters`);
  if (/[\u0000-\u001f\u007f]/.test(raw)) return refuse('control characters');
  if (raw.includes('\\')) return refuse('a backslash');
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return refuse('an absolute path');
  const parts = raw.split('/');
  if (parts.length > MAX_DEPTH) return refuse(`more than ${MAX_DEPTH} folders deep`);
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return refuse('an empty, "." or ".." part');
  if (parts.some((p) => Buffer.byteLength(p) > 255)) return refuse('a part longer than 255 bytes');
  return parts;
}

interface Batch {
  dir: string;
  bytes: number;
  files: Set<string>;
  /** Uploads into the batch still receiving their bodies: an import waits for them, never reads half a file. */
  arriving: number;
  /** Its import has begun: nothing more may be added. */
  sealed: boolean;
}

interface Download {
  file: string;
  format: 'csv' | 'xlsx';
}

/** The server's staging folder: batches of uploaded files for imports, finished exports for downloads. */
class Staging {
  readonly root = mkdtempSync(join(tmpdir(), 'pantau-serve-'));
  private readonly batches = new Map<string, Batch>();
  private readonly downloads = new Map<string, Download>();
  private serial = 0;

  constructor(private readonly limits: UploadLimits) {}

  private batch(id: string): Batch {
    let batch = this.batches.get(id);
    if (!batch) {
      batch = { dir: join(this.root, 'upload', id), bytes: 0, files: new Set(), arriving: 0, sealed: false };
      this.batches.set(id, batch);
    }
    return batch;
  }

  /** Stores the request's body as `name` in batch `id`, within the limits; a file refused leaves nothing behind. */
  async upload(id: string | null, rawName: string | null, req: IncomingMessage): Promise<{ name: string; bytes: number }> {
    if (id === null || !BATCH_ID.test(id)) throw new WorkbenchError('invalid_request', 'batch: 8 to 64 letters, digits, - or _ naming this import');
    const parts = uploadName(rawName);
    const name = parts.join('/');
    const { fileBytes, batchBytes, batchFiles } = this.limits;
    const batch = this.batch(id);
    if (batch.sealed) throw new HttpError(409, 'conflict', `batch ${id} is being imported; upload into a new batch`);
    if (batch.files.has(name)) throw new HttpError(409, 'conflict', `${name} is already in this batch`);
    if (batch.files.size >= batchFiles) throw new HttpError(413, 'invalid_request', `an import may upload at most ${batchFiles.toLocaleString('en')} files`);
    const tooBig = (): HttpError => new HttpError(413, 'invalid_request', `${name} is larger than the ${megabytes(fileBytes)} a file may be`);
    const batchFull = (): HttpError => new HttpError(413, 'invalid_request', `the files of this import are larger than the ${megabytes(batchBytes)} an upload may be; import the rest in another run`);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > fileBytes) throw tooBig();
    if (batch.bytes + declared > batchBytes) throw batchFull();

    const file = join(batch.dir, ...parts);
    // uploadName keeps the path inside the batch; checked again here, as the last word before writing.
    if (!resolve(file).startsWith(batch.dir + sep)) throw new WorkbenchError('invalid_request', `name: ${name} leads out of its batch`);
    batch.files.add(name);
    batch.arriving += 1;
    let bytes = 0;
    let created = false;
    let refused: HttpError | null = null;
    let out: WriteStream | null = null;
    try {
      mkdirSync(dirname(file), { recursive: true });
      out = createWriteStream(file, { flags: 'wx' });
      // A write error (a full disk) is thrown by `finished` below, not left unhandled.
      out.on('error', () => undefined);
      await once(out, 'open');
      created = true;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        if (out.errored) throw out.errored;
        // Past a limit the rest of the body is read and dropped, so the answer reaches the page.
        if (refused) continue;
        bytes += chunk.length;
        batch.bytes += chunk.length;
        if (bytes > fileBytes) refused = tooBig();
        else if (batch.bytes > batchBytes) refused = batchFull();
        else if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await finished(out);
      if (refused) throw refused;
      return { name, bytes };
    } catch (err) {
      batch.files.delete(name);
      batch.bytes -= bytes;
      out?.destroy();
      if (created) rmSync(file, { force: true });
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') throw new HttpError(409, 'conflict', `${name} clashes with another file or folder of this batch`);
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new WorkbenchError('invalid_request', `cannot store ${name}: ${(err as Error).message}`);
      throw err;
    } finally {
      batch.arriving -= 1;
    }
  }

  /** What an import of batch `id` reads: the files and folders at its top, as the page chose them. */
  batchPaths(id: unknown): { dir: string; paths: string[] } {
    const batch = typeof id === 'string' ? this.batches.get(id) : undefined;
    if (!batch || batch.files.size === 0) throw new WorkbenchError('not_found', `no uploaded files in batch ${String(id)}; upload them first (PUT /api/upload)`);
    if (batch.arriving > 0) throw new HttpError(409, 'conflict', `${batch.arriving} file(s) of batch ${String(id)} are still being uploaded; import once they are all in`);
    batch.sealed = true;
    return { dir: batch.dir, paths: readdirSync(batch.dir).sort().map((n) => join(batch.dir, n)) };
  }

  /** A batch the page will not import (a cancel, a lost connection), removed; one being imported is left to its import. */
  discard(id: string | null): void {
    if (id === null || !BATCH_ID.test(id)) throw new WorkbenchError('invalid_request', 'batch: 8 to 64 letters, digits, - or _ naming this import');
    const batch = this.batches.get(id);
    if (!batch) return;
    if (batch.sealed) throw new HttpError(409, 'conflict', `batch ${id} is being imported; cancel the import instead`);
    // Uploads still arriving write into a folder that is gone; on Windows what cannot be removed yet goes at close.
    batch.sealed = true;
    this.batches.delete(id);
    try {
      rmSync(batch.dir, { recursive: true, force: true });
    } catch {
      return;
    }
  }

  dropBatch(id: string): void {
    const batch = this.batches.get(id);
    this.batches.delete(id);
    if (batch) rmSync(batch.dir, { recursive: true, force: true });
  }

  /** A folder of its own for an export to be downloaded; it is offered under an id once complete. */
  downloadFolder(): string {
    const dir = join(this.root, 'download', String(++this.serial));
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  offer(download: Download): string {
    const id = randomBytes(16).toString('base64url');
    this.downloads.set(id, download);
    return id;
  }

  /** A finished export, handed out once. */
  take(id: string): Download | undefined {
    const download = this.downloads.get(id);
    this.downloads.delete(id);
    return download;
  }

  close(): void {
    this.batches.clear();
    this.downloads.clear();
    rmSync(this.root, { recursive: true, force: true });
  }
}

const megabytes = (bytes: number): string => `${Math.floor(bytes / (1024 * 1024)).toLocaleString('en')} MB`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Import an uploaded batch, naming its files as the page did (`folder/file.txt`) rather than by their place in the staging folder; the batch is removed after. */
async function importBatch(wb: Workbench, staging: Staging, request: Record<string, unknown>, signal: AbortSignal, progress: (p: unknown) => void): Promise<ImportSummary> {
  const { batch, ...rest } = request;
  if ('paths' in rest) throw new WorkbenchError('invalid_request', 'give paths or an uploaded batch, not both');
  const { dir, paths } = staging.batchPaths(batch);
  const inside = (path: string): string => (path.startsWith(dir + sep) ? path.slice(dir.length + 1).split(sep).join('/') : path);
  const relative = (list: FileError[]): FileError[] => list.map((e) => ({ ...e, path: inside(e.path) }));
  try {
    const summary = await wb.import({ ...rest, paths }, { signal, onProgress: (p: ImportProgress) => progress({ ...p, current: p.current === null ? null : inside(p.current) }) });
    return { ...summary, errors: relative(summary.errors), warnings: relative(summary.warnings) };
  } finally {
    staging.dropBatch(batch as string);
  }
}

/** Export to the staging folder, offered for one download once complete. */
async function exportForDownload(wb: Workbench, staging: Staging, request: Record<string, unknown>, signal: AbortSignal, progress: (p: unknown) => void): Promise<ExportResult> {
  const dir = staging.downloadFolder();
  try {
    // The name's extension chooses the format when the request does not.
    const result = await wb.export({ ...request, out: join(dir, `export.${request.format === 'xlsx' ? 'xlsx' : 'csv'}`) }, { signal, onProgress: progress });
    if (result.status !== 'done') {
      rmSync(dir, { recursive: true, force: true });
      return result;
    }
    return { ...result, download: staging.offer({ file: result.out, format: result.format }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Run one job, reporting its progress; `signal` cancels it. An upload is imported, and an export without a file is offered for download. */
function job(wb: Workbench, staging: Staging, name: ApiJob, request: unknown, signal: AbortSignal, progress: (p: unknown) => void): Promise<unknown> {
  if (name === 'import' && isObject(request) && 'batch' in request) return importBatch(wb, staging, request, signal, progress);
  if (name === 'export' && isObject(request) && request.out === undefined) return exportForDownload(wb, staging, request, signal, progress);
  return runServiceJob(wb, name, request, signal, progress);
}

async function runJob(wb: Workbench, staging: Staging, name: ApiJob, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = await readJson(req);
  const controller = new AbortController();
  // The client closing the stream before the result is a cancel.
  res.on('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  res.writeHead(200, { ...UI_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
  const event = (type: string, data: unknown): void => {
    if (!res.writableEnded) res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  try {
    event('result', await job(wb, staging, name, request, controller.signal, (p) => event('progress', p)));
  } catch (err) {
    event('error', apiError(err));
  }
  res.end();
}

/** Sends a finished export once. It is removed as soon as it is open, so it is gone before the client has it, whether it gets it whole or not. */
async function sendDownload(staging: Staging, id: string, res: ServerResponse): Promise<void> {
  const download = staging.take(id);
  if (!download) throw new WorkbenchError('not_found', 'no such download (each export is fetched once; export again)');
  const size = statSync(download.file).size;
  const file = createReadStream(download.file);
  // Removed as soon as it is open (the open file is still read whole) where the system allows it;
  // Windows cannot remove an open file, so there it goes once sent. A removal that fails leaves it
  // for the staging folder's removal at close.
  const remove = (): void => {
    try {
      rmSync(dirname(download.file), { recursive: true, force: true });
    } catch {
      return;
    }
  };
  try {
    await once(file, 'open');
  } catch (err) {
    remove();
    throw err;
  }
  if (process.platform !== 'win32') remove();
  res.writeHead(200, {
    ...UI_HEADERS,
    'content-type': DOWNLOAD_TYPES[download.format],
    'content-length': size,
    'content-disposition': `attachment; filename="export.${download.format}"`,
  });
  try {
    await pipeline(file, res);
  } finally {
    remove();
  }
}

/** A file of the renderer build, never one outside its folder (by `..`, encoding or symlink). */
function serveFile(dir: string | undefined, path: string, res: ServerResponse): void {
  const root = dir === undefined ? null : realpathSync(resolve(dir));
  if (root === null || !existsSync(join(root, 'index.html'))) {
    res.writeHead(404, { ...UI_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
    res.end('The Pantau UI is not built (npm run build). The API is at /api/.\n');
    return;
  }
  let wanted: string;
  try {
    wanted = normalize(decodeURIComponent(path === '/' ? '/index.html' : path));
  } catch {
    send(res, 400, { ok: false, error: { code: 'invalid_request', message: 'not a valid path' } });
    return;
  }
  const file = join(root, wanted);
  const real = existsSync(file) ? realpathSync(file) : null;
  if (real === null || !real.startsWith(root + sep) || !statSync(real).isFile()) {
    res.writeHead(404, UI_HEADERS);
    res.end();
    return;
  }
  res.writeHead(200, { ...UI_HEADERS, 'content-type': UI_TYPES[extname(real)] ?? 'application/octet-stream', 'content-security-policy': UI_CSP });
  res.end(readFileSync(real));
}

export function startServer(wb: Workbench, options: ServeOptions = {}): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  const tokenOk = (given: string | string[] | undefined): boolean => {
    const b = Buffer.from(typeof given === 'string' ? given : '');
    return b.length === expected.length && timingSafeEqual(b, expected);
  };
  let port = 0;
  const hostOk = (host: string | undefined): boolean => host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  const staging = new Staging({ ...DEFAULT_UPLOAD_LIMITS, ...options.uploadLimits });
  const lane = new FacetsLane(wb.archivePath);

  /** Jobs and uploads under way, so that closing the server waits for them to stop before the archive and the staging folder go. */
  const running = new Set<Promise<void>>();
  const track = (work: Promise<void>): Promise<void> => {
    const tracked = work.finally(() => running.delete(tracked));
    running.add(tracked);
    return tracked;
  };

  /** The answer of an API request, or a 404 for a method that is not in the API. */
  const route = (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | null => {
    const name = url.pathname.slice('/api/'.length);
    if (req.method === 'PUT' && name === 'upload') {
      return track(staging.upload(url.searchParams.get('batch'), url.searchParams.get('name'), req).then((value) => send(res, 200, { ok: true, value })));
    }
    if (req.method === 'DELETE' && name === 'upload') {
      return Promise.resolve().then(() => {
        staging.discard(url.searchParams.get('batch'));
        send(res, 200, { ok: true, value: null });
      });
    }
    if (req.method === 'GET' && name.startsWith('download/')) return sendDownload(staging, name.slice('download/'.length), res);
    if (req.method !== 'POST' || (!calls.has(name) && !jobs.has(name))) return null;
    if (jobs.has(name)) return track(runJob(wb, staging, name as ApiJob, req, res));
    if (name === 'facets' && lane.alive) {
      // Answered beside the service; a page that moved on to another query closes the request, and it is dropped.
      const gone = new AbortController();
      res.on('close', () => gone.abort());
      return readJson(req).then(async (request) => send(res, 200, { ok: true, value: await lane.facets(request, gone.signal) }));
    }
    return readJson(req).then((request) => {
      // A search the page has already given up on (a newer keystroke) is not run.
      if (req.socket.destroyed) return;
      send(res, 200, { ok: true, value: callService(wb, name as ApiCall, request) ?? null });
    });
  };

  const server: Server = createServer((req, res) => {
    if (!hostOk(req.headers.host)) {
      send(res, 421, { ok: false, error: { code: 'invalid_request', message: 'this server answers only to 127.0.0.1 and localhost' } });
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      send(res, 400, { ok: false, error: { code: 'invalid_request', message: 'not a valid request target' } });
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') send(res, 405, { ok: false, error: { code: 'invalid_request', message: 'method not allowed' } });
      else serveFile(options.staticDir, url.pathname, res);
      return;
    }
    if (!tokenOk(req.headers['x-pantau-token'])) {
      send(res, 401, { ok: false, error: { code: 'invalid_request', message: 'missing or wrong x-pantau-token (it is in the URL pantau serve printed)' } });
      return;
    }
    const answer = route(req, res, url);
    if (answer === null) {
      send(res, 404, { ok: false, error: { code: 'not_found', message: `no API method ${req.method} ${url.pathname}` } });
      return;
    }
    answer.catch((err: unknown) => {
      const error = apiError(err);
      if (res.headersSent) res.end();
      else send(res, err instanceof HttpError ? err.status : STATUS[error.code], { ok: false, error });
    });
  });
  // An import holds this thread for seconds at a time (the duplicate finder's chunks). Node closes a
  // kept-alive connection whose idle timer ran out meanwhile before reading the request that
  // arrived on it, and the page gets a reset; so idle connections are left for the browser to
  // close (close() still ends them all).
  server.keepAliveTimeout = 0;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        staging: staging.root,
        // Closing the connections cancels the jobs and uploads on them; they are waited for, so the
        // archive is closed after them and each records how it ended. The staging folder goes last.
        close: async () => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeAllConnections();
          await Promise.allSettled([...running, lane.close()]);
          await closed;
          staging.close();
        },
      });
    });
  });
}
