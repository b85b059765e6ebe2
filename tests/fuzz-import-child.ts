import { Archive } from '../db/archive.js';
import { DEFAULT_IMPORT_OPTIONS, runImport } from '../electron/import/run.js';

/*
 * Imports the paths given after the archive's path in a process of its own and prints the summary
 * with the process's peak resident memory (its workers are threads, so theirs is included): the
 * fuzz tests' measure of a memory blow-up. A file that keeps its reader busy for 30 s fails,
 * so a hang shows as that reason instead of stalling the suite.
 */
const [file, ...paths] = process.argv.slice(2);
const archive = await Archive.open(file!);
try {
  const summary = await runImport(archive, paths, { ...DEFAULT_IMPORT_OPTIONS, limits: { fileTimeoutMs: 30_000 } });
  const integrity = archive.integrityProblems();
  process.stdout.write(JSON.stringify({ summary, integrity, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
} finally {
  archive.close();
}
