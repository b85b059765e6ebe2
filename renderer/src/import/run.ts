import type { ImportProgress, ImportRequest, ImportSummary } from '../../../electron/api.js';
import { type Chosen, discardUpload, importRequest, stage } from '../files.js';
import { transport } from '../transport.js';

/*
 * One import as the user started it may be several runs of the service: the CSV files mapped in the
 * mapping step each need their own `map`, which would not fit the other files. Their summaries are
 * added up into one report.
 */

export interface Run {
  chosen: Chosen[];
  map?: ImportRequest['map'];
}

export type ImportOptions = Pick<ImportRequest, 'source' | 'dateFormat'>;

/** Where the import is: uploading (browser mode) or a run of the service, with the counts of the runs before it. */
export type Step =
  | { kind: 'uploading'; done: number; total: number; current: string; before: ImportSummary }
  | { kind: 'importing'; progress: ImportProgress; before: ImportSummary };

export const emptySummary = (): ImportSummary => ({
  importId: 0,
  status: 'done',
  files: 0,
  imported: 0,
  skipped: 0,
  failed: 0,
  unsourced: 0,
  outlets: [],
  duplicates: 'done',
  errors: [],
  warnings: [],
  durationMs: 0,
});

export function merge(a: ImportSummary, b: ImportSummary): ImportSummary {
  const outlets = new Map(a.outlets.map((o) => [o.name, o.articles]));
  for (const o of b.outlets) outlets.set(o.name, (outlets.get(o.name) ?? 0) + o.articles);
  return {
    importId: b.importId,
    status: a.status === 'cancelled' || b.status === 'cancelled' ? 'cancelled' : 'done',
    files: a.files + b.files,
    imported: a.imported + b.imported,
    skipped: a.skipped + b.skipped,
    failed: a.failed + b.failed,
    unsourced: a.unsourced + b.unsourced,
    outlets: [...outlets].map(([name, articles]) => ({ name, articles })).sort((x, y) => y.articles - x.articles || x.name.localeCompare(y.name)),
    duplicates: a.duplicates === 'cancelled' || b.duplicates === 'cancelled' ? 'cancelled' : 'done',
    errors: [...a.errors, ...b.errors],
    warnings: [...a.warnings, ...b.warnings],
    durationMs: a.durationMs + b.durationMs,
  };
}

/**
 * A cancelled run answers nothing (closing its stream is the cancel), so its report is the counts of
 * its last progress: what it read before the cancel is in the archive.
 */
function cancelledAt(step: Step | null, sofar: ImportSummary): ImportSummary {
  const p = step?.kind === 'importing' ? step.progress : null;
  const partial = { ...emptySummary(), status: 'cancelled' as const };
  return merge(sofar, p ? { ...partial, files: p.filesDone, imported: p.imported, skipped: p.skipped, failed: p.failed } : partial);
}

export async function importAll(runs: Run[], options: ImportOptions, onStep: (step: Step) => void, signal: AbortSignal): Promise<ImportSummary> {
  let sofar = emptySummary();
  let last: Step | null = null;
  const report = (step: Step): void => {
    last = step;
    onStep(step);
  };
  /** The batch uploaded for the run under way until its import job has it (the server removes it after). */
  let uploaded: Parameters<typeof discardUpload>[0] = null;
  try {
    for (const run of runs) {
      const before = sofar;
      const staged = await stage(run.chosen, (p) => report({ kind: 'uploading', ...p, before }), signal);
      const refused = { ...emptySummary(), files: staged.failed.length, failed: staged.failed.length, errors: staged.failed };
      sofar = merge(sofar, refused);
      if (staged.source === null) continue;
      uploaded = staged.source;
      const request = importRequest(staged.source, { ...options, map: run.map });
      const withRefused = sofar;
      const summary = await transport.job<ImportSummary>('import', request, (p) => report({ kind: 'importing', progress: p as ImportProgress, before: withRefused }), signal);
      uploaded = null;
      sofar = merge(sofar, summary);
      if (summary.status === 'cancelled') break;
    }
    return sofar;
  } catch (err) {
    discardUpload(uploaded);
    if (signal.aborted) return cancelledAt(last, sofar);
    throw err;
  }
}
