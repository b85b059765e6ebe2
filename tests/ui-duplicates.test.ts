import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importUnseen, PER_FILE, writeCorpus } from './dup-corpus.js';
import { bandTables, importFiles, openArchive } from './dup-helpers.js';
import { fixture } from './helpers.js';
import { holdJob, noChromium, openUi } from './ui-helpers.js';

/*
 * The duplicates view on the three reports of Xi's visit (tests/fixtures/duplicates): one paragraph
 * in all three outlets (the Kremlin quote, one copy reworded: 93% similar), two more shared by two.
 */

const ASLI = 'Xi Tiba di Moskow untuk Lawatan Tiga Hari';
const SALINAN = 'Putin Sambut Xi, Rusia dan China Teken Belasan Dokumen';
const KUTIPAN = 'Xi Pulang ke Beijing Usai Lawatan ke Rusia';

test('clusters by size, a cluster with its origin, members and spread, a new threshold, a member opened', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('duplicates')]);
  const { page, shot, assertClean } = await openUi(t, wb);

  await page.getByRole('button', { name: 'Duplicates' }).click();
  const clusters = page.getByRole('listbox', { name: 'Clusters' }).getByRole('option');
  await page.getByRole('status').getByText('3 clusters · similarity at least 0.8').waitFor();
  assert.equal(await clusters.count(), 3);
  const sizes = await clusters.locator('.size').allTextContents();
  assert.deepEqual(sizes, ['3 paragraphs', '2 paragraphs', '2 paragraphs'], 'largest first');
  assert.match((await clusters.first().textContent()) ?? '', /Negosiasi itu merupakan bagian dari lawatan tiga hari.*3 outlets.*first beritanusa\.co\.id, 20 Mar 2023.*last 22 Mar 2023/);
  await shot('duplicates-list');

  // The list has the focus when the view opens: the keys choose a cluster.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const detail = page.getByRole('region', { name: 'Cluster' });
  await detail.getByRole('heading', { name: '3 paragraphs in 3 outlets' }).waitFor();
  assert.match((await detail.locator('.origin').textContent()) ?? '', new RegExp(`probable origin${ASLI} · beritanusa\\.co\\.id · 20 Mar 2023`));
  const members = detail.getByRole('listbox', { name: 'Members in time order' }).getByRole('option');
  assert.deepEqual(await members.locator('.member-title').allTextContents(), [`${ASLI}probable origin`, SALINAN, KUTIPAN], 'in time order, the origin marked');
  assert.deepEqual(await members.locator('.similarity').allTextContents(), ['100% similar', '93% similar', '100% similar']);
  const chart = detail.getByRole('img', { name: 'Paragraphs per day over 3 days, 20 Mar 2023 to 22 Mar 2023' });
  assert.equal(await chart.locator('canvas').count(), 1, 'the spread chart is drawn');
  assert.ok(((await chart.locator('canvas').boundingBox())?.width ?? 0) > 200);
  await shot('duplicates-cluster');

  await page.getByRole('region', { name: 'Duplicates' }).getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('region', { name: 'Settings' });
  const threshold = settings.getByRole('textbox', { name: 'Similarity threshold' });
  assert.equal(await threshold.inputValue(), '0.8', 'the current threshold');
  await threshold.fill('1.5');
  await settings.getByText('Give a number from 0.5 to 1.').waitFor();
  assert.ok(await settings.getByRole('button', { name: 'Apply' }).isDisabled());
  // 0.95 leaves out the reworded copy (93%) and the paragraph with a changed figure.
  await threshold.fill('0.95');
  await settings.getByRole('button', { name: 'Apply' }).click();
  await settings.getByRole('status').getByText('Done: 2 clusters at similarity 0.95.').waitFor();
  assert.equal(await settings.getByRole('progressbar').count(), 0, 'the progress bar is gone once done');
  await page.getByRole('status').getByText('2 clusters · similarity at least 0.95').waitFor();
  assert.equal(await clusters.count(), 2);
  await detail.getByRole('heading', { name: '2 paragraphs in 2 outlets' }).waitFor();
  assert.deepEqual(await members.locator('.member-title').allTextContents(), [`${ASLI}probable origin`, KUTIPAN]);
  assert.equal(wb.dups().threshold, 0.95, 'the archive keeps the new threshold');
  await settings.getByRole('button', { name: 'Show boilerplate' }).click();
  await settings.getByText('No outlet repeats a paragraph often enough to count as boilerplate.').waitFor();
  await shot('duplicates-settings');

  const sort = page.getByRole('combobox', { name: 'Sort' });
  await sort.selectOption({ label: 'Most recent first' });
  await members.filter({ hasText: KUTIPAN }).click();
  await page.getByRole('heading', { level: 1, name: KUTIPAN }).waitFor();
  await page.keyboard.press('Escape');
  await detail.getByRole('heading', { name: '2 paragraphs in 2 outlets' }).waitFor();
  assert.equal(await sort.inputValue(), 'recent', 'the order is kept while reading');
  assert.match((await page.getByRole('listbox', { name: 'Clusters' }).getByRole('option', { selected: true }).textContent()) ?? '', /^Negosiasi itu/, 'still chosen');

  assertClean();
});

