import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDatabase } from '../db/driver.js';
import { refOf } from '../db/duplicates.js';
import { SCHEMA_VERSION } from '../db/migrate.js';
import { HeldBands, KeyFilter } from '../electron/analysis/duplicates/held-bands.js';
import type { DuplicatePhase, DuplicateSummary } from '../electron/analysis/duplicates/update.js';
import { Workbench } from '../electron/service.js';
import { finderState, grouping, openOn, PER_FILE, waiting } from './dup-corpus.js';
import { bandTables, type Ctx, killAtWord, runChild } from './dup-helpers.js';
import { prng } from './prng.js';

/*
 * A big pass of the duplicate finder holds its band keys in memory and stores them in key order
 * now and then (docs/duplicates.md#big-passes). Held or stored chunk by chunk, the archive must end
 * the same; a crash, a cancel or another process in the middle must lose nothing. Real archives,
 * real imports of generated JSON Lines files; the bound of held keys is made small through the
 * finder's hooks.
 */

/** The record of held keys (the marks of keys to make again), as the archive has it. */
function heldMarks(db: string): Record<string, string> {
  const conn = openDatabase(db, { readonly: true });
  try {
    const rows = conn.prepare("SELECT key, value FROM meta WHERE key IN ('dup_rekey_up_to', 'dup_rekeyed_up_to')").raw(true).all() as [string, string][];
    return Object.fromEntries(rows);
  } finally {
    conn.close();
  }
}

/** The same archive finished by a big pass that stores each chunk's keys as it goes: what a holding pass must match. */
async function finishedStoring(t: Ctx, control: string, articles: number): Promise<Workbench> {
  const straight = await openOn(t, control);
  const whole = await straight.dupsUpdate({ increment: 0, heldRows: 0, chunkSize: PER_FILE });
  assert.deepEqual([whole.status, whole.articles], ['done', articles]);
  return straight;
}

const articlesOf = (rows: string[]): number[] => rows.map((row) => Number(row.split('/')[1]));

function assertSameAs(wb: Workbench, db: string, straight: Workbench, control: string): void {
  assert.deepEqual(finderState(db), finderState(control));
  assert.deepEqual(grouping(wb), grouping(straight));
  assert.deepEqual(heldMarks(db), {}, 'nothing left recorded as held');
  assert.deepEqual(wb.check(), []);
}

describe('the held keys in memory', () => {
  test('a key filter never says no to a key it was given, and rarely yes to one it was not', () => {
    const next = prng(7);
    const key = (): number => Math.floor(next() * 2 ** 32) | 0;
    const filter = new KeyFilter(100_000);
    const given = Array.from({ length: 100_000 }, key);
    for (const k of given) filter.add(k);
    assert.ok(given.every((k) => filter.has(k)));
    const givenSet = new Set(given);
    const others = Array.from({ length: 100_000 }, key).filter((k) => !givenSet.has(k));
    const wrong = others.filter((k) => filter.has(k)).length / others.length;
    assert.ok(wrong < 0.05, `${(wrong * 100).toFixed(2)} % of other keys said maybe`);
    assert.ok(wrong > 0, 'a filter this full says maybe to some');
  });

  test('held refs come back oldest first per key, within the bound asked for, whatever shares their bucket', () => {
    // Sized for 4 keys: every bucket is shared, and the arrays grow well past their first size.
    const held = new HeldBands(4, null);
    const keys = [-2147483648, -1, 0, 1, 7, 2147483647];
    let ref = 0;
    const expected = new Map<number, number[]>(keys.map((k) => [k, []]));
    for (let round = 0; round < 20_000; round++) {
      const k = keys[round % keys.length]!;
      ref += 1 + (round % 3);
      held.add(k, ref);
      expected.get(k)!.push(ref);
    }
    assert.equal(held.size, 20_000);
    for (const k of keys) {
      assert.deepEqual(held.refs(k, 200), expected.get(k)!.slice(0, 200));
      assert.deepEqual(held.refs(k, 3), expected.get(k)!.slice(0, 3));
    }
    assert.deepEqual(held.refs(12345, 200), []);
    assert.equal(held.mayBeStored(12345), true, 'without a filter every key may be stored');

    const sorted = [...held.sorted()].map((i): [number, number] => [held.keyAt(i), held.refAt(i)]);
    assert.deepEqual(sorted, keys.flatMap((k) => expected.get(k)!.map((r): [number, number] => [k, r])), 'in signed key order, each key\'s refs in the order added');
    held.clear();
    assert.equal(held.size, 0);
    assert.deepEqual(held.refs(7, 200), [], 'cleared, forgotten');
  });

  test('with a filter, a key only held is not looked up in the stored tables; once stored and cleared, it is', () => {
    const filter = new KeyFilter(10);
    filter.add(99);
    const held = new HeldBands(16, filter);
    assert.equal(held.mayBeStored(99), true);
    assert.equal(held.mayBeStored(5), false);
    held.add(5, refOf(3, 1));
    assert.equal(held.mayBeStored(5), false, 'held, not stored');
    assert.deepEqual(held.refs(5, 200), [refOf(3, 1)]);
    held.clear();
    assert.equal(held.mayBeStored(5), true);
  });
});

