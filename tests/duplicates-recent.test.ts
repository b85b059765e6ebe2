import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Archive } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { refOf } from '../db/duplicates.js';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../db/migrate.js';
import type { ImportProgress } from '../electron/api.js';
import type { DuplicatePhase, DuplicateSummary } from '../electron/analysis/duplicates/update.js';
import { Workbench } from '../electron/service.js';
import { ARTICLES, finderState, grouping, importUnseen, openOn, PER_FILE, waiting, writeCorpus } from './dup-corpus.js';
import { bandRows, bandTables, type Ctx, importFiles, killAtWord, openArchive, runChild } from './dup-helpers.js';
import { fixture, tempDir } from './helpers.js';

/*
 * The duplicate finder's table of recent band keys (schema 10, docs/duplicates.md#incremental): a
 * pass over few articles writes its keys there, lookups read it beside the main table as one, and
 * now and then it is merged into the main table in key order. Real archives, real imports of JSON
 * Lines files written here; the bounds are made small through the finder's hooks.
 */

const ASLI = fixture('duplicates', 'lawatan-asli.txt');
const SALINAN = fixture('duplicates', 'lawatan-salinan.txt');
const NEGOSIASI = 'Negosiasi itu merupakan bagian dari lawatan tiga hari pemimpin China ke Rusia, kata juru bicara Kremlin kepada wartawan.';

/** The phases of an import's progress, each once where it starts. */
function phasesOf(events: ImportProgress[]): ImportProgress['phase'][] {
  return events.map((e) => e.phase).filter((p, i, all) => i === 0 || all[i - 1] !== p);
}

/** Import one file through the whole import, its finder included, and the phases it went through. */
async function importWatched(wb: Workbench, file: string, recentRows?: number, sharesFrom?: number): Promise<ImportProgress['phase'][]> {
  const events: ImportProgress[] = [];
  await importFiles(wb, [file], { onProgress: (p) => events.push(p), duplicates: recentRows === undefined ? undefined : { recentRows, sharesFrom } });
  return phasesOf(events);
}

