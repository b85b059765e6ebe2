import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ImportSummary } from '../electron/api.js';
import { openDatabase } from '../db/driver.js';
import { type BandRows, refOf } from '../db/duplicates.js';
import { Workbench } from '../electron/service.js';
import { repoRoot, tempDir } from './helpers.js';

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

/** A stored band row as `key/article/position`. */
export type BandRow = string;

/** The archive's band rows, main table and table of recent keys apart, each in key order; read beside an open Workbench. */
export function bandTables(db: string): { main: BandRow[]; recent: BandRow[] } {
  const conn = openDatabase(db, { readonly: true });
  try {
    const rows = (table: string): BandRow[] =>
      conn.prepare(`SELECT key || '/' || article_id || '/' || position FROM ${table} ORDER BY key, article_id, position`).pluck().all() as BandRow[];
    return { main: rows('dup_bands'), recent: rows('dup_bands_recent') };
  } finally {
    conn.close();
  }
}

/** Run one of the finder's child scripts (dist/tests/<script>) to its end, between two chunks of the pass in hand; what it printed. */
export function runChild(script: string, args: string[]): string {
  const child = spawnSync(process.execPath, [join(repoRoot, 'dist', 'tests', script), ...args], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return child.stdout;
}

/**
 * Run one of the finder's child scripts (dist/tests/<script>) until it says where it stopped, then
 * kill it there: the first line it printed.
 */
export async function killAtWord(script: string, args: string[]): Promise<string> {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'tests', script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    lines.once('close', () => reject(new Error('the finder process ended without a word')));
  });
  child.kill('SIGKILL');
  await exited;
  return line;
}

/** Band rows given as `[key, article, position]`, in the order the finder stores them. */
export function bandRows(rows: readonly (readonly [number, number, number])[]): BandRows {
  const sorted = [...rows].sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  return { keys: sorted.map(([key]) => key), refs: sorted.map(([, articleId, position]) => refOf(articleId, position)) };
}
