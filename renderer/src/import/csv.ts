import Papa from 'papaparse';
import type { ImportRequest } from '../../../electron/api.js';

/*
 * The column-mapping step for CSV files: their first rows, read here in the page, grouped by header
 * so that a folder of exports in one layout is mapped once. The import itself reads the file.
 */

export type Field = keyof NonNullable<ImportRequest['map']>;
export const FIELDS: readonly Field[] = ['title', 'body', 'date', 'url', 'source', 'author'];

/** Rows shown: the header and the first data rows. */
const PREVIEW_ROWS = 6;
/** Enough for six rows of long articles; a row cut at the end is left out. */
const PREVIEW_BYTES = 256 * 1024;
const LABEL_MAX = 40;

export const isCsv = (name: string): boolean => /\.(csv|tsv)$/i.test(name);

/** The first rows of a CSV file, as the page can read them (UTF-8; the import itself detects other encodings). */
export async function previewCsv(file: File): Promise<string[][]> {
  const cut = file.size > PREVIEW_BYTES;
  const text = (await file.slice(0, PREVIEW_BYTES).text()).replace(/^\uFEFF/, '');
  const { data } = Papa.parse<string[]>(text, { preview: PREVIEW_ROWS, skipEmptyLines: 'greedy' });
  return cut && data.length < PREVIEW_ROWS ? data.slice(0, -1) : data;
}

/** Whether a first row looks like column names: short labels, none a number or a link. */
function looksLikeHeader(row: string[] | undefined): boolean {
  return !!row && row.every((c) => c.trim() !== '' && c.length <= LABEL_MAX && !/^[-+\d.,\s/:]+$/.test(c) && !/^https?:\/\//i.test(c));
}

export interface CsvGroup {
  /** The shared first row, which names the group. */
  key: string;
  /** The files that share this first row. */
  names: string[];
  rows: string[][];
  header: boolean;
  /** Field → column index; a field not here is found by the importer (by name or content). */
  map: Partial<Record<Field, number>>;
}

export function groupCsv(previews: { name: string; rows: string[][] }[]): CsvGroup[] {
  const groups = new Map<string, CsvGroup>();
  for (const { name, rows } of previews) {
    const key = JSON.stringify(rows[0] ?? []);
    const group = groups.get(key);
    if (group) group.names.push(name);
    else groups.set(key, { key, names: [name], rows, header: looksLikeHeader(rows[0]), map: {} });
  }
  return [...groups.values()];
}

/**
 * The import's `map` for a group: header names when the first row holds them (which also tells the
 * importer that it is a header), column numbers otherwise. Undefined when nothing is mapped.
 */
export function mapOf(group: CsvGroup): ImportRequest['map'] {
  const entries = Object.entries(group.map) as [Field, number][];
  if (entries.length === 0) return undefined;
  const header = group.rows[0] ?? [];
  const unique = new Set(header.map((h) => h.trim().toLowerCase())).size === header.length;
  const byName = group.header && unique && entries.every(([, i]) => (header[i] ?? '').trim() !== '');
  return Object.fromEntries(entries.map(([field, i]) => [field, byName ? header[i]!.trim() : String(i + 1)]));
}