test('only the clusters touching the current search', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('duplicates')]);
  const { page, assertClean } = await openUi(t, wb);

  // "Rabu" is only in the report of Xi flying home, which shares one paragraph.
  await page.getByRole('searchbox', { name: 'Query' }).fill('Rabu');
  await page.getByText('1 match').waitFor();
  await page.getByRole('button', { name: 'Duplicates' }).click();
  await page.getByRole('status').getByText('3 clusters · similarity at least 0.8').waitFor();
  await page.getByRole('checkbox', { name: 'Only clusters touching the current search' }).check();
  await page.getByRole('status').getByText('1 cluster · similarity at least 0.8').waitFor();
  const clusters = page.getByRole('listbox', { name: 'Clusters' }).getByRole('option');
  assert.equal(await clusters.count(), 1);
  assert.match((await clusters.first().textContent()) ?? '', /^Negosiasi itu merupakan bagian/);

  assertClean();
});

test('the articles a stopped import left unchecked: the notice, the check with its phases, then none left', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const held = holdJob(t);
  const { wb, db, dir } = await openArchive(t);
  const files = writeCorpus(dir);
  await importFiles(wb, [files[0]!]);
  await importUnseen(wb, files[1]!);
  const recent = bandTables(db).recent.length;
  assert.ok(recent > 20, `${recent} recent keys`);

  // The job merges the recent keys first, a few a transaction, and waits after the first slice
  // until the test has seen the phase in the window.
  const update = wb.dupsUpdate.bind(wb);
  wb.dupsUpdate = (hooks = {}) => held.track(update({ ...hooks, recentRows: 0, mergeRows: Math.ceil(recent / 3), afterMergeSlice: held.wait }));

  const { page, shot, assertClean } = await openUi(t, wb);
  await page.getByRole('button', { name: 'Duplicates' }).click();
  await page.getByText(`${PER_FILE} articles have not been checked for duplicates yet.`).waitFor();
  await page.getByRole('button', { name: 'Check them now' }).click();
  await held.reached;
  const merging = page.getByRole('group', { name: 'Merging the index of copied paragraphs' });
  await merging.waitFor();
  assert.equal(await merging.getByRole('button', { name: 'Cancel' }).count(), 1, 'it can be stopped');
  await shot('duplicates-merging');

  held.release();
  // The notice goes once the archive has no article left to check.
  await page.locator('.pending').waitFor({ state: 'detached' });
  assert.equal(wb.dupsPending(), 0);
  assert.ok(bandTables(db).main.length >= recent, 'the recent keys merged');
  assertClean();
});