describe('where the band keys go', () => {
  test('a lookup reads a key\'s main rows, then its recent ones, within one bound of rows: what one table would give', async (t) => {
    const dir = tempDir(t);
    const open = async (name: string): Promise<Archive> => {
      const archive = await Archive.open(join(dir, name), { backups: false });
      t.after(() => archive.close({ optimize: false }));
      return archive;
    };
    const split = await open('split.db');
    const whole = await open('whole.db');
    const COMMON = 11;
    const RARE = 22;
    // 300 paragraphs share COMMON, more than a lookup reads of one key; articles 190–210 share RARE too.
    const common = Array.from({ length: 300 }, (_, i): [number, number, number] => [COMMON, i + 1, 0]);
    const rare = Array.from({ length: 21 }, (_, i): [number, number, number] => [RARE, 190 + i, 0]);
    whole.inTransaction(() => whole.duplicates.addBands(bandRows([...common, ...rare]), 'main'));
    // The older half in the main table, the newer half and every RARE row in the recent one.
    split.inTransaction(() => {
      split.duplicates.addBands(bandRows(common.slice(0, 150)), 'main');
      split.duplicates.addBands(bandRows([...common.slice(150), ...rare]), 'recent');
    });
    assert.equal(split.duplicates.recentBandRows(), 171);

    const found = split.duplicates.candidates([COMMON, RARE], 0);
    assert.deepEqual(found, whole.duplicates.candidates([COMMON, RARE], 0));
    // COMMON's 200 oldest rows are read, across both tables: articles 190–200 share both keys and
    // come first; 201–210 are past the bound, so they share only RARE and rank with the oldest.
    assert.deepEqual(found, [
      ...Array.from({ length: 11 }, (_, i): [number, number] => [refOf(190 + i, 0), 2]),
      ...Array.from({ length: 39 }, (_, i): [number, number] => [refOf(i + 1, 0), 1]),
    ]);
    assert.deepEqual(split.duplicates.candidates([RARE], 195), whole.duplicates.candidates([RARE], 195), 'the article looked up from is left out of both');
    assert.deepEqual(
      split.duplicates.candidates([RARE], 0, false),
      [],
      'a caller that knows the recent table empty reads the main one alone',
    );

    // The lookup orders the rows of both tables by article: it would give the same even were the
    // newer rows in the main table and the older in the recent one, which the finder never does.
    const swapped = await open('swapped.db');
    swapped.inTransaction(() => {
      swapped.duplicates.addBands(bandRows([...common.slice(150), ...rare]), 'main');
      swapped.duplicates.addBands(bandRows(common.slice(0, 150)), 'recent');
    });
    assert.deepEqual(swapped.duplicates.candidates([COMMON, RARE], 0), found);

    split.inTransaction(() => assert.deepEqual(split.duplicates.mergeRecentBands(), { moved: 171, upTo: null }));
    assert.equal(split.duplicates.recentBandRows(), 0);
    assert.deepEqual(split.duplicates.candidates([COMMON, RARE], 0, false), found, 'merged, the main table answers alone as both did');
  });

  test('a merge in slices of keys: from the lowest key a band may have to the highest, each key with all its rows', async (t) => {
    const archive = await Archive.open(join(tempDir(t), 'a.db'), { backups: false });
    t.after(() => archive.close({ optimize: false }));
    const store = archive.duplicates;
    const LOWEST = -0x80000000;
    const HIGHEST = 0x7fffffff;
    // Keys of one, three and two rows; the slices are of two rows.
    const rows: [number, number, number][] = [[LOWEST, 1, 0], [-5, 1, 1], [-5, 2, 0], [-5, 3, 4], [7, 2, 1], [HIGHEST, 3, 0], [HIGHEST, 4, 2]];
    archive.inTransaction(() => store.addBands(bandRows(rows), 'recent'));
    const slices: { moved: number; upTo: number | null }[] = [];
    for (let after: number | undefined; ; ) {
      const slice = archive.inTransaction(() => store.mergeRecentBands(after, 2));
      slices.push(slice);
      if (slice.upTo === null) break;
      after = slice.upTo;
    }
    // The second row is -5's first: all three of its rows go with it.
    assert.deepEqual(slices, [{ moved: 4, upTo: -5 }, { moved: 3, upTo: HIGHEST }, { moved: 0, upTo: null }]);
    assert.equal(store.recentBandRows(), 0);
    assert.deepEqual(
      store.candidates([LOWEST, -5, 7, HIGHEST], 0, false).map(([ref]) => ref).sort((x, y) => x - y),
      rows.map(([, a, p]) => refOf(a, p)).sort((x, y) => x - y),
      'every row in the main table',
    );
    // One slice of more rows than the table holds takes them all.
    archive.inTransaction(() => store.addBands(bandRows([[HIGHEST, 9, 0]]), 'recent'));
    assert.deepEqual(archive.inTransaction(() => store.mergeRecentBands(undefined, 5)), { moved: 1, upTo: null });
  });

  test('an increment writes the recent table; a copy finds its original whether its keys are in the main table or the recent one', async (t) => {
    const { wb, db, dir } = await openArchive(t);
    const files = writeCorpus(dir);
    // More articles than an increment: the pass writes the main table.
    await importFiles(wb, [ASLI], { duplicates: { increment: 0 } });
    const first = bandTables(db);
    assert.equal(first.main.length, 40, 'ten paragraphs, four keys each');
    assert.deepEqual(first.recent, []);

    // A few articles: the recent table.
    await importFiles(wb, [files[0]!]);
    const second = bandTables(db);
    assert.deepEqual(second.main, first.main, 'the main table untouched');
    assert.ok(second.recent.length > 0);
    const recentArticles = new Set(second.recent.map((r) => Number(r.split('/')[1])));
    const asli = Number(first.main[0]!.split('/')[1]);
    assert.ok([...recentArticles].every((a) => a > asli), 'every recent row newer than every main row');

    // One article copies a paragraph whose keys are in the main table (edited) and one whose keys
    // are in the recent table (word for word).
    const laporan = wb.search({ query: '', limit: 100 }).results.find((r) => r.title.startsWith('Laporan 3:'))!;
    const story = wb.article({ id: laporan.id }).paragraphs[0]!.text;
    const copier = join(dir, 'salinan.txt');
    writeFileSync(
      copier,
      ['Dua Kabar Disalin', 'URL: https://www.kabarkota.id/read/1', 'Tanggal: 2024-10-01', NEGOSIASI.replace('kata', 'ujar'), story, ''].join('\n'),
    );
    await importFiles(wb, [copier]);
    const copy = wb.search({ query: '', limit: 100 }).results.find((r) => r.title === 'Dua Kabar Disalin')!.id;
    const view = wb.dupsArticle({ id: copy });
    const edited = view.paragraphs[0]!.others.find((o) => o.articleId === asli);
    const exact = view.paragraphs[1]!.others.find((o) => o.articleId === laporan.id);
    assert.ok(edited && edited.similarity < 1, 'the edited copy, through the main table');
    assert.ok(exact && exact.similarity === 1, 'the exact copy, through the recent table');
    assert.deepEqual(wb.check(), []);
  });

  test('past half its bound, an increment merges its share of the recent keys after finding, going round the keys; past the bound, all of them first', async (t) => {
    const { wb, db, dir } = await openArchive(t);
    const files = writeCorpus(dir);
    const keyOf = (row: string): number => Number(row.split('/')[0]);
    const sorted = (rows: string[]): string[] => [...rows].sort((x, y) => keyOf(x) - keyOf(y) || (x < y ? -1 : x > y ? 1 : 0));
    assert.deepEqual(await importWatched(wb, files[0]!), ['scanning', 'importing', 'duplicates', 'importing']);
    const one = bandTables(db);
    assert.deepEqual(one.main, []);

    // Under half the bound: no merge.
    assert.deepEqual(await importWatched(wb, files[1]!, 100 * one.recent.length, 0), ['scanning', 'importing', 'duplicates', 'importing']);
    const two = bandTables(db);
    assert.deepEqual(two.main, []);

    // Past half of it after the finding, not past it before: the keys beyond half merged, from the first key on.
    const bound = two.recent.length;
    assert.deepEqual(await importWatched(wb, files[2]!, bound, 0), ['scanning', 'importing', 'duplicates', 'duplicate-keys', 'importing']);
    const three = bandTables(db);
    const all3 = sorted([...three.main, ...three.recent]);
    assert.ok(two.recent.every((row) => all3.includes(row)), 'no key lost');
    assert.ok(three.main.length > 0 && three.recent.length <= bound / 2, `${three.main.length} merged, ${three.recent.length} recent`);
    assert.ok(keyOf(three.main.at(-1)!) < keyOf(three.recent[0]!), 'the lowest keys merged first');

    // The next share goes on from the key where this one stopped.
    assert.deepEqual(await importWatched(wb, files[3]!, bound, 0), ['scanning', 'importing', 'duplicates', 'duplicate-keys', 'importing']);
    const four = bandTables(db);
    const share = four.main.filter((row) => !three.main.includes(row));
    assert.ok(share.length > 0 && share.every((row) => keyOf(row) > keyOf(three.main.at(-1)!)), 'merged on past the last share');
    assert.equal(four.main.length + four.recent.length, new Set([...four.main, ...four.recent]).size, 'no key in both tables');
    assert.ok(four.recent.length <= bound / 2);

    // A share that reaches the last key goes on from the first.
    const other = await Archive.open(db);
    other.inTransaction(() => other.duplicates.setMergeCursor(keyOf(four.recent.at(-2)!)));
    other.close();
    assert.deepEqual(await importWatched(wb, files[4]!, bound, 0), ['scanning', 'importing', 'duplicates', 'duplicate-keys', 'importing']);
    const five = bandTables(db);
    const wrapped = five.main.filter((row) => !four.main.includes(row));
    assert.ok(wrapped.some((row) => keyOf(row) >= keyOf(four.recent.at(-1)!)), 'the last keys merged');
    assert.ok(wrapped.some((row) => keyOf(row) < keyOf(four.recent.at(-2)!)), 'then the first ones');
    assert.ok(five.recent.length <= bound / 2);

    // Past the bound as a pass starts: everything recent is merged first, and no share after.
    assert.deepEqual(await importWatched(wb, files[5]!, 1, 0), ['scanning', 'importing', 'duplicates', 'duplicate-keys', 'duplicates', 'importing']);
    const six = bandTables(db);
    assert.ok(five.recent.every((row) => six.main.includes(row)), 'every recent row moved, none lost');
    assert.ok(six.recent.length > 0 && six.recent.every((r) => !five.recent.includes(r) && !five.main.includes(r)), "only the sixth file's keys are recent");
    assert.deepEqual(wb.check(), []);

    // An archive smaller than the shares start at: past half the bound, no share; past the bound, the whole merge.
    const small = await openArchive(t);
    const smallFiles = writeCorpus(small.dir);
    await importWatched(small.wb, smallFiles[0]!);
    await importWatched(small.wb, smallFiles[1]!);
    const unshared = bandTables(small.db);
    assert.deepEqual(await importWatched(small.wb, smallFiles[2]!, unshared.recent.length), ['scanning', 'importing', 'duplicates', 'importing']);
    assert.deepEqual(bandTables(small.db).main, [], 'no share below SHARES_FROM articles');
  });

  test('a pass over more articles than an increment merges the recent keys, then writes the main table', async (t) => {
    const { wb, db, dir } = await openArchive(t);
    const files = writeCorpus(dir);
    await importFiles(wb, [files[0]!]);
    const before = bandTables(db);
    await importUnseen(wb, files[1]!);
    await importUnseen(wb, files[2]!);
    const phases: DuplicatePhase[] = [];
    const r = await wb.dupsUpdate({ increment: 19, onPhase: (p) => phases.push(p) });
    assert.deepEqual([r.status, r.articles, r.merged], ['done', 20, before.recent.length]);
    assert.deepEqual(phases, ['merging', 'finding', 'merging'], 'the recent keys merged, then the keys the pass held stored');
    const after = bandTables(db);
    assert.deepEqual(after.recent, []);
    assert.ok(before.recent.every((row) => after.main.includes(row)) && after.main.length > before.recent.length);

    // Nothing pending: no pass, no merge.
    await importFiles(wb, [files[3]!]);
    const idle = await wb.dupsUpdate({ increment: 0, onPhase: (p) => phases.push(p) });
    assert.deepEqual([idle.articles, idle.merged, phases.length], [0, 0, 3]);
    assert.ok(bandTables(db).recent.length > 0);
  });
});

