import { Worker } from 'node:worker_threads';
import type { ApiCall, ApiError, ApiJob, ApiResult } from '../api.js';
import { realPath } from '../paths.js';
import type { FromHost, HostData, ToHost } from './service-host.js';

/*
 * The main process's side of the service: it starts the worker that owns the archive
 * (service-host.ts) and turns its numbered messages back into promises. Switching to another
 * archive starts a worker on it, then closes the old one; requests made meanwhile wait for the new
 * one. A worker that dies unasked fails what it had in hand, and the next request starts a new one.
 */

export interface RunningJob {
  result: Promise<ApiResult<unknown>>;
  cancel(): void;
}

/** What the IPC handlers need of the service, so tests can give them a service of their own. */
export interface Service {
  call(method: ApiCall, request: unknown): Promise<ApiResult<unknown>>;
  job(method: ApiJob, request: unknown, onProgress: (progress: unknown) => void): RunningJob;
}

const HOST = new URL('./service-host.js', import.meta.url);

const failure = (code: ApiError['code'], message: string): ApiResult<never> => ({ ok: false, error: { code, message } });

/** A thrown ApiError, for a worker that could not open its archive. */
export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

interface Pending {
  settle: (result: ApiResult<unknown>) => void;
  onProgress?: (progress: unknown) => void;
}

/** One worker on one archive. */
class Connection {
  private readonly pending = new Map<number, Pending>();
  private serial = 0;
  private closing: Promise<void> | null = null;
  /** Set when the worker is gone; every later request fails at once. */
  private gone: ApiError | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly archive: string,
    onGone: () => void,
  ) {
    worker.on('message', (message: FromHost) => {
      if (message.type === 'result') this.take(message.id)?.settle(message.result);
      else if (message.type === 'progress') this.pending.get(message.id)?.onProgress?.(message.progress);
    });
    const die = (why: string): void => {
      if (this.gone) return;
      this.gone = { code: this.closing ? 'cancelled' : 'internal', message: this.closing ? 'the archive was closed' : `the service stopped: ${why}` };
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.settle({ ok: false, error: this.gone });
      }
      if (!this.closing) onGone();
    };
    worker.on('error', (err) => die(err.message));
    worker.on('exit', (code) => die(`its thread ended (exit code ${code})`));
  }

  /** Starts a worker on `archive` and waits until it has the archive open. */
  static start(archive: string, onGone: () => void): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(HOST, { workerData: { archive } satisfies HostData });
      const early = (err: Error | number): void => reject(new ServiceError({ code: 'internal', message: `the service could not start: ${typeof err === 'number' ? `exit code ${err}` : err.message}` }));
      worker.once('error', early);
      worker.once('exit', early);
      worker.once('message', (message: FromHost) => {
        worker.off('error', early);
        worker.off('exit', early);
        if (message.type === 'ready') resolve(new Connection(worker, message.archive, onGone));
        else {
          reject(new ServiceError(message.type === 'failed' ? message.error : { code: 'internal', message: `the service said ${message.type} before it was ready` }));
          void worker.terminate();
        }
      });
    });
  }

  private take(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p;
  }

  private send(message: ToHost): void {
    this.worker.postMessage(message);
  }

  private request(make: (id: number) => ToHost, onProgress?: (progress: unknown) => void): { id: number; result: Promise<ApiResult<unknown>> } {
    const id = ++this.serial;
    if (this.gone) return { id, result: Promise.resolve({ ok: false, error: this.gone }) };
    const result = new Promise<ApiResult<unknown>>((settle) => this.pending.set(id, { settle, onProgress }));
    try {
      this.send(make(id));
    } catch (err) {
      // A request that cannot be copied to the worker (a function, a symbol): the IPC door never lets one through.
      this.take(id)?.settle(failure('invalid_request', `the request cannot be sent to the service: ${err instanceof Error ? err.message : String(err)}`));
    }
    return { id, result };
  }

  call(method: ApiCall, request: unknown): Promise<ApiResult<unknown>> {
    return this.request((id) => ({ type: 'call', id, method, request })).result;
  }

  job(method: ApiJob, request: unknown, onProgress: (progress: unknown) => void): RunningJob {
    const { id, result } = this.request((id) => ({ type: 'job', id, method, request }), onProgress);
    return {
      result,
      cancel: () => {
        if (this.pending.has(id)) this.send({ type: 'cancel', id });
      },
    };
  }

  /** Cancels the jobs, waits for them, closes the archive and ends the worker. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((done) => {
      if (this.gone) {
        done();
        return;
      }
      this.worker.once('exit', () => done());
      this.worker.on('message', (message: FromHost) => {
        if (message.type === 'closed') void this.worker.terminate();
      });
      this.send({ type: 'close' });
    });
    return this.closing;
  }
}

/** The service of the desktop app: one archive at a time, each in a worker thread. */
export class ServiceClient implements Service {
  private current: Promise<Connection>;
  private path: string;

  private constructor(first: Connection) {
    this.path = first.archive;
    this.current = Promise.resolve(first);
  }

  /** Starts the service on `archive` (created when missing); throws a ServiceError when it cannot be opened. */
  static async start(archive: string): Promise<ServiceClient> {
    let client: ServiceClient | null = null;
    const first = await Connection.start(archive, () => client?.restart());
    client = new ServiceClient(first);
    return client;
  }

  /** The real path of the archive in use (or being switched to). */
  get archive(): string {
    return this.path;
  }

  private connect(archive: string): Promise<Connection> {
    return Connection.start(archive, () => this.restart());
  }

  /** After the worker died: the next request goes to a new worker on the same archive. */
  private restart(): void {
    this.current = this.connect(this.path);
    // An unhandled rejection here would end the main process; requests see the failure themselves.
    this.current.catch(() => undefined);
  }

  private async connection(): Promise<Connection | ApiResult<never>> {
    try {
      return await this.current;
    } catch (err) {
      return { ok: false, error: err instanceof ServiceError ? err.error : { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
    }
  }

  async call(method: ApiCall, request: unknown): Promise<ApiResult<unknown>> {
    const c = await this.connection();
    return c instanceof Connection ? c.call(method, request) : c;
  }

  job(method: ApiJob, request: unknown, onProgress: (progress: unknown) => void): RunningJob {
    let cancelled = false;
    let running: RunningJob | null = null;
    const result = this.connection().then((c) => {
      if (!(c instanceof Connection)) return c;
      if (cancelled) return failure('cancelled', `${method} cancelled`);
      running = c.job(method, request, onProgress);
      return running.result;
    });
    return {
      result,
      cancel: () => {
        cancelled = true;
        running?.cancel();
      },
    };
  }

  /**
   * Opens `archive` in a new worker, then closes the old one (its jobs cancelled and waited for).
   * If the new archive cannot be opened the old one stays in use, and the error is thrown.
   */
  async switchTo(archive: string): Promise<void> {
    // The same file twice would be two connections writing one archive.
    if (realPath(archive) === this.path) return;
    const old = await this.current.catch(() => null);
    const next = this.connect(archive);
    this.current = next.catch(async (err: unknown) => {
      if (old) return old;
      throw err;
    });
    const opened = await next;
    this.path = opened.archive;
    await old?.close();
  }

  /** Closes the archive: running jobs are cancelled and waited for first. */
  async close(): Promise<void> {
    const c = await this.current.catch(() => null);
    await c?.close();
  }
}
