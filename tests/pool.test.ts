import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultWorkerHeapMb, PreparePool, type PoolInternals, type PoolLimits, type PoolReply } from '../electron/import/pool.js';
import type { PrepareOptions } from '../electron/import/prepare.js';
import { DEFAULT_IMPORT_OPTIONS } from '../electron/import/run.js';
import { DEFAULT_ZIP_LIMITS } from '../electron/import/zip.js';
import { tempDir } from './helpers.js';

/*
 * The worker pool's limits: a file that keeps its reader busy, a file too big for a worker's heap,
 * and workers that cannot start or keep dying. Time is a clock the test moves. Crashes on a file
 * are real ones: real workers running out of the heap they were given. (Not at start-up: a heap
 * too small to start a worker at all ends the whole process on Node 24.)
 */

const OPTIONS: PrepareOptions = { ...DEFAULT_IMPORT_OPTIONS, chunkSize: 100 };
const STORY = 'Harga beras naik lagi\nPedagang di pasar induk mengatakan harga beras naik karena pasokan dari daerah berkurang.\n';

function startPool(t: { after: (fn: () => Promise<void>) => void }, workers: number, limits: Partial<PoolLimits>, internals?: Partial<PoolInternals>): PreparePool {
  const pool = new PreparePool(workers, OPTIONS, limits, internals);
  t.after(() => pool.close());
  return pool;
}

/** The next reply, however long the machine takes to produce it. */
async function reply(pool: PreparePool): Promise<PoolReply> {
  for (;;) {
    const r = await pool.next(1000);
    if (r) return r;
  }
}

const story = (dir: string, name: string): string => {
  const path = join(dir, name);
  writeFileSync(path, STORY);
  return path;
};

/** Text whose decoding alone takes more than a 32 MB heap. */
const tooBig = (dir: string): string => {
  const path = join(dir, 'too-big.txt');
  writeFileSync(path, STORY.repeat(Math.ceil((24 * 1024 * 1024) / STORY.length)));
  return path;
};

const outcome = (r: PoolReply): [string, number, string[]] => [r.path, r.prepared.articles.length, r.prepared.errors.map((e) => e.reason)];

test('a file that keeps its reader busy past the time limit is given up; the files behind it are still read', async (t) => {
  let clock = 0;
  const script = new URL('./fixtures/workers/stalling-worker.js', import.meta.url);
  const pool = startPool(t, 1, { fileTimeoutMs: 60_000 }, { now: () => clock, script });
  const answer = (r: PoolReply): [string, string[], string[]] => [r.path, r.prepared.errors.map((e) => e.reason), r.prepared.warnings.map((w) => w.reason)];
  const SEEN = ['seen by the stand-in worker'];

  // Its first answer shows the worker is up: only from then on is a file's time counted.
  pool.submit('/news/first.txt', 1);
  assert.deepEqual(answer(await reply(pool)), ['/news/first.txt', [], SEEN]);
  pool.submit('/news/stuck.stall', 1);
  pool.submit('/news/behind.txt', 1);
  // The clock stands still until the test moves it: no file is timed out but the one meant to be.
  clock += 60_001;
  assert.deepEqual(answer(await reply(pool)), ['/news/stuck.stall', ['reading took longer than 60 s; skipped'], []]);
  assert.deepEqual(answer(await reply(pool)), ['/news/behind.txt', [], SEEN]);
  assert.equal(pool.inFlight, 0);
});

test('a file whose chunk waits for the writer is not hanging, however long the writer takes; its time counts again once answered', async (t) => {
  let clock = 0;
  let watched = (): void => undefined;
  const pool = startPool(t, 1, { fileTimeoutMs: 60_000 }, { now: () => clock, watched: () => watched() });
  /** Resolves after the watchdog's next whole look at the workers. */
  const nextLook = (): Promise<void> => new Promise((resolve) => (watched = resolve));
  const path = join(tempDir(t), 'kotak.mbox');
  const message = (n: number): string =>
    `From kabar@pagi.example Tue Mar  5 07:15:00 2024\nFrom: Kabar Pagi <kabar@pagi.example>\nSubject: Berita nomor ${n}\nDate: Tue, 5 Mar 2024 07:15:00 +0700\n` +
    `Message-ID: <berita-${n}@pagi.example>\n\nHarga beras di pasar induk nomor ${n} naik karena pasokan dari daerah berkurang, kata pedagang.\n`;
  writeFileSync(path, Array.from({ length: 250 }, (_, i) => message(i + 1)).join(''));
  pool.submit(path, 1);
  const first = await reply(pool);
  assert.deepEqual([first.last, first.prepared.articles.length, first.prepared.errors], [false, 100, []]);
  // The writer holds the chunk (a long run of the duplicate finder) past the time limit.
  clock += 60_001;
  await nextLook();
  assert.equal(await pool.next(0), null, 'the file was not given up while its worker waited');
  first.ack();
  const rest: PoolReply[] = [];
  for (let r = await reply(pool); ; r = await reply(pool)) {
    rest.push(r);
    if (r.last) break;
    r.ack();
  }
  assert.deepEqual(rest.map((r) => [r.prepared.articles.length, r.prepared.errors]), [[100, []], [50, []]]);
  assert.equal(pool.inFlight, 0);
});

