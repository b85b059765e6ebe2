import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { FeedRunResult, FeedsRunProgress, FeedStatus } from './api.js';
import { formatCount, openArchive, out, parsePositive, printJson, progressBar, show, stopOnSigint } from './cli-common.js';
import { startFeedTimer } from './sources/timer.js';
import { DEFAULT_WATCH_INTERVAL_MS, type FolderCheck, FolderWatcher, importFailures } from './sources/watch.js';
import { WorkbenchError } from './service.js';

/*
 * `pantau feeds`: the RSS and Atom feeds Pantau polls (the only network access it has, and only to
 * the feeds added here), and `pantau watch`: polling them on schedule, and importing what appears
 * in watched folders, until Ctrl-C. docs/feeds.md has the rules.
 */

const when = (iso: string | null): string => (iso === null ? 'never' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));

function printFeeds(feeds: FeedStatus[]): void {
  if (feeds.length === 0) out('No feeds yet; add one with `pantau feeds add URL`.');
  for (const f of feeds) {
    out(`${f.url}  every ${f.every}${f.source ? `  as ${f.source}` : ''}${f.fullText ? '  full text' : ''}`);
    out(`  ${formatCount(f.articles)} articles; last success ${when(f.lastSuccess)}; next poll ${when(f.nextPoll)}`);
    if (f.lastError) out(`  last error (${f.failures} in a row): ${f.lastError}`);
  }
}

function describe(r: FeedRunResult): string {
  if (r.status === 'error') return `${r.url}: ${r.error}`;
  if (r.status === 'not-modified') return `${r.url}: not modified`;
  return `${r.url}: ${formatCount(r.new)} new article${r.new === 1 ? '' : 's'}`;
}

const stamp = (): string => new Date().toISOString().slice(11, 19);

