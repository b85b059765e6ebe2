import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { pantau, pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';

/* `pantau export` as a user runs it: the real command on a real archive file. */

async function archive(t: { after: (fn: () => void) => void }): Promise<{ dir: string; db: string }> {
  const dir = tempDir(t);
  const db = join(dir, 'a.db');
  const r = await pantau(['--db', db, 'import', fixture('export', 'artikel.jsonl')]);
  assert.equal(r.code, 0, r.stderr);
  return { dir, db };
}

test('pantau export: a JSON summary, the format from the name or --format, the presets', async (t) => {
  const { dir, db } = await archive(t);
  const csv = join(dir, 'hasil.csv');
  const a = await pantauJson(['--db', db, 'export', 'articles', '--query', 'Albanese', '--columns', 'id,title,persons', '--sort', 'newest', '--out', csv]);
  assert.equal(a.code, 0, a.stderr);
  assert.deepEqual(a.json, { status: 'done', rows: 2, out: csv, format: 'csv', notes: [] });
  const text = readFileSync(csv, 'utf8');
  assert.ok(text.startsWith('\ufeffid,title,persons\r\n4,'));

  const semi = join(dir, 'semi.csv');
  const s = await pantauJson(['--db', db, 'export', 'entity-counts', '--period', 'month', '--preset', 'excel-semicolon', '--out', semi]);
  assert.equal(s.code, 0, s.stderr);
  assert.match(readFileSync(semi, 'utf8'), /^\ufeffcountry;code;total;2024-03\r\n/);

  const plain = join(dir, 'plain.csv');
  await pantauJson(['--db', db, 'export', 'entities', '--entity', 'tag', '--no-bom', '--out', plain]);
  assert.equal(readFileSync(plain, 'utf8'), 'kind,name,code,aliases,articles,confirmed,country,office,muted,origin\r\n');

  const book = join(dir, 'laporan.dat');
  const x = await pantauJson(['--db', db, 'export', 'duplicates', '--format', 'xlsx', '--out', book]);
  assert.equal(x.code, 0, x.stderr);
  assert.equal((x.json as { format: string }).format, 'xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(book);
  assert.equal(wb.worksheets[0]!.getRow(1).getCell(1).value, 'cluster');

  const human = await pantau(['--db', db, 'export', 'articles', '--out', join(dir, 'semua.xlsx')]);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^Wrote 5 rows to .*semua\.xlsx\n$/);
});

test('pantau export: clear errors for a bad column, a missing folder and a broken query', async (t) => {
  const { dir, db } = await archive(t);
  const column = await pantau(['--db', db, 'export', 'articles', '--columns', 'id,judul', '--out', join(dir, 'x.csv')]);
  assert.equal(column.code, 2);
  assert.match(column.stderr, /unknown column "judul" \(columns: id, published/);
  const folder = await pantauJson(['--db', db, 'export', 'articles', '--out', join(dir, 'tidak-ada', 'x.csv')]);
  assert.equal(folder.code, 2);
  assert.match((folder.json as { error: { message: string } }).error.message, /the folder .*tidak-ada does not exist/);
  const query = await pantauJson(['--db', db, 'export', 'articles', '--query', '"tanpa tutup', '--out', join(dir, 'x.csv')]);
  assert.equal(query.code, 2);
  assert.equal((query.json as { error: { code: string } }).error.code, 'invalid_query');
  const kind = await pantau(['--db', db, 'export', 'laporan', '--out', join(dir, 'x.csv')]);
  assert.equal(kind.code, 2);
  assert.match(kind.stderr, /Allowed choices are articles, entity-counts, duplicates, entities/);
});
