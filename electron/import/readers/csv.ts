import Papa from 'papaparse';
import { columnDateOrder, findKey, knownField, resolveFields, toArticle } from '../fields.js';
import type { FieldKeys } from '../fields.js';
import { parseDate } from '../dates.js';
import { ReadError } from '../types.js';
import type { ArticleField, Problem, RawArticle, ReadOptions, Reader, TextFile } from '../types.js';

/*
 * CSV exports of news: scraper dumps, spreadsheets saved from Excel (`;` in Indonesian locales),
 * monitoring-tool exports. One row is one article.
 *
 * Header rule. The first row is a header when
 *   - one of its cells is a known field name (judul, Headline, tanggal, …), or
 *   - it contains every column the user's --map names, or
 *   - it looks like labels rather than data: every cell is short (≤ 40 characters) and neither a
 *     date, a number nor a URL, while some column holds long text (≥ 80 characters on average) below it.
 * Otherwise every row is data and columns are addressed by number (`--map title=1,body=2`, 1-based).
 *
 * Column rule. Columns the header names, and those the user maps, are used as they are. When the
 * header names none of them (or there is no header), the remaining fields are guessed from content:
 * a column of URLs is the url, a column of dates the date, the text column with the longest values
 * the body and the next longest, if it is short (≤ 300 characters on average), the title.
 */

interface Row {
  /** Row number as a spreadsheet shows it: the first record is row 1; a quoted multi-line cell adds no rows. */
  number: number;
  cells: string[];
}

const LABEL_MAX = 40;
const LONG_TEXT = 80;
const TITLE_MAX = 300;
const URL = /^https?:\/\/\S+$/i;
const NUMBER = /^[-+]?[\d.,\s]+$/;

interface Parsed {
  rows: Row[];
  /** Rows lost to broken quoting, one problem each. */
  problems: Problem[];
}

interface QuoteError {
  /** Index of the damaged row among the rows of the pass. */
  row: number;
  /** Offset in the pass's text just after the quote that opened the damaged field. */
  index: number;
  message: string;
}

function firstQuoteError(errors: Papa.ParseError[]): QuoteError | undefined {
  let first: QuoteError | undefined;
  for (const { type, row, index, message } of errors) {
    if (type === 'Quotes' && row !== undefined && index !== undefined && (!first || row < first.row)) first = { row, index, message };
  }
  return first;
}

/**
 * Rows of the file. A broken quote (an unterminated quoted field, or text after a closing quote)
 * makes papaparse read on into the following rows, so the rows it read before the damage are kept,
 * the damaged row is reported, and reading starts over on the line after the broken quote.
 */
function parseRows(file: TextFile): Parsed {
  const text = file.text.replace(/^\uFEFF/, '');
  const rows: Row[] = [];
  const problems: Problem[] = [];
  let format: Pick<Papa.ParseConfig, 'delimiter' | 'newline'> = {};
  // Offset in the text and spreadsheet row number where the current pass starts.
  let offset = 0;
  let number = 1;
  while (offset < text.length) {
    const parsed = Papa.parse<string[]>(text.slice(offset), { delimitersToGuess: [',', ';', '\t', '|'], skipEmptyLines: false, ...format });
    // The first pass settles the delimiter; a restart in the middle of the file must not guess again.
    format = { delimiter: parsed.meta.delimiter, newline: parsed.meta.linebreak as Papa.ParseConfig['newline'] };
    const broken = firstQuoteError(parsed.errors);
    const good = broken ? parsed.data.slice(0, broken.row) : parsed.data;
    good.forEach((cells, i) => rows.push({ number: number + i, cells }));
    if (!broken) break;
    const at = offset + broken.index;
    const row = number + broken.row;
    const line = text.slice(0, at).split(parsed.meta.linebreak).length;
    problems.push({ path: `${file.path}#${row}`, reason: `malformed CSV at row ${row} (line ${line}): ${broken.message}` });
    const lineEnd = text.indexOf(parsed.meta.linebreak, at);
    if (lineEnd < 0) break;
    offset = lineEnd + parsed.meta.linebreak.length;
    number = row + 1;
  }
  return { rows: rows.filter((row) => row.cells.some((c) => c.trim() !== '')), problems };
}

const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

function columnValues(rows: Row[], index: number): string[] {
  return rows.map((r) => (r.cells[index] ?? '').trim()).filter((v) => v !== '');
}

function looksLikeLabels(first: string[], rest: Row[]): boolean {
  const labels = first.every((c) => {
    const v = c.trim();
    return v !== '' && v.length <= LABEL_MAX && !NUMBER.test(v) && !URL.test(v) && parseDate(v) === null;
  });
  return labels && first.some((_, i) => mean(columnValues(rest, i).map((v) => v.length)) >= LONG_TEXT);
}

function isHeader(first: string[], rest: Row[], map: ReadOptions['map']): boolean {
  if (first.some((c) => knownField(c) !== undefined)) return true;
  const names = Object.values(map ?? {}).filter((v) => !/^\d+$/.test(v));
  const cells = first.map((c) => c.trim());
  if (names.length > 0 && names.every((n) => findKey(cells, n) !== undefined)) return true;
  return looksLikeLabels(first, rest);
}

