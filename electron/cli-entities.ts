import { Argument, type Command, InvalidArgumentError, Option } from 'commander';
import { createInterface } from 'node:readline/promises';
import type { AnalyzeProgress, ArticleTags, ArticleView, BulkTagResult, EntityKind, EntityRef, EntitySummary } from './api.js';
import { formatCount, openArchive, out, parseId, printJson, progressBar, queryOf, show, stopOnSigint } from './cli-common.js';
import { WorkbenchError } from './service.js';

/*
 * `pantau tags | tag | entities | analyze`: countries, people and tags of articles. An entity is
 * written as in the query language, `country:RU`, `person:"Vladimir Putin"`, `tag:pemilu`.
 */

const KINDS: readonly EntityKind[] = ['country', 'person', 'tag'];

/** For arguments read inside an action, where commander would not print the message of its own error type. */
function inAction<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof InvalidArgumentError) throw new WorkbenchError('invalid_request', err.message);
    throw err;
  }
}

export function parseEntity(text: string): EntityRef {
  const m = /^(country|person|tag):(.+)$/s.exec(text.trim());
  const name = m?.[2]?.trim().replace(/^["“”](.*)["“”]$/s, '$1').trim();
  if (!m || !name) throw new InvalidArgumentError(`"${text}" is not an entity; write country:RU, person:"Vladimir Putin" or tag:NAME`);
  return { kind: m[1] as EntityKind, name };
}

/** The text the evidence offsets point into: the title, a blank line, the paragraphs separated by blank lines. */
const analysedText = (a: ArticleView): string => [a.title, ...a.paragraphs.map((p) => p.text)].join('\n\n');

function printTags(t: ArticleTags, article: ArticleView): void {
  const text = analysedText(article);
  const words = (evidence: [number, number][]): string =>
    [...new Set(evidence.map(([s, e]) => text.slice(s, e)))].slice(0, 6).join(', ');
  out(`#${t.articleId}  ${article.title}`);
  const row = (label: string, status: string, mentions: number, evidence: [number, number][]): string =>
    `  ${label.padEnd(28)} ${status.padEnd(9)} ${mentions > 0 ? `${mentions} mention${mentions === 1 ? '' : 's'}: ${words(evidence)}` : ''}`.trimEnd();
  if (t.countries.length > 0) out('Countries');
  for (const c of t.countries) out(row(`${c.code}  ${c.name}`, c.status, c.mentions, c.evidence));
  if (t.persons.length > 0) out('Persons');
  for (const p of t.persons) out(row(p.name, p.status, p.mentions, p.evidence));
  if (t.tags.length > 0) out(`Tags: ${t.tags.map((g) => g.name).join(', ')}`);
  if (t.countries.length + t.persons.length + t.tags.length === 0) out('No countries, persons or tags.');
}

function printEntities(list: EntitySummary[]): void {
  if (list.length === 0) out('No entities.');
  for (const e of list) {
    const name = e.kind === 'country' ? `${e.code}  ${e.name}` : e.name;
    const flags = [e.registry && e.kind === 'person' ? 'registry' : '', e.muted ? 'muted' : '', e.office ?? ''].filter(Boolean).join(', ');
    out(`${e.kind.padEnd(8)} ${name}  (${formatCount(e.articles)} article${e.articles === 1 ? '' : 's'}, ${formatCount(e.confirmed)} confirmed${flags ? `; ${flags}` : ''})`);
    if (e.aliases.length > 0 && e.kind !== 'country') out(`         also: ${e.aliases.join(', ')}`);
  }
}