test('a file stays in flight until its reply is taken: workers far ahead of the writer lose no reply', async (t) => {
  // An import drains the pool until nothing is in flight. Workers that finished every file while
  // the writer was busy (a long run of the duplicate finder) once left their replies queued with
  // nothing in flight, and the run ended without them.
  const dir = tempDir(t);
  let received = 0;
  let allReceived = (): void => undefined;
  const everyReply = new Promise<void>((resolve) => (allReceived = resolve));
  const paths = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'].map((name) => story(dir, name));
  const pool = startPool(t, 2, {}, {
    received: () => {
      received += 1;
      if (received === paths.length) allReceived();
    },
  });
  for (const path of paths) pool.submit(path, 10);
  await everyReply;
  assert.equal(pool.inFlight, paths.length);
  assert.equal(pool.bytesInFlight, 10 * paths.length);
  const taken: string[] = [];
  while (pool.inFlight > 0) {
    const r = await reply(pool);
    assert.equal(r.prepared.articles.length, 1);
    taken.push(r.path);
    assert.equal(pool.inFlight, paths.length - taken.length);
  }
  assert.deepEqual(taken.sort(), paths);
  assert.equal(pool.bytesInFlight, 0);
});

test('a file too big for a worker heap fails alone; a fresh worker reads the files behind it', async (t) => {
  const dir = tempDir(t);
  const pool = startPool(t, 1, { workerHeapMb: 32 });
  const [before, big, after] = [story(dir, 'before.txt'), tooBig(dir), story(dir, 'after.txt')];
  for (const path of [before, big, after]) pool.submit(path, 1);
  assert.deepEqual(outcome(await reply(pool)), [before, 1, []]);
  assert.deepEqual(outcome(await reply(pool)), [big, 0, ['the reader ran out of memory (limit 32 MB)']]);
  assert.deepEqual(outcome(await reply(pool)), [after, 1, []]);
  assert.equal(pool.inFlight, 0);
});

test('workers that keep dying are not replaced forever: the pool stops with the reason', async (t) => {
  const dir = tempDir(t);
  const pool = startPool(t, 1, { workerHeapMb: 32, maxCrashesInARow: 2 });
  const [ok, big] = [story(dir, 'ok.txt'), tooBig(dir)];
  // A file read between two crashes starts the count again; two in a row end it.
  for (const path of [big, ok, big, big, ok]) pool.submit(path, 1);
  const oom = 'the reader ran out of memory (limit 32 MB)';
  assert.deepEqual(outcome(await reply(pool)), [big, 0, [oom]]);
  assert.deepEqual(outcome(await reply(pool)), [ok, 1, []]);
  assert.deepEqual(outcome(await reply(pool)), [big, 0, [oom]]);
  assert.deepEqual(outcome(await reply(pool)), [big, 0, [oom]]);
  await assert.rejects(pool.next(1000), { message: `import stopped: the file readers crashed 2 times in a row (last on ${big}: ${oom})` });
  await assert.rejects(pool.next(1000), /crashed 2 times in a row/, 'stays stopped');
});

test('workers that die before they can start stop the pool at once', async (t) => {
  const dir = tempDir(t);
  const script = new URL('./fixtures/workers/broken-worker.js', import.meta.url);
  const pool = startPool(t, 2, {}, { script });
  pool.submit(story(dir, 'ok.txt'), 1);
  await assert.rejects(reply(pool), { message: 'import stopped: the file readers could not start (the reader stopped: Cannot find module linkedom)' });
});

test('each worker heap is sized from the largest file it may be given', () => {
  const MB = 1024 * 1024;
  assert.equal(defaultWorkerHeapMb({ maxFileBytes: 200 * MB, zipLimits: { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 50 * MB } }), 1024);
  assert.equal(defaultWorkerHeapMb({ maxFileBytes: 1000 * MB, zipLimits: { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 50 * MB } }), 4000);
  assert.equal(defaultWorkerHeapMb({ maxFileBytes: 10 * MB, zipLimits: { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 600 * MB } }), 2400);
});
