import { writeSync } from 'node:fs';
import { Archive } from '../db/archive.js';
import { updateDuplicates } from '../electron/analysis/duplicates/update.js';

/*
 * A child process for the crash tests of a big duplicate pass holding its keys in memory, so the
 * test kills it at a known point instead of racing it: `node dup-held-kill.js <archive> <chunk>
 * <articles> [exit]` runs a big pass in chunks of <chunk> articles; once <articles> of them are
 * committed, their keys held and unstored, it prints `held` and waits there to be killed, or with
 * `exit` ends the process there and then, as a crash would. If the pass ends first it prints
 * `finished`.
 */

const [file, size, articles, exit] = process.argv.slice(2);
if (!file || !size || !articles) throw new Error('usage: dup-held-kill.js <archive> <chunk> <articles> [exit]');

const archive = await Archive.open(file, { backups: false });
await updateDuplicates(archive, new Map(), {
  increment: 0,
  chunkSize: Number(size),
  onProgress: (done) => {
    if (done < Number(articles)) return;
    writeSync(1, 'held\n');
    if (exit === 'exit') process.exit(0);
    // Held here, the thread asleep, until the parent's SIGKILL.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});
writeSync(1, 'finished\n');
