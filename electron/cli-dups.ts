import { type Command, Option } from 'commander';
import type { ArticleDups, BoilerplateEntry, DupCluster, DupsResponse } from './api.js';
import { formatCount, openArchive, out, parseId, parsePositive, printJson, progressBar, stopOnSigint } from './cli-common.js';
import type { Workbench } from './service.js';

/*
 * `pantau dups`: paragraphs copied within and across articles, and what each outlet repeats as
 * boilerplate. Articles the duplicate finder has not seen yet (an upgraded archive, a stopped
 * import) go through it first, and a new threshold regroups the clusters, each with a progress bar
 * that Ctrl-C stops without changing anything half-way.
 */

interface DupsOptions {
  json?: boolean;
  article?: number;
  cluster?: number;
  boilerplate?: boolean;
  query?: string;
  minSize?: number;
  sort: 'size' | 'outlets' | 'recent';
  limit: number;
  offset: number;
  members: boolean;
  memberLimit?: number;
  threshold?: number;
  boilerplateArticles?: number;
}

const parseThreshold = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`"${value}" is not a number`);
  return n;
};

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const day = (d: string | null): string => (d ? d.slice(0, 10) : 'undated');

function printCluster(c: DupCluster): void {
  out(`Cluster ${c.id}: ${c.size} paragraphs, ${c.outlets} outlet${c.outlets === 1 ? '' : 's'}${c.sources.length > 0 ? ` (${c.sources.slice(0, 5).join(', ')})` : ''}`);
  out(`  first seen #${c.firstSeen.articleId} ¶${c.firstSeen.paragraph} ${day(c.firstSeen.publishedAt)} ${c.firstSeen.source ?? ''}  ${clip(c.firstSeen.title, 60)}`);
  out(`  "${clip(c.text, 160)}"`);
  for (const m of c.members ?? []) {
    out(`    #${m.articleId} ¶${m.paragraph}  ${day(m.publishedAt)}  ${(m.source ?? '—').padEnd(18)} ${m.similarity.toFixed(2)}  ${clip(m.title, 50)}`);
  }
  if (c.members && c.members.length < c.size) out(`    … and ${c.size - c.members.length} more (pantau dups --cluster ${c.id})`);
}

function printList(r: DupsResponse): void {
  if (r.pending > 0) out(`${formatCount(r.pending)} articles have not been through the duplicate finder yet.`);
  out(`${formatCount(r.total)} cluster${r.total === 1 ? '' : 's'} at threshold ${r.threshold}${r.clusters.length < r.total ? `; showing ${r.clusters.length}` : ''}.`);
  for (const c of r.clusters) printCluster(c);
}

function printArticle(a: ArticleDups): void {
  for (const p of a.paragraphs) {
    const marks = [p.occurrences > 1 ? `×${p.occurrences} in this article` : '', p.boilerplate ? 'boilerplate' : '', p.cluster ? `cluster ${p.cluster.id} (${p.cluster.size} paragraphs, ${p.cluster.outlets} outlets)` : '']
      .filter(Boolean)
      .join('; ');
    out(`¶${p.position}  ${clip(p.text, 100)}${marks ? `\n     ${marks}` : ''}`);
    for (const o of p.others) out(`     also #${o.articleId} ¶${o.paragraph} ${day(o.publishedAt)} ${o.source ?? ''} (${o.similarity.toFixed(2)})`);
  }
}

function printBoilerplate(list: BoilerplateEntry[]): void {
  if (list.length === 0) out('No boilerplate learnt yet.');
  for (const b of list) out(`${b.source.padEnd(24)} ${b.kind.padEnd(9)} ${String(b.articles).padStart(6)} articles  ${clip(b.example, 80)}`);
}

/**
 * Finish the finder's work and apply new settings before answering; both can be stopped with
 * Ctrl-C. Answers null when all is done, else what a stop kept.
 */
