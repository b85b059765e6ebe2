import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whether tests run from `tests/` or compiled in `dist/tests/`. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), fileURLToPath(import.meta.url).includes('/dist/') ? '../..' : '..');

export const fixture = (...parts: string[]): string => join(repoRoot, 'tests', 'fixtures', ...parts);

/** A fresh temporary folder, removed when the test ends. */
export function tempDir(t: { after: (fn: () => void) => void }, prefix = 'pantau-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
