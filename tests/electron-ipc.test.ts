import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { API_CALLS, API_JOBS, type ApiCall, type ApiJob, type ApiResult, type ImportProgress, type ImportSummary, type SearchResponse, type MenuCommand, type PantauBridge, type WatchedFolder } from '../electron/api.js';
import { CALL_REQUESTS, JOB_REQUESTS } from '../electron/desktop/contract.js';
import { CHANNELS, type InvokeEvent, type IpcDoor, registerIpc, type Sender } from '../electron/desktop/ipc.js';
import { ServiceClient } from '../electron/desktop/service-client.js';
import { APP_FRAME, FakeIpcMain, FakeSender } from './electron-fakes.js';
import { fixture, repoRoot, tempDir } from './helpers.js';

/*
 * The desktop app's IPC door (electron/desktop/ipc.ts) with a fake ipcMain in front and the real
 * service behind: a worker thread (service-host.ts) on a temporary archive. Malformed arguments
 * are thrown at every handler, senders that are not the app's window are refused, and a job's
 * progress and cancel go through; then the compiled preload script is run against the same door,
 * as the window would run it.
 */

interface Harness {
  ipc: FakeIpcMain;
  door: IpcDoor;
  client: ServiceClient;
  sender: FakeSender;
  /** The event of a call from the app window's top frame. */
  ours: InvokeEvent;
  invoke(channel: string, ...args: unknown[]): Promise<ApiResult<unknown>>;
  dir: string;
  /** What the fake dialogs were asked: the save dialog's names, the open dialog and the folder dialog. */
  asked: string[];
  /** The folder the folder dialog answers. */
  folder: string;
  setWindow(sender: Sender | null): void;
}

async function harness(t: { after: (fn: () => unknown) => void }): Promise<Harness> {
  const dir = tempDir(t);
  const client = await ServiceClient.start(join(dir, 'archive.db'));
  t.after(() => client.close());
  const ipc = new FakeIpcMain();
  const sender = new FakeSender(1);
  let window: Sender | null = sender;
  const asked: string[] = [];
  const folder = join(dir, 'kliping');
  mkdirSync(folder);
  const door = registerIpc({
    ipcMain: ipc,
    service: client,
    window: () => window,
    dialogs: {
      pickImport: () => {
        asked.push('(files to import)');
        return Promise.resolve([fixture('text')]);
      },
      pickExport: (name) => {
        asked.push(name);
        return Promise.resolve(join(dir, name));
      },
      pickFolder: () => {
        asked.push('(folder to watch)');
        return Promise.resolve(folder);
      },
    },
  });
  t.after(() => door.dispose());
  const ours: InvokeEvent = { sender, senderFrame: APP_FRAME };
  return { ipc, door, client, sender, ours, dir, asked, folder, invoke: (channel, ...args) => ipc.invoke(ours, channel, ...args), setWindow: (s) => (window = s) };
}

const jobId = (): string => randomUUID();

function assertInvalid(result: ApiResult<unknown>, label: string): void {
  assert.equal(result.ok, false, `${label}: refused`);
  if (result.ok) return;
  assert.equal(result.error.code, 'invalid_request', `${label}: ${result.error.message}`);
  assert.equal(typeof result.error.message, 'string');
  assert.ok(result.error.message.length > 0 && result.error.message.length < 2000, `${label}: a short message`);
}

function assertOk<T>(result: ApiResult<unknown>, label: string): T {
  assert.ok(result.ok, `${label}: ${result.ok ? '' : JSON.stringify(result.error)}`);
  return (result as { value: T }).value;
}

const cyclic: Record<string, unknown> = { query: 'x' };
cyclic.self = cyclic;

/** Every field a request of any method has, each of the wrong type: no schema accepts it. */
const WRONG_TYPES = {
  id: 'seven',
  query: 42,
  kind: 7,
  name: 5,
  entity: 'Jokowi',
  from: 1,
  into: 1,
  action: 'explode',
  entities: 'all',
  paths: 'tests/fixtures',
  out: ['a.csv'],
  threshold: 'high',
  muted: 'yes',
  alias: 3,
  sort: 9,
  limit: 'many',
};

