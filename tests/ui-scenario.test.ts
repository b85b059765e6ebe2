import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import Papa from 'papaparse';
import { openArchive } from './dup-helpers.js';
import { fixture } from './helpers.js';
import { noChromium, openUi } from './ui-helpers.js';

/*
 * The whole path, as one user walks it on a new archive: import fixture files through the
 * import view, search with the query language, open an article, confirm a suggested country and
 * person, filter by them through the facets, open a duplicate cluster, export the matches to CSV
 * and read the downloaded file's cells. The service itself is the oracle for what each step shows.
 */

const FILES = [fixture('duplicates', 'lawatan-asli.txt'), fixture('duplicates', 'lawatan-salinan.txt'), fixture('duplicates', 'lawatan-kutipan.txt'), fixture('tagging', 'berlin-talks.txt')];

test('the workbench from an empty archive to a CSV report', { skip: noChromium, timeout: 180_000 }, async (t) => {
  const { wb } = await openArchive(t);
  const { page, shot, assertClean } = await openUi(t, wb);

  // An empty archive teaches what to do first.
  await page.getByRole('heading', { name: 'Your archive is empty' }).waitFor();
  await page.getByRole('button', { name: 'Import files…' }).click();
  const importView = page.getByRole('region', { name: 'Import' });
  const chooser = page.waitForEvent('filechooser');
  await importView.getByRole('button', { name: 'Choose files…' }).click();
  await (await chooser).setFiles(FILES);
  await importView.getByRole('button', { name: 'Import 4 files' }).click();
  const report = page.getByRole('region', { name: 'Import report' });
  await report.getByRole('heading', { name: 'Import finished' }).waitFor();
  assert.equal(wb.stats().articles, 4);
  await shot('scenario-imported');

  // Search with the query language.
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const query = page.getByRole('searchbox', { name: 'Query' });
  const count = page.locator('.search .count');
  const results = page.getByRole('listbox', { name: 'Results' }).getByRole('option');
  await query.fill('Moskow OR Kremlin -Berlin');
  const expected = wb.search({ query: 'Moskow OR Kremlin -Berlin', limit: 50 });
  assert.ok(expected.total >= 2, 'the fixtures match');
  await count.getByText(`${expected.total} matches`).waitFor();
  assert.equal(await results.count(), expected.total);

  // Open the best match, confirm a country and a person.
  await results.first().click();
  const article = page.getByRole('article', { name: 'Article' });
  await article.getByRole('heading', { level: 1, name: expected.results[0]!.title }).waitFor();
  const panel = page.getByRole('complementary', { name: 'Countries, people and tags' });
  await panel.getByRole('button', { name: 'Confirm Russia' }).click();
  await panel.getByRole('listitem', { name: /^Russia, confirmed/ }).waitFor();
  await panel.getByRole('button', { name: 'Confirm Vladimir Putin' }).click();
  await panel.getByRole('listitem', { name: /^Vladimir Putin, confirmed/ }).waitFor();
  const tags = wb.tags({ id: expected.results[0]!.id });
  assert.equal(tags.countries.find((c) => c.name === 'Russia')?.status, 'confirmed');
  assert.equal(tags.persons.find((p) => p.name === 'Vladimir Putin')?.status, 'confirmed');
  await shot('scenario-confirmed');
  await page.keyboard.press('Escape');

  // Filter by them through the facets.
  const side = page.getByRole('complementary', { name: 'Saved searches and filters' });
  await side.locator('.facets:not(.stale)').waitFor();
  await side.getByRole('region', { name: 'Countries' }).getByRole('button', { name: /^Russia/ }).click();
  await side.locator('.facets:not(.stale)').waitFor();
  await side.getByRole('region', { name: 'People' }).getByRole('button', { name: /^Vladimir Putin/ }).click();
  // The filters hold for the whole query, not for its last alternative only.
  const filtered = '(Moskow OR Kremlin -Berlin) country:RU person:"Vladimir Putin"';
  assert.equal(await query.inputValue(), filtered);
  const narrowed = wb.search({ query: filtered, limit: 50 });
  assert.ok(narrowed.total >= 1);
  await count.getByText(`${narrowed.total} ${narrowed.total === 1 ? 'match' : 'matches'}`, { exact: true }).waitFor();
  await shot('scenario-filtered');

  // Open a duplicate cluster.
  await page.getByRole('button', { name: 'Duplicates', exact: true }).click();
  const clusters = page.getByRole('listbox', { name: 'Clusters' }).getByRole('option');
  const largest = wb.dups({}).clusters[0]!;
  await clusters.first().waitFor();
  await clusters.first().click();
  const detail = page.getByRole('region', { name: 'Cluster' });
  await detail.getByRole('heading', { name: `${largest.size} paragraphs in ${largest.outlets} outlets` }).waitFor();
  assert.equal(await detail.getByRole('listbox', { name: 'Members in time order' }).getByRole('option').count(), largest.size);
  await shot('scenario-cluster');

  // Export the filtered matches to CSV and read the cells.
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const exportView = page.getByRole('region', { name: 'Export' });
  assert.equal(await exportView.getByRole('searchbox', { name: 'Query' }).inputValue(), filtered, 'the search carries over');
  const downloading = page.waitForEvent('download');
  await exportView.getByRole('button', { name: 'Export and download' }).click();
  const download = await downloading;
  const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const { data } = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  assert.deepEqual(
    data.map((row) => Number(row.id)).sort((a, b) => a - b),
    narrowed.results.map((r) => r.id).sort((a, b) => a - b),
    'the rows are the filtered matches',
  );
  for (const row of data) {
    assert.match(row.countries ?? '', /Russia/);
    assert.match(row.persons ?? '', /Vladimir Putin/);
    assert.equal(row.title, narrowed.results.find((r) => r.id === Number(row.id))!.title);
  }
  await shot('scenario-exported');
  assertClean();
});
