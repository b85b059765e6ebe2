import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pantau, pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';

/*
 * Option parsing never moves an option into a query or an archive path: every command is run
 * with `--` and with arguments that start with `-`, with the default archive in a temporary
 * folder so a command that wrongly fell back to it would be seen.
 */

interface Setup {
  db: string;
  home: string;
  defaultArchive: string;
  env: NodeJS.ProcessEnv;
}

async function setup(t: { after: (fn: () => void) => void }): Promise<Setup> {
  const dir = tempDir(t);
  const home = join(dir, 'home');
  mkdirSync(home);
  const db = join(dir, 'a.db');
  const env = { XDG_CONFIG_HOME: home, HOME: home, APPDATA: home };
  const r = await pantau(['--db', db, 'import', fixture('search', 'corpus.jsonl')], env);
  assert.equal(r.code, 0, r.stderr);
  return { db, home, defaultArchive: join(home, 'Pantau', 'archive.db'), env };
}

test('every command takes "--" and arguments that start with "-"', async (t) => {
  const s = await setup(t);
  const total = (await pantauJson<{ total: number }>(['--db', s.db, 'search', '--', ''], s.env)).json.total;
  const all = (await pantauJson<{ articles: number }>(['--db', s.db, 'stats'], s.env)).json.articles;
  assert.equal(total, all);

  const without = await pantauJson<{ total: number; results: { title: string }[] }>(['--db', s.db, 'search', '--limit', '100', '--', '-putin'], s.env);
  assert.equal(without.code, 0);
  assert.ok(without.json.total > 0 && without.json.total < all);
  assert.ok(without.json.results.every((r) => !/putin/i.test(r.title)));
  const after = await pantauJson<{ total: number }>(['search', '-putin', '--db', s.db, '--limit', '100'], s.env);
  assert.equal(after.json.total, without.json.total, 'options after a negative term are still options');

  const count = await pantauJson<{ total: number }>(['--db', s.db, 'count', '--', '-putin'], s.env);
  assert.equal(count.json.total, without.json.total);

  const saved = await pantauJson<{ name: string; query: string }>(['--db', s.db, 'saved', 'add', 'tanpa putin', '--', '-putin'], s.env);
  assert.deepEqual([saved.code, saved.json.name, saved.json.query], [0, 'tanpa putin', '-putin']);
  const run = await pantauJson<{ total: number }>(['--db', s.db, 'saved', 'run', '--', 'tanpa putin'], s.env);
  assert.equal(run.json.total, without.json.total);
  assert.equal((await pantauJson(['--db', s.db, 'saved', 'remove', '--', 'tanpa putin'], s.env)).code, 0);

  const article = await pantauJson<{ id: number }>(['--db', s.db, 'article', '--', '1'], s.env);
  assert.equal(article.json.id, 1);
  assert.equal((await pantauJson(['--db', s.db, 'check', '--'], s.env)).code, 0);

  const dashed = join(s.home, '-banjir.txt');
  copyFileSync(fixture('text', 'banjir-jakarta.txt'), dashed);
  const imported = await pantauJson<{ imported: number; failed: number }>(['--db', s.db, 'import', '--', dashed], s.env);
  assert.deepEqual([imported.code, imported.json.failed], [0, 0]);
  assert.equal(existsSync(s.defaultArchive), false, 'no command touched the default archive');
});

test('an option after "--" is refused, not searched for or saved into another archive', async (t) => {
  const s = await setup(t);
  const other = join(s.home, 'other.db');
  for (const args of [
    ['saved', 'add', 'prabowo', '--', '-prabowo', '--db', other],
    ['search', '--', '-prabowo', '--db', other],
    ['count', '--', 'banjir', '--json'],
    ['search', 'banjir', '--jsn'],
  ]) {
    const r = await pantau(['--db', s.db, ...args], s.env);
    assert.equal(r.code, 2, args.join(' '));
    // Printed as text, or as JSON when --json is among the words.
    const message = r.stdout.startsWith('{') ? (JSON.parse(r.stdout) as { error: { message: string } }).error.message : r.stderr;
    assert.match(message, /"--(db|json|jsn)" looks like an option, not part of a query; put options before the query and before any "--"/);
    assert.equal(existsSync(other), false);
  }
  assert.equal(existsSync(s.defaultArchive), false);
  const list = await pantauJson<unknown[]>(['--db', s.db, 'saved', 'list'], s.env);
  assert.deepEqual(list.json, []);
});

test('search without a query lists every article; --granularity asks for the facets it shapes', async (t) => {
  const s = await setup(t);
  const listed = await pantauJson<{ total: number; totalIsExact: boolean; results: { publishedAt: string | null }[] }>(['--db', s.db, 'search', '--sort', 'newest', '--limit', '100'], s.env);
  assert.equal(listed.code, 0);
  assert.equal(listed.json.totalIsExact, true);
  assert.equal(listed.json.results.length, listed.json.total);
  assert.equal(listed.json.results.at(-1)?.publishedAt, null, 'undated last');
  const oldest = await pantauJson<{ results: { publishedAt: string | null }[] }>(['--db', s.db, 'search', '--sort', 'oldest', '--limit', '100'], s.env);
  assert.equal(oldest.json.results.at(-1)?.publishedAt, null, 'undated last when oldest first too');
  const faceted = await pantauJson<{ facets?: { granularity: string } }>(['--db', s.db, 'search', 'putin', '--granularity', 'month'], s.env);
  assert.equal(faceted.json.facets?.granularity, 'month');
  const text = await pantau(['--db', s.db, 'search', '--after', 'xyz', 'putin'], s.env);
  assert.equal(text.code, 2);
  assert.match(text.stderr, /after: not a cursor; use the "next" value printed with the previous page/);
});

test('saved run pages with --after and marks what is new on every page', async (t) => {
  const s = await setup(t);
  await pantau(['--db', s.db, 'saved', 'add', 'semua', '--', ''], s.env);
  await pantau(['--db', s.db, 'import', fixture('text')], s.env);
  const first = await pantauJson<{ saved: { new: number }; results: { id: number; new?: boolean }[]; next: string }>(
    ['--db', s.db, 'saved', 'run', 'semua', '--limit', '3'], s.env,
  );
  assert.ok(first.json.saved.new >= 3);
  const marked: boolean[] = first.json.results.map((r) => r.new === true);
  let next: string | null = first.json.next;
  while (next) {
    const page: { code: number | null; json: { results: { new?: boolean }[]; next: string | null } } = await pantauJson(['--db', s.db, 'saved', 'run', 'semua', '--limit', '3', '--after', next], s.env);
    assert.equal(page.code, 0);
    marked.push(...page.json.results.map((r) => r.new === true));
    next = page.json.next;
  }
  assert.equal(marked.filter(Boolean).length, first.json.saved.new, 'every new article is marked, on whichever page it falls');
  const text = await pantau(['--db', s.db, 'saved', 'run', 'semua', '--limit', '3'], s.env);
  assert.match(text.stdout, /semua: 0 new since/);
  assert.match(text.stdout, /More: add --after \S+/);
});