export function addFeedsCommands(program: Command): void {
  const feeds = program.command('feeds').description('RSS and Atom feeds to poll: the only network access Pantau has, to the feeds you add');
  feeds
    .command('add')
    .description('poll a feed (http or https) from now on; it is due at once')
    .argument('<url>', 'the address of an RSS or Atom feed')
    .option('--every <interval>', 'how often: 90s, 30m, 2h, 1d (at least 1m)', '30m')
    .option('--source <name>', 'store every article of the feed under this outlet (default: each item\'s link decides)')
    .option('--full-text', 'fetch each new item\'s page when the feed carries only a summary')
    .option('--json', 'print JSON')
    .action(async (url: string, opts: { every: string; source?: string; fullText?: boolean; json?: boolean }, cmd: Command) => {
      const wb = await openArchive(cmd, { create: true });
      let feed: FeedStatus;
      try {
        feed = wb.feedsAdd({ url, every: opts.every, source: opts.source, fullText: opts.fullText === true });
      } finally {
        wb.close();
      }
      if (opts.json) printJson(feed);
      else out(`Added ${feed.url}, polled every ${feed.every}. \`pantau feeds run\` polls it now; \`pantau watch\` keeps polling.`);
    });
  feeds
    .command('list')
    .description('every feed with its interval, last success, last error and articles')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => ({ feeds: wb.feedsList() }), (r) => printFeeds(r.feeds));
    });
  feeds
    .command('remove')
    .description('stop polling a feed; the articles it brought stay')
    .argument('<url>', 'the feed')
    .option('--json', 'print JSON')
    .action(async (url: string, opts: { json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => {
        wb.feedsRemove({ url });
        return { removed: url };
      }, (r) => out(`Removed ${r.removed}.`));
    });
  feeds
    .command('run')
    .description('poll the feeds that are due now (every feed with --all) and import their new items')
    .option('--all', 'poll every feed, due or not')
    .option('--json', 'print JSON')
    .action(async (opts: { all?: boolean; json?: boolean }, cmd: Command) => {
      const wb = await openArchive(cmd);
      const stop = stopOnSigint('Stopping after the feed in hand');
      const bar = progressBar<FeedsRunProgress>((p) => ({ label: 'Polling', value: p.done, total: p.total, unit: 'feeds' }));
      try {
        const r = await wb.feedsRun({ all: opts.all === true }, { signal: stop.signal, onProgress: (p) => bar.update(p) }).finally(() => bar.stop());
        if (opts.json) printJson(r);
        else {
          if (r.feeds.length === 0) out('No feed is due; `pantau feeds run --all` polls them all now.');
          for (const f of r.feeds) out(describe(f));
          if (r.feeds.length > 0) out(`${formatCount(r.imported)} new article${r.imported === 1 ? '' : 's'} in all.`);
        }
        if (r.feeds.some((f) => f.status === 'error')) process.exitCode = 1;
      } finally {
        stop.release();
        wb.close();
      }
    });

  program
    .command('watch')
    .description('keep polling the feeds on schedule and import files that appear in the watched folders (pantau folders), or in the folders named, until Ctrl-C')
    .argument('[folders...]', 'folders to watch instead of the saved ones: each file is imported once it is complete')
    .option('--interval <seconds>', 'seconds between checks of the folders', parsePositive, DEFAULT_WATCH_INTERVAL_MS / 1000)
    .option('--no-feeds', 'only watch the folders')
    .action(async (folders: string[], opts: { interval: number; feeds: boolean }, cmd: Command) => {
      const wb = await openArchive(cmd, { create: true });
      const saved = folders.length === 0;
      const folderCount = saved ? wb.foldersList().length : folders.length;
      if (folderCount === 0 && !opts.feeds) {
        wb.close();
        throw new WorkbenchError('invalid_request', 'nothing to watch: name a folder, add one with `pantau folders add`, or leave out --no-feeds');
      }
      const log = (s: string): void => out(`${stamp()} ${s}`);
      const timer = opts.feeds
        ? startFeedTimer(
            async (signal) => {
              const r = await wb.feedsRun({}, { signal });
              for (const f of r.feeds) log(describe(f));
            },
            (err) => log(`feeds: ${err instanceof Error ? err.message : String(err)}`),
          )
        : null;
      // A folder's problem is printed when it starts and when it is over, not at every check; an import's failures are on its own line.
      const problems = new Map<string, string | null>();
      const onChecked = ({ folder, imported, summary: s, problem, elsewhere }: FolderCheck): void => {
        if (s) {
          log(`${folder}: imported ${imported.length} file${imported.length === 1 ? '' : 's'}: ${formatCount(s.imported)} new, ${formatCount(s.skipped)} already in the archive, ${formatCount(s.failed)} failed${s.errors[0] ? ` (${s.errors[0].path}: ${s.errors[0].reason})` : ''}`);
        }
        const shown = elsewhere ? 'another Pantau process (the app, pantau serve) is watching it; this one takes over when that one stops' : s && problem === importFailures(s) ? null : problem;
        if (shown !== (problems.get(folder) ?? null)) log(shown === null ? `${folder}: checked without problems again` : `${folder}: ${shown}`);
        problems.set(folder, shown);
      };
      const onError = (err: unknown): void => log(`folders: ${err instanceof Error ? err.message : String(err)}`);
      const intervalMs = opts.interval * 1000;
      let watcher: { stop(): Promise<void> };
      if (saved) watcher = wb.watchFolders({ intervalMs, onChecked, onError });
      else {
        const named = new FolderWatcher({ folders: folders.map((f) => resolve(f)), archive: wb.archivePath, intervalMs, importFiles: (paths, signal) => wb.import({ paths }, { signal }), onChecked, onError });
        named.start();
        watcher = named;
      }
      const feedCount = opts.feeds ? wb.feedsList().length : 0;
      out(`Watching ${folderCount}${saved ? ' saved' : ''} folder${folderCount === 1 ? '' : 's'} and ${feedCount} feed${feedCount === 1 ? '' : 's'} for ${wb.archivePath}. Ctrl-C stops.`);
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      out('Stopping…');
      await Promise.all([timer?.stop(), watcher.stop()]);
      wb.close();
    });
}
