import { type Command, InvalidArgumentError, Option } from 'commander';
import type { BackupProgress, BackupResult } from './api.js';
import { type GlobalOptions, openArchive, out, printJson, progressBar, stopOnSigint } from './cli-common.js';
import { type BackupEntry, type BackupSettings, type CheckProblem, DamagedArchiveError, Workbench, WorkbenchError } from './service.js';

/*
 * Keeping the archive safe (docs/backup.md): `pantau backup` (a copy now, the automatic backups and
 * their setting), `pantau restore` (a backup back in place) and `pantau check` (SQLite's and FTS5's
 * checks, and the rebuild of the full-text index).
 * Exit codes: 0 ok, 1 `check` found problems or a backup was cancelled, 2 usage or fatal error.
 */

const formatBytes = (n: number): string => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

function parseKeep(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('expects a whole number of copies from 1 to 1000');
  return n;
}

const describeSettings = (s: BackupSettings): string =>
  s.auto === 'daily'
    ? `Automatic backups: daily (the newest ${s.keepDaily} kept) and before each upgrade (the newest ${s.keepMigration} kept).`
    : `Automatic backups: only before each upgrade (the newest ${s.keepMigration} kept); daily backups are off.`;

function printList(settings: BackupSettings | null, backups: BackupEntry[]): void {
  if (settings) out(describeSettings(settings));
  if (backups.length === 0) out('No automatic backups yet.');
  for (const b of backups) out(`${b.takenAt.slice(0, 16).replace('T', ' ')} UTC  ${b.reason.padEnd(9)}  ${formatBytes(b.bytes).padStart(9)}  ${b.file}`);
}

interface BackupOptions {
  out?: string;
  force?: boolean;
  list?: boolean;
  auto?: 'daily' | 'off';
  keep?: number;
  json?: boolean;
}

async function backupNow(cmd: Command, file: string, opts: BackupOptions): Promise<void> {
  const wb = await openArchive(cmd);
  const stop = stopOnSigint('Stopping the backup');
  const bar = progressBar<BackupProgress>((p) => ({ label: 'Backing up', value: p.done, total: p.total, unit: 'pages' }));
  let result: BackupResult;
  try {
    result = await wb.backup({ out: file, force: opts.force ?? false }, { signal: stop.signal, onProgress: bar.update });
  } catch (err) {
    if (!(err instanceof WorkbenchError && err.code === 'cancelled')) throw err;
    if (opts.json) printJson({ error: { code: err.code, message: err.message } });
    else process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
    return;
  } finally {
    bar.stop();
    stop.release();
    wb.close();
  }
  if (opts.json) printJson(result);
  else out(`Backed up ${wb.archivePath} to ${result.out} (${formatBytes(result.bytes)}; it opens and passes SQLite's quick check).`);
}

/** Settings need the archive open; the list does not, so it still shows when the archive is damaged. */
async function listOrSet(cmd: Command, opts: BackupOptions): Promise<void> {
  const db = cmd.optsWithGlobals<GlobalOptions>().db;
  let settings: BackupSettings | null = null;
  let problem: string | null = null;
  try {
    const wb = await openArchive(cmd);
    try {
      const change = { ...(opts.auto === undefined ? {} : { auto: opts.auto }), ...(opts.keep === undefined ? {} : { keepDaily: opts.keep }) };
      settings = wb.backupSettings(Object.keys(change).length > 0 ? change : undefined);
    } finally {
      wb.close();
    }
  } catch (err) {
    if (!opts.list || !(err instanceof DamagedArchiveError)) throw err;
    problem = err.message;
  }
  const backups = Workbench.backupsOf(db);
  if (opts.json) printJson(opts.list ? { settings, backups, ...(problem === null ? {} : { problem }) } : { settings });
  else if (opts.list) {
    if (problem !== null) out(`${problem}\n`);
    printList(settings, backups);
  } else if (settings) out(describeSettings(settings));
}

function printCheck(problems: CheckProblem[]): void {
  out(problems.length === 0 ? 'The archive is sound.' : problems.map((p) => p.message).join('\n'));
}

