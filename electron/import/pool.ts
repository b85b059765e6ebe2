import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PrepareOptions } from './prepare.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

export interface PoolReply extends WorkerReply {
  path: string;
  size: number;
  /** Call for a chunk that is not the last, once it has been written. */
  ack: () => void;
}

interface Slot {
  worker: Worker;
  inFlight: number;
}

/** Worker threads preparing files; replies come back through one queue in arrival order. */
export class PreparePool {
  private readonly slots: Slot[];
  private readonly tasks = new Map<number, { path: string; size: number; slot: Slot }>();
  private readonly replies: PoolReply[] = [];
  private waiting: { resolve: (r: PoolReply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private nextId = 1;
  private closing = false;
  bytesInFlight = 0;

  /** One thread stays with the writer; the rest of the cores parse. */
  static defaultSize(): number {
    return Math.max(1, Math.min(4, availableParallelism() - 1));
  }

  constructor(size: number, options: PrepareOptions) {
    this.slots = Array.from({ length: size }, () => {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: options });
      const slot: Slot = { worker, inFlight: 0 };
      worker.on('message', (m: WorkerReply) => this.receive(slot, m));
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`an import worker stopped unexpectedly (exit code ${code})`));
      });
      return slot;
    });
  }

  get inFlight(): number {
    return this.tasks.size;
  }

  submit(path: string, size: number): void {
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    slot.inFlight += 1;
    this.bytesInFlight += size;
    this.tasks.set(id, { path, size, slot });
    slot.worker.postMessage({ type: 'file', id, path, size } satisfies WorkerRequest);
  }

  /** The next chunk any worker has finished. */
  next(): Promise<PoolReply> {
    if (this.failure) return Promise.reject(this.failure);
    const r = this.replies.shift();
    if (r) return Promise.resolve(r);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private receive(slot: Slot, m: WorkerReply): void {
    const task = this.tasks.get(m.id);
    if (!task) return;
    if (m.last) {
      this.tasks.delete(m.id);
      slot.inFlight -= 1;
      this.bytesInFlight -= task.size;
    }
    const reply: PoolReply = { ...m, path: task.path, size: task.size, ack: () => slot.worker.postMessage({ type: 'ack', id: m.id } satisfies WorkerRequest) };
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w.resolve(reply);
    } else this.replies.push(reply);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(this.failure);
  }
}
