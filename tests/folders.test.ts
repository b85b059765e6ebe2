import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { APPLICATION_ID, Archive } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { registerIndexText } from '../db/fts.js';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../db/migrate.js';
import type { WatchedFolder } from '../electron/api.js';
import { Workbench, WorkbenchError } from '../electron/service.js';
import type { FolderWatching } from '../electron/sources/folder-watchers.js';
import { CLI, pantau, pantauJson } from './cli-run.js';
import { openArchive } from './dup-helpers.js';
import { fixture, tempDir } from './helpers.js';

/*
 * Watched folders kept in the archive (schema 9): the store, the service's requests and their
 * errors, the watching that runs beside the desktop app and `pantau serve` (driven check by check:
 * its timer and file system events are set an hour apart, so only the test's checks run, on a
 * clock the test moves an interval at each check), two processes on one archive, and the real
 * CLI. Every folder is a real one in a temporary directory.
 */

const HOUR = 3_600_000;
const BANJIR = fixture('text', 'banjir-jakarta.txt');
const HARBOUR = fixture('text', 'harbour-reopens.txt');
const BROKEN = fixture('ui-import', 'rusak.json');

const folderOf = (wb: Workbench, path: string): WatchedFolder => {
  const found = wb.foldersList().find((f) => f.path === path);
  assert.ok(found, `${path} is watched`);
  return found;
};

/** The watchings' clock: each check a test asks for comes an interval after the one before, as the periodic ones do. */
let clock = Date.now();
const now = (): number => clock;

/** Watching of the saved folders that only the test's checks drive; the archive must never fail it. */
function watch(t: { after: (fn: () => unknown) => void }, wb: Workbench): FolderWatching {
  const failures: unknown[] = [];
  const watching = wb.watchFolders({ intervalMs: HOUR, settleMs: HOUR, now, onError: (err) => failures.push(err) });
  t.after(async () => {
    await watching.stop();
    assert.deepEqual(failures, [], 'no failure of the archive');
  });
  return {
    ...watching,
    check: () => {
      clock += HOUR;
      return watching.check();
    },
  };
}

const rejectsWith = (fn: () => unknown, code: string, message: RegExp): void =>
  assert.throws(fn, (err: unknown) => err instanceof WorkbenchError && err.code === code && message.test(err.message));

test('schema 9: an archive of schema 8 is upgraded with the watched folders', async (t) => {
  // An archive as Pantau's schema-8 code made it.
  const db = join(tempDir(t), 'a.db');
  const conn = openDatabase(db, { applicationId: APPLICATION_ID });
  registerIndexText(conn);
  migrate(conn, db, MIGRATIONS.slice(0, 8));
  conn.pragma(`application_id = ${APPLICATION_ID}`);
  conn.close();

  const upgraded = await Workbench.open(db);
  t.after(() => upgraded.close());
  assert.equal(upgraded.stats().schemaVersion, SCHEMA_VERSION);
  assert.ok(readdirSync(join(dirname(db), 'backups')).some((f) => f.endsWith('-migration.db')), 'the schema-8 archive was copied first');
  assert.deepEqual(upgraded.foldersList(), []);
  const folder = tempDir(t);
  assert.equal(upgraded.foldersAdd({ path: folder }).path, folder);
  assert.deepEqual(upgraded.check(), []);
});

