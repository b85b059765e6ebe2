import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { API_CALLS, API_JOBS, type ApiCall, type ApiError, type ApiJob } from './api.js';
import { type Workbench, WorkbenchError } from './service.js';

/*
 * Browser mode (`pantau serve`): the service over HTTP on 127.0.0.1 only.
 * - Every API request carries the token printed at start (header `x-pantau-token`), new each
 *   start, so another user of the machine or a web page cannot call it.
 * - The Host header must name this server (127.0.0.1 or localhost and its port): a page of another
 *   site that rebinds its name to 127.0.0.1 is refused (DNS rebinding).
 * - No CORS headers: a page of another origin cannot read an answer.
 * - `POST /api/<call>` with a JSON request answers `{ ok, value | error }`; `POST /api/<job>`
 *   answers a stream of server-sent events (`progress`, then `result` or `error`), and closing it
 *   cancels the job.
 * - Anything else is a file of the renderer build, when there is one.
 */

export interface ServeOptions {
  port?: number;
  /** Folder of the renderer build, served at `/`. */
  staticDir?: string;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;
const HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

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

function apiError(err: unknown): ApiError {
  if (err instanceof WorkbenchError) return err.position === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, position: err.position };
  if (err instanceof Error && err.name === 'ArchiveError') return { code: 'archive', message: err.message };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...HEADERS, 'content-type': 'application/json; charset=utf-8' });
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

/** The answer of one call. */
function call(wb: Workbench, name: ApiCall, request: unknown): unknown {
  switch (name) {
    case 'stats':
    case 'savedList':
    case 'boilerplate':
    case 'dupsPending':
    case 'check':
      return wb[name]();
    default:
      return wb[name](request);
  }
}

/** Run one job, reporting its progress; `signal` cancels it. */
function job(wb: Workbench, name: ApiJob, request: unknown, signal: AbortSignal, progress: (p: unknown) => void): Promise<unknown> {
  const pair = (done: number, total: number): void => progress({ done, total });
  switch (name) {
    case 'import':
      return wb.import(request, { signal, onProgress: progress });
    case 'count':
      return wb.count(request, { signal, onProgress: pair });
    case 'analyze':
      return wb.analyze({ signal, onProgress: progress });
    case 'export':
      return wb.export(request, { signal, onProgress: progress });
    case 'dupsUpdate':
      return wb.dupsUpdate({ signal, onProgress: pair });
    case 'dupsSettings':
      return wb.dupsSettings(request, { signal, onProgress: pair });
  }
}

async function runJob(wb: Workbench, name: ApiJob, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = await readJson(req);
  const controller = new AbortController();
  // The client closing the stream before the result is a cancel.
  res.on('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  res.writeHead(200, { ...HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
  const event = (type: string, data: unknown): void => {
    if (!res.writableEnded) res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  try {
    event('result', await job(wb, name, request, controller.signal, (p) => event('progress', p)));
  } catch (err) {
    event('error', apiError(err));
  }
  res.end();
}

/** A file of the renderer build, never one outside its folder (by `..`, encoding or symlink). */
function serveFile(dir: string | undefined, path: string, res: ServerResponse): void {
  const root = dir === undefined ? null : realpathSync(resolve(dir));
  if (root === null || !existsSync(join(root, 'index.html'))) {
    res.writeHead(404, { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' });
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
    res.writeHead(404, HEADERS);
    res.end();
    return;
  }
  res.writeHead(200, { ...HEADERS, 'content-type': TYPES[extname(real)] ?? 'application/octet-stream', 'content-security-policy': CSP });
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

  /** Jobs under way, so that closing the server waits for them to stop before the archive is closed. */
  const running = new Set<Promise<void>>();

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
    const name = url.pathname.slice('/api/'.length);
    if (req.method !== 'POST' || (!calls.has(name) && !jobs.has(name))) {
      send(res, 404, { ok: false, error: { code: 'not_found', message: `no API method ${req.method} ${url.pathname}` } });
      return;
    }
    let answer: Promise<void>;
    if (jobs.has(name)) {
      const job = runJob(wb, name as ApiJob, req, res).finally(() => running.delete(job));
      running.add(job);
      answer = job;
    } else
      answer = readJson(req).then((request) => send(res, 200, { ok: true, value: call(wb, name as ApiCall, request) ?? null }));
    answer.catch((err: unknown) => {
      const error = apiError(err);
      if (res.headersSent) res.end();
      else send(res, STATUS[error.code], { ok: false, error });
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        // Closing the connections cancels the jobs on them; they are waited for, so the archive is
        // closed after them and each records how it ended.
        close: async () => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeAllConnections();
          await Promise.allSettled([...running]);
          await closed;
        },
      });
    });
  });
}
