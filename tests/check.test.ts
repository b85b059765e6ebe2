import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import type { ApiResult, BackupResult } from '../electron/api.js';
import { apiError, runServiceJob } from '../electron/dispatch.js';
import { backupFromMenu } from '../electron/desktop/backup-menu.js';
import { damageOf, type MessageBox, RecoveryDeclined, startOrRecover } from '../electron/desktop/recovery.js';
import { Archive } from '../db/archive.js';
import { DamagedArchiveError, Workbench, WorkbenchError } from '../electron/service.js';
import { damageIndex, damagePages, inRollbackMode, makeArchive, pagesOf, pagesPastHeader, walOfWrite, wipePages } from './backup-helpers.js';
import { pantau, pantauJson } from './cli-run.js';
import { tempDir } from './helpers.js';

/*
 * `pantau check`, `pantau restore` and what every door does with a damaged archive. Copies of a
 * small archive are damaged on purpose: bytes overwritten in the b-tree pages of its articles
 * table (spread through the middle of the file), or segments of its full-text index deleted.
 */

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An archive of 200 articles with two automatic backups: an older good one and a newer damaged one. */
async function damagedSetup(t: { after: (fn: () => void) => void }): Promise<{ dir: string; file: string; good: string; bad: string }> {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  mkdirSync(join(dir, 'backups'));
  const good = join(dir, 'backups', 'arsip-20260101T080000Z-daily.db');
  const bad = join(dir, 'backups', 'arsip-20260102T080000Z-daily.db');
  await makeArchive(good, 150, 1500);
  await makeArchive(file, 200, 1500);
  copyFileSync(file, bad);
  const pages = pagesOf(file, 'articles');
  assert.ok(pages.length >= 3 && pages.at(-1)! > pages[0]! + 50, `the articles table spreads through the file: ${pages.join(', ')}`);
  damagePages(file, pages);
  damagePages(bad, pagesOf(bad, 'articles'));
  return { dir, file, good, bad };
}

test('check on a sound archive: exit code 0, and the same with --quick', { timeout: 60_000 }, async (t) => {
  const file = join(tempDir(t), 'arsip.db');
  await makeArchive(file, 30);
  const r = await pantauJson<{ ok: boolean; problems: string[] }>(['--db', file, 'check']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json, { ok: true, problems: [] });
  const text = await pantau(['--db', file, 'check', '--quick']);
  assert.equal(text.code, 0);
  assert.equal(text.stdout, 'The archive is sound.\n');
});

test('a damaged archive: check names the table, every command names the latest good backup, and restore brings it back', { timeout: 60_000 }, async (t) => {
  const { dir, file, good } = await damagedSetup(t);
  const damagedBytes = readFileSync(file);

  const check = await pantau(['--db', file, 'check']);
  assert.equal(check.code, 1, check.stderr);
  assert.match(check.stdout, /^articles: /m, 'the damaged table is named');
  const json = await pantauJson<{ ok: boolean; problems: string[] }>(['--db', file, 'check']);
  assert.equal(json.code, 1);
  assert.equal(json.json.ok, false);
  assert.ok(json.json.problems.some((p) => p.startsWith('articles: ')), JSON.stringify(json.json.problems));

  // Opening reads no article row; the first command that does meets the damage.
  const stats = await pantau(['--db', file, 'search', 'banjir']);
  assert.equal(stats.code, 2);
  assert.match(stats.stderr, new RegExp(`The archive ${escape(file)} is damaged \\(SQLite says: database disk image is malformed\\)\\. It has not been changed\\.`));
  // The newer backup is damaged too: the one named is the newest that passes SQLite's quick check.
  assert.match(stats.stderr, new RegExp(`The latest good backup is ${escape(good)}, taken 2026-01-01 08:00 UTC\\.`));
  assert.match(stats.stderr, new RegExp(`pantau restore --from "${escape(good)}" --db "${escape(file)}"`));
  const asJson = await pantauJson<{ error: { code: string; message: string } }>(['--db', file, 'article', '7']);
  assert.equal(asJson.json.error.code, 'archive');
  assert.match(asJson.json.error.message, /is damaged/);
  assert.deepEqual(readFileSync(file), damagedBytes, 'nothing wrote to the damaged file');

  const restored = await pantauJson<{ restored: string; keptAside: string }>(['--db', file, 'restore', '--from', good]);
  assert.equal(restored.code, 0, restored.stderr);
  assert.equal(restored.json.restored, file);
  assert.match(restored.json.keptAside, new RegExp(`^${escape(file)}\\.damaged-\\d{8}T\\d{6}Z$`));
  // Taken out of WAL mode first (which proves nothing else has it open) and otherwise unchanged.
  assert.deepEqual(pagesPastHeader(restored.json.keptAside), damagedBytes.subarray(100), 'the damaged file is kept aside, its pages unchanged');
  assert.ok(inRollbackMode(restored.json.keptAside));
  assert.ok(existsSync(good), 'the backup stays where it was');
  const after = await pantauJson<{ articles: number }>(['--db', file, 'stats']);
  assert.equal(after.code, 0, after.stderr);
  assert.equal(after.json.articles, 150, "the backup's articles");
  assert.equal((await pantau(['--db', file, 'check'])).code, 0);
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.')), [], 'no temporary file is left');

  const refused = await pantau(['--db', file, 'restore', '--from', restored.json.keptAside]);
  assert.equal(refused.code, 2, 'a damaged file is not restored');
  assert.match(refused.stderr, /cannot restore from .*damaged/);
});

