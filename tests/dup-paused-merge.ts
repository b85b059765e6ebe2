import { writeSync } from 'node:fs';
import { Archive } from '../db/archive.js';
import { updateDuplicates } from '../electron/analysis/duplicates/update.js';

/*
 * A child process for the crash test of the duplicate finder's merge, so the test kills it at a
 * known point instead of racing it: `node dup-paused-merge.js <archive>` runs the finder with a
 * bound of no recent keys at all, so it merges them first; once the merge has committed it prints
 * `merged` and waits there to be killed. If the finder ends without merging it prints `finished`.
 */

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: dup-paused-merge.js <archive>');

const archive = await Archive.open(file, { backups: false });
await updateDuplicates(archive, new Map(), {
  recentRows: 0,
  onPhase: (phase) => {
    if (phase !== 'finding') return;
    writeSync(1, 'merged\n');
    // Held here, the thread asleep, until the parent's SIGKILL.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});
writeSync(1, 'finished\n');