test('the store: one row per folder, counts that add up, an error kept, replaced or cleared, file versions forgotten with their folder', async (t) => {
  const archive = await Archive.open(join(tempDir(t), 'a.db'));
  t.after(() => archive.close());
  const store = archive.folders;
  const added = store.add('/data/kliping', '2024-03-15T08:00:00.000Z');
  assert.deepEqual(added, { id: added!.id, path: '/data/kliping', addedAt: '2024-03-15T08:00:00.000Z', lastCheckAt: null, lastImportAt: null, files: 0, articles: 0, lastError: null });
  assert.equal(store.add('/data/kliping', '2024-03-15T09:00:00.000Z'), null, 'a folder is there once');
  store.add('/data/arsip', '2024-03-15T08:00:00.000Z');
  assert.deepEqual(store.list().map((f) => f.path), ['/data/arsip', '/data/kliping']);

  const files = [{ path: '/data/kliping/a.txt', version: '10:1' }, { path: '/data/kliping/b.txt', version: '20:2' }];
  store.recordCheck('/data/kliping', { at: '2024-03-15T08:01:00.000Z', imported: files, articles: 3, gone: [], error: 'could not import /data/kliping/b.txt: not JSON' });
  store.recordCheck('/data/kliping', { at: '2024-03-15T08:02:00.000Z', imported: [], articles: 0, gone: [], error: undefined });
  assert.deepEqual(
    { ...store.get('/data/kliping')!, id: 0 },
    { id: 0, path: '/data/kliping', addedAt: '2024-03-15T08:00:00.000Z', lastCheckAt: '2024-03-15T08:02:00.000Z', lastImportAt: '2024-03-15T08:01:00.000Z', files: 2, articles: 3, lastError: 'could not import /data/kliping/b.txt: not JSON' },
    'a check with nothing to say leaves the error',
  );
  assert.deepEqual([...store.importedVersions('/data/kliping')], [['/data/kliping/a.txt', '10:1'], ['/data/kliping/b.txt', '20:2']]);

  store.recordCheck('/data/kliping', { at: '2024-03-15T08:03:00.000Z', imported: [{ path: '/data/kliping/a.txt', version: '11:3' }], articles: 1, gone: ['/data/kliping/b.txt'], error: null });
  const after = store.get('/data/kliping')!;
  assert.deepEqual([after.files, after.articles, after.lastError, after.lastImportAt], [3, 4, null, '2024-03-15T08:03:00.000Z']);
  assert.deepEqual([...store.importedVersions('/data/kliping')], [['/data/kliping/a.txt', '11:3']], 'the new version; the file gone is forgotten');
  assert.deepEqual([...store.importedVersions('/data/arsip')], [], 'each folder its own files');

  store.recordCheck('/data/nowhere', { at: '2024-03-15T08:04:00.000Z', imported: files, articles: 1, gone: [], error: 'gone' });
  assert.equal(store.get('/data/nowhere'), null, 'a check of a folder removed meanwhile records nothing');
  assert.equal(store.remove('/data/kliping'), true);
  assert.equal(store.remove('/data/kliping'), false);
  store.add('/data/kliping', '2024-03-16T08:00:00.000Z');
  assert.deepEqual([...store.importedVersions('/data/kliping')], [], 'added again, it starts afresh');
});

test('foldersAdd and foldersRemove: an existing folder by its absolute path, refused with the path and the reason otherwise', async (t) => {
  const { wb } = await openArchive(t);
  const root = tempDir(t);
  const folder = join(root, 'kliping');
  mkdirSync(folder);
  const file = join(root, 'catatan.txt');
  writeFileSync(file, 'bukan folder');

  const added = wb.foldersAdd({ path: relative(process.cwd(), folder) });
  assert.deepEqual(added, { path: folder, lastCheck: null, lastImport: null, files: 0, articles: 0, lastError: null }, 'a relative path is made absolute');
  rejectsWith(() => wb.foldersAdd({ path: `${folder}/` }), 'conflict', new RegExp(`the folder ${folder} is watched already`));
  rejectsWith(() => wb.foldersAdd({ path: join(folder, '..', 'kliping') }), 'conflict', /watched already/);
  rejectsWith(() => wb.foldersAdd({ path: join(root, 'hilang') }), 'invalid_request', new RegExp(`^path: cannot watch ${join(root, 'hilang')}: no such file or directory$`));
  rejectsWith(() => wb.foldersAdd({ path: file }), 'invalid_request', new RegExp(`^path: ${file} is not a folder`));
  for (const bad of [{}, { path: '' }, { path: 42 }, 'kliping', null]) rejectsWith(() => wb.foldersAdd(bad), 'invalid_request', /^path: |invalid|expected/i);
  rejectsWith(() => wb.foldersRemove({ path: join(root, 'lain') }), 'not_found', new RegExp(`no watched folder ${join(root, 'lain')}`));
  assert.deepEqual(wb.foldersList().map((f) => f.path), [folder]);
  wb.foldersRemove({ path: `${folder}/` });
  assert.deepEqual(wb.foldersList(), []);
});

test('foldersAdd refuses a folder another watched one reaches: the same by a link, one inside it, one holding it', async (t) => {
  const { wb } = await openArchive(t);
  const root = tempDir(t);
  const folder = join(root, 'kliping');
  mkdirSync(join(folder, 'harian'), { recursive: true });
  mkdirSync(join(root, 'lain'));
  symlinkSync(folder, join(root, 'tautan'));
  wb.foldersAdd({ path: folder });
  rejectsWith(() => wb.foldersAdd({ path: join(root, 'tautan') }), 'conflict', new RegExp(`^the folder ${join(root, 'tautan')} is watched already, as ${folder}$`));
  rejectsWith(() => wb.foldersAdd({ path: join(folder, 'harian') }), 'conflict', new RegExp(`^${join(folder, 'harian')} is inside the watched folder ${folder}`));
  rejectsWith(() => wb.foldersAdd({ path: root }), 'conflict', new RegExp(`^${root} holds the watched folder ${folder}; stop watching that one first$`));
  assert.equal(wb.foldersAdd({ path: join(root, 'lain') }).path, join(root, 'lain'), 'a folder beside it');
  assert.deepEqual(wb.foldersList().map((f) => f.path), [folder, join(root, 'lain')]);
});