describe('a holding pass', () => {
  for (const [files, heldRows] of [
    [9, 1],
    [9, undefined],
    [2, undefined],
    [2, 1],
  ] as const) {
    // With nine files the pass is bigger than what was found before it, so it fills a filter of the
    // stored keys; and the stock opening's key then has more rows than a lookup reads, stored and held.
    const filter = files === 9 ? 'with' : 'without';
    const how = heldRows === 1 ? 'stored after every chunk' : 'stored at its end';
    test(`${files} files held and ${how}, ${filter} a filter of the stored keys: the same archive as a pass storing each chunk's keys`, async (t) => {
      const { db, control } = await waiting(t, files);
      const wb = await openOn(t, db);
      const phases: DuplicatePhase[] = [];
      const r = await wb.dupsUpdate({ increment: 0, chunkSize: PER_FILE, heldRows, onPhase: (p) => phases.push(p) });
      assert.deepEqual([r.status, r.articles], ['done', files * PER_FILE]);
      // The recent keys merged first; then the stores.
      const stores = heldRows === 1 ? Array.from({ length: files }, () => ['merging', 'finding']).flat() : ['merging'];
      assert.deepEqual(phases, ['merging', 'finding', ...stores]);
      assert.deepEqual(bandTables(db).recent, []);
      const straight = await finishedStoring(t, control, files * PER_FILE);
      assertSameAs(wb, db, straight, control);
    });
  }

  test('cancelled while holding keys: it stores them before it stops, and the next pass ends as one uninterrupted', async (t) => {
    const { db, control } = await waiting(t, 5);
    const wb = await openOn(t, db);
    const stop = new AbortController();
    const r = await wb.dupsUpdate({ increment: 0, chunkSize: PER_FILE, signal: stop.signal, onProgress: (done) => done >= 2 * PER_FILE && stop.abort() });
    assert.deepEqual([r.status, r.articles], ['cancelled', 2 * PER_FILE]);
    assert.deepEqual(heldMarks(db), {}, 'stored, so nothing is left to make again');
    assert.equal(wb.dupsPending(), 3 * PER_FILE);
    assert.deepEqual(wb.check(), []);
    const rest = await wb.dupsUpdate({ chunkSize: PER_FILE });
    assert.deepEqual([rest.status, rest.articles], ['done', 3 * PER_FILE]);
    const straight = await finishedStoring(t, control, 5 * PER_FILE);
    assertSameAs(wb, db, straight, control);
  });

  test('killed while holding keys: the archive opens sound, the held articles are recorded, and the next pass makes their keys and ends as one uninterrupted', { timeout: 60_000 }, async (t) => {
    const { db, control } = await waiting(t, 5);
    const before = bandTables(control).recent;
    assert.equal(await killAtWord('dup-held-kill.js', [db, String(PER_FILE), String(2 * PER_FILE)]), 'held');

    const wb = await openOn(t, db);
    assert.deepEqual(wb.check(), []);
    // The recent keys were merged; the two chunks' keys died with the process, and are recorded.
    assert.deepEqual(bandTables(db), { main: before, recent: [] });
    const read = openDatabase(db, { readonly: true });
    const ids = read.prepare('SELECT id FROM articles ORDER BY id').pluck().all() as number[];
    read.close();
    assert.deepEqual(heldMarks(db), { dup_rekey_up_to: String(ids[5 * PER_FILE - 1]), dup_rekeyed_up_to: String(ids[3 * PER_FILE - 1]) });
    assert.equal(wb.dupsPending(), 5 * PER_FILE, 'the three chunks never found and the two whose keys are to make again');

    const rest = await wb.dupsUpdate({ chunkSize: PER_FILE });
    assert.deepEqual([rest.status, rest.articles], ['done', 5 * PER_FILE]);
    const straight = await finishedStoring(t, control, 5 * PER_FILE);
    assertSameAs(wb, db, straight, control);
  });
});