/** A request no method accepts, by what is wrong with it. */
const BAD_REQUESTS: [string, unknown][] = [
  ['a string', 'banjir Jakarta'],
  ['a number', 42],
  ['a boolean', true],
  ['null', null],
  ['an array', [{ query: 'banjir' }]],
  ['wrong types', WRONG_TYPES],
  ['a huge string', { ...WRONG_TYPES, query: 'banjir '.repeat(800_000) }],
  ['a cycle', cyclic],
  ['a bigint', { id: 10n, query: 10n }],
];

/** Pollution attempts: `__proto__` and `constructor` as own keys, as JSON.parse makes them. */
const POLLUTION = JSON.parse('{"__proto__": {"polluted": "yes", "ok": true}, "constructor": {"prototype": {"polluted": "yes"}}, "query": "x"}') as unknown;

const needsFields = (schema: { safeParse(v: unknown): { success: boolean } }): boolean => !schema.safeParse({}).success;

test('every handler answers malformed arguments with a typed error, and the service keeps working', { timeout: 120_000 }, async (t) => {
  const h = await harness(t);
  const expected = [
    ...API_CALLS.map(CHANNELS.call),
    ...API_JOBS.map(CHANNELS.job),
    CHANNELS.cancel,
    CHANNELS.pickImport,
    CHANNELS.pickExport,
    CHANNELS.pickFolder,
    CHANNELS.grantPaths,
  ].sort();
  assert.deepEqual([...h.ipc.handlers.keys()].sort(), expected, 'one channel per method, and no other');
  assert.deepEqual([...h.door.channels].sort(), expected);

  for (const method of API_CALLS) {
    const channel = CHANNELS.call(method);
    for (const [what, request] of BAD_REQUESTS) assertInvalid(await h.invoke(channel, request), `${method} with ${what}`);
    if (needsFields(CALL_REQUESTS[method])) assertInvalid(await h.invoke(channel, {}), `${method} with missing fields`);
    assertInvalid(await h.invoke(channel, {}, 'extra'), `${method} with an extra argument`);
    const polluted = await h.invoke(channel, POLLUTION);
    assert.equal(typeof polluted.ok, 'boolean', `${method} with pollution: an ApiResult`);
    if (!polluted.ok) assert.ok(['invalid_request', 'not_found'].includes(polluted.error.code), `${method} with pollution: ${polluted.error.code}`);
  }

  for (const method of API_JOBS) {
    const channel = CHANNELS.job(method);
    for (const [what, request] of BAD_REQUESTS) assertInvalid(await h.invoke(channel, jobId(), request), `${method} with ${what}`);
    if (needsFields(JOB_REQUESTS[method])) assertInvalid(await h.invoke(channel, jobId(), {}), `${method} with missing fields`);
    for (const [what, id] of [['no id', undefined], ['an empty id', ''], ['a short id', 'abc'], ['a path as id', '../../etc/passwd'], ['a long id', 'a'.repeat(65)], ['an object id', { id: 1 }], ['a number id', 12345678]] as const) {
      assertInvalid(await h.invoke(channel, id, {}), `${method} with ${what}`);
    }
    assertInvalid(await h.invoke(channel, jobId(), {}, 'extra'), `${method} with an extra argument`);
    const polluted = await h.invoke(channel, jobId(), POLLUTION);
    assert.equal(typeof polluted.ok, 'boolean', `${method} with pollution: an ApiResult`);
    if (!polluted.ok) assert.equal(polluted.error.code, 'invalid_request', `${method} with pollution`);
  }

  // Shaped right but megabytes long: refused by size before any schema or file system sees it.
  const huge = await h.invoke(CHANNELS.job('import'), jobId(), { paths: [`/tmp/${'x'.repeat(5_000_000)}`] });
  assertInvalid(huge, 'import of a huge path');
  assert.match((huge as { error: { message: string } }).error.message, /at most 4194304 bytes/);
  assertInvalid(await h.invoke(CHANNELS.call('search'), { query: 'banjir', after: undefined, padding: 'x'.repeat(5_000_000) }), 'a search padded to megabytes');

  for (const [what, id] of [['no id', undefined], ['a number', 1], ['an object', {}], ['a huge id', 'x'.repeat(5_000_000)]] as const) {
    assertInvalid(await h.invoke(CHANNELS.cancel, id), `cancel with ${what}`);
  }
  assertInvalid(await h.invoke(CHANNELS.pickImport, { paths: ['/etc'] }), 'pickImport with an argument');
  assertInvalid(await h.invoke(CHANNELS.pickFolder, '/etc'), 'pickFolder with an argument');
  for (const [what, name] of [['a path', '../../.bashrc'], ['an absolute path', '/etc/passwd'], ['a Windows path', 'C:\\Windows\\x.csv'], ['a control character', 'a\u0000.csv'], ['an empty name', ''], ['a number', 42], ['a huge name', 'x'.repeat(300)], ['nothing', undefined]] as const) {
    assertInvalid(await h.invoke(CHANNELS.pickExport, name), `pickExport with ${what}`);
  }
  assert.deepEqual(h.asked, [], 'no bad call reached a dialog');

  // Names outside the API, straight at the worker (the IPC door has no channel for them).
  for (const name of ['constructor', '__proto__', 'close', 'open', 'toString', 'nope']) {
    assertInvalid(await h.client.call(name as ApiCall, {}), `the service's call ${name}`);
    assertInvalid(await h.client.job(name as ApiJob, {}, () => undefined).result, `the service's job ${name}`);
  }

  assert.equal(({} as Record<string, unknown>).polluted, undefined, "Object.prototype is untouched in the main process");
  // The service is alive and answers valid calls.
  assertOk(await h.invoke(CHANNELS.grantPaths, [fixture('ui-search', 'rusia-baru.jsonl')]), 'the preload reports a dropped file');
  const imported = assertOk<ImportSummary>(await h.invoke(CHANNELS.job('import'), jobId(), { paths: [fixture('ui-search', 'rusia-baru.jsonl')] }), 'import');
  assert.ok(imported.imported > 0);
  const found = assertOk<SearchResponse>(await h.invoke(CHANNELS.call('search'), { query: 'gandum' }), 'search');
  assert.ok(found.results.length > 0, 'the search finds the imported article');
  assert.equal(found.results[0]?.title, 'Rusia dan Indonesia bahas kerja sama gandum');
});

