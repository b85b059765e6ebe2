import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ImportSummary } from '../electron/api.js';
import { Workbench } from '../electron/service.js';
import { type FolderCheck, FolderWatcher } from '../electron/sources/watch.js';
import { CLI } from './cli-run.js';
import { openArchive } from './dup-helpers.js';
import { feedServer, ITEMS, rss, serveFeed } from './feed-server.js';
import { tempDir } from './helpers.js';

/*
 * Watched folders, driven check by check (no timer is started) on a clock the test moves: a file is
 * imported once its version held still between two checks half an interval apart, once per
 * version, and never the archive's own files.
 */

const INTERVAL = 10_000;

/** The watcher's clock and its checks: `check` comes a full interval after the last one, as the periodic checks do. */
function clocked(): { now: () => number; at: (ms: number) => void; check: (w: FolderWatcher) => Promise<string[]> } {
  let ms = 1_700_000_000_000;
  return {
    now: () => ms,
    at: (later) => {
      ms += later;
    },
    check: (w) => {
      ms += INTERVAL;
      return w.check();
    },
  };
}

const FIRST_HALF = 'Nelayan Cilacap kembali melaut\n\nSetelah sepekan gelombang tinggi, ratusan nelayan di Cilacap kembali melaut pada Senin pagi.\n\n';
const SECOND_HALF = 'Hasil tangkapan pertama berupa ikan layur dan udang dijual di tempat pelelangan ikan dengan harga yang lebih tinggi dari biasanya.\n';

test('a file written in two steps is imported once it is complete, and once only; a second file after it', async (t) => {
  const { wb } = await openArchive(t);
  const folder = tempDir(t, 'pantau-watched-');
  const imports: { paths: string[]; summary: ImportSummary }[] = [];
  const clock = clocked();
  const watcher = new FolderWatcher({
    folders: [folder],
    archive: wb.archivePath,
    importFiles: (paths) => wb.import({ paths }),
    onChecked: ({ imported, summary }) => {
      if (summary) imports.push({ paths: imported.map((f) => f.path), summary });
    },
    now: clock.now,
  });
  t.after(() => watcher.stop());
  const check = (): Promise<string[]> => clock.check(watcher);

  const first = join(folder, 'cilacap.txt');
  writeFileSync(first, FIRST_HALF);
  assert.deepEqual(await check(), [], 'first seen: not yet known to be complete');
  appendFileSync(first, SECOND_HALF);
  assert.deepEqual(await check(), [], 'it grew since the last check');
  assert.deepEqual(await check(), [first], 'unchanged since the last check: complete');
  assert.deepEqual(await check(), [], 'imported once');
  assert.equal(wb.stats().articles, 1);
  const [hit] = wb.search({ query: 'layur', sort: 'newest' }).results;
  assert.ok(hit, 'the whole file, both halves, is the article');
  assert.equal(wb.article({ id: hit.id }).title, 'Nelayan Cilacap kembali melaut');

  mkdirSync(join(folder, 'hari-2'));
  const second = join(folder, 'hari-2', 'harbour.txt');
  writeFileSync(second, 'Harbour reopens after the storm\n\nThe port of Tanjung Emas reopened on Tuesday after the storm passed, and the first container ship berthed at noon.\n');
  assert.deepEqual(await check(), []);
  assert.deepEqual(await check(), [second]);
  assert.deepEqual(imports.map((i) => [i.paths.length, i.summary.imported, i.summary.failed]), [[1, 1, 0], [1, 1, 0]]);
  assert.equal(wb.stats().articles, 2);
});

test('the archive (its -wal and -shm) and its backups in a watched folder are never read', async (t) => {
  const { wb, dir } = await openArchive(t);
  // The archive lives in the watched folder, with its WAL files and a backup where the automatic ones go.
  wb.feedsAdd({ url: 'https://example.org/rss' });
  mkdirSync(join(dir, 'backups'));
  await wb.backup({ out: join(dir, 'backups', 'a-20240315T080000Z-daily.db') });
  writeFileSync(join(dir, 'catatan.txt'), 'Catatan redaksi\n\nRapat redaksi membahas liputan pemilihan kepala daerah di Jawa Tengah minggu depan.\n');
  const own = readdirSync(dir, { recursive: true }).map(String).filter((f) => f !== 'catatan.txt');
  assert.ok(own.includes('a.db') && own.includes('a.db-wal') && own.some((f) => f.startsWith('backups/')), own.join(', '));
  const imported: string[][] = [];
  const clock = clocked();
  const watcher = new FolderWatcher({
    folders: [dir],
    archive: wb.archivePath,
    importFiles: (paths) => wb.import({ paths }),
    onChecked: (c) => {
      if (c.summary) imported.push(c.imported.map((f) => f.path));
    },
    now: clock.now,
  });
  t.after(() => watcher.stop());
  await clock.check(watcher);
  await clock.check(watcher);
  await clock.check(watcher);
  assert.deepEqual(imported, [[join(dir, 'catatan.txt')]], 'only the article');
  assert.equal(wb.stats().articles, 1);
});

