import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import yazl from 'yazl';
import type { ImportProgress } from '../electron/api.js';
import { DEFAULT_IMPORT_OPTIONS, runImport } from '../electron/import/run.js';
import { Archive } from '../db/archive.js';
import { tempDir } from './helpers.js';

/* The import run itself: progress, cancellation, big zips in chunks, and a file that hangs its reader. */

const article = (i: number): string =>
  `Berita nomor ${i} tentang pasar\nPedagang di pasar induk nomor ${i} mengatakan harga beras naik karena pasokan berkurang.\nPemerintah daerah ${i} berjanji menggelar operasi pasar pekan depan.\n`;

function writeArticles(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `a${String(i).padStart(4, '0')}.txt`), article(i));
}

function openArchive(t: { after: (fn: () => void) => void }): Archive {
  const archive = Archive.open(join(tempDir(t), 'run.db'));
  t.after(() => archive.close());
  return archive;
}

test('progress reports count up to the totals found by the scan', async (t) => {
  const dir = join(tempDir(t), 'files');
  writeArticles(dir, 300);
  const events: ImportProgress[] = [];
  const summary = await runImport(openArchive(t), [dir], { ...DEFAULT_IMPORT_OPTIONS, batchMs: 10 }, { onProgress: (p) => events.push(p) });
  assert.equal(summary.imported, 300);
  assert.equal(events[0]!.phase, 'scanning');
  const last = events[events.length - 1]!;
  assert.deepEqual([last.phase, last.filesTotal, last.filesDone, last.imported, last.failed], ['importing', 300, 300, 300, 0]);
  for (let i = 1; i < events.length; i++) assert.ok(events[i]!.filesDone >= events[i - 1]!.filesDone);
});

test('cancelling stops the run, keeps what was read and leaves the archive sound', async (t) => {
  const dir = join(tempDir(t), 'files');
  writeArticles(dir, 2000);
  const archive = openArchive(t);
  const controller = new AbortController();
  const summary = await runImport(archive, [dir], { ...DEFAULT_IMPORT_OPTIONS, batchSize: 50 }, {
    signal: controller.signal,
    onProgress: (p) => {
      if (p.imported > 0) controller.abort();
    },
  });
  assert.equal(summary.status, 'cancelled');
  assert.ok(summary.imported > 0 && summary.imported < 2000, `imported ${summary.imported}`);
  assert.equal(archive.stats().articles, summary.imported);
  assert.deepEqual(archive.integrityProblems(), []);
});

test('a zip of many articles arrives in chunks and every article is stored once', async (t) => {
  const dir = tempDir(t);
  const zipPath = join(dir, 'export.zip');
  const zip = new yazl.ZipFile();
  for (let i = 0; i < 700; i++) zip.addBuffer(Buffer.from(article(i)), `berita/${i}.txt`);
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolve).on('error', reject));
  const archive = openArchive(t);
  const summary = await runImport(archive, [zipPath], { ...DEFAULT_IMPORT_OPTIONS, batchSize: 100 });
  assert.deepEqual([summary.files, summary.imported, summary.failed], [1, 700, 0]);
  assert.equal(archive.stats().articles, 700);
});

test('a file that hangs its reader is given up; the files queued behind it are still imported', async (t) => {
  const dir = join(tempDir(t), 'files');
  writeArticles(dir, 20);
  // Deeply nested markup makes Readability's tree walk take minutes: a real hang, not a simulated one.
  const trap = join(dir, 'a0005-nested.html');
  writeFileSync(trap, `<html><body>${'<div>'.repeat(3000)}<p>Isi berita yang terkubur sangat dalam di halaman ini.</p>${'</div>'.repeat(3000)}</body></html>`);
  const summary = await runImport(openArchive(t), [dir], { ...DEFAULT_IMPORT_OPTIONS, workers: 1, limits: { fileTimeoutMs: 1500 } });
  assert.equal(summary.imported, 20);
  assert.deepEqual(summary.errors, [{ path: trap, reason: 'reading took longer than 2 s; skipped' }]);
});
