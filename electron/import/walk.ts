import { readdir, realpath, stat } from 'node:fs/promises';
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

/**
 * A folder's entries are looked at this many at a time. One stat after another costs the thread a
 * wake-up each (about 45 µs of CPU a file, measured on 10,000 files); a window of them shares the
 * wake-ups, and the thread pool works on them at once: about a quarter of the CPU, a fifth of the time.
 */
const STAT_WINDOW = 64;

/** What a path is: a file or a problem to yield, or a folder (null) to walk into. */
const look = (path: string): Promise<WalkEntry | null> =>
  stat(path).then(
    (stats) => {
      if (stats.isFile()) return { path, size: stats.size };
      if (stats.isDirectory()) return null;
      // Pipes, sockets and devices: reading them could block forever or never end.
      return { path, error: 'not a regular file' };
    },
    (error: unknown) => ({ path, error: errorReason(error) }),
  );

async function* walkPath(path: string, visited: Set<string>): AsyncGenerator<WalkEntry> {
  const entry = await look(path);
  if (entry) yield entry;
  else yield* walkFolder(path, visited);
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
  const paths = names.filter((name) => !isIgnoredName(name)).map((name) => join(path, name));
  for (let at = 0; at < paths.length; at += STAT_WINDOW) {
    const window = paths.slice(at, at + STAT_WINDOW);
    const entries = await Promise.all(window.map(look));
    for (let i = 0; i < window.length; i++) {
      const entry = entries[i]!;
      if (entry) yield entry;
      else yield* walkFolder(window[i]!, visited);
    }
  }
}