test('only the top frame of the app window, on an app page, is answered', { timeout: 60_000 }, async (t) => {
  const h = await harness(t);
  const strangers: [string, InvokeEvent][] = [
    ['another window', { sender: new FakeSender(2), senderFrame: APP_FRAME }],
    ['a subframe', { sender: h.sender, senderFrame: { url: 'pantau://app/index.html', parent: APP_FRAME } }],
    ['a web page', { sender: h.sender, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a file page', { sender: h.sender, senderFrame: { url: 'file:///tmp/index.html', parent: null } }],
    ['a page of another host', { sender: h.sender, senderFrame: { url: 'pantau://evil/index.html', parent: null } }],
    ['a frame gone', { sender: h.sender, senderFrame: null }],
  ];
  const argsOf = (channel: string): unknown[] =>
    channel.startsWith('pantau:job:') ? [jobId(), {}] : channel === CHANNELS.pickImport || channel === CHANNELS.pickFolder ? [] : channel === CHANNELS.pickExport ? ['a.csv'] : channel === CHANNELS.cancel ? [jobId()] : [{}];
  for (const [who, event] of strangers) {
    for (const channel of h.ipc.handlers.keys()) {
      const result = await h.ipc.invoke(event, channel, ...argsOf(channel));
      assertInvalid(result, `${channel} from ${who}`);
      assert.match((result as { error: { message: string } }).error.message, /^refused: /);
    }
  }
  h.setWindow(null);
  assertInvalid(await h.invoke(CHANNELS.call('stats'), {}), 'a call once the window is closed');
  h.setWindow(h.sender);
  assert.deepEqual(h.asked, [], 'no dialog was shown for a stranger');
  assertOk(await h.invoke(CHANNELS.call('stats'), {}), 'the window itself is answered');
});

test("a job's progress goes to its window on its own channel, and a cancel by id stops it", { timeout: 120_000 }, async (t) => {
  const h = await harness(t);
  const id = jobId();
  assertOk(await h.invoke(CHANNELS.grantPaths, [fixture('text'), fixture('export', 'artikel.jsonl')]), 'dropped files');
  const summary = assertOk<ImportSummary>(await h.invoke(CHANNELS.job('import'), id, { paths: [fixture('text'), fixture('export', 'artikel.jsonl')] }), 'import');
  assert.equal(summary.status, 'done');
  assert.ok(summary.imported >= 4, String(summary.imported));
  const progress = h.sender.sent.filter((s) => s.channel === CHANNELS.progress(id)).map((s) => s.payload as ImportProgress);
  assert.ok(progress.length > 0, 'progress was reported');
  assert.ok(progress.every((p) => typeof p.filesDone === 'number' && typeof p.filesTotal === 'number'), 'as ImportProgress');
  assert.deepEqual(
    h.sender.sent.filter((s) => s.channel !== CHANNELS.progress(id)),
    [],
    'nothing else was sent',
  );

  // Enough files that the import is surely still reading when the cancel arrives, on its first progress.
  const many = join(h.dir, 'many');
  mkdirSync(many);
  for (let i = 0; i < 1500; i++) writeFileSync(join(many, `berita-${i}.txt`), `Berita nomor ${i}\n\nHarga beras di pasar induk naik ${i} rupiah per kilogram pada pekan ini.\n`);
  assertOk(await h.invoke(CHANNELS.grantPaths, [many]), 'a dropped folder');
  const cancelId = jobId();
  let cancelled: Promise<ApiResult<unknown>> | null = null;
  h.sender.onSend = (channel) => {
    if (channel === CHANNELS.progress(cancelId)) cancelled ??= h.invoke(CHANNELS.cancel, cancelId);
  };
  const stopped = assertOk<ImportSummary>(await h.invoke(CHANNELS.job('import'), cancelId, { paths: [many] }), 'cancelled import');
  assert.ok(cancelled, 'the cancel was sent');
  assertOk(await cancelled!, 'the cancel');
  assert.equal(stopped.status, 'cancelled');
  assert.ok(stopped.imported < 1500, `stopped early (${stopped.imported})`);

  // A window that reloads or closes has its jobs cancelled.
  const forgotten = jobId();
  h.sender.onSend = (channel) => {
    if (channel === CHANNELS.progress(forgotten)) h.door.forget(h.sender.id);
  };
  const dropped = assertOk<ImportSummary>(await h.invoke(CHANNELS.job('import'), forgotten, { paths: [many] }), 'import of a forgotten window');
  assert.equal(dropped.status, 'cancelled');
  h.sender.onSend = null;

  // The service goes on: a count job reports its answer.
  const count = assertOk<{ total: number }>(await h.invoke(CHANNELS.job('count'), jobId(), { query: 'beras' }), 'count');
  assert.ok(count.total > 0);
});

test('an import reads only what the user chose in the dialog, dropped or picked in a file input', { timeout: 60_000 }, async (t) => {
  const h = await harness(t);
  const text = fixture('text');
  assertInvalid(await h.invoke(CHANNELS.job('import'), jobId(), { paths: [text] }), 'a folder the page named itself');
  assert.equal(assertOk<{ articles: number }>(await h.invoke(CHANNELS.call('stats'), {}), 'stats').articles, 0, 'nothing was read');
  assert.deepEqual(assertOk<string[]>(await h.invoke(CHANNELS.pickImport), 'the open dialog'), [text]);
  assert.equal(assertOk<ImportSummary>(await h.invoke(CHANNELS.job('import'), jobId(), { paths: [text] }), 'what the dialog answered').status, 'done');
  const csv = fixture('csv', 'berita-id.csv');
  assertInvalid(await h.invoke(CHANNELS.job('import'), jobId(), { paths: [text, csv] }), 'one granted path does not carry another');
  assertOk(await h.invoke(CHANNELS.grantPaths, [csv]), 'a dropped file');
  assert.equal(assertOk<ImportSummary>(await h.invoke(CHANNELS.job('import'), jobId(), { paths: [csv] }), 'the dropped file').status, 'done');
  h.door.forget(h.sender.id);
  assertInvalid(await h.invoke(CHANNELS.job('import'), jobId(), { paths: [csv] }), 'grants end when the window reloads');
});

test('a watched folder is added only as the folder dialog answered, and the service watches it', { timeout: 60_000 }, async (t) => {
  const h = await harness(t);
  const folders = async (): Promise<WatchedFolder[]> => assertOk<WatchedFolder[]>(await h.invoke(CHANNELS.call('foldersList'), {}), 'foldersList');
  const text = fixture('text');
  assertOk(await h.invoke(CHANNELS.grantPaths, [text]), 'a dropped folder');
  for (const [what, path] of [['a folder the page named', h.dir], ['a dropped folder', text], ['the dialog\'s folder before it was asked', h.folder]] as const) {
    const refused = await h.invoke(CHANNELS.call('foldersAdd'), { path });
    assertInvalid(refused, what);
    assert.match((refused as { error: { message: string } }).error.message, /was not chosen in the folder dialog/);
  }
  assert.deepEqual(await folders(), [], 'nothing was added');
  assert.equal(assertOk<string | null>(await h.invoke(CHANNELS.pickFolder), 'the folder dialog'), h.folder);
  const added = assertOk<WatchedFolder>(await h.invoke(CHANNELS.call('foldersAdd'), { path: h.folder }), 'the chosen folder');
  assert.equal(added.path, h.folder);
  assert.deepEqual((await folders()).map((f) => f.path), [h.folder]);
  assertInvalid(await h.invoke(CHANNELS.call('foldersAdd'), { path: h.folder }), 'the same folder again without the dialog');
  assert.deepEqual(h.asked, ['(folder to watch)']);

  assert.equal(assertOk<string | null>(await h.invoke(CHANNELS.pickFolder), 'the folder dialog again'), h.folder);
  h.door.forget(h.sender.id);
  assertInvalid(await h.invoke(CHANNELS.call('foldersAdd'), { path: h.folder }), 'grants end when the window reloads');
  assertOk(await h.invoke(CHANNELS.call('foldersRemove'), { path: h.folder }), 'removing needs no dialog');
  assert.deepEqual(await folders(), []);
});

test('an export writes only where the save dialog answered, once', { timeout: 60_000 }, async (t) => {
  const h = await harness(t);
  assertOk(await h.invoke(CHANNELS.grantPaths, [fixture('export', 'artikel.jsonl')]), 'a dropped file');
  assertOk(await h.invoke(CHANNELS.job('import'), jobId(), { paths: [fixture('export', 'artikel.jsonl')] }), 'import');
  const unchosen = join(h.dir, 'elsewhere.csv');
  assertInvalid(await h.invoke(CHANNELS.job('export'), jobId(), { kind: 'articles', out: unchosen }), 'an export to a file the user did not choose');
  assert.equal(existsSync(unchosen), false);

  const out = assertOk<string>(await h.invoke(CHANNELS.pickExport, 'Artikel.csv'), 'pickExport');
  assert.equal(out, join(h.dir, 'Artikel.csv'));
  assert.deepEqual(h.asked, ['Artikel.csv']);
  const result = assertOk<{ status: string; rows: number }>(await h.invoke(CHANNELS.job('export'), jobId(), { kind: 'articles', out, columns: ['id', 'title'] }), 'export');
  assert.equal(result.status, 'done');
  assert.ok(result.rows > 0);
  assert.match(readFileSync(out, 'utf8'), /^\uFEFFid,title\r?\n/);
  assertInvalid(await h.invoke(CHANNELS.job('export'), jobId(), { kind: 'articles', out }), 'a second export to it without asking again');
});

/** Runs the compiled preload script as a sandboxed window would, with `electron` wired to the door. */
function loadPreload(h: Harness): { bridge: PantauBridge; listeners: Map<string, Set<(...args: unknown[]) => void>> } {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const exposed: Record<string, unknown> = {};
  h.sender.onSend = (channel, payload) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'not for the page' }, payload);
  };
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => void (exposed[name] = api) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => h.invoke(channel, ...args),
      on(channel: string, listener: (...args: unknown[]) => void) {
        listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
      },
      removeListener(channel: string, listener: (...args: unknown[]) => void) {
        listeners.get(channel)?.delete(listener);
        if (listeners.get(channel)?.size === 0) listeners.delete(channel);
      },
    },
    webUtils: { getPathForFile: (file: File) => (file.name === 'made-in-page.txt' ? '' : `/home/analis/${file.name}`) },
  };
  // A sandboxed preload may require `electron` and nothing else.
  const require = (name: string): unknown => {
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const source = readFileSync(join(repoRoot, 'dist', 'electron', 'preload.cjs'), 'utf8');
  const module = { exports: {} };
  new Function('require', 'exports', 'module', source)(require, module.exports, module);
  assert.deepEqual(Object.keys(exposed), ['pantau'], 'the preload exposes window.pantau and nothing else');
  return { bridge: exposed.pantau as PantauBridge, listeners };
}