test('two processes on one archive: a folder is watched by one of them; the other takes over when it stops or its claim lapses', async (t) => {
  const { wb, db } = await openArchive(t);
  // Another connection to the archive, as another process has.
  const other = await Workbench.open(db);
  t.after(() => other.close());
  const folder = tempDir(t, 'pantau-kliping-');
  wb.foldersAdd({ path: folder });
  let ms = Date.now();
  const elsewhere: string[] = [];
  const options = { intervalMs: HOUR, settleMs: HOUR, now: () => ms };
  const first = wb.watchFolders(options);
  const second = other.watchFolders({ ...options, onChecked: (c) => void (c.elsewhere && elsewhere.push('second')) });
  t.after(() => Promise.all([first.stop(), second.stop()]));
  await Promise.all([first.check(), second.check()]);
  assert.deepEqual(elsewhere, ['second'], 'the first to check claimed it');

  copyFileSync(BANJIR, join(folder, 'banjir.txt'));
  for (let i = 0; i < 2; i++) {
    ms += HOUR;
    await first.check();
    await second.check();
  }
  assert.deepEqual([wb.stats().imports, folderOf(wb, folder).files, folderOf(wb, folder).articles], [1, 1, 1], 'imported once, by the first');
  assert.equal(elsewhere.length, 3);

  // The first stops: the second takes the folder over, and knows what the first imported.
  await first.stop();
  copyFileSync(HARBOUR, join(folder, 'harbour.txt'));
  for (let i = 0; i < 2; i++) {
    ms += HOUR;
    await second.check();
  }
  assert.equal(elsewhere.length, 3, 'the second watches it now');
  assert.deepEqual([wb.stats().imports, folderOf(wb, folder).files, folderOf(wb, folder).articles], [2, 2, 2], 'only the new file, once');

  // The second stops checking without a word (a process killed): once its claim lapses, a third takes over.
  const third = wb.watchFolders({ ...options, onChecked: (c) => void (c.elsewhere && elsewhere.push('third')) });
  t.after(() => third.stop());
  await third.check();
  assert.deepEqual(elsewhere.slice(3), ['third'], 'claimed by the second still');
  ms += 4 * HOUR;
  await third.check();
  assert.deepEqual(elsewhere.slice(3), ['third'], 'its claim lapsed after three intervals: the third reads the folder');
  assert.equal(folderOf(wb, folder).lastCheck, new Date(ms).toISOString());
});

test('watching: a file that appears is imported at the second check and recorded; a restart does not read it again', async (t) => {
  const { wb } = await openArchive(t);
  const folder = tempDir(t, 'pantau-kliping-');
  wb.foldersAdd({ path: folder });
  const watching = watch(t, wb);
  await watching.check();
  const empty = folderOf(wb, folder);
  assert.ok(empty.lastCheck !== null, 'checked, though empty');
  assert.deepEqual([empty.lastImport, empty.files, empty.articles, empty.lastError], [null, 0, 0, null]);

  copyFileSync(BANJIR, join(folder, 'banjir.txt'));
  await watching.check();
  assert.equal(wb.stats().articles, 0, 'first seen: not yet known to be complete');
  await watching.check();
  assert.equal(wb.stats().articles, 1);
  const first = folderOf(wb, folder);
  assert.deepEqual([first.files, first.articles, first.lastError], [1, 1, null]);
  assert.ok(first.lastImport !== null && first.lastImport === first.lastCheck);
  assert.equal(wb.search({ query: 'banjir', sort: 'newest' }).total, 1);

  await watching.stop();
  const imports = wb.stats().imports;
  const again = watch(t, wb);
  await again.check();
  await again.check();
  assert.equal(wb.stats().imports, imports, 'after a restart the file is known: no import run');
  assert.deepEqual([folderOf(wb, folder).files, folderOf(wb, folder).articles], [1, 1]);

  // Written again (a new version), it is imported again; its article is already in the archive.
  writeFileSync(join(folder, 'banjir.txt'), '\n\n', { flag: 'a' });
  await again.check();
  await again.check();
  const rewritten = folderOf(wb, folder);
  assert.deepEqual([rewritten.files, rewritten.articles, wb.stats().imports], [2, 1, imports + 1]);
});

