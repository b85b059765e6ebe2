import assert from 'node:assert/strict';
import { createWriteStream, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import yazl from 'yazl';
import type { ImportProgress } from '../electron/api.js';
import { DEFAULT_IMPORT_OPTIONS, runImport } from '../electron/import/run.js';
import { Archive } from '../db/archive.js';
import { ARTICLES, finderState, PER_FILE, writeCorpus } from './dup-corpus.js';
import { tempDir } from './helpers.js';

/* The import run itself: progress, cancellation, big zips in chunks, and readers that keep crashing. */

const article = (i: number): string =>
  `Berita nomor ${i} tentang pasar\nPedagang di pasar induk nomor ${i} mengatakan harga beras naik karena pasokan berkurang.\nPemerintah daerah ${i} berjanji menggelar operasi pasar pekan depan.\n`;

function writeArticles(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `a${String(i).padStart(4, '0')}.txt`), article(i));
}

/** Text too big for a reader given a 32 MB heap (`READER_KILLING`): each of these files, one written and the rest linked to it, kills its reader. */
function writeReaderKillers(dir: string, names: string[]): string[] {
  mkdirSync(dir, { recursive: true });
  const paths = names.map((n) => join(dir, n));
  writeFileSync(paths[0]!, article(0).repeat(Math.ceil((24 * 1024 * 1024) / article(0).length)));
  for (const path of paths.slice(1)) linkSync(paths[0]!, path);
  return paths;
}

/** Readers that a file of `writeReaderKillers` kills, stopping for good at the second crash in a row. */
const READER_KILLING = { ...DEFAULT_IMPORT_OPTIONS, workers: 1, limits: { workerHeapMb: 32, maxCrashesInARow: 2 } };

async function openArchive(t: { after: (fn: () => void) => void }): Promise<Archive> {
  const archive = await Archive.open(join(tempDir(t), 'run.db'));
  t.after(() => archive.close());
  return archive;
}

test('progress reports count up to the totals found by the scan', async (t) => {
  const dir = join(tempDir(t), 'files');
  writeArticles(dir, 300);
  const events: ImportProgress[] = [];
  const summary = await runImport(await openArchive(t), [dir], { ...DEFAULT_IMPORT_OPTIONS, batchMs: 10 }, { onProgress: (p) => events.push(p) });
  assert.equal(summary.imported, 300);
  assert.equal(events[0]!.phase, 'scanning');
  const last = events[events.length - 1]!;
  assert.deepEqual([last.phase, last.filesTotal, last.filesDone, last.imported, last.failed], ['importing', 300, 300, 300, 0]);
  for (let i = 1; i < events.length; i++) assert.ok(events[i]!.filesDone >= events[i - 1]!.filesDone);
});

for (const [how, replayedEntries] of [['kept by the scan', undefined], ['walked again', 4]] as const) {
  test(`the first files go to the readers while the scan counts the rest; each file is read once, a path given twice twice (${how})`, async (t) => {
    const dir = join(tempDir(t), 'files');
    writeArticles(dir, 7);
    const again = join(dir, 'a0001.txt');
    const later = join(tempDir(t), 'later');
    mkdirSync(later);
    let importing = false;
    const handed: [string, boolean][] = [];
    const summary = await runImport(await openArchive(t), [dir, again, later], { ...DEFAULT_IMPORT_OPTIONS, batchSize: 2 }, {
      filesInFlight: 3,
      replayedEntries,
      onProgress: (p) => {
        importing ||= p.phase === 'importing';
      },
      beforeFile: (path) => {
        handed.push([basename(path), importing]);
        // Added after the scan: imported only when the paths are walked again.
        if (basename(path) === 'a0004.txt') writeFileSync(join(later, 'late.txt'), article(99));
      },
    });
    const late = replayedEntries === undefined ? [] : ['late.txt'];
    assert.deepEqual([summary.files, summary.imported, summary.skipped, summary.failed], [8 + late.length, 7 + late.length, 1, 0]);
    // Three files in flight: the scan hands over the first three; the writing takes the rest in walk order.
    const names = ['a0000.txt', 'a0001.txt', 'a0002.txt', 'a0003.txt', 'a0004.txt', 'a0005.txt', 'a0006.txt', 'a0001.txt', ...late];
    assert.deepEqual(handed, names.map((name, i) => [name, i >= 3]));
  });
}