describe('one pass or many increments', () => {
  test('the same articles found in one big pass or in twelve increments with merges between them: the same clusters, pairs and keys', async (t) => {
    const dir = tempDir(t);
    const files = writeCorpus(dir);

    // One pass over everything, written to the main table, a chunk per file as the imports do.
    const once = join(dir, 'once.db');
    const big = await Workbench.open(once, { create: true });
    t.after(() => big.close());
    for (const f of files) await importUnseen(big, f);
    assert.equal(big.dupsPending(), ARTICLES);
    const pass = await big.dupsUpdate({ chunkSize: PER_FILE, increment: 0 });
    assert.deepEqual([pass.status, pass.articles, pass.merged], ['done', ARTICLES, 0]);
    assert.deepEqual(bandTables(once).recent, []);

    // Twelve imports, each finding its articles as an increment; the recent keys merged whenever
    // they pass 200 rows (a file and a half's keys) as a pass starts, and each increment's share
    // past 100 after its finding.
    const { wb, db } = await openArchive(t);
    let merges = 0;
    for (const f of files) {
      const phases = await importWatched(wb, f, 200, 0);
      merges += phases.filter((p) => p === 'duplicate-keys').length;
    }
    assert.ok(merges >= 4, `${merges} merges`);
    const tables = bandTables(db);
    assert.ok(tables.main.length > 0 && tables.recent.length > 0, 'the last lookups read both tables');
    // The stock opening's key has more rows than a lookup reads, in both tables.
    const state = finderState(db);
    const stockKey = (state.bands as bigint[][]).reduce((m, [key]) => m.set(key!, (m.get(key!) ?? 0) + 1), new Map<bigint, number>());
    assert.ok(Math.max(...stockKey.values()) > 200, 'a key shared by more paragraphs than a lookup reads');

    assert.ok((state.clusters as unknown[]).length >= 20, `${(state.clusters as unknown[]).length} clusters`);
    assert.ok((state.boilerplate as unknown[]).length === 1, 'the prompt is learnt');
    assert.deepEqual(state, finderState(once));
    assert.deepEqual(grouping(wb), grouping(big));
    assert.deepEqual(wb.check(), []);
  });
});

