import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openArchive } from './dup-helpers.js';
import { fixture, tempDir } from './helpers.js';
import { holdJob, noChromium, openUi } from './ui-helpers.js';

/* The import view in browser mode: files uploaded, a CSV mapped by hand, the report; and the first-run screen's sample articles. */

test('import view: an Indonesian and an English article, a broken file and a CSV mapped by hand; the report; search finds them', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  const { page, server, shot, assertClean } = await openUi(t, wb);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const view = page.getByRole('region', { name: 'Import' });

  const chooser = page.waitForEvent('filechooser');
  await view.getByRole('button', { name: 'Choose files…' }).click();
  await (await chooser).setFiles([
    fixture('text', 'banjir-jakarta.txt'),
    fixture('text', 'harbour-reopens.txt'),
    fixture('ui-import', 'rusak.json'),
    fixture('ui-import', 'ringkasan-berita.csv'),
  ]);
  await view.getByText('4 files to import').waitFor();
  assert.deepEqual(await view.getByRole('list', { name: 'Files to import' }).getByRole('listitem').locator('.name').allTextContents(), [
    'banjir-jakarta.txt',
    'harbour-reopens.txt',
    'rusak.json',
    'ringkasan-berita.csv',
  ]);

  // The CSV's first rows, read in the page; left to itself the importer would take the summary for the title.
  const mapping = view.getByRole('region', { name: 'Columns of ringkasan-berita.csv' });
  await mapping.getByRole('cell', { name: 'Tangkapan nelayan Indramayu turun' }).waitFor();
  assert.equal(await mapping.getByRole('checkbox', { name: 'The first row names the columns' }).isChecked(), true);
  await mapping.getByRole('combobox', { name: 'What Column 2: kepala holds' }).selectOption({ label: 'Title' });
  await mapping.getByRole('combobox', { name: 'What Column 3: naskah holds' }).selectOption({ label: 'Text' });
  await mapping.getByRole('combobox', { name: 'What Column 4: hari holds' }).selectOption({ label: 'Date' });
  // A field goes to one column: giving Title to another column takes it from the first.
  await mapping.getByRole('combobox', { name: 'What Column 1: ringkasan holds' }).selectOption({ label: 'Title' });
  assert.equal(await mapping.getByRole('combobox', { name: 'What Column 2: kepala holds' }).inputValue(), '');
  await mapping.getByRole('combobox', { name: 'What Column 1: ringkasan holds' }).selectOption({ label: 'Automatic' });
  await mapping.getByRole('combobox', { name: 'What Column 2: kepala holds' }).selectOption({ label: 'Title' });
  await view.getByRole('textbox', { name: 'Outlet' }).fill('Kliping Kantor');
  await shot('import-mapping');

  await view.getByRole('button', { name: 'Import 4 files' }).click();
  const report = page.getByRole('region', { name: 'Import report' });
  await report.getByRole('heading', { name: 'Import finished' }).waitFor();
  const count = async (label: string): Promise<string> => (await report.locator('.counts > div').filter({ has: page.getByText(label, { exact: true }) }).locator('dd').textContent()) ?? '';
  assert.deepEqual([await count('Files'), await count('Articles imported'), await count('Already in the archive'), await count('Failed')], ['4', '4', '0', '1']);
  const failed = report.getByRole('table', { name: '1 could not be imported' }).getByRole('row');
  assert.equal(await failed.count(), 1);
  assert.equal(await failed.locator('td').first().textContent(), 'rusak.json', 'named as the user chose it, not by its place on the server');
  assert.match((await failed.locator('td').nth(1).textContent()) ?? '', /^malformed JSON at line 1/);
  assert.match((await report.locator('.outlets').textContent()) ?? '', /Kliping Kantor\s*4 articles/);
  await shot('import-report');
  assert.deepEqual(readdirSync(server.staging, { recursive: true }).filter((f) => String(f).includes('.')), [], 'the uploads are gone once imported');

  // The archive has them, the CSV's title and date from the columns chosen.
  const csv = wb.search({ query: 'Surabaya', sort: 'newest' }).results;
  assert.deepEqual(
    csv.map((r) => [r.title, r.publishedAt, r.source]),
    [['Surabaya tambah bus listrik', '2024-02-07', 'Kliping Kantor']],
  );

  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const query = page.getByRole('searchbox', { name: 'Query' });
  await query.fill('nelayan Indramayu');
  await page.getByText('1 match', { exact: true }).waitFor();
  await page.getByRole('listbox', { name: 'Results' }).getByText('Tangkapan nelayan Indramayu turun').waitFor();
  await query.fill('harbour');
  await page.getByText('1 match', { exact: true }).waitFor();
  await query.fill('banjir');
  await page.getByRole('listbox', { name: 'Results' }).getByRole('option').first().waitFor();
  assert.equal(wb.stats().articles, 4);
  assertClean();
});

test('first run: an empty archive offers the sample articles, and one click loads them', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  const { page, shot, assertClean } = await openUi(t, wb);
  const firstRun = page.getByRole('region', { name: 'Your archive is empty' });
  await firstRun.getByRole('heading', { name: 'Your archive is empty' }).waitFor();
  await shot('first-run');
  await firstRun.getByRole('button', { name: 'Load the sample articles' }).click();
  await page.getByText('13 articles', { exact: true }).waitFor();
  await firstRun.waitFor({ state: 'detached' });
  const stats = wb.stats();
  assert.equal(stats.articles, 13);
  assert.deepEqual(stats.languages, { en: 6, id: 7 });
  assert.ok(wb.dups({}).total >= 2, 'the samples share paragraphs between outlets');
  await page.getByRole('searchbox', { name: 'Query' }).fill('Patimban');
  await page.getByText('2 matches', { exact: true }).waitFor();
  assertClean();
});