test('a damaged full-text index: check names it, search says how to repair it, check --rebuild-index repairs it', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  await makeArchive(file, 200, 1500);
  const before = await pantauJson<{ total: number; results: { id: number }[] }>(['--db', file, 'search', 'banjir', '--limit', '1000']);
  assert.ok(before.json.total > 50);
  assert.ok(damageIndex(file) > 0);

  const check = await pantau(['--db', file, 'check']);
  assert.equal(check.code, 1);
  assert.match(check.stdout, /the full-text index is damaged: fts5: corruption found/);
  const search = await pantau(['--db', file, 'search', 'banjir']);
  assert.equal(search.code, 2);
  assert.match(search.stderr, /damage is in its full-text index, which `pantau check --rebuild-index --db ".*arsip\.db"` rebuilds/);

  const rebuilt = await pantauJson<{ ok: boolean; problems: string[]; rebuilt: { articles: number; before: string[] } }>(['--db', file, 'check', '--rebuild-index']);
  assert.equal(rebuilt.code, 0, rebuilt.stderr);
  assert.equal(rebuilt.json.ok, true);
  assert.equal(rebuilt.json.rebuilt.articles, 200);
  assert.ok(rebuilt.json.rebuilt.before.some((p) => /full-text index/.test(p)));
  const after = await pantauJson<{ total: number; results: { id: number }[] }>(['--db', file, 'search', 'banjir', '--limit', '1000']);
  assert.deepEqual(after.json, before.json, 'search answers as before the damage');
});

/** The desktop's service, started as the worker would: a failure is a thrown object carrying the ApiError. */
const startService = async (file: string): Promise<Workbench> => {
  try {
    return await Workbench.open(file, { create: true, backups: false });
  } catch (err) {
    throw Object.assign(new Error('the service could not start'), { error: apiError(err) });
  }
};

function recordingDialog(answer: number): { boxes: MessageBox[]; ask: (box: MessageBox) => Promise<number> } {
  const boxes: MessageBox[] = [];
  return { boxes, ask: (box) => (boxes.push(box), Promise.resolve(answer)) };
}

