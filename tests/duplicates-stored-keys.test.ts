import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Archive } from '../db/archive.js';
import { StoredKeys, storedKeysFor } from '../electron/analysis/duplicates/stored-keys.js';
import { Workbench } from '../electron/service.js';
import { finderState, grouping, openOn, writeCorpus } from './dup-corpus.js';
import { bandRows, importFiles } from './dup-helpers.js';
import { tempDir } from './helpers.js';
import { prng } from './prng.js';

/*
 * The filter of stored band keys a process keeps between passes of the finder
 * (docs/duplicates.md#incremental): it may only answer for keys while it is whole, and the
 * archive must end as if every key had been looked up.
 */

describe('the filter of stored keys', () => {
  test('grown far past its first size, it never says no to a key it was given, and rarely yes to one it was not', () => {
    const next = prng(11);
    const key = (): number => Math.floor(next() * 2 ** 32) | 0;
    // Sized for 100 keys, it starts with a filter of a million and adds one of two million.
    const given = Array.from({ length: 2_500_000 }, key);
    const filter = new StoredKeys(100, 0, given.slice(0, 1000));
    for (let i = 1000; i < given.length; i += 5000) filter.took(given.slice(i, i + 5000), 0);
    assert.ok(given.every((k) => filter.mayBeStored(k)));
    const givenSet = new Set(given);
    const others = Array.from({ length: 100_000 }, key).filter((k) => !givenSet.has(k));
    const wrong = others.filter((k) => filter.mayBeStored(k)).length / others.length;
    assert.ok(wrong < 0.06, `${(wrong * 100).toFixed(2)} % of other keys said maybe`);
    assert.deepEqual(filter.refs(), []);
  });

  test('whole only at the count of band writes it was told of, once that write committed; a failed one leaves it not whole', async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'a.db');
    (await Workbench.open(db, { create: true })).close();
    const archive = await Archive.open(db);
    t.after(() => archive.close());
    const store = archive.duplicates;
    const filter = storedKeysFor(archive, 0);
    assert.ok(filter !== null, 'an empty archive: reading its keys costs nothing');
    assert.ok(filter.whole(store));
    assert.equal(storedKeysFor(archive, 0), filter, 'kept while whole');

    StoredKeys.settling(filter, () =>
      archive.inTransaction(() => {
        store.addBands(bandRows([[7, 1, 0]]), 'recent');
        filter.took([7], store.bandsGeneration());
        assert.ok(!filter.whole(store), 'not before its write commits');
      }),
    );
    assert.ok(filter.whole(store));
    assert.ok(filter.mayBeStored(7));

    // A transaction that fails after the filter took its keys is rolled back; a later commit of
    // another pass on this connection, which took no keys, must not vouch for the filter.
    const failed = (): void =>
      StoredKeys.settling(filter, () =>
        archive.inTransaction(() => {
          store.addBands(bandRows([[8, 1, 1]]), 'recent');
          filter.took([8], store.bandsGeneration());
          throw new Error('disk full');
        }),
      );
    assert.throws(failed, /disk full/);
    assert.ok(!filter.whole(store));
    StoredKeys.settling(filter, () => archive.inTransaction(() => store.addBands(bandRows([[9, 1, 2]]), 'recent')));
    assert.ok(!filter.whole(store), 'a later commit does not make it whole');

    // Not whole, it is made again from the stored keys, when they are no more than the pass ahead;
    // so too after a write it was not told of (another process's).
    const again = storedKeysFor(archive, 0);
    assert.ok(again !== null && again !== filter && again.whole(store));
    archive.inTransaction(() => store.addBands(bandRows([[10, 1, 3]]), 'main'));
    assert.ok(!again.whole(store));
    const third = storedKeysFor(archive, 0);
    assert.ok(third !== null && third !== again && third.whole(store));
    assert.ok([7, 9, 10].every((k) => third.mayBeStored(k)));
  });
});

describe('two processes finding in turn', () => {
  test("one finds copies of what the other stored since its last pass, merging the recent keys first: the same archive as one process importing it all", async (t) => {
    const dir = tempDir(t);
    const files = writeCorpus(dir).slice(0, 4);
    // Each Workbench is a process's connection: its own filter.
    const db = join(dir, 'a.db');
    const first = await Workbench.open(db, { create: true });
    t.after(() => first.close());
    for (const f of files.slice(0, 2)) await importFiles(first, [f]);
    const other = await openOn(t, db);
    await importFiles(other, [files[2]!]);
    // A merge moves keys and keeps a whole filter whole; this one is not, and must stay so.
    for (const f of files.slice(3)) await importFiles(first, [f], { duplicates: { recentRows: 0 } });

    const control = join(dir, 'control.db');
    const alone = await Workbench.open(control, { create: true });
    t.after(() => alone.close());
    for (const f of files) await importFiles(alone, [f]);

    const state = finderState(db);
    // The third file's stories are copied by the next ones: what the first process must find.
    const third = new Set((state.members as bigint[][]).filter(([a]) => a! > 20n && a! <= 30n).map(([, , c]) => c));
    const later = (state.members as bigint[][]).filter(([a, , c]) => a! > 30n && third.has(c));
    assert.ok(later.length > 0, 'a later article shares a cluster with the third file');
    assert.deepEqual(state, finderState(control));
    assert.deepEqual(grouping(first), grouping(alone));
    assert.deepEqual(first.check(), []);
  });
});
