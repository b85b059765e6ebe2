import { readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { errorReason } from './errno.js';
import { isIgnoredName } from './sniff.js';

export type WalkEntry = { path: string; size: number } | { path: string; error: string };

/**
 * Yields every file under the given paths, depth first in a stable order. Paths given directly
 * are always yielded; inside folders, hidden and system files are skipped. Problems (a missing
 * path, an unreadable folder) are yielded as entries with an error and the walk goes on.
 * Symbolic links are followed, except into a folder already walked, which would loop or repeat.
 */
export async function* walk(paths: string[]): AsyncGenerator<WalkEntry> {
  const visited = new Set<string>();
  for (const path of paths) yield* walkPath(path, visited);
}

async function* walkPath(path: string, visited: Set<string>): AsyncGenerator<WalkEntry> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    yield { path, error: errorReason(error) };
    return;
  }
  if (stats.isFile()) {
    yield { path, size: stats.size };
  } else if (stats.isDirectory()) {
    yield* walkFolder(path, visited);
  } else {
    // Pipes, sockets and devices: reading them could block forever or never end.
    yield { path, error: 'not a regular file' };
  }
}

async function* walkFolder(path: string, visited: Set<string>): AsyncGenerator<WalkEntry> {
  let names: string[];
  try {
    const real = await realpath(path);
    if (visited.has(real)) return;
    visited.add(real);
    names = await readdir(path);
  } catch (error) {
    yield { path, error: errorReason(error) };
    return;
  }
  // Code-unit order, not locale order: the same tree walks the same way on every machine.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    if (!isIgnoredName(name)) yield* walkPath(join(path, name), visited);
  }
}
