import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PrepareOptions } from './prepare.js';
import type { WorkerReady, WorkerReply, WorkerRequest } from './worker.js';

export interface PoolReply extends WorkerReply {
  path: string;
  size: number;
  /** Call for a chunk that is not the last, once it has been taken, to let the worker go on. */
  ack: () => void;
  /**
   * Call instead of `ack` to end the file at this chunk (the import was cancelled): the worker
   * reads no more of it and answers with an empty last chunk.
   */
  stop: () => void;
}

export interface PoolLimits {
  /** A file that keeps its worker busy longer than this is given up, and the worker replaced. */
  fileTimeoutMs: number;
  /**
   * Workers that may die one after another without a file finished in between. A file that kills
   * its reader fails alone; a reader that dies on every file is broken, and the import stops.
   */
  maxCrashesInARow: number;
  /** Heap of each worker; by default sized from the largest file or zip entry it may be given. */
  workerHeapMb?: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { fileTimeoutMs: 120_000, maxCrashesInARow: 5 };

const MB = 1024 * 1024;

/**
 * A file's text, decoded and parsed, takes a few times its size on the heap; the floor leaves room
 * for the readers themselves. One worker hitting the ceiling fails its file, not the application.
 */
export function defaultWorkerHeapMb(options: Pick<PrepareOptions, 'maxFileBytes' | 'zipLimits'>): number {
  return Math.max(1024, Math.ceil((4 * Math.max(options.maxFileBytes, options.zipLimits.maxEntryBytes)) / MB));
}

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
  /**
   * A chunk handed over and not yet answered: the worker waits for the writer (a batch, a run of
   * the duplicate finder), which is not its file hanging either.
   */
  waitingForWriter: boolean;
}

const WATCH_MS = 500;

/**
 * What a test may stand in for: the watchdog's clock, which it moves by hand, and the worker
 * script; and calls after each look of the watchdog and each reply received.
 */
export interface PoolInternals {
  now: () => number;
  script: URL;
  watched?: () => void;
  /** Called after each reply a worker sends has reached the pool, before anyone takes it. */
  received?: () => void;
  /** Called once the pool has stopped, with the reason `next` will reject with. */
  stopped?: (err: Error) => void;
}

const INTERNALS: PoolInternals = { now: Date.now, script: new URL('./worker.js', import.meta.url) };

/**
 * Worker threads preparing files; replies come back through one queue in arrival order.
 * A file that hangs or crashes its worker becomes an error for that file alone: the worker is
 * replaced and the files queued behind it are sent again. Workers that cannot start, or that keep
 * crashing, are not replaced forever: the pool stops, and `next` rejects with the reason.
 */