describe('a merge stopped short of the pass', () => {
  /** The archive after the merge: every key in the main table, the waiting articles still waiting, all sound. */
  function assertMergedOnly(wb: Workbench, db: string, control: string): void {
    assert.deepEqual(wb.check(), []);
    const before = bandTables(control);
    assert.deepEqual(bandTables(db), { main: before.recent, recent: [] });
    assert.equal(wb.dupsPending(), 2 * PER_FILE);
  }

  /** The stopped archive, finished, ends as the same archive finished without a stop. */
  async function assertFinishesAsControl(t: Ctx, wb: Workbench, db: string, control: string): Promise<void> {
    const rest = await wb.dupsUpdate();
    assert.deepEqual([rest.status, rest.articles, rest.merged], ['done', 2 * PER_FILE, 0]);
    const straight = await openOn(t, control);
    const whole = await straight.dupsUpdate();
    assert.deepEqual([whole.status, whole.articles], ['done', 2 * PER_FILE]);
    assert.deepEqual(finderState(db), finderState(control));
    assert.deepEqual(grouping(wb), grouping(straight));
    assert.deepEqual(wb.check(), []);
  }

  /**
   * The archive between two slices of the merge: the keys below some key in the main table, the
   * rest still recent, none lost, the waiting articles still waiting, all sound.
   */
  function assertSplitAtAKey(wb: Workbench, db: string, control: string): void {
    assert.deepEqual(wb.check(), []);
    const all = bandTables(control).recent;
    const now = bandTables(db);
    assert.ok(now.main.length > 0 && now.recent.length > 0, `${now.main.length} merged, ${now.recent.length} recent`);
    assert.deepEqual([...now.main, ...now.recent], all, 'every key once, the merged ones first in key order');
    const keyOf = (row: string): number => Number(row.split('/')[0]);
    assert.ok(keyOf(now.main.at(-1)!) < keyOf(now.recent[0]!), "a key's rows all in one table");
    assert.equal(wb.dupsPending(), 2 * PER_FILE);
  }

  test('in slices of keys, each its own transaction: the keys below a key merged, the rest recent, none lost; the pass ends as one with a single merge', async (t) => {
    const { db, control } = await waiting(t);
    const all = bandTables(control).recent;
    const wb = await openOn(t, db);
    const slices: number[] = [];
    const rows = Math.ceil(all.length / 5);
    // Each write transaction of the pass is followed by afterWrite, where an import bounds its log.
    const events: string[] = [];
    const r = await wb.dupsUpdate({
      recentRows: 0,
      mergeRows: rows,
      afterWrite: () => void events.push('write'),
      afterChunk: () => void events.push('chunk'),
      afterMergeSlice: (moved) => {
        events.push('slice');
        slices.push(moved);
        // Read through a connection of its own: what it sees is committed.
        const now = bandTables(db);
        assert.equal(now.main.length, slices.reduce((a, b) => a + b, 0));
        assert.deepEqual([...now.main, ...now.recent], all);
      },
    });
    assert.deepEqual([r.status, r.articles, r.merged], ['done', 2 * PER_FILE, all.length]);
    assert.ok(slices.length >= 4, `${slices.length} slices`);
    assert.ok(slices.slice(0, -1).every((n) => n >= rows), `${slices} rows, at least ${rows} each but the last`);
    assert.ok(events.includes('chunk'));
    assert.ok(events.every((e, i) => e === 'write' || events[i - 1] === 'write'), events.join(' '));
    assert.equal(events.filter((e) => e === 'write').length, events.length / 2);

    const straight = await openOn(t, control);
    const whole = await straight.dupsUpdate({ recentRows: 0 });
    assert.deepEqual([whole.status, whole.articles, whole.merged], ['done', 2 * PER_FILE, all.length]);
    assert.deepEqual(finderState(db, true), finderState(control, true));
    assert.deepEqual(grouping(wb), grouping(straight));
    assert.deepEqual(wb.check(), []);
  });

  test('cancelled between two slices: the keys split at a key, nothing else done; the next pass ends as one uninterrupted', async (t) => {
    const { db, control } = await waiting(t);
    const wb = await openOn(t, db);
    const stop = new AbortController();
    const r = await wb.dupsUpdate({ recentRows: 0, mergeRows: 10, signal: stop.signal, afterMergeSlice: () => stop.abort() });
    assert.deepEqual([r.status, r.articles], ['cancelled', 0]);
    assert.equal(r.merged, bandTables(db).main.length);
    assertSplitAtAKey(wb, db, control);
    await assertFinishesAsControl(t, wb, db, control);
  });

  test('killed between two slices: the archive opens sound, the keys split at a key; the next pass ends as one uninterrupted', { timeout: 60_000 }, async (t) => {
    const { db, control } = await waiting(t);
    assert.equal(await killAtWord('dup-paused-merge.js', [db, '10']), 'sliced');
    const wb = await openOn(t, db);
    assertSplitAtAKey(wb, db, control);
    await assertFinishesAsControl(t, wb, db, control);
  });

  test('cancelled once the merge has committed: the keys are all in the main table, nothing else done; the next pass ends as one uninterrupted', async (t) => {
    const { db, control } = await waiting(t);
    const wb = await openOn(t, db);
    const stop = new AbortController();
    const r = await wb.dupsUpdate({ recentRows: 0, signal: stop.signal, onPhase: (p) => p === 'finding' && stop.abort() });
    assert.equal(r.status, 'cancelled');
    assert.equal(r.articles, 0);
    assert.equal(r.merged, bandTables(control).recent.length);
    assertMergedOnly(wb, db, control);
    await assertFinishesAsControl(t, wb, db, control);
  });

  test('killed once the merge has committed: the archive opens sound, and the next pass ends as one uninterrupted', { timeout: 60_000 }, async (t) => {
    const { db, control } = await waiting(t);
    assert.equal(await killAtWord('dup-paused-merge.js', [db]), 'merged');
    const wb = await openOn(t, db);
    assertMergedOnly(wb, db, control);
    await assertFinishesAsControl(t, wb, db, control);
  });
});

