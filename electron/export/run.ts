import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ExportResult } from '../api.js';
import { CsvSink } from './csv.js';
import type { ExportPlan } from './plan.js';
import { type ExportFormat, outputPaths, type Sink, type SinkOptions } from './sink.js';

export interface ExportHooks {
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; unit: string }) => void;
}


/**
 * Write a plan's rows to `out`, a page at a time, reporting progress and stopping between pages
 * when `signal` is aborted. The file appears under its name only when complete: a cancelled or
 * failed export leaves whatever was there before.
 */
export async function writeExport(plan: ExportPlan, out: string, format: ExportFormat, options: Omit<SinkOptions, 'sheet'>, hooks: ExportHooks = {}): Promise<ExportResult> {
  const { final, temp } = outputPaths(out);
  const sinkOptions = { ...options, sheet: plan.sheet };
  // exceljs takes some 25 MB once loaded: only a workbook export loads it.
  const sink: Sink =
    format === 'xlsx' ? new (await import('./xlsx.js')).XlsxSink(plan.columns, temp, final, sinkOptions) : new CsvSink(plan.columns, temp, final, sinkOptions);
  const result: ExportResult = { status: 'done', rows: 0, out: final, format, notes: [] };
  hooks.onProgress?.({ done: 0, total: plan.total, unit: plan.unit });
  try {
    for (const page of plan.pages()) {
      if (hooks.signal?.aborted) {
        result.status = 'cancelled';
        break;
      }
      await sink.write(page.rows);
      result.rows += page.rows.length;
      hooks.onProgress?.({ done: page.done, total: plan.total, unit: plan.unit });
      // Lets a cancel (Ctrl-C, a click) in between pages be heard.
      await nextTurn();
    }
    if (hooks.signal?.aborted) result.status = 'cancelled';
    if (result.status === 'cancelled') await sink.abort();
    else await sink.finish();
  } catch (err) {
    await sink.abort();
    throw err;
  }
  result.notes = sink.notes();
  return result;
}