test('the preload script speaks to exactly these handlers, with named methods only', { timeout: 60_000 }, async (t) => {
  const h = await harness(t);
  const { bridge, listeners } = loadPreload(h);
  assert.deepEqual(Object.keys(bridge).sort(), ['call', 'job', 'onMenu', 'pathsOf', 'pickExport', 'pickFolder', 'pickImport']);
  assert.ok(Object.values(bridge).every((v) => typeof v === 'function'));

  // Each method's channel exists: a bad request is the service's typed refusal, not "no handler".
  for (const method of API_CALLS) assertInvalid(await bridge.call(method, 'bad'), `bridge.call ${method}`);
  for (const method of API_JOBS) assertInvalid(await bridge.job(method, 'bad', () => undefined).result, `bridge.job ${method}`);
  // A request IPC cannot copy is refused the same way.
  assertInvalid(await bridge.call('search', { query: 'x', then: () => 1 }), 'a function in a request');

  assert.deepEqual(await bridge.pickImport(), [fixture('text')], 'the dialog grants what it answers');
  const seen: unknown[] = [];
  const running = bridge.job('import', { paths: [fixture('text')] }, (p) => seen.push(p));
  const summary = assertOk<ImportSummary>(await running.result, 'bridge.job import');
  assert.ok(summary.imported > 0);
  assert.ok(seen.length > 0, 'progress reached the page');
  assert.equal([...listeners.keys()].filter((c) => c.startsWith('pantau:progress:')).length, 0, 'the progress listener is removed at the end');
  const stats = assertOk<{ articles: number }>(await bridge.call('stats', {}), 'bridge.call stats');
  assert.equal(stats.articles, summary.imported);

  assert.equal(await bridge.pickExport('Laporan.xlsx'), join(h.dir, 'Laporan.xlsx'));
  await assert.rejects(bridge.pickExport('../Laporan.xlsx'), /file name/);
  assert.equal(await bridge.pickFolder(), h.folder, 'the folder dialog grants what it answers');
  assert.equal(assertOk<WatchedFolder>(await bridge.call('foldersAdd', { path: h.folder }), 'bridge.call foldersAdd').path, h.folder);
  assert.deepEqual(bridge.pathsOf([new File(['a'], 'berita.csv'), new File(['b'], 'made-in-page.txt')]), ['/home/analis/berita.csv']);

  const commands: MenuCommand[] = [];
  const stop = bridge.onMenu((c) => commands.push(c));
  h.sender.send(CHANNELS.menu, 'view-duplicates');
  stop();
  h.sender.send(CHANNELS.menu, 'view-export');
  assert.deepEqual(commands, ['view-duplicates'], 'the listener hears commands until it stops');
  assert.equal(listeners.has(CHANNELS.menu), false);
});
