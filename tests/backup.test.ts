import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { APPLICATION_ID, Archive, type UpgradeProgress } from '../db/archive.js';
import { latestGoodBackup, listBackups } from '../db/backup.js';
import { DamagedArchiveError } from '../db/check.js';
import { openDatabase } from '../db/driver.js';
import { SCHEMA_VERSION } from '../db/migrate.js';
import type { BackupProgress } from '../electron/api.js';
import { checkJob } from '../electron/desktop/contract.js';
import { Workbench, WorkbenchError } from '../electron/service.js';
import { damagePages, makeArchive, pagesOf, walOfWrite, writeArticles } from './backup-helpers.js';
import { pantau, pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';

/*
 * `pantau backup` and the automatic backups (db/backup.ts): a copy of an archive in use is
 * consistent and complete, never half written, never over a file unasked; the daily and
 * pre-migration copies land in backups/, are rotated per reason and follow the archive's setting.
 * The clock is injected: no test waits for a day, or for anything.
 */

/** What a copy answers about itself: the mark, SQLite's full check, its articles and a search. */
async function describe(file: string, query = 'banjir'): Promise<{ articles: number; hits: number[] }> {
  const db = openDatabase(file, { readonly: true });
  try {
    assert.equal(db.pragma('application_id', { simple: true }), APPLICATION_ID, `${file} is marked as a Pantau archive`);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    db.close();
  }
  const wb = await Workbench.open(file, { backups: false });
  try {
    const hits = wb.search({ query, limit: 1000, sort: 'oldest' }).results.map((r) => r.id);
    return { articles: wb.stats().articles, hits };
  } finally {
    wb.close();
  }
}

const day = (n: number): Date => new Date(Date.UTC(2026, 0, n, 9, 30, 0));

test('a backup of an archive in use is consistent: a write from another connection during the copy is in it, one after is not', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  await makeArchive(file, 1200, 2500);
  const wb = await Workbench.open(file, { backups: false });
  t.after(() => wb.close());
  const writer = await Archive.open(file, { backups: false });
  t.after(() => writer.close());

  // Written by the other connection when the copy has started: SQLite starts the copy again, and it ends whole.
  const progress: BackupProgress[] = [];
  const out = join(dir, 'salinan.db');
  const result = await wb.backup({ out }, {
    onProgress: (p) => {
      if (progress.length === 0) writeArticles(writer, 1201, 1201);
      progress.push(p);
    },
  });
  assert.equal(result.out, out);
  assert.equal(result.verified, true);
  assert.ok(progress.length >= 2 && progress.at(-1)!.done === progress.at(-1)!.total, 'progress runs to the end');
  writeArticles(writer, 1202, 1202);

  assert.deepEqual(readdirSync(dir).sort(), ['arsip.db', 'arsip.db-shm', 'arsip.db-wal', 'salinan.db'], 'one file, no temporary or WAL file beside it');
  const copy = await describe(out);
  const live = wb.stats().articles;
  assert.equal(live, 1202);
  assert.equal(copy.articles, 1201, 'the write made during the copy is in it, the one after is not');
  const liveHits = wb.search({ query: 'banjir', limit: 1000, sort: 'oldest' }).results.map((r) => r.id);
  assert.deepEqual(copy.hits, liveHits.filter((id) => id <= 1201), 'the copy answers searches as the archive did');
  assert.ok(copy.hits.length > 100);
});

test('a copy that another connection writes into at every step still finishes', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  await makeArchive(file, 1500, 2500);
  const wb = await Workbench.open(file, { backups: false });
  t.after(() => wb.close());
  const writer = await Archive.open(file, { backups: false });
  t.after(() => writer.close());
  let next = 1501;
  let steps = 0;
  const out = join(dir, 'salinan.db');
  // Every write restarts SQLite's copy; after a step without headway the rest goes in one step no writer can interrupt.
  await wb.backup({ out }, {
    onProgress: () => {
      steps += 1;
      writeArticles(writer, next, next);
      next += 1;
    },
  });
  assert.ok(steps >= 3, `the copy was restarted (${steps} steps)`);
  const { articles } = await describe(out);
  assert.ok(articles >= 1501 && articles < next, `a consistent snapshot: ${articles} of ${next - 1} articles`);
});

