import { type EventEmitter, once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { type Cell, type Column, commit, discard, LIST_SEPARATOR, type Sink, type SinkOptions } from './sink.js';

/*
 * Excel workbooks, written as a stream by exceljs's WorkbookWriter: each row is committed to the
 * zip as it comes, without shared strings (a table every string would stay in memory for), so
 * memory stays flat however many rows. Dates are date cells, integers numbers, and text is always
 * a text cell: a workbook stores formulas apart from values, so `=HYPERLINK(…)` in a title stays
 * text. A sheet holds at most Excel's 1,048,575 data rows; the rows after go on a next sheet.
 */

/** Excel's rows per sheet, less the header. */
const EXCEL_ROWS = 1_048_575;
/** Excel's longest cell. */
const EXCEL_CELL_CHARS = 32_767;
/** Rows read before the column widths are fixed (a streamed sheet's columns precede its rows). */
const WIDTH_SAMPLE = 200;
const MIN_WIDTH = 6;
const MAX_WIDTH: Record<Column['type'], number> = { text: 60, longtext: 80, list: 50, integer: 14, decimal: 12, date: 17 };
/** Characters XML 1.0 cannot carry; a workbook with one is refused by Excel. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/**
 * A date cell for an ISO 8601 date as the article states it: its own day and time of day (Excel
 * has no time zones, so an offset is not applied). Null when the text is not a date.
 */
function excelDate(text: string): { value: Date; withTime: boolean } | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const value = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)));
  return Number.isNaN(value.getTime()) ? null : { value, withTime: h !== undefined };
}

export class XlsxSink implements Sink {
  private readonly book: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly file: WriteStream;
  private sheet: ExcelJS.Worksheet | null = null;
  private sheets = 0;
  private rowsInSheet = 0;
  private readonly rowsPerSheet: number;
  private widths: number[] | null = null;
  private readonly sample: Cell[][] = [];
  private clipped = 0;
  /** The first error of the file or the zip (a full disk, a folder that cannot be written). */
  private failure: Error | null = null;
  /** Rejects with that error, so that nothing waits for a zip that has stopped. */
  private readonly failed: Promise<never>;
  private aborted = false;