test('watching: a folder that vanishes is recorded as the last error and the others go on; back, the error is cleared', async (t) => {
  const { wb } = await openArchive(t);
  const root = tempDir(t);
  const kept = join(root, 'kliping');
  const lost = join(root, 'sementara');
  mkdirSync(kept);
  mkdirSync(lost);
  wb.foldersAdd({ path: kept });
  wb.foldersAdd({ path: lost });
  const watching = watch(t, wb);
  await watching.check();

  renameSync(lost, join(root, 'dipindah'));
  copyFileSync(HARBOUR, join(kept, 'harbour.txt'));
  await watching.check();
  await watching.check();
  assert.equal(folderOf(wb, lost).lastError, 'the folder is gone (no such file or directory)');
  assert.deepEqual([folderOf(wb, kept).files, folderOf(wb, kept).lastError], [1, null], 'the other folder was imported from');
  assert.equal(wb.stats().articles, 1);

  renameSync(join(root, 'dipindah'), lost);
  await watching.check();
  assert.equal(folderOf(wb, lost).lastError, null, 'back: the error is over');

  // A folder replaced by a file is not read as one.
  rmSync(lost, { recursive: true });
  writeFileSync(lost, 'Judul\n\nBukan folder lagi, tetapi sebuah berkas teks biasa.\n');
  await watching.check();
  await watching.check();
  assert.equal(folderOf(wb, lost).lastError, 'it is no longer a folder');
  assert.equal(wb.stats().articles, 1);
});

test('watching: files the import cannot read are the last error until the next import; a removed folder is no longer read', async (t) => {
  const { wb } = await openArchive(t);
  const folder = tempDir(t, 'pantau-kliping-');
  const other = tempDir(t, 'pantau-lain-');
  wb.foldersAdd({ path: folder });
  wb.foldersAdd({ path: other });
  const watching = watch(t, wb);
  copyFileSync(BROKEN, join(folder, 'rusak.json'));
  await watching.check();
  await watching.check();
  const broken = folderOf(wb, folder);
  assert.match(broken.lastError ?? '', new RegExp(`^could not import ${join(folder, 'rusak.json')}: `));
  assert.deepEqual([broken.files, broken.articles], [1, 0]);
  await watching.check();
  assert.equal(folderOf(wb, folder).lastError, broken.lastError, 'a check with nothing new keeps it');

  copyFileSync(BANJIR, join(folder, 'banjir.txt'));
  await watching.check();
  await watching.check();
  assert.deepEqual([folderOf(wb, folder).lastError, folderOf(wb, folder).files, folderOf(wb, folder).articles], [null, 2, 1], 'the next import went well');

  wb.foldersRemove({ path: other });
  copyFileSync(HARBOUR, join(other, 'harbour.txt'));
  await watching.check();
  await watching.check();
  assert.equal(wb.search({ query: 'harbour', sort: 'newest' }).total, 0, 'a folder no longer watched is not read');
});

test('the real CLI: folders add, list and remove, as JSON and text, with errors as JSON', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'a.db');
  const folder = join(dir, 'kliping');
  mkdirSync(folder);

  const added = await pantauJson<WatchedFolder>(['folders', 'add', folder, '--db', db]);
  assert.equal(added.code, 0, added.stderr);
  assert.deepEqual(added.json, { path: folder, lastCheck: null, lastImport: null, files: 0, articles: 0, lastError: null });
  const twice = await pantauJson<{ error: { code: string; message: string } }>(['folders', 'add', folder, '--db', db]);
  assert.equal(twice.code, 2);
  assert.deepEqual(twice.json.error, { code: 'conflict', message: `the folder ${folder} is watched already` });
  const missing = await pantauJson<{ error: { code: string; message: string } }>(['folders', 'add', join(dir, 'hilang'), '--db', db]);
  assert.equal(missing.code, 2);
  assert.equal(missing.json.error.code, 'invalid_request');
  assert.match(missing.json.error.message, /hilang: no such file or directory/);

  const listed = await pantauJson<{ folders: WatchedFolder[] }>(['folders', 'list', '--db', db]);
  assert.deepEqual(listed.json, { folders: [{ path: folder, lastCheck: null, lastImport: null, files: 0, articles: 0, lastError: null }] });
  const text = await pantau(['folders', 'list', '--db', db]);
  assert.equal(text.stdout, `${folder}\n  0 files, 0 new articles; last check never; last import never\n`);

  const removed = await pantauJson<{ removed: string }>(['folders', 'remove', folder, '--db', db]);
  assert.deepEqual([removed.code, removed.json], [0, { removed: folder }]);
  const gone = await pantauJson<{ error: { code: string } }>(['folders', 'remove', folder, '--db', db]);
  assert.deepEqual([gone.code, gone.json.error.code], [2, 'not_found']);
  assert.match((await pantau(['folders', 'list', '--db', db])).stdout, /^No watched folders yet/);
  const idle = await pantau(['watch', '--no-feeds', '--db', db]);
  assert.equal(idle.code, 2);
  assert.match(idle.stderr, /nothing to watch: name a folder, add one with `pantau folders add`/);
});