describe('another process', () => {
  test('its increment between the chunks of a big pass storing its keys as it goes: the pass writes its later keys beside it in the recent table, and ends as one process would', async (t) => {
    const { db, control } = await waiting(t, 5);
    const merged = bandTables(control).recent;
    const wb = await openOn(t, db);
    const other: DuplicateSummary[] = [];
    const r = await wb.dupsUpdate({
      increment: 0,
      heldRows: 0,
      chunkSize: PER_FILE,
      onProgress: (done) => {
        // The pass has merged the recent keys and written its first chunk into the main table. A
        // second process (a CLI import beside the app) now finds the next chunk, as an increment,
        // and is over before the pass goes on.
        if (done !== PER_FILE) return;
        other.push(JSON.parse(runChild('dup-increment-chunk.js', [db, String(PER_FILE)])) as DuplicateSummary);
      },
    });
    assert.deepEqual([r.status, r.articles, r.merged], ['done', 4 * PER_FILE, merged.length]);
    assert.deepEqual(other.map((o) => [o.status, o.articles, o.merged]), [['cancelled', PER_FILE, 0]], 'the other process took one chunk');

    // Articles in id order: the three found before, the pass's first chunk, the other process's, the pass's last three.
    const read = openDatabase(db, { readonly: true });
    const ids = read.prepare('SELECT id FROM articles ORDER BY id').pluck().all() as number[];
    read.close();
    const articlesOf = (rows: string[]): number[] => rows.map((row) => Number(row.split('/')[1]));
    const tables = bandTables(db);
    const main = articlesOf(tables.main);
    const recent = articlesOf(tables.recent);
    assert.ok(merged.every((row) => tables.main.includes(row)), 'the keys merged first are in the main table');
    assert.ok(main.some((a) => a > ids[3 * PER_FILE - 1]!), "the pass's first chunk wrote the main table");
    assert.ok(main.every((a) => a <= ids[4 * PER_FILE - 1]!), 'nothing after it did');
    assert.ok(recent.some((a) => a <= ids[5 * PER_FILE - 1]!), "the other process's chunk is in the recent table");
    assert.ok(recent.some((a) => a > ids[5 * PER_FILE - 1]!), "so are the pass's chunks after it");
    assert.ok(Math.min(...recent) > Math.max(...main), 'every recent row newer than every main row');

    const straight = await openOn(t, control);
    const whole = await straight.dupsUpdate({ increment: 0, heldRows: 0, chunkSize: PER_FILE });
    assert.deepEqual([whole.status, whole.articles], ['done', 5 * PER_FILE]);
    assert.deepEqual(bandTables(control).recent, []);
    assert.deepEqual(finderState(db), finderState(control));
    assert.deepEqual(grouping(wb), grouping(straight));
    assert.deepEqual(wb.check(), []);
  });
});

