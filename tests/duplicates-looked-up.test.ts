import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Archive } from '../db/archive.js';
import { LookedUpKeys } from '../electron/analysis/duplicates/looked-up.js';
import { DEFAULT_IMPORT_OPTIONS, type ImportHooks, runImport } from '../electron/import/run.js';
import { KEY_ROWS } from '../db/duplicates.js';
import { copyArchive, finderState, PER_FILE, writeCorpus } from './dup-corpus.js';
import { bandRows } from './dup-helpers.js';
import { tempDir } from './helpers.js';

/*
 * Band keys looked up on a thread while an import writes its batches
 * (electron/analysis/duplicates/looked-up.ts): the finder must end with the archive it would have
 * made reading every key from the tables itself.
 */

type Ctx = { after: (fn: () => void) => void };

/** An archive the finder has gone through four files of, a copy of it, and the corpus's other files. */
async function twoArchives(t: Ctx): Promise<{ a: string; b: string; rest: string[] }> {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'corpus'));
  const files = writeCorpus(join(dir, 'corpus'));
  const a = join(dir, 'a.db');
  const b = join(dir, 'b.db');
  const archive = await Archive.open(a);
  try {
    const summary = await runImport(archive, files.slice(0, 4), DEFAULT_IMPORT_OPTIONS);
    assert.equal(summary.imported, 4 * PER_FILE);
  } finally {
    archive.close();
  }
  copyArchive(a, b);
  return { a, b, rest: files.slice(4) };
}

async function importInto(file: string, paths: string[], hooks: ImportHooks): Promise<void> {
  const archive = await Archive.open(file);
  try {
    // Small batches and chunks: several lookups ahead, and chunks that take the rows the ones before them wrote.
    const summary = await runImport(archive, paths, { ...DEFAULT_IMPORT_OPTIONS, batchSize: 10 }, { ...hooks, duplicates: { chunkSize: 20 } });
    assert.equal(summary.duplicates, 'done');
    assert.equal(summary.imported, paths.length * PER_FILE);
  } finally {
    archive.close();
  }
}

test('an import with its keys looked up ahead ends with the archive of one that looked every key up in the tables', async (t) => {
  const { a, b, rest } = await twoArchives(t);
  let lookups: LookedUpKeys | null = null;
  await importInto(a, rest, { lookupsAhead: true, onLookups: (l) => void (lookups = l) });
  await importInto(b, rest, { lookupsAhead: false, onLookups: () => assert.fail('no lookups ahead were asked for') });
  assert.ok(lookups !== null);
  assert.ok((lookups as LookedUpKeys | null)!.answered > 100, `${(lookups as LookedUpKeys | null)!.answered} lookups answered ahead`);
  assert.deepEqual(finderState(a, true), finderState(b, true));
});

test('keys written by another connection between the lookups and the finder: the finder still ends as if it had read the tables', async (t) => {
  const { a, b, rest } = await twoArchives(t);
  const other = await Archive.open(a);
  t.after(() => other.close());
  let bumped = false;
  await importInto(a, rest, {
    lookupsAhead: true,
    // As the finder starts: a write of band keys (none, here) by another process moves the archive's count.
    onProgress: (p) => {
      if (p.phase !== 'duplicates' || bumped) return;
      bumped = true;
      other.inTransaction(() => other.duplicates.putBands('recent', () => {}));
    },
  });
  await importInto(b, rest, { lookupsAhead: false });
  assert.ok(bumped);
  assert.deepEqual(finderState(a, true), finderState(b, true));
});

test('rows looked up ahead are taken only at the count of band writes they were read at, and a chunk’s own keys keep them current', async (t) => {
  const { a } = await twoArchives(t);
  const archive = await Archive.open(a);
  t.after(() => archive.close());
  const store = archive.duplicates;
  const stored = archive.inReadTransaction(() => {
    const keys: number[] = [];
    for (const k of store.storedBandKeys()) {
      if (!keys.includes(k)) keys.push(k);
      if (keys.length === 3) break;
    }
    return keys;
  });
  const unknown = 12345;
  assert.deepEqual(store.storedRows(unknown), [], 'a key no paragraph has');
  const lookups = LookedUpKeys.start(a)!;
  t.after(() => lookups.stop());
  lookups.ask([...stored, unknown]);
  await lookups.settled();
  const generation = store.bandsGeneration();
  const held = lookups.at(generation);
  assert.ok(held !== null);
  for (const key of stored) assert.deepEqual(held.rowsOf(key), store.storedRows(key));
  assert.deepEqual(held.rowsOf(unknown), []);
  assert.equal(lookups.at(generation + 1), null, 'another count: the tables may hold other rows');
  // The finder's own chunk writes a row for the key nothing had: it goes last, and the rows move to the new count.
  lookups.took(bandRows([[unknown, 999_999, 3]]), generation + 1);
  assert.equal(lookups.at(generation), null);
  assert.deepEqual(lookups.at(generation + 1)!.rowsOf(unknown), [[999_999, 3]]);
  lookups.forget();
  assert.equal(lookups.at(generation + 1), null);
});

test('a key near its bound of rows: a chunk’s rows, one of them twice, are held as the tables then give them', async (t) => {
  const { a } = await twoArchives(t);
  const archive = await Archive.open(a);
  t.after(() => archive.close());
  const store = archive.duplicates;
  const key = 54321;
  // Stored rows of old articles, two short of the bound.
  const old = Array.from({ length: KEY_ROWS - 2 }, (_, i): [number, number, number] => [key, 1_000 + i, i % 3]);
  archive.inTransaction(() => store.addBands(bandRows(old), 'recent'));
  const lookups = LookedUpKeys.start(a)!;
  t.after(() => lookups.stop());
  lookups.ask([key]);
  await lookups.settled();
  assert.deepEqual(lookups.at(store.bandsGeneration())!.rowsOf(key), store.storedRows(key));
  // A chunk of newer articles writes four rows of the key, one of them twice (two of a paragraph's keys alike).
  const chunk: [number, number, number][] = [[key, 900_001, 0], [key, 900_000, 2], [key, 900_000, 2], [key, 900_002, 1]];
  archive.inTransaction(() => {
    store.addBands(bandRows(chunk), 'recent');
    lookups.took(bandRows(chunk), store.bandsGeneration());
  });
  const held = lookups.at(store.bandsGeneration());
  assert.ok(held !== null);
  assert.equal(store.storedRows(key).length, KEY_ROWS);
  assert.deepEqual(held.rowsOf(key), store.storedRows(key));
});
