import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';

/*
 * Where export rows go: a CSV file or an Excel workbook, written under a temporary name in the
 * chosen folder and renamed to the chosen name only once complete, so a cancelled or failed export
 * never leaves half a file under that name (and a file already there stays whole until then).
 */

/** How a column's cells are written: text as text, integers as numbers, dates as dates, lists joined with "; ". */
export type ColumnType = 'text' | 'integer' | 'decimal' | 'date' | 'list' | 'longtext';

export interface Column {
  header: string;
  type: ColumnType;
}

export type Cell = string | number | readonly string[] | null;

export type ExportFormat = 'csv' | 'xlsx';

export interface SinkOptions {
  delimiter: ',' | ';';
  /** UTF-8 byte-order mark at the start of a CSV, which tells Excel the encoding. */
  bom: boolean;
  /** Sheet name of a workbook. */
  sheet: string;
  /** Data rows per worksheet before the next one starts (Excel's own limit by default). */
  rowsPerSheet?: number;
}

export interface Sink {
  /** Write rows; resolves when the output can take more (backpressure). */
  write(rows: readonly Cell[][]): Promise<void>;
  /** Finish the file and give it its name. */
  finish(): Promise<void>;
  /** Drop the unfinished file. */
  abort(): Promise<void>;
  /** What the user should know about the file (cells cut to a format's limit, extra sheets). */
  notes(): string[];
}

/** A list cell joined for one text cell. */
export const LIST_SEPARATOR = '; ';

/** The format an output name asks for: `.xlsx` is a workbook, anything else CSV. */
export function formatOf(out: string, format?: ExportFormat): ExportFormat {
  return format ?? (extname(out).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv');
}

/** The final and temporary paths of an output; an error a user can act on when it cannot be written. */
export function outputPaths(out: string): { final: string; temp: string } {
  const final = resolve(out);
  const dir = dirname(final);
  if (!existsSync(dir)) throw new ExportTargetError(`cannot write ${final}: the folder ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new ExportTargetError(`cannot write ${final}: ${dir} is not a folder`);
  if (existsSync(final) && statSync(final).isDirectory()) throw new ExportTargetError(`cannot write ${final}: it is a folder; give a file name`);
  return { final, temp: join(dir, `.${basename(final)}.${randomBytes(4).toString('hex')}.part`) };
}

export class ExportTargetError extends Error {
  override name = 'ExportTargetError';
}

export async function commit(temp: string, final: string): Promise<void> {
  await rename(temp, final);
}

export async function discard(temp: string): Promise<void> {
  await rm(temp, { force: true });
}
