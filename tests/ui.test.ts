import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importFiles, openArchive } from './dup-helpers.js';
import { fixture } from './helpers.js';
import { noChromium, openUi } from './ui-helpers.js';

test('search as you type, a query error pointed at, an article opened and closed with the keyboard', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('export', 'artikel.jsonl'), fixture('duplicates')]);
  const { page, shot, assertClean } = await openUi(t, wb, { width: 1200, height: 800 });
  const query = page.getByRole('searchbox', { name: 'Query' });
  await query.fill('Jakarta');
  await page.getByRole('status').filter({ hasText: /matches/ }).getByText('4 matches').waitFor();
  const results = page.getByRole('listbox', { name: 'Results' }).getByRole('option');
  assert.equal(await results.count(), 4);
  assert.match((await results.first().locator('.snippet').innerHTML()) ?? '', /<mark>Jakarta<\/mark>/);
  await shot('search');

  await query.fill('Jakarta AND (');
  await page.getByText(/expected|missing|unclosed|closing/i).first().waitFor();
  assert.equal(await query.getAttribute('aria-invalid'), 'true');
  await shot('query-error');

  await query.fill('Albanese');
  await page.getByText('2 matches').waitFor();
  await query.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor();
  const title = await heading.textContent();
  assert.ok(title === 'Presiden Jokowi bertemu PM Albanese di Jakarta; bahas "kerja sama" energi' || title?.startsWith('Albanese says'), String(title));
  await shot('reader');
  await page.keyboard.press('Escape');
  await page.getByText('2 matches').waitFor();
  assert.equal(await query.inputValue(), 'Albanese', 'the query is kept while reading');

  assertClean();
});