describe('a holding pass and another process', () => {
  test("the other's pass between two chunks first makes the keys held, then takes its chunk; the holding pass goes on as an ordinary one, and both end as one process would", async (t) => {
    const { db, control } = await waiting(t, 5);
    const wb = await openOn(t, db);
    const other: DuplicateSummary[] = [];
    const r = await wb.dupsUpdate({
      increment: 0,
      chunkSize: PER_FILE,
      onProgress: (done) => {
        if (done !== PER_FILE) return;
        // The first chunk's keys are held. A CLI import beside the app runs its finder now: it
        // finds them recorded, makes them (one chunk), then finds the next articles (one chunk).
        other.push(JSON.parse(runChild('dup-increment-chunk.js', [db, String(PER_FILE), String(2 * PER_FILE)])) as DuplicateSummary);
      },
    });
    assert.deepEqual(other.map((o) => [o.status, o.articles]), [['cancelled', 2 * PER_FILE]], 'the held chunk made again, then one chunk found');
    assert.deepEqual([r.status, r.articles], ['done', 4 * PER_FILE], 'the pass found the rest');
    // Its keys made, what the other had left to find was an increment's: its keys, and the pass's after them, are recent.
    const tables = bandTables(db);
    assert.ok(tables.recent.length > 0);
    assert.ok(Math.min(...articlesOf(tables.recent)) > Math.max(...articlesOf(tables.main)), 'every recent row newer than every main row');
    const straight = await finishedStoring(t, control, 5 * PER_FILE);
    assertSameAs(wb, db, straight, control);
  });

  test("a holding pass that the other starts and dies in, between two of its chunks: it stops at the record of held keys, makes them, and goes on", { timeout: 60_000 }, async (t) => {
    const { db, control } = await waiting(t, 5);
    const wb = await openOn(t, db);
    const died: string[] = [];
    const r = await wb.dupsUpdate({
      chunkSize: PER_FILE,
      onProgress: (done) => {
        if (done !== PER_FILE) return;
        // This pass is an increment and has found one chunk. A big pass in another process merges
        // its recent keys, finds the next chunk, holds its keys, and dies holding them.
        died.push(runChild('dup-held-kill.js', [db, String(PER_FILE), String(PER_FILE), 'exit']).trim());
      },
    });
    assert.deepEqual(died, ['held']);
    // Its own four chunks, and the dead pass's chunk made again.
    assert.deepEqual([r.status, r.articles], ['done', 5 * PER_FILE]);
    const straight = await finishedStoring(t, control, 5 * PER_FILE);
    assertSameAs(wb, db, straight, control);
  });

  test("the other's increment right after a store: it writes the recent table, and the holding pass, finding it, goes on beside it as an ordinary one", async (t) => {
    const { db, control } = await waiting(t, 5);
    const wb = await openOn(t, db);
    const other: DuplicateSummary[] = [];
    let findings = 0;
    const r = await wb.dupsUpdate({
      increment: 0,
      chunkSize: PER_FILE,
      heldRows: 1,
      onPhase: (phase) => {
        // The first `finding` follows the merge of the recent keys; the second, the store of the
        // first chunk's keys: nothing is held, nothing recorded, and the other's pass is an increment.
        if (phase !== 'finding' || ++findings !== 2) return;
        other.push(JSON.parse(runChild('dup-increment-chunk.js', [db, String(PER_FILE)])) as DuplicateSummary);
      },
    });
    assert.deepEqual(other.map((o) => [o.status, o.articles, o.merged]), [['cancelled', PER_FILE, 0]]);
    assert.deepEqual([r.status, r.articles], ['done', 4 * PER_FILE]);
    const tables = bandTables(db);
    assert.ok(tables.recent.length > 0, "the other's keys, and the pass's after them, in the recent table");
    assert.ok(Math.min(...articlesOf(tables.recent)) > Math.max(...articlesOf(tables.main)), 'every recent row newer than every main row');
    const straight = await finishedStoring(t, control, 5 * PER_FILE);
    assertSameAs(wb, db, straight, control);
  });
});