test('desktop recovery: a damaged archive is offered its latest good backup, restored on yes, left alone on no', { timeout: 60_000 }, async (t) => {
  const { file, good } = await damagedSetup(t);
  const damagedBytes = readFileSync(file);
  // The Workbench opens this archive; its damage surfaces in the first read, as it would in the app's first search.
  const start = async (f: string): Promise<Workbench> => {
    const wb = await startService(f);
    try {
      wb.search({ query: 'banjir' });
      return wb;
    } catch (err) {
      wb.close();
      throw Object.assign(new Error('the service could not start'), { error: apiError(err) });
    }
  };

  const no = recordingDialog(1);
  await assert.rejects(startOrRecover(file, { start, ask: no.ask }), RecoveryDeclined);
  assert.equal(no.boxes.length, 1);
  assert.equal(no.boxes[0]!.message, 'The archive is damaged. Restore the latest good backup?');
  assert.match(no.boxes[0]!.detail, new RegExp(`The latest good backup is ${escape(good)}\\.`));
  assert.deepEqual(no.boxes[0]!.buttons, ['Restore backup', 'Leave it']);
  assert.deepEqual(readFileSync(file), damagedBytes, 'declined: the archive is left as it was');

  const yes = recordingDialog(0);
  const wb = await startOrRecover(file, { start, ask: yes.ask });
  t.after(() => wb.close());
  assert.equal(wb.stats().articles, 150, 'the service runs on the restored backup');
  assert.equal(yes.boxes.length, 2);
  assert.equal(yes.boxes[1]!.message, 'The backup is restored');
  const kept = /The damaged file is kept as (.+)\.$/.exec(yes.boxes[1]!.detail)?.[1];
  assert.ok(kept && existsSync(kept), yes.boxes[1]!.detail);
  assert.deepEqual(pagesPastHeader(kept), damagedBytes.subarray(100));
});

test('desktop recovery: no backup to offer, or a failure that is not damage', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  const damaged = new DamagedArchiveError(file, 'database disk image is malformed', null);
  const none = recordingDialog(0);
  let restores = 0;
  await assert.rejects(
    startOrRecover(file, { start: () => Promise.reject(Object.assign(new Error('x'), { error: apiError(damaged) })), ask: none.ask, restore: async () => (restores++, { keptAside: null }) }),
    RecoveryDeclined,
  );
  assert.equal(none.boxes[0]!.message, 'The archive is damaged, and no backup of it was found');
  assert.equal(restores, 0);
  assert.deepEqual(damageOf({ error: apiError(damaged) }), { archive: file, backup: null, message: damaged.message });

  const other = Object.assign(new Error('locked'), { error: { code: 'archive', message: 'database is locked' } });
  const quiet = recordingDialog(0);
  await assert.rejects(startOrRecover(file, { start: () => Promise.reject(other), ask: quiet.ask }), (e: unknown) => e === other);
  assert.deepEqual(quiet.boxes, [], 'no dialog for a failure that is not damage');
});

test('File › Back up archive…: the save dialog names the copy, the service writes it, the user is told', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  await makeArchive(file, 40);
  const wb = await Workbench.open(file, { backups: false });
  t.after(() => wb.close());
  const service = {
    job: (method: 'backup', request: unknown, onProgress: (p: unknown) => void) => {
      const result = runServiceJob(wb, method, request, new AbortController().signal, onProgress).then(
        (value): ApiResult<unknown> => ({ ok: true, value }),
        (err: unknown): ApiResult<unknown> => ({ ok: false, error: apiError(err) }),
      );
      return { result, cancel: () => undefined };
    },
  };
  const saves: { defaultPath?: string }[] = [];
  const boxes: { message: string; detail?: string }[] = [];
  const progress: number[] = [];
  const dialog = (answer: string) => ({
    showSaveDialog: (_w: string, options: { defaultPath?: string }) => (saves.push(options), Promise.resolve({ canceled: answer === '', filePath: answer })),
    showMessageBox: (_w: string, box: { message: string; detail?: string }) => (boxes.push(box), Promise.resolve({ response: 0 })),
  });
  const deps = { window: 'win', service, archive: file, documents: dir, progress: (f: number) => progress.push(f), today: () => new Date('2026-03-04T10:00:00Z') };

  assert.equal(await backupFromMenu({ ...deps, dialog: dialog('') }), null, 'cancelled: nothing written');
  assert.equal(saves[0]!.defaultPath, join(dir, 'arsip backup 2026-03-04.db'));
  assert.equal(boxes.length, 0);

  const result = (await backupFromMenu({ ...deps, dialog: dialog(join(dir, 'salinan')) })) as BackupResult;
  assert.equal(result.out, join(dir, 'salinan.db'), 'the archive extension is added');
  assert.equal(boxes.at(-1)!.message, 'Backup finished');
  assert.equal(progress.at(-1), -1, "the taskbar's progress is cleared");
  assert.ok(progress.some((f) => f > 0 && f <= 1));
  const copy = await Workbench.open(result.out, { backups: false });
  assert.equal(copy.stats().articles, 40);
  copy.close();

  await backupFromMenu({ ...deps, dialog: dialog(join(dir, 'tidak-ada', 'salinan.db')) });
  assert.equal(boxes.at(-1)!.message, 'The archive could not be backed up');
  assert.match(boxes.at(-1)!.detail ?? '', /folder .*tidak-ada does not exist/);
});