test('the real CLI: pantau watch without folders imports what appears in the saved ones, until SIGTERM', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'a.db');
  const folder = join(dir, 'kliping');
  mkdirSync(folder);
  assert.equal((await pantau(['folders', 'add', folder, '--db', db])).code, 0);
  copyFileSync(BANJIR, join(folder, 'banjir.txt'));

  const child = spawn(process.execPath, [CLI, 'watch', '--no-feeds', '--interval', '0.2', '--db', db], { env: { ...process.env, PANTAU_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // Waits on what the process prints, not on time: the test's timeout bounds a watch that never gets there.
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/imported 1 file: 1 new/.test(stdout)) resolve();
    });
  });
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stdout);
  assert.match(stdout, /^Watching 1 saved folder and 0 feeds for /);
  const after = await Workbench.open(db);
  t.after(() => after.close());
  assert.equal(after.stats().articles, 1);
  assert.deepEqual([folderOf(after, folder).files, folderOf(after, folder).articles], [1, 1]);
});

/** Asks `read` again every 100 ms until `done` holds: the test's timeout bounds a wait that never ends. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('the real CLI: pantau serve imports what appears in the saved folders, never its own uploads, and takes a typed path in browser mode', { timeout: 90_000 }, async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'a.db');
  const folder = join(dir, 'kliping');
  const typed = join(dir, 'unduhan');
  // The system's temporary folder, where the server keeps its uploads, is watched too.
  const temp = join(dir, 'tmp');
  mkdirSync(folder);
  mkdirSync(typed);
  mkdirSync(temp);
  assert.equal((await pantau(['folders', 'add', folder, '--db', db])).code, 0);
  assert.equal((await pantau(['folders', 'add', temp, '--db', db])).code, 0);
  copyFileSync(HARBOUR, join(folder, 'harbour.txt'));

  const child = spawn(process.execPath, [CLI, '--db', db, 'serve', '--no-poll'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PANTAU_DB: '', TMPDIR: temp } });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  t.after(() => child.kill('SIGKILL'));
  let stdout = '';
  const url = await new Promise<URL>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout);
      if (m) resolve(new URL(m[1]!));
    });
  });
  const call = async <T>(method: string, request: unknown = {}): Promise<{ ok: boolean; value: T; error?: { code: string; message: string } }> => {
    const res = await fetch(new URL(`/api/${method}`, url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-pantau-token': url.searchParams.get('token')! }, body: JSON.stringify(request) });
    return (await res.json()) as { ok: boolean; value: T };
  };
  const added = await call<WatchedFolder>('foldersAdd', { path: typed });
  assert.ok(added.ok && added.value.path === typed, JSON.stringify(added));
  const twice = await call('foldersAdd', { path: typed });
  assert.equal(twice.error?.code, 'conflict');
  // An upload waiting in the staging folder, inside the watched `tmp`; then a file of the user's beside it.
  const uploaded = await fetch(new URL('/api/upload?batch=batch-0001&name=upah.txt', url), { method: 'PUT', headers: { 'x-pantau-token': url.searchParams.get('token')! }, body: readFileSync(fixture('text', 'upah-crlf.txt')) });
  assert.equal(uploaded.status, 200);
  copyFileSync(BANJIR, join(temp, 'banjir.txt'));

  // The file was there when serving began: seen at the first check, imported at the next (every 10 s).
  // The upload has kept still longer than banjir.txt: the check that takes banjir.txt would have taken it too.
  const folders = await until(
    () => call<WatchedFolder[]>('foldersList').then((r) => r.value),
    (list) => list.some((f) => f.path === folder && f.files === 1) && list.some((f) => f.path === temp && f.files > 0),
  );
  assert.deepEqual(folders.map((f) => [f.path, f.files, f.articles, f.lastError]), [[folder, 1, 1, null], [temp, 1, 1, null], [typed, 0, 0, null]]);
  assert.equal((await call<{ articles: number }>('stats')).value.articles, 2);
  assert.equal((await call<{ total: number }>('search', { query: 'upah', sort: 'newest' })).value.total, 0, 'the upload was not imported');
  child.kill('SIGINT');
  assert.equal(await exited, 0);
});