/**
 * An archive the finder is done with, and a copy, both then upgraded from schema 10: schema 11's
 * migration drops every band key and records every article's as to be made again.
 */
async function upgraded(t: Ctx, files: number): Promise<{ db: string; control: string; ids: number[] }> {
  const { db, control } = await waiting(t, files);
  for (const file of [db, control]) {
    const wb = await Workbench.open(file);
    const r = await wb.dupsUpdate({ increment: 0, heldRows: 0, chunkSize: PER_FILE });
    wb.close();
    assert.equal(r.status, 'done');
    const conn = openDatabase(file);
    conn.pragma('user_version = 10');
    conn.close();
  }
  const conn = openDatabase(db, { readonly: true });
  const ids = conn.prepare('SELECT id FROM articles ORDER BY id').pluck().all() as number[];
  conn.close();
  return { db, control, ids };
}

/** The copy's keys made again chunk by chunk, stored as they go: what a holding pass must match. */
async function remadeStoring(t: Ctx, control: string, articles: number): Promise<Workbench> {
  const straight = await openOn(t, control);
  assert.deepEqual(bandTables(control), { main: [], recent: [] });
  const r = await straight.dupsUpdate({ heldRows: 0, chunkSize: PER_FILE });
  assert.deepEqual([r.status, r.articles], ['done', articles]);
  return straight;
}

