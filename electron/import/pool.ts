import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PrepareOptions } from './prepare.js';
import type { WorkerReady, WorkerReply, WorkerRequest } from './worker.js';

export interface PoolReply extends WorkerReply {
  path: string;
  size: number;
  /** Call for a chunk that is not the last, once it has been taken, to let the worker go on. */
  ack: () => void;
}

export interface PoolLimits {
  /** A file that keeps its worker busy longer than this is given up, and the worker replaced. */
  fileTimeoutMs: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { fileTimeoutMs: 120_000 };

interface Task {
  id: number;
  path: string;
  size: number;
}

interface Slot {
  worker: Worker;
  /** Tasks sent to this worker, in the order it works through them. */
  queue: Task[];
  /** When the worker last showed progress on the task at the head of its queue. */
  activeSince: number;
  /** Loading the readers can take seconds on a busy machine; that is not a file hanging. */
  ready: boolean;
}

const WATCH_MS = 500;

/**
 * Worker threads preparing files; replies come back through one queue in arrival order.
 * A file that hangs or crashes its worker becomes an error for that file alone: the worker is
 * replaced and the files queued behind it are sent again.
 */
export class PreparePool {
  private readonly slots: Slot[] = [];
  private readonly replies: PoolReply[] = [];
  private waiting: ((r: PoolReply) => void) | null = null;
  private nextId = 1;
  private closing = false;
  private readonly watchdog: NodeJS.Timeout;
  private inFlightCount = 0;
  bytesInFlight = 0;

  /** One thread stays with the writer; the rest of the cores parse. */
  static defaultSize(): number {
    return Math.max(1, Math.min(4, availableParallelism() - 1));
  }

  constructor(
    size: number,
    private readonly options: PrepareOptions,
    private readonly limits: PoolLimits = DEFAULT_POOL_LIMITS,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
    this.watchdog = setInterval(() => this.watch(), WATCH_MS);
    this.watchdog.unref();
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  submit(path: string, size: number): void {
    const slot = this.slots.reduce((a, b) => (b.queue.length < a.queue.length ? b : a));
    this.inFlightCount += 1;
    this.bytesInFlight += size;
    this.send(slot, { id: this.nextId++, path, size });
  }

  /** The next chunk any worker has finished, or null if none arrives within `timeoutMs`. */
  next(timeoutMs: number): Promise<PoolReply | null> {
    const r = this.replies.shift();
    if (r) return Promise.resolve(r);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve(null);
      }, timeoutMs);
      this.waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.watchdog);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: this.options });
    const slot: Slot = { worker, queue: [], activeSince: Date.now(), ready: false };
    worker.on('message', (m: WorkerReply | WorkerReady) => {
      if ('ready' in m) {
        slot.ready = true;
        slot.activeSince = Date.now();
      } else this.receive(slot, m);
    });
    worker.on('error', (err) => this.replace(slot, `the reader stopped: ${err.message}`));
    worker.on('exit', (code) => {
      if (code !== 0) this.replace(slot, `the reader stopped (exit code ${code})`);
    });
    return slot;
  }

  private send(slot: Slot, task: Task): void {
    if (slot.queue.length === 0) slot.activeSince = Date.now();
    slot.queue.push(task);
    slot.worker.postMessage({ type: 'file', ...task } satisfies WorkerRequest);
  }

  private receive(slot: Slot, m: WorkerReply): void {
    const task = slot.queue[0];
    if (!task || task.id !== m.id) return;
    slot.activeSince = Date.now();
    if (m.last) this.finish(slot);
    this.deliver({
      ...m,
      path: task.path,
      size: task.size,
      ack: () => {
        slot.activeSince = Date.now();
        slot.worker.postMessage({ type: 'ack', id: m.id } satisfies WorkerRequest);
      },
    });
  }

  private finish(slot: Slot): Task | undefined {
    const task = slot.queue.shift();
    if (task) {
      this.inFlightCount -= 1;
      this.bytesInFlight -= task.size;
    }
    slot.activeSince = Date.now();
    return task;
  }

  private deliver(reply: PoolReply): void {
    const w = this.waiting;
    this.waiting = null;
    if (w) w(reply);
    else this.replies.push(reply);
  }

  private watch(): void {
    const now = Date.now();
    for (const slot of this.slots) {
      if (slot.ready && slot.queue.length > 0 && now - slot.activeSince > this.limits.fileTimeoutMs) {
        this.replace(slot, `reading took longer than ${Math.round(this.limits.fileTimeoutMs / 1000)} s; skipped`);
      }
    }
  }

  /** Give up the file the worker was on, start a fresh worker, and send it the files queued behind. */
  private replace(slot: Slot, reason: string): void {
    if (this.closing || !this.slots.includes(slot)) return;
    const index = this.slots.indexOf(slot);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    const failed = this.finish(slot);
    const fresh = this.spawn();
    this.slots[index] = fresh;
    for (const task of slot.queue) this.send(fresh, task);
    if (failed) {
      this.deliver({
        id: failed.id,
        path: failed.path,
        size: failed.size,
        last: true,
        prepared: { articles: [], errors: [{ path: failed.path, reason }], warnings: [] },
        ack: () => undefined,
      });
    }
  }
}