test('backup refuses to replace a file unasked, replaces it with --force, and leaves nothing when stopped', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  await makeArchive(file, 40);
  const out = join(dir, 'salinan.db');
  writeFileSync(out, 'catatan penting');

  const refused = await pantau(['--db', file, 'backup', '--out', out]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /salinan\.db already exists; choose another name \(or replace it with --force\)/);
  assert.equal(readFileSync(out, 'utf8'), 'catatan penting', 'the file is untouched');

  const forced = await pantauJson<{ out: string; bytes: number; verified: boolean }>(['--db', file, 'backup', '--out', out, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.deepEqual(forced.json, { out, bytes: readFileSync(out).length, verified: true });
  assert.equal((await describe(out)).articles, 40);

  const self = await pantau(['--db', file, 'backup', '--out', file, '--force']);
  assert.equal(self.code, 2);
  assert.match(self.stderr, /it is the archive itself/);

  const wb = await Workbench.open(file, { backups: false });
  t.after(() => wb.close());
  const controller = new AbortController();
  const stopped = join(dir, 'berhenti.db');
  await assert.rejects(
    wb.backup({ out: stopped }, { signal: controller.signal, onProgress: () => controller.abort() }),
    (e: unknown) => e instanceof WorkbenchError && e.code === 'cancelled' && /nothing was written/.test(e.message),
  );
  assert.equal(existsSync(stopped), false);
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.')), [], 'no temporary file is left');
  assert.equal((await pantau(['--db', file, 'backup'])).code, 2, 'backup without --out, --list or --auto is a usage error');
});

test('daily backups: taken by the writing doors once a day, rotated to the setting, off when switched off', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  let now = day(1);
  const open = (create = true): Promise<Workbench> => Workbench.open(file, { create, backups: { now: () => now } });

  // A new, empty archive has nothing to lose: no backup.
  (await open()).close();
  assert.equal(existsSync(join(dir, 'backups')), false);
  await makeArchive(file, 30);

  const first = await open();
  first.backupSettings({ keepDaily: 3 });
  first.close();
  assert.deepEqual(listBackups(file).map((b) => basename(b.file)), ['arsip-20260101T093000Z-daily.db']);
  now = new Date(day(1).getTime() + 23 * 3600_000);
  (await open()).close();
  (await open(false)).close();
  assert.equal(listBackups(file).length, 1, 'not again within a day, and never by a command that only reads');

  for (let d = 2; d <= 6; d++) {
    now = day(d);
    (await open()).close();
  }
  assert.deepEqual(
    listBackups(file).map((b) => basename(b.file)),
    ['arsip-20260106T093000Z-daily.db', 'arsip-20260105T093000Z-daily.db', 'arsip-20260104T093000Z-daily.db'],
    'the newest three are kept',
  );
  assert.equal((await describe(listBackups(file)[0]!.file)).articles, 30);

  // A writing door left open (the desktop app, browser mode) takes the day's backup before an import writes.
  now = new Date(day(6).getTime() + 12 * 3600_000);
  const wb = await open();
  assert.equal(listBackups(file).length, 3, 'the newest is half a day old: none yet');
  now = day(7);
  const summary = await wb.import({ paths: [fixture('text')] });
  assert.ok(summary.imported > 0);
  wb.close();
  const newest = listBackups(file)[0]!;
  assert.equal(basename(newest.file), 'arsip-20260107T093000Z-daily.db');
  assert.equal((await describe(newest.file)).articles, 30, 'taken before the import wrote');

  const off = await pantauJson<{ settings: { auto: string; keepDaily: number } }>(['--db', file, 'backup', '--auto', 'off']);
  assert.equal(off.code, 0, off.stderr);
  assert.deepEqual(off.json.settings, { auto: 'off', keepDaily: 3, keepMigration: 3 });
  now = day(20);
  (await open()).close();
  assert.equal(basename(listBackups(file)[0]!.file), 'arsip-20260107T093000Z-daily.db', 'switched off: none taken');

  const listed = await pantauJson<{ settings: { auto: string }; backups: { file: string; reason: string; takenAt: string }[] }>(['--db', file, 'backup', '--list']);
  assert.equal(listed.json.settings.auto, 'off');
  assert.deepEqual(listed.json.backups[0], { file: newest.file, reason: 'daily', takenAt: '2026-01-07T09:30:00.000Z', bytes: newest.bytes });
  const text = await pantau(['--db', file, 'backup', '--list']);
  assert.match(text.stdout, /daily backups are off/);
  assert.match(text.stdout, /2026-01-07 09:30 UTC {2}daily/);
});

