import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ImportSummary } from '../electron/api.js';
import { Workbench } from '../electron/service.js';
import { tempDir } from './helpers.js';

/** What the duplicate tests need of a test's context. */
export type Ctx = { after: (fn: () => void) => void };

/** A new archive in a temporary folder, closed when the test ends. */
export async function openArchive(t: Ctx): Promise<{ wb: Workbench; db: string; dir: string }> {
  const dir = tempDir(t);
  const db = join(dir, 'a.db');
  const wb = await Workbench.open(db, { create: true });
  t.after(() => wb.close());
  return { wb, db, dir };
}

/** Import files that must all be read. */
export async function importFiles(wb: Workbench, paths: string[], hooks: Parameters<Workbench['import']>[1] = {}): Promise<ImportSummary> {
  const summary = await wb.import({ paths }, hooks);
  assert.equal(summary.failed, 0, JSON.stringify(summary.errors));
  return summary;
}