describe('keys made again after an upgrade, held', () => {
  for (const heldRows of [undefined, 1]) {
    const how = heldRows === 1 ? 'stored after every chunk' : 'stored at the end';
    test(`held and ${how}: the same keys as made chunk by chunk, and the marks go with the last store`, async (t) => {
      const { db, control, ids } = await upgraded(t, 3);
      const wb = await openOn(t, db);
      assert.deepEqual(heldMarks(db), { dup_rekey_up_to: String(ids[ids.length - 1]) });
      assert.equal(wb.dupsPending(), ids.length);
      const phases: DuplicatePhase[] = [];
      const r = await wb.dupsUpdate({ increment: 0, chunkSize: PER_FILE, heldRows, onPhase: (p) => phases.push(p) });
      assert.deepEqual([r.status, r.articles], ['done', ids.length]);
      const chunks = ids.length / PER_FILE;
      assert.deepEqual(phases, Array.from({ length: heldRows === 1 ? chunks : 1 }, () => ['merging', 'finding']).flat());
      assert.deepEqual(bandTables(db).recent, []);
      const straight = await remadeStoring(t, control, ids.length);
      assertSameAs(wb, db, straight, control);
    });
  }

  test('its chunks take no write lock: a writer holding the archive beside it holds up only the store', async (t) => {
    const { db, control, ids } = await upgraded(t, 3);
    const wb = await openOn(t, db);
    // Another connection takes the write lock and keeps it until the store begins; a chunk that
    // wanted the lock would wait SQLite's busy timeout out and fail.
    const writer = openDatabase(db);
    writer.exec('BEGIN IMMEDIATE');
    let released = false;
    const r = await wb.dupsUpdate({
      increment: 0,
      chunkSize: PER_FILE,
      onPhase: (p) => {
        if (p !== 'merging' || released) return;
        writer.exec('COMMIT');
        writer.close();
        released = true;
      },
    });
    assert.ok(released, 'the store began');
    assert.deepEqual([r.status, r.articles], ['done', ids.length]);
    const straight = await remadeStoring(t, control, ids.length);
    assertSameAs(wb, db, straight, control);
  });

  test('cancelled while holding: it stores what it made, moves the marks up to there, and the next pass makes the rest', async (t) => {
    const { db, control, ids } = await upgraded(t, 3);
    const wb = await openOn(t, db);
    const stop = new AbortController();
    const r = await wb.dupsUpdate({ increment: 0, chunkSize: PER_FILE, signal: stop.signal, onProgress: (done) => done >= 2 * PER_FILE && stop.abort() });
    assert.deepEqual([r.status, r.articles], ['cancelled', 2 * PER_FILE]);
    assert.deepEqual(heldMarks(db), { dup_rekey_up_to: String(ids[ids.length - 1]), dup_rekeyed_up_to: String(ids[2 * PER_FILE - 1]) });
    assert.ok(articlesOf(bandTables(db).main).every((a) => a <= ids[2 * PER_FILE - 1]!), 'the keys of the two chunks stored');
    assert.equal(wb.dupsPending(), ids.length - 2 * PER_FILE);
    const rest = await wb.dupsUpdate({ chunkSize: PER_FILE });
    assert.deepEqual([rest.status, rest.articles], ['done', ids.length - 2 * PER_FILE]);
    const straight = await remadeStoring(t, control, ids.length);
    assertSameAs(wb, db, straight, control);
  });

  test('killed while holding: nothing stored, the marks where they were, and the next pass makes every key', { timeout: 60_000 }, async (t) => {
    const { db, control, ids } = await upgraded(t, 3);
    assert.equal(await killAtWord('dup-held-kill.js', [db, String(PER_FILE), String(2 * PER_FILE)]), 'held');
    const wb = await openOn(t, db);
    assert.deepEqual(wb.check(), []);
    assert.deepEqual(bandTables(db), { main: [], recent: [] });
    assert.deepEqual(heldMarks(db), { dup_rekey_up_to: String(ids[ids.length - 1]) });
    const r = await wb.dupsUpdate({ chunkSize: PER_FILE });
    assert.deepEqual([r.status, r.articles], ['done', ids.length]);
    const straight = await remadeStoring(t, control, ids.length);
    assertSameAs(wb, db, straight, control);
  });

  test("another process's pass between two chunks makes keys itself; the holding pass drops what it holds and makes the rest chunk by chunk", async (t) => {
    const { db, control, ids } = await upgraded(t, 3);
    const wb = await openOn(t, db);
    const other: DuplicateSummary[] = [];
    const phases: DuplicatePhase[] = [];
    const r = await wb.dupsUpdate({
      increment: 0,
      chunkSize: PER_FILE,
      onPhase: (p) => phases.push(p),
      onProgress: (done) => {
        // Once: the dropped chunk is not counted, so the count comes back here.
        if (done !== PER_FILE || other.length > 0) return;
        // The first chunk's keys are held, the marks unmoved: an import's finder beside the app
        // makes the first two chunks' keys itself, and stops.
        other.push(JSON.parse(runChild('dup-increment-chunk.js', [db, String(PER_FILE), String(2 * PER_FILE)])) as DuplicateSummary);
      },
    });
    assert.deepEqual(other.map((o) => [o.status, o.articles]), [['cancelled', 2 * PER_FILE]]);
    assert.deepEqual(phases, [], 'nothing stored by the holding pass');
    assert.equal(r.status, 'done');
    assert.equal(r.articles, ids.length - 2 * PER_FILE, 'all but the two the other made: its dropped chunk is not counted');
    const straight = await remadeStoring(t, control, ids.length);
    assertSameAs(wb, db, straight, control);
  });

  test("another process's pass makes keys while the holding pass stores: the store stops at its first slice, the rest is made chunk by chunk, and progress stays within its total", async (t) => {
    const { db, control, ids } = await upgraded(t, 3);
    const wb = await openOn(t, db);
    const other: DuplicateSummary[] = [];
    const phases: DuplicatePhase[] = [];
    const progress: [number, number][] = [];
    const r = await wb.dupsUpdate({
      increment: 0,
      chunkSize: PER_FILE,
      onProgress: (done, total) => progress.push([done, total]),
      onPhase: (p) => {
        phases.push(p);
        if (p !== 'merging' || other.length > 0) return;
        // Every chunk's keys are held and the store is about to begin: an import's finder beside
        // the app makes the first two chunks' keys itself.
        other.push(JSON.parse(runChild('dup-increment-chunk.js', [db, String(PER_FILE), String(2 * PER_FILE)])) as DuplicateSummary);
      },
    });
    assert.deepEqual(other.map((o) => [o.status, o.articles]), [['cancelled', 2 * PER_FILE]]);
    assert.deepEqual(phases, ['merging', 'finding'], 'the store begun, then the pass goes on');
    assert.deepEqual([r.status, r.articles], ['done', ids.length - 2 * PER_FILE]);
    assert.ok(progress.every(([done, total]) => done <= total), JSON.stringify(progress));
    const straight = await remadeStoring(t, control, ids.length);
    assertSameAs(wb, db, straight, control);
  });

  test('another process holding the same keys stores them first: this pass drops its own, and both end as one would', { timeout: 60_000 }, async (t) => {
    const { db, control, ids } = await upgraded(t, 3);
    const wb = await openOn(t, db);
    const words: string[] = [];
    const r = await wb.dupsUpdate({
      increment: 0,
      chunkSize: PER_FILE,
      onProgress: (done) => {
        if (done !== PER_FILE || words.length > 0) return;
        // A second big pass makes and holds every key, stores them, and ends.
        words.push(runChild('dup-held-kill.js', [db, String(PER_FILE), String(Number.MAX_SAFE_INTEGER)]).trim());
      },
    });
    assert.deepEqual(words, ['finished']);
    assert.deepEqual([r.status, r.articles], ['done', 0], 'nothing left to make once its hold was dropped');
    const straight = await remadeStoring(t, control, ids.length);
    assertSameAs(wb, db, straight, control);
  });
});