test('an old-schema archive is backed up into backups/ before it is migrated; a new archive is not', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'lama.db');
  copyFileSync(fixture('archives', 'schema-3.db'), file);
  const before = readFileSync(file);
  const progress: UpgradeProgress[] = [];
  const wb = await Workbench.open(file, { onUpgrade: (p) => progress.push(p), backups: { now: () => day(3) } });
  const stats = wb.stats();
  wb.close();
  assert.equal(stats.schemaVersion, SCHEMA_VERSION);

  const backup = join(dir, 'backups', 'lama-20260103T093000Z-migration.db');
  assert.deepEqual(listBackups(file).map((b) => [b.file, b.reason]), [[backup, 'migration']]);
  assert.ok(progress.some((p) => p.phase === 'backup' && p.backup === backup && p.done === p.total && p.total > 1));
  const old = openDatabase(backup, { readonly: true });
  assert.equal(old.pragma('user_version', { simple: true }), 3, 'the copy is the archive as it was');
  assert.equal(old.prepare('SELECT count(*) FROM articles').pluck().get(), stats.articles);
  old.close();
  assert.notDeepEqual(readFileSync(file), before, 'and the archive itself was upgraded');

  const fresh = join(dir, 'baru.db');
  (await Workbench.open(fresh, { create: true, backups: { now: () => day(3) } })).close();
  assert.deepEqual(listBackups(fresh), [], 'a new archive is created at the current schema: nothing to back up');
  assert.deepEqual(readdirSync(join(dir, 'backups')), ['lama-20260103T093000Z-migration.db']);
});

test('the desktop window cannot start a backup: only the File menu (the main process) does', () => {
  const checked = checkJob('backup', { out: '/tmp/salinan.db' });
  assert.equal(checked.ok, false);
  assert.match(!checked.ok ? checked.error.message : '', /started from the File menu/);
});

test('importing the folder that holds the archive reads neither the archive nor its backups', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'archive.db');
  await makeArchive(file, 3);
  assert.equal((await pantau(['--db', file, 'backup', '--out', join(dir, 'by-hand.db')])).code, 0);
  const wb = await Workbench.open(file, { create: true, backups: { now: () => new Date('2026-02-01T08:00:00Z') } });
  t.after(() => wb.close());
  assert.equal(listBackups(file).length, 1, 'the daily backup, in backups/');
  writeFileSync(join(dir, 'catatan.txt'), 'Banjir di Bekasi\n\nAir sungai meluap dan merendam ratusan rumah warga di Bekasi pada Senin pagi.\n');
  const summary = await wb.import({ paths: [dir] });
  // The backup made by hand is a file like any other the user put there: reported, not read as text.
  assert.deepEqual(
    { imported: summary.imported, failed: summary.errors.map((e) => basename(e.path)) },
    { imported: 1, failed: ['by-hand.db'] },
  );
});

test('backup --force over a file with a -wal and -shm left beside it: refused without --force, the log deleted with it, the copy sound', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  await makeArchive(file, 40);
  // An earlier database at the target's name, with the log of its last writes (a crash left it).
  const out = join(dir, 'salinan.db');
  await makeArchive(out, 300);
  const { wal, shm } = await walOfWrite(out, 301, 400);
  writeFileSync(`${out}-wal`, wal);
  writeFileSync(`${out}-shm`, shm);

  const refused = await pantau(['--db', file, 'backup', '--out', out]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /already exists/);
  // The old file deleted by hand, its log left: still refused, the log named.
  rmSync(out);
  const logOnly = await pantau(['--db', file, 'backup', '--out', out]);
  assert.equal(logOnly.code, 2);
  assert.match(logOnly.stderr, /salinan\.db-wal, .*salinan\.db-shm are left beside .*salinan\.db by an earlier database, and would be read into the copy; choose another name \(or replace them with --force\)/);
  assert.deepEqual(readFileSync(`${out}-wal`), wal, 'refused: the log is untouched');
  copyFileSync(fixture('archives', 'schema-3.db'), out);

  const forced = await pantauJson<{ out: string; verified: boolean }>(['--db', file, 'backup', '--out', out, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(forced.json.verified, true);
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('salinan')), ['salinan.db'], 'the old log went with the file it belonged to');
  assert.equal((await describe(out)).articles, 40, 'the copy, with nothing of the old log in it');
});