async function check(cmd: Command, opts: { quick?: boolean; rebuildIndex?: boolean; json?: boolean }): Promise<{ problems: CheckProblem[]; rebuilt?: { articles: number; before: string[] } }> {
  const wb = await openArchive(cmd);
  try {
    const before = wb.checkProblems({ quick: opts.quick });
    if (!opts.rebuildIndex) return { problems: before };
    if (!opts.json) {
      if (before.length > 0) printCheck(before);
      out('Rebuilding the full-text index…');
    }
    const bar = progressBar<{ done: number; total: number }>((p) => ({ label: 'Indexing', value: p.done, total: p.total, unit: 'articles' }));
    let articles: number;
    try {
      articles = wb.rebuildIndex((done, total) => bar.update({ done, total }));
    } finally {
      bar.stop();
    }
    if (!opts.json) out(`Rebuilt the full-text index (${articles} articles). Checking again:`);
    return { problems: wb.checkProblems({ quick: opts.quick }), rebuilt: { articles, before: before.map((p) => p.message) } };
  } finally {
    wb.close();
  }
}

export function addBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('copy the archive while it stays in use (--out FILE), list the automatic backups (--list), or set them (--auto, --keep); docs/backup.md')
    .option('--out <file>', 'write a copy of the archive to this file (it must not exist)')
    .option('--force', 'with --out: replace the file if it exists (and delete its -wal/-shm files)')
    .option('--list', 'the automatic backups in backups/ beside the archive, newest first, and their setting')
    .addOption(new Option('--auto <when>', 'automatic daily backups on (daily, the default) or off; backups before upgrades are always taken').choices(['daily', 'off']))
    .option('--keep <n>', 'daily backups to keep (default 7)', parseKeep)
    .option('--json', 'print JSON')
    .action(async (opts: BackupOptions, cmd: Command) => {
      const modes = [opts.out !== undefined, opts.list === true, opts.auto !== undefined || opts.keep !== undefined].filter(Boolean).length;
      if (modes !== 1) cmd.error('error: give --out FILE (a copy now), --list, or --auto/--keep (the automatic backups)', { exitCode: 2 });
      if (opts.force && opts.out === undefined) cmd.error('error: --force goes with --out', { exitCode: 2 });
      if (opts.out !== undefined) await backupNow(cmd, opts.out, opts);
      else await listOrSet(cmd, opts);
    });

  program
    .command('restore')
    .description('put a backup in the place of the archive; the file there and its -wal/-shm are kept beside it as <archive>.damaged-<time>, never deleted (refused while Pantau or pantau serve has it open)')
    .requiredOption('--from <backup>', 'the backup to restore (see pantau backup --list)')
    .option('--json', 'print JSON')
    .action(async (opts: { from: string; json?: boolean }, cmd: Command) => {
      const r = await Workbench.restore(opts.from, cmd.optsWithGlobals<GlobalOptions>().db);
      if (opts.json) printJson(r);
      else {
        const sidecars = r.movedAside.filter((f) => f !== r.keptAside);
        const kept = r.keptAside ? ` The file that was there is kept as ${r.keptAside}.` : '';
        out(`Restored ${r.restored} from ${opts.from}.${kept}${sidecars.length > 0 ? ` Its log files are kept as ${sidecars.join(', ')}.` : ''}`);
      }
    });

  program
    .command('check')
    .description("verify the archive file and its full-text index (SQLite's and FTS5's integrity checks); exit code 1 when something is wrong")
    .option('--quick', "SQLite's quick_check instead of the full integrity_check (much faster on a large archive)")
    .option('--rebuild-index', 'rebuild the full-text index from the stored texts, then check again')
    .option('--json', 'print JSON')
    .action(async (opts: { quick?: boolean; rebuildIndex?: boolean; json?: boolean }, cmd: Command) => {
      try {
        const { problems, rebuilt } = await check(cmd, opts);
        const ok = problems.length === 0;
        if (opts.json) printJson(rebuilt ? { ok, problems: problems.map((p) => p.message), rebuilt } : { ok, problems: problems.map((p) => p.message) });
        else printCheck(problems);
        process.exitCode = ok ? 0 : 1;
      } catch (err) {
        // Damage too deep for the checks to read past: what SQLite said, and the latest good backup.
        if (!(err instanceof DamagedArchiveError)) throw err;
        if (opts.json) printJson({ ok: false, problems: [err.message], damaged: { archive: err.file, backup: err.backup?.file ?? null } });
        else out(err.message);
        process.exitCode = 1;
      }
    });
}