for (const [how, replayedEntries] of [['kept by the scan', undefined], ['walked again', 2]] as const) {
  test(`a stop asked for during the scan finishes the files already handed to the readers and reads no other (${how})`, async (t) => {
    const dir = join(tempDir(t), 'files');
    writeArticles(dir, 5);
    const archive = await openArchive(t);
    const controller = new AbortController();
    let importing = false;
    const reached: boolean[] = [];
    const summary = await runImport(archive, [dir], DEFAULT_IMPORT_OPTIONS, {
      signal: controller.signal,
      replayedEntries,
      onProgress: (p) => {
        importing ||= p.phase === 'importing';
      },
      beforeFile: () => {
        reached.push(importing);
        if (reached.length === 3) controller.abort();
      },
    });
    assert.equal(summary.status, 'cancelled');
    // The three files reached during the scan, the last of them not handed over; none after the stop.
    assert.deepEqual(reached, [false, false, false]);
    assert.deepEqual([summary.files, summary.imported], [2, 2]);
    assert.equal(archive.stats().articles, 2);
    assert.deepEqual(archive.integrityProblems(), []);
  });
}

test('while the duplicate finder runs, progress counts the new articles it has gone through', async (t) => {
  const dir = join(tempDir(t), 'files');
  writeArticles(dir, 300);
  const events: ImportProgress[] = [];
  const summary = await runImport(await openArchive(t), [dir], DEFAULT_IMPORT_OPTIONS, {
    onProgress: (p) => events.push(p),
    duplicates: { chunkSize: 100 },
  });
  assert.equal(summary.duplicates, 'done');
  const finding = events.filter((e) => e.phase === 'duplicates');
  assert.ok(finding.length > 0, 'the finder ran after the last file');
  assert.deepEqual(finding[0]!.finder, null, 'the phase starts before the finder has counted');
  const counted = finding.flatMap((e) => (e.finder ? [e.finder] : []));
  assert.deepEqual(counted, [0, 100, 200, 300].map((done) => ({ done, total: 300 })), 'every chunk is reported, however quick');
  assert.ok(events.filter((e) => e.phase !== 'duplicates').every((e) => e.finder === null), 'no finder counts outside its phase');
  const last = events[events.length - 1]!;
  assert.deepEqual([last.phase, last.filesDone, last.finder], ['importing', 300, null]);
});

test('cancelling stops the run, keeps what was read and leaves the archive sound', async (t) => {
  const dir = join(tempDir(t), 'files');
  writeArticles(dir, 300);
  const archive = await openArchive(t);
  const controller = new AbortController();
  let reached = 0;
  const summary = await runImport(archive, [dir], { ...DEFAULT_IMPORT_OPTIONS, batchSize: 50 }, {
    signal: controller.signal,
    // Fifty files go to the readers during the scan; the stop comes as the writing reaches the rest.
    filesInFlight: 50,
    // The run waits here as the walk reaches each file: the stop comes at the 101st file, whatever the machine's speed.
    beforeFile: () => {
      reached += 1;
      if (reached === 101) controller.abort();
    },
  });
  assert.equal(summary.status, 'cancelled');
  // The 100 files handed to the readers before the stop are finished and kept; no other file is read.
  assert.deepEqual([summary.files, summary.imported, summary.failed], [100, 100, 0]);
  assert.equal(archive.stats().articles, 100);
  assert.deepEqual(archive.integrityProblems(), []);
});

test('a stop asked for once every file is with a reader finishes those files and reports the run cancelled', async (t) => {
  // Fewer files than the run hands out at once: all are with the workers before the first commit.
  const dir = join(tempDir(t), 'files');
  writeArticles(dir, 3);
  const archive = await openArchive(t);
  const controller = new AbortController();
  const summary = await runImport(archive, [dir], { ...DEFAULT_IMPORT_OPTIONS, batchSize: 1 }, {
    signal: controller.signal,
    afterCommit: () => controller.abort(),
  });
  assert.equal(summary.status, 'cancelled');
  assert.equal(summary.imported, 3);
  assert.deepEqual(archive.integrityProblems(), []);
});

test('a zip of many articles arrives in chunks and every article is stored once', async (t) => {
  const dir = tempDir(t);
  const zipPath = join(dir, 'export.zip');
  const zip = new yazl.ZipFile();
  for (let i = 0; i < 700; i++) zip.addBuffer(Buffer.from(article(i)), `berita/${i}.txt`);
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolve).on('error', reject));
  const archive = await openArchive(t);
  const summary = await runImport(archive, [zipPath], { ...DEFAULT_IMPORT_OPTIONS, batchSize: 100 });
  assert.deepEqual([summary.files, summary.imported, summary.failed], [1, 700, 0]);
  assert.equal(archive.stats().articles, 700);
});

