#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ArticleView, FacetCount, Facets, ImportProgress, ImportSummary, SavedSearch, SearchResponse, SortOrder, Stats } from './api.js';
import { formatCount, openArchive, out, parseId, parsePositive, printJson, progressBar, queryOf, show, stopOnSigint } from './cli-common.js';
import { addBackupCommands } from './cli-backup.js';
import { addDupsCommands } from './cli-dups.js';
import { addEntityCommands } from './cli-entities.js';
import { addExportCommands } from './cli-export.js';
import { addFeedsCommands } from './cli-feeds.js';
import { addFoldersCommands } from './cli-folders.js';
import { addServeCommand } from './cli-serve.js';
import { WorkbenchError } from './service.js';

/*
 * The `pantau` command: a thin front door over the Workbench. It parses arguments, shows progress
 * and prints results; every decision about the archive is the service's.
 * Exit codes: 0 ok, 1 partial failure (some files could not be read), 2 usage or fatal error.
 */

const EXIT_OK = 0;
const EXIT_PARTIAL = 1;
const EXIT_FATAL = 2;

function parseMap(value: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const m = /^\s*(title|body|date|url|source|author)\s*=\s*(.+?)\s*$/.exec(pair);
    if (!m) throw new InvalidArgumentError(`"${pair}" is not field=column (fields: title, body, date, url, source, author)`);
    map[m[1]!] = m[2]!;
  }
  return map;
}

const formatBytes = (n: number): string => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);
const importBar = (): ReturnType<typeof progressBar<ImportProgress>> =>
  progressBar<ImportProgress>((p) => {
    // While the duplicate finder runs, the bar counts the new articles it has gone through.
    const finder = p.phase === 'duplicates' ? p.finder : null;
    return {
      label: p.phase === 'scanning' ? 'Scanning ' : p.phase === 'duplicates' ? 'Finding duplicates' : p.phase === 'duplicate-keys' ? 'Merging duplicate keys' : 'Importing',
      value: finder ? finder.done : p.phase === 'scanning' ? p.filesTotal : p.filesDone,
      total: Math.max(finder ? finder.total : p.filesTotal, 1),
      unit: finder ? 'articles' : 'files',
      detail: ` | ${p.imported} new, ${p.skipped} skipped, ${p.failed} failed`,
    };
  });

function printImportSummary(s: ImportSummary): void {
  const lines = [
    `${s.status === 'cancelled' ? 'Cancelled. ' : ''}Imported ${s.imported} article${s.imported === 1 ? '' : 's'} from ${s.files} file${s.files === 1 ? '' : 's'}` +
      `; ${s.skipped} already in the archive; ${s.failed} failed (${(s.durationMs / 1000).toFixed(1)} s).`,
  ];
  if (s.outlets.length > 0) {
    const shown = s.outlets.slice(0, 10).map((o) => `${o.name} (${o.articles})`).join(', ');
    lines.push(`Outlets: ${shown}${s.outlets.length > 10 ? `, and ${s.outlets.length - 10} more` : ''}.`);
  }
  if (s.unsourced > 0) lines.push(`${s.unsourced} new article(s) name no outlet; pass --source NAME to set one.`);
  if (s.duplicates === 'cancelled') lines.push('The duplicate finder was stopped before it saw every new article; `pantau dups` finishes it.');
  for (const e of s.errors) lines.push(`  ${e.path}: ${e.reason}`);
  if (s.warnings.length > 0) lines.push(`Imported with warnings:`);
  for (const w of s.warnings) lines.push(`  ${w.path}: ${w.reason}`);
  if (s.failed > s.errors.length) lines.push(`  … and ${s.failed - s.errors.length} more (see the import log in the archive)`);
  out(lines.join('\n'));
}

