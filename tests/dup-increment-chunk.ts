import { writeSync } from 'node:fs';
import { Archive } from '../db/archive.js';
import { updateDuplicates } from '../electron/analysis/duplicates/update.js';

/*
 * A second process for the tests of the duplicate finder's table of recent keys, run to its end
 * while the first waits: `node dup-increment-chunk.js <archive> <articles>` runs the finder as an
 * import's increment would (whatever is pending counts as few), takes one chunk of <articles> and
 * stops there. It prints the pass's summary as JSON.
 */

const [file, size] = process.argv.slice(2);
if (!file || !size) throw new Error('usage: dup-increment-chunk.js <archive> <articles>');

const archive = await Archive.open(file, { backups: false });
const stop = new AbortController();
try {
  const summary = await updateDuplicates(archive, new Map(), {
    chunkSize: Number(size),
    increment: Number.MAX_SAFE_INTEGER,
    signal: stop.signal,
    onProgress: (done) => {
      if (done > 0) stop.abort();
    },
  });
  writeSync(1, `${JSON.stringify(summary)}\n`);
} finally {
  archive.close({ optimize: false });
}
