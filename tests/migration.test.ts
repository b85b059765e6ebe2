import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { UpgradeProgress } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { SCHEMA_VERSION } from '../db/migrate.js';
import type { ArticleView, SavedSearch, Stats } from '../electron/api.js';
import { Workbench } from '../electron/service.js';
import { pantau } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';

/*
 * tests/fixtures/archives/schema-3.db was written by Pantau's schema-3 code (commit da6473b):
 * imports of this folder's search corpus, text, Markdown, HTML (one page failing) and JSON
 * fixtures, and two saved searches, one with an article added after it was saved.
 * schema-3.expected.json is what that code answered about it: stats, every article, twenty
 * searches and the saved searches. The upgraded archive must answer the same.
 */

interface Expected {
  stats: Stats;
  searches: Record<string, { total: number; results: { id: number; title: string; snippet: string }[] }>;
  articles: ArticleView[];
  saved: SavedSearch[];
}

const expected = JSON.parse(readFileSync(fixture('archives', 'schema-3.expected.json'), 'utf8')) as Expected;

const runsOf = (file: string): unknown[] => {
  const db = openDatabase(file, { readonly: true });
  try {
    return [
      db.prepare('SELECT id, origin, options, started_at, finished_at, status, files, imported, skipped, failed, warnings FROM imports ORDER BY id').all(),
      db.prepare('SELECT import_id, kind, path, reason FROM import_problems ORDER BY id').all(),
      db.prepare('SELECT id, name, query, created_at, last_opened_at, seen_up_to FROM saved_searches ORDER BY id').all(),
    ];
  } finally {
    db.close();
  }
};

test('a schema-3 archive is backed up, upgraded in place, and answers as it did', async (t) => {
  const file = join(tempDir(t), 'archive.db');
  copyFileSync(fixture('archives', 'schema-3.db'), file);
  const before = runsOf(file);

  const progress: UpgradeProgress[] = [];
  const wb = await Workbench.open(file, { onUpgrade: (p) => progress.push(p), backups: { now: () => new Date('2026-01-03T09:30:00Z') } });
  t.after(() => wb.close());

  const backup = join(dirname(file), 'backups', 'archive-20260103T093000Z-migration.db');
  assert.ok(progress.some((p) => p.phase === 'backup') && progress.some((p) => p.phase === 'migrate'), 'both phases report progress');
  assert.ok(progress.every((p) => p.backup === backup));
  const last = progress.filter((p) => p.phase === 'migrate').at(-1)!;
  assert.equal(last.done, expected.stats.articles);
  assert.equal(last.total, expected.stats.articles);
  const old = openDatabase(backup, { readonly: true });
  assert.equal(old.pragma('user_version', { simple: true }), 3, 'the backup is the archive as it was: schema 3');
  assert.equal(old.prepare('SELECT count(*) FROM articles WHERE body IS NOT NULL').pluck().get(), expected.stats.articles);
  old.close();
  assert.deepEqual(runsOf(backup), before);

  const stats = wb.stats();
  assert.equal(stats.schemaVersion, SCHEMA_VERSION);
  const { archive: _a, sizeBytes: _s, schemaVersion: _v, ...counts } = stats;
  const { archive: _a3, sizeBytes: _s3, schemaVersion: _v3, ...counts3 } = expected.stats;
  assert.deepEqual(counts, counts3);

  // Articles of older schemas have no section (schema 6 added it).
  for (const a of expected.articles) assert.deepEqual(wb.article({ id: a.id }), { ...a, section: null }, `article ${a.id}`);
  for (const [key, want] of Object.entries(expected.searches)) {
    const [sort, ...words] = key.split(' ');
    const got = wb.search({ query: words.join(' '), sort: sort as 'relevance' | 'newest', limit: 100 });
    assert.equal(got.total, want.total, key);
    assert.deepEqual(got.results.map(({ id, title, snippet }) => ({ id, title, snippet })), want.results, key);
  }
  assert.deepEqual(wb.savedList(), expected.saved);
  assert.deepEqual(wb.check(), []);
  // Schema 9's watched folders start empty and take a folder.
  assert.deepEqual(wb.foldersList(), []);
  assert.equal(wb.foldersAdd({ path: dirname(file) }).path, dirname(file));
  wb.foldersRemove({ path: dirname(file) });
  wb.close();
  assert.deepEqual(runsOf(file), before, 'import runs, their problems and saved searches are kept as they were');

  const again = await Workbench.open(file, { onUpgrade: () => assert.fail('an upgraded archive is not upgraded again') });
  again.close();
  assert.deepEqual(readdirSync(join(dirname(file), 'backups')), ['archive-20260103T093000Z-migration.db'], 'one copy, taken once');
});

test('the CLI says it is upgrading and where the copy of the old archive is', async (t) => {
  const file = join(tempDir(t), 'old.db');
  copyFileSync(fixture('archives', 'schema-3.db'), file);
  const r = await pantau(['--db', file, 'stats']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`older Pantau; upgrading it\\. A copy of it as it was is kept at ${join(dirname(file), 'backups').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/old-\\d{8}T\\d{6}Z-migration\\.db`));
  assert.match(r.stdout, new RegExp(`schema ${SCHEMA_VERSION}`));
});