test('imports run one at a time: two folders with complete files, and checks asked while one runs get its answer', async (t) => {
  const { wb } = await openArchive(t);
  const first = tempDir(t, 'pantau-watched-');
  const second = tempDir(t, 'pantau-watched-');
  writeFileSync(join(first, 'cilacap.txt'), FIRST_HALF + SECOND_HALF);
  writeFileSync(join(second, 'harbour.txt'), 'Harbour reopens after the storm\n\nThe port of Tanjung Emas reopened on Tuesday after the storm passed, and the first container ship berthed at noon.\n');
  let running = 0;
  let most = 0;
  const clock = clocked();
  const watcher = new FolderWatcher({
    folders: [first, second],
    archive: wb.archivePath,
    importFiles: async (paths, signal) => {
      most = Math.max(most, ++running);
      try {
        return await wb.import({ paths }, { signal });
      } finally {
        running -= 1;
      }
    },
    now: clock.now,
  });
  t.after(() => watcher.stop());
  assert.deepEqual(await clock.check(watcher), []);
  const asked = [clock.check(watcher), watcher.check(), watcher.check()];
  assert.ok(asked.every((p) => p === asked[0]), 'one check at a time');
  assert.deepEqual(await asked[0], [join(first, 'cilacap.txt'), join(second, 'harbour.txt')]);
  assert.equal(most, 1, 'never two imports at once');
  assert.equal(wb.stats().articles, 2);
});

test('stop cancels the import under way, and the check it belongs to is not reported', async (t) => {
  const { wb } = await openArchive(t);
  const folder = tempDir(t, 'pantau-watched-');
  writeFileSync(join(folder, 'cilacap.txt'), FIRST_HALF + SECOND_HALF);
  const checks: string[] = [];
  const summaries: string[] = [];
  let stopped: Promise<void> | null = null;
  const clock = clocked();
  const watcher: FolderWatcher = new FolderWatcher({
    folders: [folder],
    archive: wb.archivePath,
    importFiles: async (paths, signal) => {
      stopped = watcher.stop();
      const summary = await wb.import({ paths }, { signal });
      summaries.push(summary.status);
      return summary;
    },
    onChecked: (c) => checks.push(c.folder),
    now: clock.now,
  });
  await clock.check(watcher);
  assert.deepEqual(checks, [folder]);
  assert.deepEqual(await clock.check(watcher), [], 'stopped midway: nothing imported');
  await stopped;
  assert.deepEqual(summaries, ['cancelled']);
  assert.deepEqual(checks, [folder], 'the stopped check is not reported');
  assert.deepEqual(await clock.check(watcher), [], 'a stopped watcher checks no more');
});

test('a file must keep its version for half an interval: checks a second apart, as file events bring them, do not take a paused writer\'s file for complete', async (t) => {
  const { wb } = await openArchive(t);
  const folder = tempDir(t, 'pantau-watched-');
  const clock = clocked();
  const watcher = new FolderWatcher({ folders: [folder], archive: wb.archivePath, importFiles: (paths) => wb.import({ paths }), now: clock.now });
  t.after(() => watcher.stop());

  const file = join(folder, 'cilacap.txt');
  writeFileSync(file, FIRST_HALF);
  assert.deepEqual(await watcher.check(), [], 'first seen');
  // The writer waits on the network; the checks that other files' events bring come a second apart.
  for (let second = 1; second <= 4; second++) {
    clock.at(1_000);
    assert.deepEqual(await watcher.check(), [], `unchanged for ${second} s: not yet complete`);
  }
  appendFileSync(file, SECOND_HALF);
  clock.at(1_000);
  assert.deepEqual(await watcher.check(), [], 'it grew');
  clock.at(INTERVAL / 2 - 1);
  assert.deepEqual(await watcher.check(), [], 'unchanged for just under half an interval');
  clock.at(1);
  assert.deepEqual(await watcher.check(), [file], 'unchanged for half an interval: complete');
  assert.equal(wb.stats().articles, 1, 'one article, not its first half besides');
  assert.equal(wb.search({ query: 'layur', sort: 'newest' }).total, 1, 'the whole file');
});

/** Two texts of the same length in bytes, so a file can be replaced by the other with its size unchanged. */
const SAME_SIZE = ((): [string, string, string] => {
  const texts = [
    'Banjir rob di Semarang\n\nAir laut naik dan merendam permukiman warga di pesisir utara Semarang pada Senin pagi.',
    'Gempa di Cianjur\n\nGempa bermagnitudo lima mengguncang Cianjur pada Selasa malam tanpa menimbulkan korban.',
    'Harga cabai naik\n\nHarga cabai rawit di pasar Kramat Jati naik dua kali lipat menjelang bulan puasa.',
  ];
  const size = Math.max(...texts.map((x) => x.length));
  return texts.map((x) => `${x.padEnd(size)}\n`) as [string, string, string];
})();