describe('keys made again after a holding pass died, held', () => {
  test('the next big pass holds the keys it makes again from the record, then finds the rest holding its own; the same archive as one pass storing each chunk', { timeout: 60_000 }, async (t) => {
    const { db, control } = await waiting(t, 9);
    assert.equal(await killAtWord('dup-held-kill.js', [db, String(PER_FILE), String(4 * PER_FILE)]), 'held');
    const recorded = heldMarks(db);
    assert.ok(Number(recorded.dup_rekey_up_to) > 0, 'the dead pass recorded what it held');
    const wb = await openOn(t, db);
    const phases: DuplicatePhase[] = [];
    const r = await wb.dupsUpdate({ increment: 0, chunkSize: PER_FILE, onPhase: (p) => phases.push(p) });
    assert.deepEqual([r.status, r.articles], ['done', 9 * PER_FILE]);
    // The keys made again stored, then the finding's.
    assert.deepEqual(phases, ['merging', 'finding', 'merging']);
    const straight = await finishedStoring(t, control, 9 * PER_FILE);
    assertSameAs(wb, db, straight, control);
  });
});

describe('an archive upgraded by a newer Pantau while the finder runs', () => {
  test('the next chunk is refused with the reason, and nothing of it is written', async (t) => {
    const { db } = await waiting(t, 3);
    const wb = await openOn(t, db);
    const read = (key: string): string | undefined => {
      const conn = openDatabase(db, { readonly: true });
      try {
        return conn.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
      } finally {
        conn.close();
      }
    };
    let watermark: string | undefined;
    await assert.rejects(
      wb.dupsUpdate({
        chunkSize: PER_FILE,
        heldRows: 0,
        onProgress: (done) => {
          if (done !== PER_FILE) return;
          watermark = read('dup_indexed_up_to');
          const conn = openDatabase(db);
          conn.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
          conn.close();
        },
      }),
      new RegExp(`written by a newer version of Pantau \\(schema ${SCHEMA_VERSION + 1}; this version knows up to ${SCHEMA_VERSION}\\)`),
    );
    assert.ok(watermark !== undefined);
    assert.equal(read('dup_indexed_up_to'), watermark, 'the watermark where the first chunk left it');
  });
});