test('readers that keep crashing stop the import with the reason; what was committed is kept', async (t) => {
  const dir = join(tempDir(t), 'files');
  writeArticles(dir, 3);
  writeReaderKillers(dir, ['b-big.txt', 'c-big.txt']);
  writeArticles(join(dir, 'd-later'), 3);
  const archive = await openArchive(t);
  await assert.rejects(
    runImport(archive, [dir], READER_KILLING),
    { message: `import stopped: the file readers crashed 2 times in a row (last on ${join(dir, 'c-big.txt')}: the reader ran out of memory (limit 32 MB))` },
  );
  assert.equal(archive.stats().articles, 3);
  assert.deepEqual(archive.integrityProblems(), []);
});

// The test's own timeout, far above what it needs: were the readers ever to stop failing, the scan held below would wait for good.
test('readers that stop for good during the scan end it there: the import fails with their reason, no later file reached', { timeout: 120_000 }, async (t) => {
  const dir = join(tempDir(t), 'files');
  // Two files that each kill their reader, handed over as the scan finds them.
  writeReaderKillers(dir, ['a-big.txt', 'b-big.txt']);
  writeArticles(join(dir, 'c-small'), 3);
  writeArticles(join(dir, 'd-later'), 3);
  const archive = await openArchive(t);
  let readersStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (readersStopped = resolve));
  const reached: string[] = [];
  await assert.rejects(
    runImport(archive, [dir], READER_KILLING, {
      onReadersStopped: () => readersStopped(),
      // The scan holds at the first small file until the readers have stopped: the walk goes on
      // only then, as a long one on a slow share would.
      beforeFile: async (path) => {
        reached.push(path.slice(dir.length + 1));
        if (reached.length === 3) await stopped;
      },
    }),
    { message: `import stopped: the file readers crashed 2 times in a row (last on ${join(dir, 'b-big.txt')}: the reader ran out of memory (limit 32 MB))` },
  );
  assert.deepEqual(reached, ['a-big.txt', 'b-big.txt', join('c-small', 'a0000.txt')]);
  assert.equal(archive.stats().articles, 0);
  assert.deepEqual(archive.integrityProblems(), []);
});

test('readers that stop for good on the last files, every file answered: the run ends done, those files as errors', async (t) => {
  const dir = join(tempDir(t), 'files');
  writeArticles(dir, 3);
  const killers = writeReaderKillers(dir, ['z-big1.txt', 'z-big2.txt']);
  const archive = await openArchive(t);
  const summary = await runImport(archive, [dir], READER_KILLING);
  assert.deepEqual([summary.files, summary.imported, summary.failed], [5, 3, 2]);
  assert.deepEqual(summary.errors.map((e) => e.path), killers);
  assert.equal(archive.stats().articles, 3);
});

test('the duplicate finder runs while the writer waits for its readers, and finds what one run at the end finds', async (t) => {
  // One zip of the finder tests' corpus, an entry of ten articles a chunk: the reader holds each
  // chunk until the writer has taken the one before, so after every chunk but the last the writer
  // has nothing to write, for certain, and runs the finder over what it has.
  const dir = tempDir(t);
  const zipPath = join(dir, 'laporan.zip');
  const zip = new yazl.ZipFile();
  for (const file of writeCorpus(dir)) zip.addFile(file, basename(file));
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolve).on('error', reject));
  const importInto = async (name: string, whileWaiting: number): Promise<number> => {
    const archive = await Archive.open(join(dir, name));
    let runs = 0;
    let phase = '';
    try {
      const summary = await runImport(archive, [zipPath], { ...DEFAULT_IMPORT_OPTIONS, batchSize: PER_FILE, workers: 1 }, {
        duplicatesWhileWaiting: whileWaiting,
        onProgress: (p) => {
          if (p.phase === 'duplicates' && phase !== 'duplicates') runs += 1;
          phase = p.phase;
        },
      });
      assert.deepEqual([summary.imported, summary.failed, summary.duplicates], [ARTICLES, 0, 'done']);
    } finally {
      archive.close();
    }
    return runs;
  };
  assert.equal(await importInto('waiting.db', PER_FILE), ARTICLES / PER_FILE);
  assert.equal(await importInto('at-end.db', Number.POSITIVE_INFINITY), 1);
  assert.deepEqual(finderState(join(dir, 'waiting.db')), finderState(join(dir, 'at-end.db')));
  assert.ok(finderState(join(dir, 'at-end.db')).members!.length > 0);
});
