import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { ImportSummary } from '../electron/api.js';
import { repoRoot } from './helpers.js';

/*
 * The real import (workers, writer, archive) in a process of its own (fuzz-import-child.ts), as the
 * fuzz tests of every reader run it: a crash or a memory blow-up cannot take the test runner down.
 */

const CHILD = join(repoRoot, 'dist', 'tests', 'fuzz-import-child.js');

export interface ChildImport {
  summary: ImportSummary;
  integrity: string[];
  /** Peak resident memory of the importing process, its worker threads included. */
  maxRssMb: number;
}

/** Reasons that mean a reader crashed, hung or ran out of memory rather than refusing the file. */
export const NOT_CLEAN = /reader stopped|ran out of memory|took longer|call stack|RangeError|TypeError|undefined|null|\[object/i;

/** Imports `paths` into the archive `db` in a child process; its summary, integrity problems and peak memory. */
export function importInChild(db: string, paths: string[]): Promise<ChildImport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, db, ...paths], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`import exited with ${code}: ${err}`));
      else resolve(JSON.parse(out) as ChildImport);
    });
  });
}