function printStats(s: Stats): void {
  const langs = Object.entries(s.languages).map(([k, v]) => `${k} ${v}`).join(', ') || '—';
  out(
    [
      `Archive     ${s.archive} (${formatBytes(s.sizeBytes)}, schema ${s.schemaVersion})`,
      `Articles    ${s.articles}`,
      `Paragraphs  ${s.paragraphs} (${s.repeatedParagraphs} repeated within their article)`,
      `Sources     ${s.sources}`,
      `Imports     ${s.imports}`,
      `Languages   ${langs}`,
      `Published   ${s.firstPublished ?? '—'} … ${s.lastPublished ?? '—'}`,
    ].join('\n'),
  );
}

function printArticle(a: ArticleView): void {
  const meta = [
    ['Source', a.section ? `${a.source} (${a.section})` : a.source], ['Published', a.publishedAt], ['Author', a.author], ['URL', a.url], ['Language', a.language], ['From', a.origin],
  ]
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}: ${v}`);
  out([`# ${a.title}`, ...meta, ''].join('\n'));
  for (const p of a.paragraphs) {
    const flags = [p.repeated ? `repeated ×${p.occurrences}` : '', p.boilerplate ? 'boilerplate' : ''].filter(Boolean).join(', ');
    out(`${p.text}${flags ? `  [${flags}]` : ''}\n`);
  }
}

function printSearch(r: SearchResponse & { facets?: Facets }): void {
  const bold = process.stdout.isTTY ? ['\x1b[1m', '\x1b[22m'] : ['[', ']'];
  const plain = (s: string): string =>
    s.replace(/<mark>/g, bold[0]!).replace(/<\/mark>/g, bold[1]!).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const n of r.notices) out(`Note: ${n}`);
  out(`${formatCount(r.total)}${r.totalIsExact ? '' : '+'} match${r.total === 1 && r.totalIsExact ? '' : 'es'}${r.totalIsExact ? '' : ' (pantau count QUERY gives the exact number)'}`);
  for (const h of r.results) {
    out(`\n#${h.id}  ${h.new ? '[new] ' : ''}${h.title}\n    ${[h.source, h.publishedAt, h.language].filter(Boolean).join(' · ')}\n    ${plain(h.snippet)}`);
  }
  if (r.next) out(`\nMore: add --after ${r.next}`);
  if (r.facets) {
    const line = (label: string, counts: FacetCount[]): void => {
      if (counts.length > 0) out(`${label}: ${counts.map((c) => `${c.value} ${c.count}`).join(', ')}`);
    };
    out('');
    line('Sources', r.facets.sources);
    line('Languages', r.facets.languages);
    line('Countries', r.facets.countries.map((c) => ({ ...c, value: c.label ? `${c.label} (${c.value})` : c.value })));
    line('Persons', r.facets.persons);
    line(`Per ${r.facets.granularity}`, r.facets.timeline);
    if (r.facets.undated > 0) out(`Undated: ${r.facets.undated}`);
  }
}

function printSaved(list: SavedSearch[]): void {
  if (list.length === 0) out('No saved searches. Add one with: pantau saved add NAME "QUERY"');
  for (const s of list) out(`${s.name}  (${s.total} match${s.total === 1 ? '' : 'es'}, ${s.new} new)\n    ${s.query}`);
}