async function prepare(wb: Workbench, opts: DupsOptions): Promise<string | null> {
  const stop = stopOnSigint('Stopping after the articles in hand');
  try {
    if (wb.dupsPending() > 0) {
      // A merge or a store of band keys can take seconds with the count standing still: the label says so.
      let label = 'Finding duplicates';
      let at: [number, number] = [0, 0];
      const bar = progressBar<[number, number]>(([done, total]) => ({ label, value: done, total, unit: 'articles' }));
      const r = await wb
        .dupsUpdate({
          signal: stop.signal,
          onProgress: (done, total) => bar.update((at = [done, total])),
          onPhase: (phase) => {
            label = phase === 'merging' ? 'Merging duplicate keys' : 'Finding duplicates';
            bar.update(at);
          },
        })
        .finally(() => bar.stop());
      if (r.status === 'cancelled') return `Stopped after ${formatCount(r.articles)} articles; what was found is kept, and \`pantau dups\` goes on from there.`;
    }
    if (opts.threshold !== undefined || opts.boilerplateArticles !== undefined) {
      const bar = progressBar<[number, number]>(([done, total]) => ({ label: 'Regrouping', value: done, total, unit: 'pairs' }));
      const r = await wb
        .dupsSettings({ threshold: opts.threshold, boilerplateArticles: opts.boilerplateArticles }, { signal: stop.signal, onProgress: (done, total) => bar.update([done, total]) })
        .finally(() => bar.stop());
      if (r.status === 'cancelled') {
        return opts.boilerplateArticles !== undefined
          ? `Stopped while regrouping; the new boilerplate setting is kept. \`pantau dups --threshold ${r.threshold}\` regroups the clusters.`
          : 'Stopped; the clusters are as they were before.';
      }
    }
    return null;
  } finally {
    stop.release();
  }
}

export function addDupsCommands(program: Command): void {
  program
    .command('dups')
    .description('duplicate paragraphs: clusters of copies across articles, an article\'s copies, outlet boilerplate')
    .option('--json', 'print JSON')
    .option('--article <id>', 'each paragraph of one article, its repeats and the other articles that share it', parseId)
    .option('--cluster <id>', 'one cluster with all its members in time order', parseId)
    .option('--boilerplate', 'what each outlet repeats (kept out of clusters, snippets and ranking)')
    .option('--query <query>', 'only clusters touching articles this query matches')
    .option('--min-size <n>', 'only clusters of at least N paragraphs (default 2)', parsePositive)
    .addOption(new Option('--sort <order>', 'largest, most outlets or most recent first').choices(['size', 'outlets', 'recent']).default('size'))
    .option('--limit <n>', 'clusters to show', parsePositive, 50)
    .option('--offset <n>', 'clusters to skip', (v) => Number.parseInt(v, 10), 0)
    .option('--no-members', 'leave out each cluster\'s members')
    .option('--member-limit <n>', 'members shown per cluster in the list (default 20; --cluster shows all)', parsePositive)
    .option('--threshold <t>', 'similarity from 0.5 to 1 at which paragraphs are copies (default 0.8); regroups the archive', parseThreshold)
    .option('--boilerplate-articles <n>', 'articles of one outlet a paragraph must appear in to be boilerplate (default 5); relearns it', parsePositive)
    .action(async (opts: DupsOptions, cmd: Command) => {
      const wb = await openArchive(cmd);
      try {
        const stopped = await prepare(wb, opts);
        if (stopped !== null) {
          out(stopped);
          process.exitCode = 1;
          return;
        }
        if (opts.article !== undefined) {
          const a = wb.dupsArticle({ id: opts.article });
          if (opts.json) printJson(a);
          else printArticle(a);
        } else if (opts.cluster !== undefined) {
          const c = wb.dupCluster({ id: opts.cluster });
          if (opts.json) printJson(c);
          else printCluster(c);
        } else if (opts.boilerplate) {
          const b = wb.boilerplate();
          if (opts.json) printJson({ boilerplate: b });
          else printBoilerplate(b);
        } else {
          const r = wb.dups({
            query: opts.query, minSize: opts.minSize, sort: opts.sort, limit: opts.limit, offset: opts.offset, members: opts.members, memberLimit: opts.memberLimit,
          });
          if (opts.json) printJson(r);
          else printList(r);
        }
      } finally {
        wb.close();
      }
    });
}