test('import view: a folder keeps its paths, and a file dropped on the window lands in the import view', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  const { page, assertClean } = await openUi(t, wb);
  await page.getByRole('region', { name: 'Your archive is empty' }).waitFor();

  // Dropped on the first-run screen: the window hands the file to the import view.
  const dropped = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    const text = 'Jalan tol Cisumdawu dibuka\n\nJalan tol Cileunyi–Sumedang–Dawuan dibuka penuh untuk kendaraan pribadi mulai Senin, kata pengelola jalan tol.';
    transfer.items.add(new File([text], 'catatan.txt', { type: 'text/plain' }));
    return transfer;
  });
  await page.locator('.app').dispatchEvent('drop', { dataTransfer: dropped });
  const view = page.getByRole('region', { name: 'Import' });
  const names = view.getByRole('list', { name: 'Files to import' }).locator('.name');
  await view.getByText('1 file to import').waitFor();

  const chooser = page.waitForEvent('filechooser');
  await view.getByRole('button', { name: 'Choose a folder…' }).click();
  await (await chooser).setFiles(fixture('duplicates'));
  await view.getByText('4 files to import').waitFor();
  assert.deepEqual((await names.allTextContents()).sort(), ['catatan.txt', 'duplicates/lawatan-asli.txt', 'duplicates/lawatan-kutipan.txt', 'duplicates/lawatan-salinan.txt']);
  await view.getByRole('button', { name: 'Remove duplicates/lawatan-kutipan.txt' }).click();
  await view.getByText('3 files to import').waitFor();

  await view.getByRole('button', { name: 'Import 3 files' }).click();
  const report = page.getByRole('region', { name: 'Import report' });
  await report.getByRole('heading', { name: 'Import finished' }).waitFor();
  assert.match((await report.locator('.outlets').textContent()) ?? '', /beritanusa\.co\.id\s*1 article/);
  assert.deepEqual(
    wb.search({ query: '', sort: 'oldest' }).results.map((r) => r.title).sort(),
    ['Jalan tol Cisumdawu dibuka', 'Putin Sambut Xi, Rusia dan China Teken Belasan Dokumen', 'Xi Tiba di Moskow untuk Lawatan Tiga Hari'],
    'the file removed from the list is not imported',
  );
  assertClean();
});

test('import view: while the duplicate finder runs, the bar counts articles, not files', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const held = holdJob(t);
  const { wb } = await openArchive(t);
  // Two files, five articles: the files' count and the finder's differ.
  const dir = join(tempDir(t), 'kiriman');
  mkdirSync(dir);
  const items = [
    ['Harga beras naik di Cianjur', 'Harga beras medium di pasar Cianjur naik dua ribu rupiah per kilogram sejak awal pekan, kata pedagang.'],
    ['Kereta cepat tambah jadwal', 'Operator kereta cepat menambah empat perjalanan pada akhir pekan untuk melayani lonjakan penumpang liburan.'],
    ['Nelayan Pangandaran libur melaut', 'Gelombang tinggi membuat ratusan nelayan Pangandaran tidak melaut selama tiga hari terakhir.'],
    ['Sekolah di Garut rusak', 'Dinas pendidikan mendata dua belas gedung sekolah dasar di Garut yang rusak setelah hujan deras.'],
  ];
  writeFileSync(join(dir, 'berita.jsonl'), items.map(([judul, isi]) => JSON.stringify({ judul, isi })).join('\n'));
  writeFileSync(join(dir, 'catatan.txt'), 'Pasar murah dibuka di Bandung\n\nPemerintah kota membuka pasar murah di dua belas kecamatan menjelang akhir tahun, kata wali kota.');

  // The finder goes an article a chunk and waits after the first until the test has seen the bar.
  const start = wb.import.bind(wb);
  wb.import = (request, hooks = {}) => held.track(start(request, { ...hooks, duplicates: { chunkSize: 1, afterChunk: held.wait } }));

  const { page, assertClean } = await openUi(t, wb);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const view = page.getByRole('region', { name: 'Import' });
  const chooser = page.waitForEvent('filechooser');
  await view.getByRole('button', { name: 'Choose files…' }).click();
  await (await chooser).setFiles([join(dir, 'berita.jsonl'), join(dir, 'catatan.txt')]);
  await view.getByRole('button', { name: 'Import 2 files' }).click();
  await held.reached;
  const finding = view.getByRole('group', { name: 'Finding copied paragraphs' });
  await finding.getByText('1 of 5').waitFor();
  const bar = finding.getByRole('progressbar');
  assert.deepEqual([await bar.getAttribute('aria-valuenow'), await bar.getAttribute('aria-valuemax')], ['1', '5']);

  held.release();
  const report = page.getByRole('region', { name: 'Import report' });
  await report.getByRole('heading', { name: 'Import finished' }).waitFor();
  assert.equal(wb.stats().articles, 5);
  assert.equal(wb.dupsPending(), 0, 'the finder went through every new article');
  assertClean();
});