function buildProgram(): Command {
  const program = new Command('pantau')
    .description('Pantau: an offline workbench for media monitoring. Import, search and read your news archive.')
    .addOption(new Option('--db <file>', 'archive file to use (default: $PANTAU_DB, else the per-user archive)'))
    .showHelpAfterError('(run pantau --help for usage)')
    .exitOverride();

  program
    .command('import')
    .description('import articles from files, folders and zip archives (txt, md, html, json, jsonl, csv, tsv, rss, atom, zip)')
    .argument('<paths...>', 'files or folders to import')
    .option('--source <name>', 'outlet of every article of this run, whatever its file or URL says')
    .option('--map <mapping>', 'CSV/JSON column mapping, e.g. title=judul,body=isi_berita,date=tanggal,url=tautan', parseMap)
    .addOption(new Option('--date-format <order>', 'order of ambiguous numeric dates such as 03/04/2023').choices(['DMY', 'MDY']))
    .option('--max-file-size <MB>', 'skip files (mailbox messages) larger than this (default 200)', parsePositive)
    .option('--max-article-size <KB>', 'articles with more clean text than this are split into parts or refused (default 256)', parsePositive)
    .addOption(new Option('--long-articles <what>', 'what to do with an article over --max-article-size').choices(['split', 'refuse']).default('split'))
    .option('--json', 'print a machine-readable summary')
    .action(async (
      paths: string[],
      opts: { source?: string; map?: Record<string, string>; dateFormat?: 'DMY' | 'MDY'; maxFileSize?: number; maxArticleSize?: number; longArticles: 'split' | 'refuse'; json?: boolean },
      cmd: Command,
    ) => {
      const wb = await openArchive(cmd, { create: true });
      const stop = stopOnSigint('Stopping: finishing the files already being read, then committing');
      const bar = importBar();
      try {
        const summary = await wb.import(
          {
            paths,
            source: opts.source,
            map: opts.map,
            dateFormat: opts.dateFormat,
            maxFileMB: opts.maxFileSize,
            maxArticleKB: opts.maxArticleSize,
            longArticles: opts.longArticles,
          },
          { onProgress: bar.update, signal: stop.signal },
        );
        bar.stop();
        if (opts.json) {
          const { importId, imported, skipped, failed, errors, warnings, files, unsourced, outlets, duplicates, status, durationMs } = summary;
          printJson({ imported, skipped, failed, errors, warnings, files, unsourced, outlets, duplicates, status, importId, durationMs });
        } else printImportSummary(summary);
        process.exitCode = summary.failed > 0 || summary.status === 'cancelled' ? EXIT_PARTIAL : EXIT_OK;
      } finally {
        bar.stop();
        stop.release();
        wb.close();
      }
    });

  program
    .command('stats')
    .description('counts of what the archive holds')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => wb.stats(), printStats);
    });

  program
    .command('article')
    .description('show one article with its paragraphs and their flags')
    .argument('<id>', 'article id', parseId)
    .option('--json', 'print JSON')
    .action(async (id: number, opts: { json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => wb.article({ id }), printArticle);
    });

  program
    .command('search')
    .description('search the archive with the query language (docs/query-language.md): words, "phrases", OR, -word, prefix*, NEAR, title: source: lang: country: person: tag: date: after: before:; no query lists every article')
    .argument('[query...]', 'the query (several arguments are joined with spaces; none: every article)')
    // `-putin` is a query term, not an unknown option; queryOf refuses words that look like options.
    .allowUnknownOption()
    .addOption(new Option('--sort <order>', 'order of results').choices(['relevance', 'newest', 'oldest']).default('relevance'))
    .option('--limit <n>', 'results per page (default 20, at most 1000)', parsePositive)
    .option('--after <cursor>', 'the next page: the cursor printed after the previous page')
    .option('--facets', 'also count matches by source, language, country, person and period')
    .option('--confirmed-only', 'country: and person: filters and facets count only tags a person confirmed')
    .addOption(new Option('--granularity <unit>', 'timeline bars (implies --facets)').choices(['day', 'week', 'month']))
    .option('--json', 'print JSON')
    .action(
      async (
        words: string[],
        opts: { sort: SortOrder; limit?: number; after?: string; facets?: boolean; granularity?: 'day' | 'week' | 'month'; confirmedOnly?: boolean; json?: boolean },
        cmd: Command,
      ) => {
        const query = queryOf(words);
        await show(
          cmd,
          opts.json,
          (wb) => {
            const { confirmedOnly } = opts;
            const page = wb.search({ query, sort: opts.sort, limit: opts.limit, after: opts.after, confirmedOnly });
            return opts.facets || opts.granularity ? { ...page, facets: wb.facets({ query, granularity: opts.granularity, confirmedOnly }) } : page;
          },
          printSearch,
        );
      },
    );

  program
    .command('count')
    .description('the exact number of articles a query matches (search stops counting at 10,000)')
    .argument('[query...]', 'the query (none: every article)')
    .allowUnknownOption()
    .option('--confirmed-only', 'country: and person: filters count only tags a person confirmed')
    .option('--json', 'print JSON')
    .action(async (words: string[], opts: { confirmedOnly?: boolean; json?: boolean }, cmd: Command) => {
      const query = queryOf(words);
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      process.on('SIGINT', onSigint);
      const bar = progressBar<{ done: number; total: number }>((p) => ({ label: 'Counting', value: p.done, total: p.total, unit: 'article ids' }));
      try {
        await show(
          cmd,
          opts.json,
          (wb) => wb.count({ query, confirmedOnly: opts.confirmedOnly }, { signal: controller.signal, onProgress: (done, total) => bar.update({ done, total }) }).finally(() => bar.stop()),
          (r) => out(`${formatCount(r.total)} match${r.total === 1 ? '' : 'es'}`),
        );
      } finally {
        process.off('SIGINT', onSigint);
      }
    });

  const saved = program.command('saved').description('saved searches (monitors): what matches, and what is new since you last looked');
  saved
    .command('add')
    .description('save a query under a name')
    .argument('<name>', 'a name for the search')
    .argument('<query...>', 'the query')
    .allowUnknownOption()
    .option('--json', 'print JSON')
    .action(async (name: string, words: string[], opts: { json?: boolean }, cmd: Command) => {
      const query = queryOf(words);
      await show(cmd, opts.json, (wb) => wb.savedAdd({ name, query }), (s) => printSaved([s]));
    });
  saved
    .command('list')
    .description('every saved search with its matches and how many are new')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => wb.savedList(), printSaved);
    });
  saved
    .command('run')
    .description('run a saved search and mark it read')
    .argument('<name>', 'the saved search')
    .addOption(new Option('--sort <order>', 'order of results').choices(['relevance', 'newest', 'oldest']).default('newest'))
    .option('--limit <n>', 'results (default 20)', parsePositive)
    .option('--after <cursor>', 'the next page: the cursor printed after the previous page')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { sort: SortOrder; limit?: number; after?: string; json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => wb.savedRun({ name, sort: opts.sort, limit: opts.limit, after: opts.after }), (r) => {
        out(`${r.saved.name}: ${r.saved.new} new since ${r.saved.lastOpenedAt ?? 'it was saved'} (marked [new])`);
        printSearch(r);
      });
    });
  saved
    .command('remove')
    .description('delete a saved search')
    .argument('<name>', 'the saved search')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => {
        wb.savedRemove({ name });
        return { removed: name };
      }, (r) => out(`Removed ${r.removed}.`));
    });

  addEntityCommands(program);
  addDupsCommands(program);
  addExportCommands(program);
  addServeCommand(program);
  addBackupCommands(program);
  addFeedsCommands(program);
  addFoldersCommands(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      const isError = err.exitCode !== 0;
      if (isError && wantsJson) printJson({ error: { code: 'usage', message: err.message.replace(/^error: /, '') } });
      process.exitCode = isError ? EXIT_FATAL : EXIT_OK;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof WorkbenchError ? err.code : err instanceof Error && err.name === 'ArchiveError' ? 'archive' : 'internal';
    const position = err instanceof WorkbenchError ? err.position : undefined;
    if (wantsJson) printJson({ error: position === undefined ? { code, message } : { code, message, position } });
    else process.stderr.write(`pantau: ${message}\n`);
    if (code === 'internal' && err instanceof Error && process.env.PANTAU_DEBUG) process.stderr.write(`${err.stack}\n`);
    process.exitCode = EXIT_FATAL;
  }
}

// `pantau search … | head` closes the pipe early; that is the reader being done, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
  throw err;
});

await main(process.argv);
