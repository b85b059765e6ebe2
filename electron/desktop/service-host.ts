import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { ApiCall, ApiError, ApiJob, ApiResult } from '../api.js';
import { realPath } from '../paths.js';
import { apiError, callService, runServiceJob } from '../dispatch.js';
import { FacetsLane } from '../facets-lane.js';
import { Workbench, WorkbenchError } from '../service.js';
import type { FolderWatching } from '../sources/folder-watchers.js';
import { type FeedTimer, startFeedTimer } from '../sources/timer.js';
import { isCall, isJob } from './contract.js';

/*
 * The service's side of the desktop app: a worker thread of the main process that owns the archive.
 * better-sqlite3 is synchronous, so a long query or import run in the main process would freeze the
 * window; here it only keeps this thread busy. The main process (service-client.ts) sends numbered
 * requests and gets ApiResult-shaped answers; a job reports progress under its number until its
 * result, and a cancel names that number.
 */

export interface HostData {
  archive: string;
  /** Poll the due feeds while the app is open (default); tests turn it off. */
  pollFeeds?: boolean;
  /** Import what appears in the archive's watched folders while the app is open (default); tests turn it off. */
  watchFolders?: boolean;
}

export type ToHost =
  | { type: 'call'; id: number; method: ApiCall; request: unknown }
  | { type: 'job'; id: number; method: ApiJob; request: unknown }
  | { type: 'cancel'; id: number }
  | { type: 'close' };

export type FromHost =
  | { type: 'ready'; archive: string }
  | { type: 'failed'; error: ApiError }
  | { type: 'result'; id: number; result: ApiResult<unknown> }
  | { type: 'progress'; id: number; progress: unknown }
  | { type: 'closed' };

/** Progress at most this often: an import of small files reports thousands of times a second, more than a window can show. */
const PROGRESS_EVERY_MS = 50;

/** Passes on the first progress at once, then at most one per interval; `flush` sends what is held back, before the result. */
function throttled(send: (p: unknown) => void): { report: (p: unknown) => void; flush: () => void } {
  let last = 0;
  let held: { progress: unknown } | null = null;
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (held) send(held.progress);
    held = null;
    last = Date.now();
  };
  return {
    report(progress) {
      held = { progress };
      const wait = last + PROGRESS_EVERY_MS - Date.now();
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    flush,
  };
}

/** Answers the main process's messages on `port` with the Workbench, until it asks to close. */
export function serve(port: MessagePort, wb: Workbench, lane?: FacetsLane, feeds?: FeedTimer, folders?: FolderWatching): void {
  const post = (message: FromHost): void => port.postMessage(message);
  const running = new Map<number, { controller: AbortController; done: Promise<void> }>();

  const runJob = (id: number, method: ApiJob, request: unknown): void => {
    const controller = new AbortController();
    const progress = throttled((p) => post({ type: 'progress', id, progress: p }));
    const done = (async () => {
      let result: ApiResult<unknown>;
      try {
        result = { ok: true, value: (await runServiceJob(wb, method, request, controller.signal, progress.report)) ?? null };
      } catch (err) {
        result = { ok: false, error: apiError(err) };
      }
      progress.flush();
      running.delete(id);
      post({ type: 'result', id, result });
    })();
    running.set(id, { controller, done });
  };

  port.on('message', (message: ToHost) => {
    switch (message.type) {
      case 'call': {
        if (message.method === 'facets' && lane?.alive) {
          // Facets of a broad query take seconds: answered beside this thread, they hold up no search.
          const { id } = message;
          lane.facets(message.request).then(
            (value) => post({ type: 'result', id, result: { ok: true, value } }),
            (err: unknown) => post({ type: 'result', id, result: { ok: false, error: apiError(err) } }),
          );
          return;
        }
        let result: ApiResult<unknown>;
        try {
          if (!isCall(message.method)) throw new WorkbenchError('invalid_request', `no API call ${String(message.method)}`);
          result = { ok: true, value: callService(wb, message.method, message.request) ?? null };
        } catch (err) {
          result = { ok: false, error: apiError(err) };
        }
        post({ type: 'result', id: message.id, result });
        return;
      }
      case 'job':
        if (isJob(message.method)) runJob(message.id, message.method, message.request);
        else post({ type: 'result', id: message.id, result: { ok: false, error: { code: 'invalid_request', message: `no API job ${String(message.method)}` } } });
        return;
      case 'cancel':
        running.get(message.id)?.controller.abort();
        return;
      case 'close':
        // Jobs are cancelled and waited for, so each records how it ended before the archive closes.
        for (const { controller } of running.values()) controller.abort();
        void Promise.allSettled([...[...running.values()].map((r) => r.done), lane?.close(), feeds?.stop(), folders?.stop()]).then(() => {
          wb.close();
          post({ type: 'closed' });
          port.close();
        });
        return;
    }
  });
}

async function main(port: MessagePort, data: HostData): Promise<void> {
  let wb: Workbench;
  try {
    // The desktop app creates the archive it is pointed at: the default on first start, or a new one the user named.
    wb = await Workbench.open(data.archive, { create: true });
  } catch (err) {
    port.postMessage({ type: 'failed', error: apiError(err) } satisfies FromHost);
    port.close();
    return;
  }
  // Each feed's outcome is recorded in the archive, where the Import view shows it; only a failure of the archive itself is left to log.
  const feeds = data.pollFeeds === false ? undefined : startFeedTimer((signal) => wb.feedsRun({}, { signal }), (err) => console.error('feed polling:', err));
  // Each folder's checks are recorded in the archive too, for the Import view.
  const folders = data.watchFolders === false ? undefined : wb.watchFolders({ onError: (err) => console.error('folder watching:', err) });
  serve(port, wb, new FacetsLane(wb.archivePath), feeds, folders);
  port.postMessage({ type: 'ready', archive: realPath(wb.archivePath) } satisfies FromHost);
}

if (parentPort !== null && typeof (workerData as Partial<HostData> | null)?.archive === 'string') void main(parentPort, workerData as HostData);
