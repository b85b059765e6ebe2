import { writeSync } from 'node:fs';
import { Archive } from '../db/archive.js';
import { updateDuplicates } from '../electron/analysis/duplicates/update.js';

/*
 * A second process for the tests of the duplicate finder, run to its end while the first waits:
 * `node dup-increment-chunk.js <archive> <chunk> [<articles>]` runs the finder as an import's
 * increment would (whatever is pending counts as few), in chunks of <chunk> articles, and stops
 * once it has been through <articles> (one chunk by default). It prints the pass's summary as JSON.
 */

const [file, size, articles] = process.argv.slice(2);
if (!file || !size) throw new Error('usage: dup-increment-chunk.js <archive> <chunk> [<articles>]');

const archive = await Archive.open(file, { backups: false });
const stop = new AbortController();
try {
  const summary = await updateDuplicates(archive, new Map(), {
    chunkSize: Number(size),
    increment: Number.MAX_SAFE_INTEGER,
    signal: stop.signal,
    onProgress: (done) => {
      if (done >= Number(articles ?? size)) stop.abort();
    },
  });
  writeSync(1, `${JSON.stringify(summary)}\n`);
} finally {
  archive.close({ optimize: false });
}
