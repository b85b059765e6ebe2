import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import Papa from 'papaparse';
import { type Cell, type Column, commit, discard, LIST_SEPARATOR, type Sink, type SinkOptions } from './sink.js';

/*
 * CSV as Excel and LibreOffice open it right: RFC 4180 quoting (PapaParse's unparse), CRLF line
 * ends, UTF-8 with a byte-order mark unless turned off, `,` or `;` between cells. A text cell
 * that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading `'`
 * and quoted (OWASP's advice against formula injection), so a spreadsheet shows it as text and
 * never runs it; numbers are numbers and are left alone.
 */

/** PapaParse's own pattern stops at a line break (`.` without the s flag); this one looks at the first character only. */
const FORMULA_START = /^[=+\-@\t\r]/;

const cellText = (cell: Cell): string | number => {
  if (cell === null) return '';
  if (typeof cell === 'number' || typeof cell === 'string') return cell;
  return cell.join(LIST_SEPARATOR);
};

/**
 * A spreadsheet that expects `;` between cells writes decimals with a comma (0,904): a decimal
 * point there turns 0.904 into 904. Written as text, it is not a formula either way.
 */
const decimalComma = (cell: Cell): Cell => (typeof cell === 'number' && !Number.isInteger(cell) ? String(cell).replace('.', ',') : cell);

export class CsvSink implements Sink {
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  private readonly config: Papa.UnparseConfig;
  private readonly cell: (cell: Cell, column: number) => string | number;

  constructor(
    columns: readonly Column[],
    private readonly temp: string,
    private readonly final: string,
    options: SinkOptions,
  ) {
    this.stream = createWriteStream(temp, { flags: 'wx' });
    this.stream.on('error', (err) => {
      this.failure ??= err;
    });
    // A lone empty cell would make an empty line, which readers skip: it is quoted.
    const quotes = columns.length === 1 ? (value: unknown) => value === '' : false;
    this.config = { delimiter: options.delimiter, newline: '\r\n', escapeFormulae: FORMULA_START, header: false, quotes };
    const decimals = columns.map((c) => options.delimiter === ';' && c.type === 'decimal');
    this.cell = (cell, column) => cellText(decimals[column] ? decimalComma(cell) : cell);
    this.stream.write(`${options.bom ? '\ufeff' : ''}${Papa.unparse([columns.map((c) => c.header)], this.config)}\r\n`);
  }

  async write(rows: readonly Cell[][]): Promise<void> {
    if (this.failure) throw this.failure;
    if (rows.length === 0) return;
    const ok = this.stream.write(`${Papa.unparse(rows.map((r) => r.map(this.cell)), this.config)}\r\n`);
    if (!ok) await this.drained();
    if (this.failure) throw this.failure;
  }

  /** Resolves when the stream has room again, or has failed (the failure is then thrown by the caller). */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
  }

  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, 'close');
    if (this.failure) throw this.failure;
    await commit(this.temp, this.final);
  }

  async abort(): Promise<void> {
    if (!this.stream.closed) {
      this.stream.destroy();
      await once(this.stream, 'close').catch(() => undefined);
    }
    await discard(this.temp);
  }

  notes(): string[] {
    return [];
  }
}