/** Asks on a terminal; elsewhere a bulk change needs --yes, so a script never changes thousands of articles by accident. */
async function confirmBulk(r: BulkTagResult, what: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new WorkbenchError('invalid_request', `this would ${what} ${formatCount(r.matches)} articles; add --yes to do it`);
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${what[0]!.toUpperCase()}${what.slice(1)} ${formatCount(r.matches)} articles? [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export function addEntityCommands(program: Command): void {
  program
    .command('tags')
    .description('the countries, persons and tags of an article, with the evidence of each suggestion')
    .argument('<id>', 'article id', parseId)
    .option('--json', 'print JSON')
    .action(async (id: number, opts: { json?: boolean }, cmd: Command) => {
      let article: ArticleView | undefined;
      await show(cmd, opts.json, (wb) => {
        const tags = wb.tags({ id });
        if (!opts.json) article = wb.article({ id });
        return tags;
      }, (t) => printTags(t, article!));
    });

  const tag = program.command('tag').description('confirm or reject suggestions, add or remove tags: on one article, or on every article a query matches');
  const actions = [
    ['confirm', 'confirm a suggestion (or tag by hand if there is none)'],
    ['reject', 'reject a suggestion: it is not suggested for this article again'],
    ['add', 'tag an article by hand (any country, any person, or a tag of your own)'],
    ['remove', 'take a tag off an article'],
  ] as const;
  for (const [action, description] of actions) {
    const sub = tag
      .command(action)
      .description(`${description}; e.g. pantau tag ${action} 12 country:RU person:"Vladimir Putin"${action === 'confirm' || action === 'add' ? `, or pantau tag ${action} --query "QUERY" tag:pemilu` : ''}`)
      .argument('<id-and-entities...>', 'an article id, then one or more entities (country:RU, person:NAME, tag:NAME)')
      .option('--json', 'print JSON');
    if (action === 'confirm' || action === 'add') {
      sub.option('--query <query>', 'every article this query matches, instead of one article (asks first; --yes to skip)').option('--yes', 'apply a --query change without asking');
    }
    sub.action(async (args: string[], opts: { json?: boolean; query?: string; yes?: boolean }, cmd: Command) => {
      if (opts.query !== undefined && (action === 'confirm' || action === 'add')) {
        const entities = inAction(() => args.map(parseEntity));
        const query = queryOf([opts.query]);
        const wb = await openArchive(cmd);
        try {
          const results: BulkTagResult[] = [];
          for (const entity of entities) {
            const preview = wb.tagBulk({ action, query, entity, dryRun: true });
            const what = action === 'confirm' ? `confirm ${entity.kind} "${preview.entity}" on` : `tag with ${entity.kind} "${preview.entity}"`;
            if (!opts.yes && !(await confirmBulk(preview, what))) {
              out('Nothing changed.');
              continue;
            }
            results.push(wb.tagBulk({ action, query, entity }));
          }
          if (opts.json) printJson(results);
          else for (const r of results) out(`${r.entity}: ${formatCount(r.changed)} of ${formatCount(r.matches)} matching articles changed.`);
        } finally {
          wb.close();
        }
        return;
      }
      const [first, ...rest] = args;
      const id = inAction(() => parseId(first ?? ''));
      if (rest.length === 0) throw new WorkbenchError('invalid_request', 'name at least one entity after the article id, e.g. country:RU');
      const entities = inAction(() => rest.map(parseEntity));
      let article: ArticleView | undefined;
      await show(cmd, opts.json, (wb) => {
        const after = wb.tag({ action, id, entities });
        if (!opts.json) article = wb.article({ id });
        return after;
      }, (t) => printTags(t, article!));
    });
  }

  const entities = program.command('entities').description('the countries, persons and tags the archive knows, and their names');
  entities
    .command('list')
    .description('every entity with its aliases and how many articles are about it')
    .addOption(new Option('--kind <kind>', 'only one kind').choices([...KINDS]))
    .option('--json', 'print JSON')
    .action(async (opts: { kind?: EntityKind; json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => wb.entities({ kind: opts.kind }), printEntities);
    });
  entities
    .command('add')
    .description('add a person (recognised in every import from now on) or a tag of your own')
    .addArgument(new Argument('<kind>', 'person or tag').choices(['person', 'tag']))
    .argument('<name>', 'the full name')
    .option('--alias <name>', 'another name to recognise (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--country <country>', "a person's country (ISO code or name)")
    .option('--office <office>', "a person's office, e.g. \"Minister of Foreign Affairs\"")
    .option('--json', 'print JSON')
    .action(async (kind: 'person' | 'tag', name: string, opts: { alias: string[]; country?: string; office?: string; json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => wb.entityAdd({ kind, name, aliases: opts.alias, country: opts.country, office: opts.office }), (e) => printEntities([e]));
    });
  entities
    .command('rename')
    .description('rename a person or tag; the old name stays as an alias')
    .argument('<entity>', 'person:NAME or tag:NAME', parseEntity)
    .argument('<name>', 'the new name')
    .option('--json', 'print JSON')
    .action(async (entity: EntityRef, name: string, opts: { json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => wb.entityRename({ entity, name }), (e) => printEntities([e]));
    });
  entities
    .command('merge')
    .description('fold one person or tag into another: its articles and aliases move, its name becomes an alias')
    .argument('<from>', 'the one that goes, e.g. person:"Joko Widodo (Jokowi)"', parseEntity)
    .argument('<into>', 'the one that stays, e.g. person:"Joko Widodo"', parseEntity)
    .option('--json', 'print JSON')
    .action(async (from: EntityRef, into: EntityRef, opts: { json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => wb.entityMerge({ from, into }), (e) => printEntities([e]));
    });
  entities
    .command('remove')
    .description('remove a person or tag and every tag of it')
    .argument('<entity>', 'person:NAME or tag:NAME', parseEntity)
    .option('--json', 'print JSON')
    .action(async (entity: EntityRef, opts: { json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => {
        wb.entityRemove({ entity });
        return { removed: entity };
      }, () => out(`Removed ${entity.kind} "${entity.name}".`));
    });
  for (const [name, muted] of [['mute', true], ['unmute', false]] as const) {
    entities
      .command(name)
      .description(muted ? 'never suggest this country or person again (open suggestions go; confirmed tags stay)' : 'let a muted entity be suggested again (from the next import or analyze)')
      .argument('<entity>', 'country:RU, person:NAME', parseEntity)
      .option('--json', 'print JSON')
      .action(async (entity: EntityRef, opts: { json?: boolean }, cmd: Command) => {
        await show(cmd, opts.json, (wb) => wb.entityMute({ entity, muted }), (e) => printEntities([e]));
      });
  }
  entities
    .command('alias')
    .description('add (or with --remove, remove) another name of an entity; person aliases are recognised in every import')
    .argument('<entity>', 'country:RU, person:NAME or tag:NAME', parseEntity)
    .argument('<alias>', 'the other name')
    .option('--remove', 'remove the alias instead')
    .option('--json', 'print JSON')
    .action(async (entity: EntityRef, alias: string, opts: { remove?: boolean; json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => wb.entityAlias({ entity, alias, remove: opts.remove ?? false }), (e) => printEntities([e]));
    });

  program
    .command('analyze')
    .description('suggest countries and persons again for every article, with the current gazetteer and registry; confirmed and rejected tags stay')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const stop = stopOnSigint('Stopping after the articles in hand');
      const bar = progressBar<AnalyzeProgress>((p) => ({ label: 'Analysing', value: p.done, total: p.total, unit: 'articles' }));
      try {
        const summary = await show(
          cmd,
          opts.json,
          (wb) => wb.analyze({ signal: stop.signal, onProgress: bar.update }).finally(() => bar.stop()),
          (s) =>
            out(
              `${s.status === 'cancelled' ? 'Cancelled. ' : ''}Analysed ${formatCount(s.articles)} articles: ${formatCount(s.suggestions)} suggestions ` +
                `(${(s.durationMs / 1000).toFixed(1)} s${s.durationMs > 0 ? `, ${formatCount(Math.round((s.articles / s.durationMs) * 1000))} articles/s` : ''}).`,
            ),
        );
        if (summary.status === 'cancelled') process.exitCode = 1;
      } finally {
        stop.release();
      }
    });
}
