import type { Cell, Column } from './sink.js';

/** One page of an export's rows, and how far the export has got in its own unit. */
export interface ExportPage {
  rows: Cell[][];
  done: number;
}

/**
 * An export before it is written: its columns, its size in `unit`s, and its rows read a page at a
 * time from the archive, so that however many rows it has, one page is in memory.
 */
export interface ExportPlan {
  sheet: string;
  columns: Column[];
  total: number;
  unit: string;
  pages(): Iterable<ExportPage>;
}

/** `items` (an array, or a typed array of ids) in slices of `size`, each a plain array. */
export function* slices<T>(items: ArrayLike<T>, size: number): Iterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield Array.from({ length: Math.min(size, items.length - i) }, (_, k) => items[i + k]!);
}
