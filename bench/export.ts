import { execFileSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { searchArchive, searchSizes } from './search.js';

/*
 * Export benchmark: per size in SEARCH_SIZES, every article of the search archive (built by
 * bench/search.ts, or cached) exported as CSV and as a workbook with the default columns, newest
 * first, each in its own process, against the bare SQL read of the same rows in the same run (the
 * faster of one before and one after them).
 * Reported: rows/s, the ratio to the bare read, and peak memory. Targets: CSV ≥ 0.5× the bare read,
 * workbook ≥ 0.2×, peak memory under 200 MB for both. EXPORT_ARCHIVE=FILE exports that archive
 * instead (read only), for an archive already at hand.
 */

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '..', '..', 'bench', '.corpus', 'db');

interface Measure {
  mode: string;
  rows: number;
  seconds: number;
  maxRssMB: number;
}

const measure = (mode: string, db: string, out: string): Measure => {
  const text = execFileSync(process.execPath, [join(here, 'export-measure.js'), mode, db, out], { encoding: 'utf8' });
  return JSON.parse(text.trim().split('\n').pop()!) as Measure;
};

const lines = ['', '| articles | what | rows | seconds | rows/s | ratio to bare read | file MB | peak RSS MB | targets |', '|---|---|---:|---:|---:|---:|---:|---:|:---:|'];
const archives: string[] = [];
if (process.env.EXPORT_ARCHIVE) archives.push(process.env.EXPORT_ARCHIVE);
else for (const size of searchSizes()) archives.push((await searchArchive(size)).file);
for (const file of archives) {
  // The bare read before and after ours, the faster kept: a shared machine's noise counts against us, not for us.
  const first = measure('bare', file, '');
  const results = (['csv', 'xlsx'] as const).map((format) => {
    const out = join(work, `export.${format}`);
    const ours = measure(format, file, out);
    const mb = statSync(out).size / 1048576;
    rmSync(out, { force: true });
    return { format, ours, mb };
  });
  const second = measure('bare', file, '');
  const bare = first.seconds <= second.seconds ? first : second;
  for (const { format, ours, mb } of results) {
    if (ours.rows !== bare.rows) throw new Error(`${format} export wrote ${ours.rows} rows, the bare read ${bare.rows}`);
    const ratio = ours.rows / ours.seconds / (bare.rows / bare.seconds);
    const target = format === 'csv' ? 0.5 : 0.2;
    if (format === 'csv') lines.push(`| ${bare.rows} | bare SQL read | ${bare.rows} | ${bare.seconds.toFixed(1)} | ${(bare.rows / bare.seconds).toFixed(0)} | | | ${bare.maxRssMB.toFixed(0)} | |`);
    lines.push(
      `| ${ours.rows} | ${format === 'csv' ? 'CSV' : 'workbook (.xlsx)'} | ${ours.rows} | ${ours.seconds.toFixed(1)} | ${(ours.rows / ours.seconds).toFixed(0)} | **${ratio.toFixed(2)}×** | ${mb.toFixed(0)} | ${ours.maxRssMB.toFixed(0)} | ${ratio >= target ? '✅' : '❌'} ≥ ${target}× · ${ours.maxRssMB < 200 ? '✅' : '❌'} < 200 MB |`,
    );
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
