import { writeSync } from 'node:fs';
import { Archive } from '../db/archive.js';
import { updateDuplicates } from '../electron/analysis/duplicates/update.js';

/*
 * A child process for the crash tests of the duplicate finder's merge, so the test kills it at a
 * known point instead of racing it: `node dup-paused-merge.js <archive> [rows]` runs the finder
 * with a bound of no recent keys at all, so it merges them first. Once the merge has committed it
 * prints `merged` and waits there to be killed; given `rows`, it merges that many keys a slice and
 * waits once the first slice has committed, printing `sliced`. If the finder ends without merging
 * it prints `finished`.
 */

const [file, rows] = process.argv.slice(2);
if (!file) throw new Error('usage: dup-paused-merge.js <archive> [rows]');

/** Held here, the thread asleep, until the parent's SIGKILL. */
function pause(word: string): void {
  writeSync(1, `${word}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

const archive = await Archive.open(file, { backups: false });
await updateDuplicates(archive, new Map(), {
  recentRows: 0,
  ...(rows === undefined ? { onPhase: (phase) => phase === 'finding' && pause('merged') } : { mergeRows: Number(rows), afterMergeSlice: () => pause('sliced') }),
});
writeSync(1, 'finished\n');