/** `--map title=2` means the second column, whatever the header calls it. */
function mapByPosition(map: ReadOptions['map'], keys: string[]): ReadOptions['map'] {
  if (!map) return map;
  const out: ReadOptions['map'] = {};
  for (const [field, value] of Object.entries(map) as [ArticleField, string][]) {
    if (!/^\d+$/.test(value)) {
      out[field] = value;
      continue;
    }
    const key = keys[Number(value) - 1];
    if (key === undefined) throw new ReadError(`--map ${field}=${value}: the file has ${keys.length} columns`);
    out[field] = key;
  }
  return out;
}

/** Fills the fields still unassigned from what the columns hold (see the column rule above). */
function guessFields(fields: FieldKeys, keys: string[], rows: Row[]): FieldKeys {
  const used = new Set(Object.values(fields));
  const free = keys.map((key, index) => ({ key, values: columnValues(rows, index) })).filter((c) => !used.has(c.key) && c.values.length > 0);
  const share = (values: string[], test: (v: string) => boolean): number => values.filter(test).length / values.length;
  const out = { ...fields };
  const take = (field: ArticleField, col: { key: string } | undefined): void => {
    if (out[field] !== undefined || !col) return;
    out[field] = col.key;
    used.add(col.key);
  };
  take('url', free.find((c) => share(c.values, (v) => URL.test(v)) >= 0.8));
  take('date', free.find((c) => !used.has(c.key) && share(c.values, (v) => parseDate(v) !== null) >= 0.8));
  const text = free
    .filter((c) => !used.has(c.key) && share(c.values, (v) => NUMBER.test(v)) < 0.5)
    .map((c) => ({ key: c.key, length: mean(c.values.map((v) => v.length)) }))
    .sort((a, b) => b.length - a.length);
  take('body', text[0]);
  take('title', text.find((c) => !used.has(c.key) && c.length <= TITLE_MAX));
  return out;
}

/** Column count of a row; a trailing delimiter adds an empty cell, which is not a different shape. */
function widthOf(row: Row, width: number): number {
  let n = row.cells.length;
  while (n > width && (row.cells[n - 1] ?? '').trim() === '') n--;
  return n;
}

/**
 * A few rows with the wrong column count are damaged rows, reported one by one; when most rows
 * have it, the delimiter or quoting is wrong and nothing read from the file could be trusted.
 */
function checkWidths(rows: Row[], width: number): void {
  const bad = rows.filter((r) => widthOf(r, width) !== width);
  const first = bad[0];
  if (first && bad.length > 1 && bad.length * 2 > rows.length) {
    throw new ReadError(`malformed CSV at row ${first.number}: ${bad.length} of ${rows.length} rows do not have ${width} columns (this one has ${widthOf(first, width)})`);
  }
}

/** The most common column count, for files without a header to set it. */
function usualWidth(rows: Row[]): number {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
}

export const readCsv: Reader = (file, options) => {
  const { rows: all, problems } = parseRows(file);
  const [first, ...rest] = all;
  if (!first) throw new ReadError(problems[0]?.reason ?? 'empty CSV');

  const header = isHeader(first.cells, rest, options.map) ? first.cells.map((c) => c.trim()) : null;
  const data = header ? rest : all;
  const width = header ? header.length : usualWidth(data);
  const keys = header ?? Array.from({ length: width }, (_, i) => String(i + 1));
  const map = mapByPosition(options.map, keys);
  if (!header && Object.values(map ?? {}).some((v) => !keys.includes(v))) {
    throw new ReadError('--map names columns but the file has no header row; give column numbers instead, e.g. --map title=1,body=2');
  }

  checkWidths(data, width);
  const rows = data.filter((r) => widthOf(r, width) === width);
  const named = resolveFields(keys, map);
  // Columns the header names are taken as named; the rest are still guessed, so one unfamiliar
  // header (isi_artikel) does not leave the file without a body.
  const fields = guessFields(named, keys, rows);

  const cell = (row: Row, field: ArticleField): string | undefined => {
    const key = fields[field];
    return key === undefined ? undefined : row.cells[keys.indexOf(key)];
  };
  const dateKey = fields.date;
  const order = dateKey === undefined ? undefined : columnDateOrder(rows.map((r) => cell(r, 'date') ?? ''), options, dateKey);

  const articles: RawArticle[] = [];
  for (const row of data) {
    const origin = `${file.path}#${row.number}`;
    if (widthOf(row, width) !== width) {
      problems.push({ path: origin, reason: `row has ${widthOf(row, width)} columns, expected ${width}` });
      continue;
    }
    const values = { title: cell(row, 'title'), body: cell(row, 'body'), date: cell(row, 'date'), url: cell(row, 'url'), source: cell(row, 'source'), author: cell(row, 'author') };
    if (!values.body?.trim()) {
      problems.push({ path: origin, reason: 'row has no body text' });
      continue;
    }
    articles.push(toArticle(values, origin, order, problems));
  }
  return { articles, problems };
};