describe('another process during a merge', () => {
  test('its increment between two slices of a big pass\'s merge, with keys below the slice: swept again, and the pass holds its keys undisturbed', async (t) => {
    const { db, control } = await waiting(t, 5);
    const merged = bandTables(control).recent;
    const wb = await openOn(t, db);
    const other: DuplicateSummary[] = [];
    const phases: DuplicatePhase[] = [];
    let slices = 0;
    const r = await wb.dupsUpdate({
      increment: 0,
      mergeRows: Math.ceil(merged.length / 5),
      onPhase: (p) => phases.push(p),
      afterMergeSlice: () => {
        slices += 1;
        // After the first slice, a CLI import beside the app finds a chunk as an increment: its
        // keys go into the recent table, some below the keys merged so far.
        if (slices === 1) other.push(JSON.parse(runChild('dup-increment-chunk.js', [db, String(PER_FILE)])) as DuplicateSummary);
      },
    });
    assert.deepEqual(other.map((o) => [o.status, o.articles, o.merged]), [['cancelled', PER_FILE, 0]]);
    assert.deepEqual([r.status, r.articles], ['done', 4 * PER_FILE]);
    assert.ok(r.merged > merged.length, `${r.merged} rows merged: the other's too`);
    assert.deepEqual(phases, ['merging', 'finding', 'merging'], 'the merge, then the store of the keys the pass held: not disturbed');
    assert.deepEqual(bandTables(db).recent, []);

    const straight = await openOn(t, control);
    const whole = await straight.dupsUpdate({ increment: 0 });
    assert.deepEqual([whole.status, whole.articles], ['done', 5 * PER_FILE]);
    assert.deepEqual(finderState(db), finderState(control));
    assert.deepEqual(grouping(wb), grouping(straight));
    assert.deepEqual(wb.check(), []);
  });
});