test('a file replaced by another of the same size and modification time is imported again, and so is one deleted and made again', async (t) => {
  const { wb } = await openArchive(t);
  const folder = tempDir(t, 'pantau-watched-');
  const clock = clocked();
  const watcher = new FolderWatcher({ folders: [folder], archive: wb.archivePath, importFiles: (paths) => wb.import({ paths }), now: clock.now });
  t.after(() => watcher.stop());
  const file = join(folder, 'berita.txt');
  // A fixed modification time, as `cp -p`, rsync or unzip leave it.
  const mtime = new Date('2024-03-15T08:00:00Z');
  const put = (text: string): void => {
    writeFileSync(join(folder, '.berita.tmp'), text);
    utimesSync(join(folder, '.berita.tmp'), mtime, mtime);
    renameSync(join(folder, '.berita.tmp'), file);
  };

  put(SAME_SIZE[0]);
  await clock.check(watcher);
  assert.deepEqual(await clock.check(watcher), [file]);
  put(SAME_SIZE[1]);
  assert.equal(statSync(file).size, Buffer.byteLength(SAME_SIZE[0]));
  assert.equal(statSync(file).mtimeMs, mtime.getTime(), 'size and modification time as before');
  await clock.check(watcher);
  assert.deepEqual(await clock.check(watcher), [file], 'replaced: a new version all the same');
  assert.equal(wb.search({ query: 'Cianjur', sort: 'newest' }).total, 1);

  rmSync(file);
  writeFileSync(file, SAME_SIZE[2]);
  utimesSync(file, mtime, mtime);
  await clock.check(watcher);
  assert.deepEqual(await clock.check(watcher), [file], 'deleted and made again between two checks');
  assert.equal(wb.search({ query: 'cabai', sort: 'newest' }).total, 1);
  assert.equal(wb.stats().articles, 3);
});

test('a place in the folder that cannot be read keeps only what was imported under it: a file deleted elsewhere is forgotten', async (t) => {
  const { wb } = await openArchive(t);
  const root = tempDir(t);
  const folder = join(root, 'kliping');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  writeFileSync(join(folder, 'a.txt'), SAME_SIZE[0]);
  writeFileSync(join(folder, 'sub', 'b.txt'), SAME_SIZE[1]);
  const clock = clocked();
  const checks: FolderCheck[] = [];
  const watcher = new FolderWatcher({ folders: [folder], archive: wb.archivePath, importFiles: (paths) => wb.import({ paths }), now: clock.now, onChecked: (c) => checks.push(c) });
  t.after(() => watcher.stop());
  await clock.check(watcher);
  assert.deepEqual(await clock.check(watcher), [join(folder, 'a.txt'), join(folder, 'sub', 'b.txt')]);

  // `sub` becomes a link to nowhere: whether b.txt is still there cannot be told. a.txt is deleted.
  renameSync(join(folder, 'sub'), join(root, 'sub-lama'));
  symlinkSync(join(root, 'hilang'), join(folder, 'sub'));
  rmSync(join(folder, 'a.txt'));
  await clock.check(watcher);
  const last = checks.at(-1)!;
  assert.deepEqual(last.gone, [join(folder, 'a.txt')], 'forgotten: the record of a folder\'s files does not grow while part of it is unreadable');
  assert.equal(last.problem, `could not read ${join(folder, 'sub')}: no such file or directory`);

  // Readable again with b.txt unchanged: it was kept, so it is not imported again.
  rmSync(join(folder, 'sub'));
  renameSync(join(root, 'sub-lama'), join(folder, 'sub'));
  await clock.check(watcher);
  assert.deepEqual(await clock.check(watcher), []);
  assert.deepEqual(checks.at(-1)!.problem, null);
});

test('files under a name still being written (.part, .crdownload, a .download folder, a name ending in ~) are not read until renamed', async (t) => {
  const { wb } = await openArchive(t);
  const folder = tempDir(t, 'pantau-watched-');
  mkdirSync(join(folder, 'banjir.txt.download'));
  const partial = ['cilacap.txt.part', 'gempa.txt.crdownload', join('banjir.txt.download', 'banjir.txt'), 'cabai.txt~'];
  partial.forEach((name, i) => writeFileSync(join(folder, name), SAME_SIZE[i % 3]!));
  const clock = clocked();
  const watcher = new FolderWatcher({ folders: [folder], archive: wb.archivePath, importFiles: (paths) => wb.import({ paths }), now: clock.now });
  t.after(() => watcher.stop());
  for (let i = 0; i < 3; i++) assert.deepEqual(await clock.check(watcher), [], 'still being written');
  renameSync(join(folder, 'cilacap.txt.part'), join(folder, 'cilacap.txt'));
  await clock.check(watcher);
  assert.deepEqual(await clock.check(watcher), [join(folder, 'cilacap.txt')], 'renamed when done: read');
});

