import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openArchive } from './dup-helpers.js';
import { fixture, tempDir } from './helpers.js';
import { noChromium, openUi } from './ui-helpers.js';

/*
 * The Import view's Watched folders panel in browser mode, over a real folder: one added by its
 * typed path from the keyboard, a file dropped into it imported and counted, a folder gone shown
 * with its error, and one removed. The saved folders are watched as `pantau serve` watches them,
 * every 100 ms here; the panel reads its list again every 10 s, so each expectation waits until
 * the page shows it (bounded by Playwright's timeout), never for a fixed time.
 */

const SHOWN_WITHIN = { timeout: 30_000 };

test('watched folders panel: add a folder by its path, a file dropped into it is imported and counted, a folder gone shows its error, remove one', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  const root = tempDir(t);
  const folder = join(root, 'kliping');
  const gone = join(root, 'sementara');
  mkdirSync(folder);
  mkdirSync(gone);
  wb.foldersAdd({ path: gone });
  rmSync(gone, { recursive: true });
  const failures: unknown[] = [];
  const watching = wb.watchFolders({ intervalMs: 100, settleMs: 50, onError: (err) => failures.push(err) });
  t.after(() => watching.stop());

  const { page, shot, assertClean } = await openUi(t, wb);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Watched folders' });
  const list = panel.getByRole('list', { name: 'Folders watched' });
  await list.getByRole('listitem', { name: gone }).filter({ hasText: 'Problem at the last check: the folder is gone (no such file or directory)' }).waitFor(SHOWN_WITHIN);
  assert.match((await list.getByRole('listitem', { name: gone }).textContent()) ?? '', /0 files\s*0 new articles\s*checked .*\s*nothing imported yet/);

  // A path that is not there is refused with the service's reason; the real one is added from the keyboard.
  const path = panel.getByRole('textbox', { name: 'Folder path' });
  await path.fill(join(root, 'hilang'));
  await path.press('Enter');
  await panel.getByRole('alert').filter({ hasText: `cannot watch ${join(root, 'hilang')}: no such file or directory` }).waitFor();
  await path.fill(folder);
  await path.press('Enter');
  const row = list.getByRole('listitem', { name: folder });
  await row.waitFor();
  assert.equal(await path.inputValue(), '', 'the field is cleared');
  assert.equal(await panel.getByRole('alert').count(), 0, 'the earlier problem is gone');

  copyFileSync(fixture('text', 'banjir-jakarta.txt'), join(folder, 'banjir-jakarta.txt'));
  await row.filter({ hasText: /1 file\s*1 new article\s*checked .*last import / }).waitFor(SHOWN_WITHIN);
  assert.equal(wb.stats().articles, 1);
  assert.equal(wb.search({ query: 'banjir', sort: 'newest' }).total, 1);
  await shot('import-folders');

  const remove = panel.getByRole('button', { name: `Stop watching ${gone}` });
  await remove.focus();
  await page.keyboard.press('Enter');
  await list.getByRole('listitem', { name: gone }).waitFor({ state: 'detached' });
  // The button pressed is gone with its row: the keyboard is taken to the folder path, not dropped on the page.
  await page.waitForFunction(() => document.activeElement?.classList.contains('folder-path') === true, undefined, SHOWN_WITHIN);
  assert.deepEqual(wb.foldersList().map((f) => f.path), [folder]);
  await watching.stop();
  assert.deepEqual(failures, [], 'the archive never failed the watching');
  assertClean();
});