describe('schema 10', () => {
  test('an archive of schema 9 gains the table of recent keys; its stored keys still find copies', async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'a.db');
    const wb = await Workbench.open(db, { create: true });
    await importFiles(wb, [ASLI]);
    wb.close();

    // The archive as schema 9 kept it: every key in the one table, no table of recent ones.
    const conn = openDatabase(db);
    try {
      conn.exec('INSERT INTO dup_bands SELECT * FROM dup_bands_recent; DROP TABLE dup_bands_recent; PRAGMA user_version = 9;');
      assert.equal(conn.prepare('SELECT count(*) FROM dup_bands').pluck().get(), 40);
      // Schema 10 alone: schema 11 makes every key again, which would hide whether 10 kept them.
      migrate(conn, db, MIGRATIONS.slice(0, 10));
      assert.equal(conn.pragma('user_version', { simple: true }), 10);
      const shape = (table: string): unknown[] => conn.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info('${table}') ORDER BY cid`).raw(true).all();
      assert.deepEqual(shape('dup_bands_recent'), shape('dup_bands'));
      assert.match(conn.prepare("SELECT sql FROM sqlite_master WHERE name = 'dup_bands_recent'").pluck().get() as string, /WITHOUT ROWID/);
      assert.equal(conn.prepare('SELECT count(*) FROM dup_bands').pluck().get(), 40, 'the stored keys stay');
      assert.equal(conn.prepare('SELECT count(*) FROM dup_bands_recent').pluck().get(), 0);
    } finally {
      conn.close();
    }

    const upgraded = await Workbench.open(db, { backups: false });
    t.after(() => upgraded.close());
    assert.equal(upgraded.stats().schemaVersion, SCHEMA_VERSION);

    await importFiles(upgraded, [SALINAN]);
    assert.equal(upgraded.dups().total, 3, 'the copy found its original (whose keys schema 11 made again)');
    assert.equal(bandTables(db).main.length, 40);
    assert.ok(bandTables(db).recent.length > 0);
    assert.deepEqual(upgraded.check(), []);
  });
});
