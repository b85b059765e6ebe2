import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { FUZZ_ITERATIONS, FUZZ_SEED, mutate, random, type Random, randomBytes, truncate } from './fuzz-inputs.js';
import type { ImportSummary } from '../electron/api.js';
import { importInChild, NOT_CLEAN } from './fuzz-import.js';

/*
 * The fuzz test of the news-database readers (Nexis, Factiva): random bytes, truncated and mutated
 * downloads through the real import (workers, writer, archive) in a process of its own. Each file
 * is imported or fails alone with its path and a clean reason; nothing crashes or hangs (the child
 * fails a file its reader keeps busy for 30 s). Seeded like the other fuzz tests (docs/fuzzing.md).
 */

/** Fuzzes the valid downloads given by name (the extension picks the reader) and checks the import's answer. */
export async function fuzzDownloads(dir: string, valid: Record<string, Buffer>, seedOffset: number): Promise<ImportSummary> {
  const inbox = join(dir, 'in');
  mkdirSync(inbox);
  const rand = random(FUZZ_SEED + seedOffset);
  const files: string[] = [];
  const add = (name: string, bytes: Buffer): void => {
    writeFileSync(join(inbox, name), bytes);
    files.push(join(inbox, name));
  };
  for (const [name, bytes] of Object.entries(valid)) {
    const ext = extname(name);
    const stem = name.slice(0, -ext.length);
    for (let i = 0; i < FUZZ_ITERATIONS; i++) {
      add(`${stem}-random-${i}${ext}`, randomBytes(rand, Math.floor(rand() * 2048)));
      add(`${stem}-truncated-${i}${ext}`, truncate(rand, bytes));
      add(`${stem}-mutated-${i}${ext}`, mutate(rand, bytes));
    }
    add(name, bytes);
  }
  const { summary, integrity } = await importInChild(join(dir, 'fuzz.db'), [inbox]);
  assert.equal(summary.status, 'done');
  assert.equal(summary.files, files.length);
  assert.deepEqual(integrity, []);
  for (const p of [...summary.errors, ...summary.warnings]) {
    assert.ok(files.some((f) => p.path === f || p.path.startsWith(`${f}#`)), `problem without its file: ${JSON.stringify(p)}`);
    assert.ok(p.reason.trim() !== '' && p.reason.length < 300, `${p.path}: ${p.reason}`);
    assert.doesNotMatch(p.reason, NOT_CLEAN, `${p.path}: ${p.reason}`);
  }
  // The intact downloads imported without a problem.
  for (const name of Object.keys(valid)) {
    const path = join(inbox, name);
    assert.deepEqual(summary.errors.filter((e) => e.path === path), [], name);
  }
  return summary;
}

/**
 * A download's lines with a few of them dropped, repeated, swapped or moved, or a stray line put in:
 * the damage a layout of one field per line (Factiva's indexing codes) meets when a file is cut and
 * pasted together, with every line itself intact.
 */
export function shuffleLines(rand: Random, lines: readonly string[], strays: readonly string[]): string[] {
  const out = [...lines];
  const pick = (): number => Math.floor(rand() * out.length);
  const edits = 1 + Math.floor(rand() * 5);
  for (let i = 0; i < edits && out.length > 0; i++) {
    const kind = rand();
    const at = pick();
    if (kind < 0.25) out.splice(at, 1);
    else if (kind < 0.45) out.splice(at, 0, out[at]!);
    else if (kind < 0.7) {
      const other = pick();
      [out[at], out[other]] = [out[other]!, out[at]!];
    } else if (kind < 0.85) out.splice(pick(), 0, ...out.splice(at, 1));
    else out.splice(at, 0, strays[Math.floor(rand() * strays.length)]!);
  }
  return out;
}
