import { Archive } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';

/*
 * By hand: the merge of the duplicate finder's recent band keys into the main table, as one
 * transaction and in slices of keys (update.ts, MERGE_ROWS), on one archive in one session:
 *
 *   node dist/bench/dups-merge.js bench/.corpus/db/search-1000000.db [rows a slice]
 *
 * It writes recent keys for 36,000 made-up articles (about the bound of the recent table, ids
 * beyond every real article's, keys spread as real ones are) into the archive IN PLACE, merges
 * them sliced, whole, whole and sliced again (moving them back between), and at the end deletes
 * them: use it on the benchmark's cached archives, never on one of your own. Recent keys already
 * in the archive are merged by the first merge and stay merged; killed midway, it leaves its
 * made-up keys behind. It times the transactions alone: the finder's merge also pauses between
 * two (electron/analysis/duplicates/give-way.ts). Prints one line of JSON.
 */

const [file, rowsArg = '100000'] = process.argv.slice(2);
if (!file) throw new Error('usage: dups-merge.js <archive> [rows a slice]');
const sliceRows = Number(rowsArg);

/** Made-up articles' ids start here, far beyond any real archive's. */
const MADE_UP = 1_000_000_000;
const ARTICLES = 36_000;
const KEYS_AN_ARTICLE = 57;

const db = openDatabase(file);
/** Put the made-up keys in the recent table: written afresh, or moved back from the main table. */
function makeRecent(fresh: boolean): void {
  db.transaction(() => {
    if (fresh) {
      const put = db.prepare('INSERT OR IGNORE INTO dup_bands_recent (key, article_id, position) VALUES (?, ?, ?)');
      // xorshift32: random 32-bit keys, the same every run.
      let x = 12345;
      const rows: [number, number, number][] = [];
      for (let a = 0; a < ARTICLES; a++) {
        for (let p = 0; p < KEYS_AN_ARTICLE; p++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          rows.push([x | 0, MADE_UP + a, p]);
        }
      }
      rows.sort((r, s) => r[0] - s[0] || r[1] - s[1] || r[2] - s[2]);
      for (const r of rows) put.run(...r);
    } else {
      db.prepare('INSERT INTO dup_bands_recent SELECT key, article_id, position FROM dup_bands WHERE article_id >= ?').run(MADE_UP);
      db.prepare('DELETE FROM dup_bands WHERE article_id >= ?').run(MADE_UP);
    }
  }).immediate();
}

const archive = await Archive.open(file, { backups: false });
const store = archive.duplicates;
/** One whole merge of the recent keys, a slice of `rows` a transaction: each transaction's seconds. */
function merge(rows: number): { moved: number; seconds: number[] } {
  const seconds: number[] = [];
  let moved = 0;
  let after: number | undefined;
  for (;;) {
    const started = performance.now();
    const slice = archive.inTransaction(() => store.mergeRecentBands(after, rows));
    seconds.push(+((performance.now() - started) / 1000).toFixed(2));
    moved += slice.moved;
    if (slice.upTo === null) return { moved, seconds };
    after = slice.upTo;
  }
}
const total = (s: number[]): number => +s.reduce((a, b) => a + b, 0).toFixed(1);
try {
  // Twice each, in turn, so neither always runs with the colder page cache.
  const runs: { rows: number; moved: number; seconds: number[] }[] = [];
  for (const rows of [sliceRows, Infinity, Infinity, sliceRows]) {
    makeRecent(runs.length === 0);
    runs.push({ rows, ...merge(rows) });
  }
  console.log(
    JSON.stringify({
      bandRows: db.prepare('SELECT count(*) FROM dup_bands').pluck().get(),
      moved: runs[1]!.moved,
      runs: runs.map((r) => ({ rows: Number.isFinite(r.rows) ? r.rows : 'all', seconds: total(r.seconds), transactions: r.seconds.length, longest: Math.max(...r.seconds) })),
    }),
  );
} finally {
  db.prepare('DELETE FROM dup_bands WHERE article_id >= ?').run(MADE_UP);
  db.prepare('DELETE FROM dup_bands_recent WHERE article_id >= ?').run(MADE_UP);
  archive.close();
  db.close();
}
