import { Worker } from 'node:worker_threads';
import type { ApiError, Facets } from './api.js';
import { WorkbenchError } from './service.js';

/*
 * Facets over a broad query read every match (two seconds and more at 100,000 articles), and
 * better-sqlite3 is synchronous: answered on the service's own thread they would hold up every
 * search typed after them. So they are answered here, in a worker thread with its own connection
 * to the archive (SQLite's WAL lets it read beside the service's writes). Requests wait their turn
 * one at a time, and one whose asker has gone (a newer keystroke) is dropped unanswered.
 */

const WORKER = new URL('./facets-worker.js', import.meta.url);

export type ToLane = { id: number; request: unknown } | { close: true };
export type FromLane = { ready: true } | { id: number; ok: true; value: Facets } | { id: number; ok: false; error: ApiError };

interface Waiting {
  id: number;
  request: unknown;
  signal?: AbortSignal;
  resolve: (facets: Facets) => void;
  reject: (err: unknown) => void;
}

export class FacetsLane {
  private readonly worker: Worker;
  private readonly waiting: Waiting[] = [];
  private busy: Waiting | null = null;
  private next = 1;
  private down: Error | null = null;
  private readonly exited: Promise<void>;

  constructor(archive: string) {
    this.worker = new Worker(WORKER, { workerData: { archive } });
    this.exited = new Promise((done) => this.worker.once('exit', () => done()));
    this.worker.on('message', (message: FromLane) => {
      if ('ready' in message) return;
      const asked = this.busy;
      this.busy = null;
      if (asked?.id === message.id) {
        if (message.ok) asked.resolve(message.value);
        else asked.reject(new WorkbenchError(message.error.code, message.error.message, message.error.position));
      }
      this.pump();
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.once('exit', () => this.fail(new Error('the facets thread stopped')));
  }

  /** Whether the lane can still answer; once it cannot, the caller answers facets itself. */
  get alive(): boolean {
    return this.down === null;
  }

  facets(request: unknown, signal?: AbortSignal): Promise<Facets> {
    if (this.down) return Promise.reject(this.down);
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: this.next++, request, signal, resolve, reject });
      this.pump();
    });
  }

  /** Stops the thread once the facets it is reading are done; those still waiting are cancelled. */
  async close(): Promise<void> {
    this.fail(new WorkbenchError('cancelled', 'the archive is closing'));
    this.worker.postMessage({ close: true } satisfies ToLane);
    await this.exited;
  }

  private pump(): void {
    while (this.busy === null && this.down === null) {
      const next = this.waiting.shift();
      if (!next) return;
      if (next.signal?.aborted) {
        next.reject(new WorkbenchError('cancelled', 'facets no longer wanted'));
        continue;
      }
      this.busy = next;
      this.worker.postMessage({ id: next.id, request: next.request } satisfies ToLane);
    }
  }

  private fail(err: Error): void {
    this.down ??= err;
    for (const w of this.waiting.splice(0)) w.reject(err);
    this.busy?.reject(err);
    this.busy = null;
  }
}