export class PreparePool {
  private readonly slots: Slot[] = [];
  private readonly replies: PoolReply[] = [];
  private waiting: { resolve: (r: PoolReply) => void; reject: (err: Error) => void } | null = null;
  private nextId = 1;
  private closing = false;
  private broken: Error | null = null;
  private crashesInARow = 0;
  private readonly limits: PoolLimits;
  private readonly internals: PoolInternals;
  private readonly heapMb: number;
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
    limits: Partial<PoolLimits> = {},
    internals: Partial<PoolInternals> = {},
  ) {
    this.limits = { ...DEFAULT_POOL_LIMITS, ...limits };
    this.internals = { ...INTERNALS, ...internals };
    this.heapMb = this.limits.workerHeapMb ?? defaultWorkerHeapMb(options);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
    this.watchdog = setInterval(() => this.watch(), WATCH_MS);
    this.watchdog.unref();
  }

  /**
   * Files submitted whose last reply has not been taken: queued, being read, or read and waiting
   * for the writer. A file counts until it is taken, so a run that waits for this to reach zero
   * has every reply in hand, however far the workers got ahead of it.
   */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Whether the pool has stopped (its readers could not start or kept crashing): no file sent now is read. */
  get stopped(): boolean {
    return this.broken !== null;
  }

  /** Whether `next` would answer at once. */
  get replyReady(): boolean {
    return this.replies.length > 0;
  }

  submit(path: string, size: number): void {
    this.inFlightCount += 1;
    this.bytesInFlight += size;
    if (this.broken) return;
    const slot = this.slots.reduce((a, b) => (b.queue.length < a.queue.length ? b : a));
    this.send(slot, { id: this.nextId++, path, size });
  }

  /**
   * The next chunk any worker has finished, or null if none arrives within `timeoutMs`.
   * Rejects once the pool has stopped and every reply it had is taken.
   */
  next(timeoutMs: number): Promise<PoolReply | null> {
    const r = this.replies.shift();
    if (r) return Promise.resolve(this.handOut(r));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve(null);
      }, timeoutMs);
      this.waiting = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.watchdog);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(this.internals.script, { workerData: this.options, resourceLimits: { maxOldGenerationSizeMb: this.heapMb } });
    const slot: Slot = { worker, queue: [], activeSince: this.now(), ready: false, waitingForWriter: false };
    worker.on('message', (m: WorkerReply | WorkerReady) => {
      if ('ready' in m) {
        slot.ready = true;
        slot.activeSince = this.now();
      } else this.receive(slot, m);
    });
    worker.on('error', (err: Error & { code?: string }) => {
      this.crashed(slot, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `the reader ran out of memory (limit ${this.heapMb} MB)` : `the reader stopped: ${err.message}`);
    });
    // The pool removes its listeners before it ends a worker itself: any exit heard here is a crash.
    worker.on('exit', (code) => this.crashed(slot, `the reader stopped (exit code ${code})`));
    return slot;
  }

  private now(): number {
    return this.internals.now();
  }

  private send(slot: Slot, task: Task): void {
    if (slot.queue.length === 0) slot.activeSince = this.now();
    slot.queue.push(task);
    slot.worker.postMessage({ type: 'file', ...task } satisfies WorkerRequest);
  }

  private receive(slot: Slot, m: WorkerReply): void {
    const task = slot.queue[0];
    if (!task || task.id !== m.id) return;
    slot.activeSince = this.now();
    slot.waitingForWriter = !m.last;
    if (m.last) {
      this.crashesInARow = 0;
      this.finish(slot);
    }
    this.internals.received?.();
    this.deliver({
      ...m,
      path: task.path,
      size: task.size,
      ack: () => {
        slot.activeSince = this.now();
        slot.waitingForWriter = false;
        slot.worker.postMessage({ type: 'ack', id: m.id } satisfies WorkerRequest);
      },
      stop: () => {
        slot.activeSince = this.now();
        slot.waitingForWriter = false;
        slot.worker.postMessage({ type: 'ack', id: m.id, stop: true } satisfies WorkerRequest);
      },
    });
  }

  /** The worker is done with the task at the head of its queue; the task stays in flight until its reply is taken. */
  private finish(slot: Slot): Task | undefined {
    const task = slot.queue.shift();
    slot.activeSince = this.now();
    return task;
  }

  private deliver(reply: PoolReply): void {
    const w = this.waiting;
    this.waiting = null;
    if (w) w.resolve(this.handOut(reply));
    else this.replies.push(reply);
  }

  /** A file's last reply leaves the pool: it no longer counts, nor do its bytes. */
  private handOut(reply: PoolReply): PoolReply {
    if (reply.last) {
      this.inFlightCount -= 1;
      this.bytesInFlight -= reply.size;
    }
    return reply;
  }

  private watch(): void {
    const now = this.now();
    for (const slot of this.slots) {
      if (slot.ready && !slot.waitingForWriter && slot.queue.length > 0 && now - slot.activeSince > this.limits.fileTimeoutMs) {
        this.replace(slot, `reading took longer than ${Math.round(this.limits.fileTimeoutMs / 1000)} s; skipped`);
      }
    }
    this.internals.watched?.();
  }

  private crashed(slot: Slot, reason: string): void {
    if (this.closing || this.broken || !this.slots.includes(slot)) return;
    // Dying before the readers are even loaded is the installation, not a file: every new worker would too.
    if (!slot.ready) {
      this.stop(new Error(`import stopped: the file readers could not start (${reason})`));
      return;
    }
    this.crashesInARow += 1;
    if (this.crashesInARow < this.limits.maxCrashesInARow) {
      this.replace(slot, reason);
      return;
    }
    const failed = this.finish(slot);
    if (failed) this.fail(failed, reason);
    this.stop(new Error(`import stopped: the file readers crashed ${this.crashesInARow} times in a row (last ${failed ? `on ${failed.path}: ` : ''}${reason})`));
  }

  /** Give up the file the worker was on, start a fresh worker, and send it the files queued behind. */
  private replace(slot: Slot, reason: string): void {
    if (this.closing || !this.slots.includes(slot)) return;
    const index = this.slots.indexOf(slot);
    this.end(slot);
    const failed = this.finish(slot);
    const fresh = this.spawn();
    this.slots[index] = fresh;
    for (const task of slot.queue) this.send(fresh, task);
    if (failed) this.fail(failed, reason);
  }

  /** No more workers: replies already delivered can still be taken, then `next` rejects with `err`. */
  private stop(err: Error): void {
    this.broken = err;
    clearInterval(this.watchdog);
    for (const slot of this.slots) this.end(slot);
    const w = this.waiting;
    this.waiting = null;
    w?.reject(err);
    this.internals.stopped?.(err);
  }

  private end(slot: Slot): void {
    slot.worker.removeAllListeners();
    // A worker ended mid-file may still report what ended it; nobody is listening for that any more.
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
  }

  private fail(task: Task, reason: string): void {
    this.deliver({
      id: task.id,
      path: task.path,
      size: task.size,
      last: true,
      prepared: { articles: [], errors: [{ path: task.path, reason }], warnings: [] },
      ack: () => undefined,
      stop: () => undefined,
    });
  }
}
