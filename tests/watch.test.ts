import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ImportSummary } from '../electron/api.js';
import { Workbench } from '../electron/service.js';
import { FolderWatcher } from '../electron/sources/watch.js';
import { CLI } from './cli-run.js';
import { openArchive } from './dup-helpers.js';
import { feedServer, ITEMS, rss, serveFeed } from './feed-server.js';
import { tempDir } from './helpers.js';

/*
 * Watched folders, driven check by check (no timer is started): a file is imported once its size
 * and modification time held still between two checks, once per version, and never the archive's
 * own files.
 */

const FIRST_HALF = 'Nelayan Cilacap kembali melaut\n\nSetelah sepekan gelombang tinggi, ratusan nelayan di Cilacap kembali melaut pada Senin pagi.\n\n';
const SECOND_HALF = 'Hasil tangkapan pertama berupa ikan layur dan udang dijual di tempat pelelangan ikan dengan harga yang lebih tinggi dari biasanya.\n';

test('a file written in two steps is imported once it is complete, and once only; a second file after it', async (t) => {
  const { wb } = await openArchive(t);
  const folder = tempDir(t, 'pantau-watched-');
  const imports: { paths: string[]; summary: ImportSummary }[] = [];
  const watcher = new FolderWatcher({
    folders: [folder],
    archive: wb.archivePath,
    importFiles: (paths) => wb.import({ paths }),
    onImported: (paths, summary) => imports.push({ paths, summary }),
  });
  t.after(() => watcher.stop());

  const first = join(folder, 'cilacap.txt');
  writeFileSync(first, FIRST_HALF);
  assert.deepEqual(await watcher.check(), [], 'first seen: not yet known to be complete');
  appendFileSync(first, SECOND_HALF);
  assert.deepEqual(await watcher.check(), [], 'it grew since the last check');
  assert.deepEqual(await watcher.check(), [first], 'unchanged since the last check: complete');
  assert.deepEqual(await watcher.check(), [], 'imported once');
  assert.equal(wb.stats().articles, 1);
  const [hit] = wb.search({ query: 'layur', sort: 'newest' }).results;
  assert.ok(hit, 'the whole file, both halves, is the article');
  assert.equal(wb.article({ id: hit.id }).title, 'Nelayan Cilacap kembali melaut');

  mkdirSync(join(folder, 'hari-2'));
  const second = join(folder, 'hari-2', 'harbour.txt');
  writeFileSync(second, 'Harbour reopens after the storm\n\nThe port of Tanjung Emas reopened on Tuesday after the storm passed, and the first container ship berthed at noon.\n');
  assert.deepEqual(await watcher.check(), []);
  assert.deepEqual(await watcher.check(), [second]);
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
  const watcher = new FolderWatcher({ folders: [dir], archive: wb.archivePath, importFiles: (paths) => wb.import({ paths }), onImported: (paths) => imported.push(paths) });
  t.after(() => watcher.stop());
  await watcher.check();
  await watcher.check();
  await watcher.check();
  assert.deepEqual(imported, [[join(dir, 'catatan.txt')]], 'only the article');
  assert.equal(wb.stats().articles, 1);
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
