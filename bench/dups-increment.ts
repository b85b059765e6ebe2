import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportProgress } from '../electron/api.js';
import { Workbench } from '../electron/service.js';
import { articles, articleText } from './corpus.js';

/*
 * By hand: an import of generated articles into an existing archive, timed whole, with the
 * duplicate finder's part and each of its runs (with the new articles in hand as each started),
 * and then the archive's close apart:
 *
 *   node dist/bench/dups-increment.js bench/.corpus/db/search-1000000.db 1000 786
 *
 * The articles (COUNT of them, generated with SEED; use a seed the archive was not built with) are
 * written as text files to a temporary folder and imported through the service, as a user's are.
 * It adds them to the archive IN PLACE: use it on the benchmark's cached archives, or a copy.
 * Prints one line of JSON.
 */

const [file, countArg = '1000', seedArg = '786'] = process.argv.slice(2);
if (!file) throw new Error('usage: dups-increment.js <archive> [count] [seed]');

const dir = mkdtempSync(join(tmpdir(), 'pantau-increment-'));
try {
  let n = 0;
  for (const a of articles(Number(countArg), Number(seedArg))) writeFileSync(join(dir, `${String(n++).padStart(7, '0')}.txt`), articleText(a));
  // Each run of the finder: the new articles in hand as it started, and its seconds.
  const runs: { after: number; seconds: number }[] = [];
  let runStarted: number | null = null;
  const finding = (p: ImportProgress): boolean => p.phase === 'duplicates' || p.phase === 'duplicate-keys';
  const wb = await Workbench.open(file);
  const started = performance.now();
  let imported = started;
  try {
    const summary = await wb.import(
      { paths: [dir] },
      {
        onProgress: (p) => {
          if (finding(p) && runStarted === null) {
            runStarted = performance.now();
            runs.push({ after: p.imported, seconds: 0 });
          } else if (!finding(p) && runStarted !== null) {
            runs[runs.length - 1]!.seconds = (performance.now() - runStarted) / 1000;
            runStarted = null;
          }
        },
      },
    );
    if (summary.imported !== n) throw new Error(`the import stored ${summary.imported} of ${n} articles`);
    imported = performance.now();
  } finally {
    wb.close();
  }
  // Closing checkpoints what the import left in the WAL: the app keeps the archive open, the CLI closes it.
  const importSeconds = (imported - started) / 1000;
  const closeSeconds = (performance.now() - imported) / 1000;
  const finderSeconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  const round = (s: number): number => +s.toFixed(2);
  console.log(
    JSON.stringify({ articles: n, importSeconds: round(importSeconds), closeSeconds: round(closeSeconds), finderSeconds: round(finderSeconds), runs: runs.map((r) => ({ ...r, seconds: round(r.seconds) })) }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
