import { Argument, type Command, InvalidArgumentError, Option } from 'commander';
import { ArticleColumn, type ExportRequest, type ExportResult } from './api.js';
import { formatCount, openArchive, out, parsePositive, printJson, progressBar, stopOnSigint } from './cli-common.js';

/*
 * `pantau export`: articles, entity counts per period, duplicate clusters or the entity registry,
 * as CSV or an Excel workbook (by the output's extension or --format), with a progress bar that
 * Ctrl-C stops without leaving a file behind.
 */

interface ExportOptions {
  out: string;
  format?: 'csv' | 'xlsx';
  query?: string;
  saved?: string;
  columns?: ExportRequest['columns'];
  sort: 'relevance' | 'newest' | 'oldest';
  confirmedOnly?: boolean;
  entity?: 'country' | 'person' | 'tag';
  period: 'day' | 'week' | 'month';
  layout: 'wide' | 'long';
  members?: boolean;
  clusterSort: 'size' | 'outlets' | 'recent';
  minSize?: number;
  preset?: 'excel' | 'excel-semicolon' | 'plain';
  delimiter?: ',' | ';';
  bom?: boolean;
  json?: boolean;
}

function parseColumns(value: string): NonNullable<ExportRequest['columns']> {
  const names = value.split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = names.filter((c) => !ArticleColumn.safeParse(c).success);
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown column ${unknown.map((c) => `"${c}"`).join(', ')} (columns: ${ArticleColumn.options.join(', ')})`);
  if (names.length === 0) throw new InvalidArgumentError('pick at least one column');
  return names as NonNullable<ExportRequest['columns']>;
}

/** The presets name what a spreadsheet expects; --delimiter and --no-bom override them. */
const PRESETS = {
  excel: { delimiter: ',', bom: true },
  'excel-semicolon': { delimiter: ';', bom: true },
  plain: { delimiter: ',', bom: false },
} as const;

export function addExportCommands(program: Command): void {
  program
    .command('export')
    .description('write articles, entity counts per period, duplicate clusters or the entity registry to a CSV file or an Excel workbook (docs/export.md)')
    .addArgument(new Argument('<what>', 'what to export').choices(['articles', 'entity-counts', 'duplicates', 'entities']))
    .requiredOption('--out <file>', 'the file to write: .csv, or .xlsx for an Excel workbook')
    .addOption(new Option('--format <format>', 'csv or xlsx, whatever the file is called').choices(['csv', 'xlsx']))
    .option('--query <query>', 'only what this query matches (articles, entity counts, duplicates)')
    .option('--saved <name>', 'only what this saved search matches')
    .option('--columns <list>', `articles: columns in order, from ${ArticleColumn.options.join(', ')}`, parseColumns)
    .addOption(new Option('--sort <order>', 'articles: result order').choices(['relevance', 'newest', 'oldest']).default('relevance'))
    .option('--confirmed-only', 'count and list only countries and persons a person confirmed')
    .addOption(new Option('--entity <kind>', 'entity counts: country (default) or person; entities: only this kind').choices(['country', 'person', 'tag']))
    .addOption(new Option('--period <unit>', 'entity counts: day, ISO week or month').choices(['day', 'week', 'month']).default('week'))
    .addOption(new Option('--layout <layout>', 'entity counts: a column per period, or a row per entity and period').choices(['wide', 'long']).default('wide'))
    .option('--members', 'duplicates: a row per paragraph of each cluster')
    .addOption(new Option('--cluster-sort <order>', 'duplicates: largest, most outlets or most recent first').choices(['size', 'outlets', 'recent']).default('size'))
    .option('--min-size <n>', 'duplicates: only clusters of at least N paragraphs', parsePositive)
    .addOption(new Option('--preset <preset>', 'CSV for Excel (comma, BOM; the default), Excel in a semicolon locale, or plain UTF-8 without BOM').choices(['excel', 'excel-semicolon', 'plain']))
    .addOption(new Option('--delimiter <char>', 'CSV: cell separator').choices([',', ';']))
    .option('--no-bom', 'CSV: no UTF-8 byte-order mark')
    .option('--json', 'print a JSON summary')
    .action(async (what: ExportRequest['kind'], opts: ExportOptions, cmd: Command) => {
      const preset = PRESETS[opts.preset ?? 'excel'];
      const bomGiven = cmd.getOptionValueSource('bom') === 'cli';
      const request: ExportRequest = {
        kind: what,
        out: opts.out,
        format: opts.format,
        query: opts.query ?? '',
        saved: opts.saved,
        columns: opts.columns,
        sort: opts.sort,
        confirmedOnly: opts.confirmedOnly ?? false,
        entity: opts.entity,
        period: opts.period,
        layout: opts.layout,
        members: opts.members ?? false,
        clusterSort: opts.clusterSort,
        minSize: opts.minSize,
        delimiter: opts.delimiter ?? preset.delimiter,
        bom: bomGiven ? opts.bom !== false : preset.bom,
      };
      const wb = await openArchive(cmd);
      const stop = stopOnSigint('Stopping the export');
      const bar = progressBar<{ done: number; total: number; unit: string }>((p) => ({ label: 'Exporting', value: p.done, total: p.total, unit: p.unit }));
      let result: ExportResult;
      try {
        result = await wb.export(request, { signal: stop.signal, onProgress: (p) => bar.update(p) });
      } finally {
        bar.stop();
        stop.release();
        wb.close();
      }
      if (opts.json) printJson(result);
      else if (result.status === 'cancelled') out(`Export stopped; nothing was written to ${result.out}.`);
      else {
        out(`Wrote ${formatCount(result.rows)} row${result.rows === 1 ? '' : 's'} to ${result.out}`);
        for (const n of result.notes) out(`Note: ${n}`);
      }
      if (result.status === 'cancelled') process.exitCode = 1;
    });
}