test('a damaged archive: its daily copies fail their check, are kept as -suspect, and rotate no good backup away', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  let now = day(1);
  const warnings: string[] = [];
  const open = (): Promise<Workbench> => Workbench.open(file, { create: true, backups: { now: () => now }, onWarning: (m) => warnings.push(m) });
  await makeArchive(file, 200, 1500);
  const first = await open();
  first.backupSettings({ keepDaily: 2 });
  first.close();
  now = day(2);
  (await open()).close();
  const good = listBackups(file).map((b) => basename(b.file));
  assert.deepEqual(good, ['arsip-20260102T093000Z-daily.db', 'arsip-20260101T093000Z-daily.db']);
  assert.deepEqual(warnings, []);

  // Damage to the stored texts, which opening does not read: the archive still opens, and each day's copy carries it.
  damagePages(file, pagesOf(file, 'article_texts'));
  for (const d of [3, 4, 5]) {
    now = day(d);
    const wb = await open();
    assert.equal(wb.warnings.length, 1);
    wb.close();
    (await open()).close();
  }
  assert.equal(warnings.length, 3, 'one warning a day: a suspect copy counts as the day\'s backup');
  assert.match(warnings[0]!, /the daily backup of .*arsip\.db failed SQLite's quick_check \(.+\), so the archive itself is probably damaged\. The copy is kept as .*arsip-20260103T093000Z-daily-suspect\.db, and no older backup was deleted/);
  assert.deepEqual(listBackups(file).map((b) => basename(b.file)), good, 'both good backups are still there');
  assert.equal(latestGoodBackup(file, APPLICATION_ID)?.file, join(dir, 'backups', good[0]!));
  assert.deepEqual(
    readdirSync(join(dir, 'backups')).filter((n) => n.includes('suspect')).sort(),
    ['arsip-20260103T093000Z-daily-suspect.db', 'arsip-20260104T093000Z-daily-suspect.db', 'arsip-20260105T093000Z-daily-suspect.db'],
  );

  // Damage met in a call: no more automatic backups from that workbench.
  now = new Date(day(5).getTime() + 3600_000);
  const wb = await open();
  t.after(() => wb.close());
  assert.throws(() => wb.article({ id: 7 }), DamagedArchiveError);
  now = day(9);
  const files = readdirSync(join(dir, 'backups')).length;
  assert.equal(await wb.dailyBackup(), null);
  assert.equal(readdirSync(join(dir, 'backups')).length, files, 'no copy of an archive seen damaged');
});

test('a daily backup that cannot be written is a warning: the archive opens and imports all the same', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  await makeArchive(file, 30);
  // A file where the backups folder should be fails as a full disk or a folder without permission would.
  writeFileSync(join(dir, 'backups'), 'bukan folder');
  const warnings: string[] = [];
  const wb = await Workbench.open(file, { create: true, backups: { now: () => day(1) }, onWarning: (m) => warnings.push(m) });
  t.after(() => wb.close());
  assert.equal(wb.stats().articles, 30);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /the daily backup of .*arsip\.db could not be written \(.+\); the archive is used all the same/);
  assert.deepEqual(wb.warnings, warnings);

  const cli = await pantau(['--db', file, 'import', fixture('text')]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stderr, /pantau: warning: the daily backup of .*arsip\.db could not be written/);
});

test('an old-schema archive whose copy fails its check is not upgraded: it is reported damaged, as it was', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'lama.db');
  copyFileSync(fixture('archives', 'schema-3.db'), file);
  damagePages(file, pagesOf(file, 'paragraphs'));
  await assert.rejects(
    Workbench.open(file, { backups: { now: () => day(3) } }),
    (e: unknown) => e instanceof DamagedArchiveError && /is damaged \(SQLite says: the copy taken before upgrading it failed SQLite's quick_check \(.+; kept as .*migration-suspect\.db\)\)\. It has not been changed\./.test(e.message),
  );
  assert.deepEqual(readdirSync(join(dir, 'backups')), ['lama-20260103T093000Z-migration-suspect.db'], 'the copy is kept, as suspect');
  assert.deepEqual(listBackups(file), []);
  const db = openDatabase(file, { readonly: true });
  t.after(() => db.close());
  assert.equal(db.pragma('user_version', { simple: true }), 3, 'not upgraded');
});
