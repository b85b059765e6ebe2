import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase } from '../db/driver.js';
import { refOf } from '../db/duplicates.js';
import { HeldBands, KeyFilter } from '../electron/analysis/duplicates/held-bands.js';
import type { DuplicatePhase, DuplicateSummary } from '../electron/analysis/duplicates/update.js';
import type { Workbench } from '../electron/service.js';
import { finderState, grouping, openOn, PER_FILE, waiting } from './dup-corpus.js';
import { bandTables, type Ctx, killAtWord } from './dup-helpers.js';
import { repoRoot } from './helpers.js';
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

  test('with a filter, a key held is a key that may be stored: the pass stores what it holds', () => {
    const filter = new KeyFilter(10);
    filter.add(99);
    const held = new HeldBands(16, filter);
    assert.equal(held.mayBeStored(99), true);
    assert.equal(held.mayBeStored(5), false);
    held.add(5, refOf(3, 1));
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
        const child = spawnSync(process.execPath, [join(repoRoot, 'dist', 'tests', 'dup-increment-chunk.js'), db, String(PER_FILE), String(2 * PER_FILE)], {
          encoding: 'utf8',
        });
        assert.equal(child.status, 0, child.stderr);
        other.push(JSON.parse(child.stdout) as DuplicateSummary);
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
        const child = spawnSync(process.execPath, [join(repoRoot, 'dist', 'tests', 'dup-held-kill.js'), db, String(PER_FILE), String(PER_FILE), 'exit'], {
          encoding: 'utf8',
        });
        assert.equal(child.status, 0, child.stderr);
        died.push(child.stdout.trim());
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
        const child = spawnSync(process.execPath, [join(repoRoot, 'dist', 'tests', 'dup-increment-chunk.js'), db, String(PER_FILE)], { encoding: 'utf8' });
        assert.equal(child.status, 0, child.stderr);
        other.push(JSON.parse(child.stdout) as DuplicateSummary);
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