test('an excluded folder inside a watched one, such as browser mode\'s staging folder, is never read', async (t) => {
  const { wb } = await openArchive(t);
  const folder = tempDir(t, 'pantau-watched-');
  const staging = join(folder, 'pantau-serve-abc123');
  mkdirSync(join(staging, 'upload', 'batch-1'), { recursive: true });
  writeFileSync(join(staging, 'upload', 'batch-1', 'unggahan.txt'), SAME_SIZE[0]);
  writeFileSync(join(folder, 'berita.txt'), SAME_SIZE[1]);
  const clock = clocked();
  const watcher = new FolderWatcher({ folders: [folder], archive: wb.archivePath, exclude: [staging], importFiles: (paths) => wb.import({ paths }), now: clock.now });
  t.after(() => watcher.stop());
  await clock.check(watcher);
  assert.deepEqual(await clock.check(watcher), [join(folder, 'berita.txt')]);
  assert.equal(wb.stats().articles, 1);
});

test('symbolic links that loop back into the watched folder are not followed round: each file is imported once, and nothing is a problem', async (t) => {
  const { wb } = await openArchive(t);
  const folder = tempDir(t, 'pantau-watched-');
  mkdirSync(join(folder, 'hari-1'));
  writeFileSync(join(folder, 'hari-1', 'berita.txt'), SAME_SIZE[0]);
  symlinkSync('.', join(folder, 'ini'));
  symlinkSync('..', join(folder, 'hari-1', 'naik'));
  const clock = clocked();
  const checks: FolderCheck[] = [];
  // Started, so the file system events of the tree are watched too; its timer and events wait an hour.
  const watcher = new FolderWatcher({ folders: [folder], archive: wb.archivePath, importFiles: (paths) => wb.import({ paths }), now: clock.now, intervalMs: 3_600_000, settleMs: 3_600_000, onChecked: (c) => checks.push(c) });
  watcher.start();
  t.after(() => watcher.stop());
  await watcher.check();
  clock.at(3_600_000);
  assert.deepEqual(await watcher.check(), [join(folder, 'hari-1', 'berita.txt')]);
  assert.deepEqual(checks.map((c) => c.problem), [null, null]);
  assert.equal(wb.stats().articles, 1);
});

test('stopped while a check looks at the folder, the watcher begins no import', async (t) => {
  const { wb } = await openArchive(t);
  const folder = tempDir(t, 'pantau-watched-');
  writeFileSync(join(folder, 'cilacap.txt'), FIRST_HALF + SECOND_HALF);
  const asked: string[][] = [];
  const clock = clocked();
  const watcher = new FolderWatcher({
    folders: [folder],
    archive: wb.archivePath,
    importFiles: (paths) => {
      asked.push(paths);
      return wb.import({ paths });
    },
    now: clock.now,
  });
  assert.deepEqual(await clock.check(watcher), []);
  // The second check would import the file; it is stopped before its first look at the disk answers.
  const checking = clock.check(watcher);
  const stopped = watcher.stop();
  assert.deepEqual(await checking, []);
  await stopped;
  assert.deepEqual(asked, [], 'no import was begun, so no daily backup either');
  assert.equal(wb.stats().imports, 0);
});

test('the real CLI: pantau watch polls the feeds and imports a folder\'s files, printing each, until SIGTERM', { timeout: 60_000 }, async (t) => {
  const { wb, db } = await openArchive(t);
  const srv = await feedServer(t);
  srv.routes.set('/feed.xml', serveFeed(() => rss('Kabar Pesisir', ITEMS)));
  wb.feedsAdd({ url: `${srv.base}/feed.xml` });
  wb.close();
  const folder = tempDir(t, 'pantau-watched-');
  writeFileSync(join(folder, 'cilacap.txt'), FIRST_HALF + SECOND_HALF);

  const child = spawn(process.execPath, [CLI, 'watch', folder, '--interval', '0.2', '--db', db], { env: { ...process.env, PANTAU_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // Waits on what the process prints, not on time: the test's timeout bounds a watch that never gets there.
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/imported 1 file: 1 new/.test(stdout) && /feed\.xml: 2 new articles/.test(stdout)) resolve();
    });
  });
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stdout);
  assert.match(stdout, /^Watching 1 folder and 1 feed for /);
  assert.match(stdout, /Stopping…\n$/);
  const after = await Workbench.open(db);
  t.after(() => after.close());
  assert.equal(after.stats().articles, 3);
});
