import { Archive } from '../db/archive.js';
import { DEFAULT_IMPORT_OPTIONS, runImport } from '../electron/import/run.js';

/*
 * A child process for crash tests, so a test kills an import at a known point instead of racing it:
 * `node paused-import.js <archive> <N> <path>…` imports the paths and, after the first commit that
 * brings the run to at least N new articles, prints the run's counts as one JSON line and waits
 * there to be killed. If the run ends first it prints `finished`.
 */

const [file, atLeast, ...paths] = process.argv.slice(2);
if (!file || !atLeast || paths.length === 0) throw new Error('usage: paused-import.js <archive> <N> <path>…');

const archive = await Archive.open(file);
await runImport(archive, paths, DEFAULT_IMPORT_OPTIONS, {
  afterCommit: (counts) => {
    if (counts.imported < Number(atLeast)) return undefined;
    process.stdout.write(`${JSON.stringify(counts)}\n`);
    // Held here, with a timer keeping the process alive, until the parent's SIGKILL.
    return new Promise<void>(() => setInterval(() => undefined, 60_000));
  },
});
process.stdout.write('finished\n');