/** An archive of 200 articles, and a good backup of 150 in backups/ beside it. */
async function archiveWithBackup(t: { after: (fn: () => void) => void }): Promise<{ dir: string; file: string; good: string }> {
  const dir = tempDir(t);
  const file = join(dir, 'arsip.db');
  mkdirSync(join(dir, 'backups'));
  const good = join(dir, 'backups', 'arsip-20260101T080000Z-daily.db');
  await makeArchive(good, 150, 1500);
  await makeArchive(file, 200, 1500);
  return { dir, file, good };
}

test('restore after the damaged archive was deleted: the -wal and -shm it left are kept aside, never replayed into the backup', { timeout: 60_000 }, async (t) => {
  const { dir, file, good } = await archiveWithBackup(t);
  const { wal, shm } = await walOfWrite(file, 201, 260);
  // The user deleted the damaged archive; the log of its last writes stayed behind.
  rmSync(file);
  writeFileSync(`${file}-wal`, wal);
  writeFileSync(`${file}-shm`, shm);

  const restored = await pantauJson<{ restored: string; keptAside: string | null; movedAside: string[] }>(['--db', file, 'restore', '--from', good]);
  assert.equal(restored.code, 0, restored.stderr);
  assert.equal(restored.json.keptAside, null, 'there was no archive file to keep');
  const [keptWal, keptShm] = restored.json.movedAside;
  assert.match(keptWal ?? '', new RegExp(`^${escape(file)}\\.damaged-\\d{8}T\\d{6}Z-wal$`));
  assert.equal(keptShm, keptWal!.replace(/-wal$/, '-shm'));
  assert.deepEqual(readFileSync(keptWal!), wal, 'the log is kept beside, unchanged');
  assert.deepEqual(readdirSync(dir).sort(), ['arsip.db', basename(keptWal!), basename(keptShm!), 'backups'].sort(), 'no log is left beside the restored file');

  const after = await pantauJson<{ articles: number }>(['--db', file, 'stats']);
  assert.equal(after.json.articles, 150, "the backup's articles, none of the log's");
  assert.equal((await pantau(['--db', file, 'check'])).code, 0, 'the restored file is sound');
});

test('restore is refused while the archive is open elsewhere (the desktop app, pantau serve), and nothing is moved', { timeout: 60_000 }, async (t) => {
  const { dir, file, good } = await archiveWithBackup(t);
  const wb = await Workbench.open(file, { backups: false });
  t.after(() => wb.close());
  const before = readdirSync(dir).sort();

  await assert.rejects(Workbench.restore(good, file), (e: unknown) => e instanceof WorkbenchError && e.code === 'conflict' && /close Pantau and any pantau serve on it first/.test(e.message));
  const cli = await pantau(['--db', file, 'restore', '--from', good]);
  assert.equal(cli.code, 2);
  assert.match(cli.stderr, /is open in another program: close Pantau and any pantau serve on it first/);
  assert.deepEqual(readdirSync(dir).sort(), before, 'nothing moved aside, no temporary file left');
  assert.equal(wb.stats().articles, 200, 'the archive in use goes on as it was');

  wb.close();
  const restored = await Workbench.restore(good, file);
  assert.match(restored.keptAside ?? '', /\.damaged-/);
  assert.equal((await pantauJson<{ articles: number }>(['--db', file, 'stats'])).json.articles, 150);
});

test('an archive that fails to open is closed without writing the planner statistics into it', { timeout: 60_000 }, async (t) => {
  const file = join(tempDir(t), 'arsip.db');
  await makeArchive(file, 20);
  // The import log is read after the file has opened: damage there fails the opening half-way.
  wipePages(file, pagesOf(file, 'imports'));
  const close = t.mock.method(Archive.prototype, 'close');
  await assert.rejects(Workbench.open(file, { backups: false }), DamagedArchiveError);
  assert.deepEqual(close.mock.calls.map((c) => c.arguments[0]), [{ optimize: false }]);
});