  constructor(
    private readonly columns: readonly Column[],
    private readonly temp: string,
    private readonly final: string,
    private readonly options: SinkOptions,
  ) {
    this.rowsPerSheet = options.rowsPerSheet ?? EXCEL_ROWS;
    let reject: (err: Error) => void = () => undefined;
    this.failed = new Promise<never>((_, r) => {
      reject = r;
    });
    this.failed.catch(() => undefined);
    const fail = (err: Error): void => {
      if (this.aborted || this.failure) return;
      this.failure = err;
      reject(err);
    };
    this.file = createWriteStream(temp, { flags: 'wx' });
    this.file.on('error', fail);
    this.book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: this.file, useStyles: true, useSharedStrings: false });
    (this.book as unknown as { zip: EventEmitter }).zip.on('error', fail);
    this.book.creator = 'Pantau';
  }

  async write(rows: readonly Cell[][]): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.widths === null) {
      for (const row of rows) this.sample.push(row);
      if (this.sample.length < WIDTH_SAMPLE) return;
      this.fixWidths();
      rows = this.sample.splice(0);
    }
    for (const row of rows) this.addRow(row);
    await this.drained();
  }

  /**
   * Wait while the zip is behind. exceljs writes a sheet's XML into a stream piped to the zip
   * without heeding backpressure (exceljs issue #2916), so rows written faster than they are
   * compressed would pile up in that pipe until the end; waiting for it to drain keeps memory flat.
   * The pipe is a readable-stream PassThrough, whose state is read through its internals.
   */
  private async drained(): Promise<void> {
    const pipe = this.zipInput();
    if (pipe?._writableState.needDrain) await Promise.race([once(pipe, 'drain'), this.failed]);
    else await nextTurn();
    if (this.failure) throw this.failure;
  }

  /** The stream between the current sheet and the zip, if exceljs still has one where 4.4 does. */
  zipInput(): (Writable & { _writableState: { length: number; needDrain: boolean } }) | null {
    const pipe = (this.sheet as unknown as { _stream?: { pipes?: Writable[] } } | null)?._stream?.pipes?.[0] as
      | (Writable & { _writableState?: { length: number; needDrain: boolean } })
      | undefined;
    return pipe?._writableState ? (pipe as Writable & { _writableState: { length: number; needDrain: boolean } }) : null;
  }

  /** Widths that fit the header and the first rows, within bounds per kind of column. */
  private fixWidths(): void {
    this.widths = this.columns.map((c, i) => {
      let width = c.header.length + 2;
      for (const row of this.sample) width = Math.max(width, this.display(row[i] ?? null, c).length + 1);
      return Math.min(MAX_WIDTH[c.type], Math.max(MIN_WIDTH, width));
    });
  }

  private display(cell: Cell, c: Column): string {
    if (cell === null) return '';
    if (typeof cell === 'number') return String(cell);
    if (typeof cell === 'string') return c.type === 'date' ? (excelDate(cell)?.withTime ? '2000-01-01 00:00' : '2000-01-01') : cell;
    return cell.join(LIST_SEPARATOR);
  }

  private startSheet(): ExcelJS.Worksheet {
    this.sheet?.commit();
    this.sheets += 1;
    const name = this.sheets === 1 ? this.options.sheet : `${this.options.sheet} (${this.sheets})`;
    const sheet = this.book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = this.columns.map((c, i) => ({ header: c.header, width: this.widths![i] }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    this.rowsInSheet = 0;
    return sheet;
  }

  private addRow(row: readonly Cell[]): void {
    if (this.sheet === null || this.rowsInSheet >= this.rowsPerSheet) this.sheet = this.startSheet();
    const r = this.sheet.addRow(row.map((cell, i) => this.value(cell, this.columns[i]!)));
    row.forEach((cell, i) => {
      if (this.columns[i]!.type === 'date' && typeof cell === 'string') {
        r.getCell(i + 1).numFmt = excelDate(cell)?.withTime ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
      }
    });
    r.commit();
    this.rowsInSheet += 1;
  }

  private value(cell: Cell, c: Column): ExcelJS.CellValue {
    if (cell === null) return null;
    if (typeof cell === 'number') return cell;
    if (c.type === 'date' && typeof cell === 'string') return excelDate(cell)?.value ?? this.text(cell);
    return this.text(typeof cell === 'string' ? cell : cell.join(LIST_SEPARATOR));
  }

  private text(s: string): string {
    // A cell's line break in a workbook is a line feed; a carriage return would not survive the XML.
    const clean = s.replace(XML_INVALID, '').replace(/\r\n?/g, '\n');
    if (clean.length <= EXCEL_CELL_CHARS) return clean;
    this.clipped += 1;
    // Not between the two halves of a character outside the BMP (an emoji).
    let end = EXCEL_CELL_CHARS - 1;
    if (/[\uD800-\uDBFF]/.test(clean.charAt(end - 1))) end -= 1;
    return `${clean.slice(0, end)}…`;
  }

  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.widths === null) {
      this.fixWidths();
      for (const row of this.sample.splice(0)) this.addRow(row);
    }
    if (this.sheet === null) this.sheet = this.startSheet();
    this.sheet.commit();
    await Promise.race([this.book.commit(), this.failed]);
    if (!this.file.closed) await Promise.race([once(this.file, 'close'), this.failed]);
    await commit(this.temp, this.final);
  }

  /** The writer cannot be stopped, and finishing it again would throw: its file is closed under it and dropped. */
  async abort(): Promise<void> {
    this.aborted = true;
    if (!this.file.closed) {
      const closed = once(this.file, 'close').catch(() => undefined);
      this.file.destroy();
      await closed;
    }
    await discard(this.temp);
  }

  notes(): string[] {
    const notes: string[] = [];
    if (this.clipped > 0) notes.push(`${this.clipped} cell${this.clipped === 1 ? ' was' : 's were'} longer than Excel's 32,767 characters and ${this.clipped === 1 ? 'was' : 'were'} cut there; the CSV export keeps them whole`);
    if (this.sheets > 1) notes.push(`more rows than one Excel sheet holds: they continue on ${this.sheets - 1} more sheet${this.sheets === 2 ? '' : 's'}`);
    return notes;
  }
}
