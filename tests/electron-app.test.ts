import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { _electron } from 'playwright-core';
import { API_CALLS, API_JOBS, type ApiResult, type ImportSummary, type MenuCommand, type PantauBridge, type Stats } from '../electron/api.js';
import { chooseArchive, dbArgument, fileArguments, readSettings, rememberArchive } from '../electron/desktop/launch.js';
import { type MenuActions, type MenuItem, menuTemplate } from '../electron/desktop/menu.js';
import { ServiceClient, ServiceError } from '../electron/desktop/service-client.js';
import { defaultArchivePath } from '../electron/paths.js';
import { fixture, repoRoot, tempDir } from './helpers.js';
import { RENDERER, SHOTS } from './ui-helpers.js';

/*
 * The desktop app as a whole: how it picks its archive and the files to import from how it was
 * started, its menu, the SQLite build it loads, and — where an Electron binary exists — the user's
 * path through the real app with Playwright's Electron launcher. Electron cannot be downloaded
 * here, so that last test skips with the reason printed.
 */

interface StartScript {
  electronBinary(): string | null;
  ensureBinding(): string;
  appEnv(binding: string, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  StartError: new (message: string) => Error;
}
const start = (await import(pathToFileURL(join(repoRoot, 'scripts', 'start.mjs')).href)) as StartScript;

test('the archive: --db, then PANTAU_DB, then the one used last while it exists, then the CLI default', (t) => {
  const dir = tempDir(t);
  const last = join(dir, 'last.db');
  const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), APPDATA: join(dir, 'appdata') };
  const argv = ['/opt/electron', '/app', '--db', 'given.db'];
  assert.equal(chooseArchive({ argv, defaultApp: true, env: { ...env, PANTAU_DB: 'env.db' }, remembered: last, cwd: dir }), join(dir, 'given.db'));
  assert.equal(chooseArchive({ argv: ['/opt/pantau', '--db=other.db'], defaultApp: false, env, cwd: dir }), join(dir, 'other.db'));
  assert.equal(chooseArchive({ argv: ['/opt/electron', '/app'], defaultApp: true, env: { ...env, PANTAU_DB: 'env.db' }, remembered: last, cwd: dir }), join(dir, 'env.db'));
  assert.equal(chooseArchive({ argv: ['/opt/electron', '/app'], defaultApp: true, env, remembered: last, cwd: dir }), defaultArchivePath(env), 'a remembered archive that is gone is passed over');
  writeFileSync(last, '');
  assert.equal(chooseArchive({ argv: ['/opt/electron', '/app'], defaultApp: true, env, remembered: last, cwd: dir }), last);
  assert.equal(defaultArchivePath(env), join(dir, 'config', 'Pantau', 'archive.db'), "the CLI's default, in Electron's userData for Pantau");
  // The app's own path is not an argument of the user's.
  assert.equal(dbArgument(['/opt/electron', '--db'], false), undefined);
});

test('the files a launch names are imported; options, their values and missing files are not', (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'kliping'));
  writeFileSync(join(dir, 'berita.csv'), 'title,text\n');
  const argv = ['/opt/electron', '/app', '--db', 'berita.csv', 'berita.csv', '--allow-file-access-from-files', 'kliping', 'hilang.txt', '-x'];
  assert.deepEqual(fileArguments(argv, dir, true), [join(dir, 'berita.csv'), join(dir, 'kliping')]);
  assert.deepEqual(fileArguments(['/opt/pantau', join(dir, 'kliping')], '/', false), [join(dir, 'kliping')]);
  assert.deepEqual(fileArguments(['/opt/electron', dir], '/', true), [], "the app's own folder is not a file to import");
});

test('the archive used last is remembered in the user-data folder; a damaged settings file is replaced', (t) => {
  const userData = join(tempDir(t), 'Pantau');
  assert.deepEqual(readSettings(userData), {});
  rememberArchive(userData, '/data/arsip.db');
  assert.deepEqual(readSettings(userData), { lastArchive: '/data/arsip.db' });
  writeFileSync(join(userData, 'desktop.json'), '{"lastArchive": ');
  assert.deepEqual(readSettings(userData), {});
  rememberArchive(userData, '/data/baru.db');
  assert.deepEqual(readSettings(userData), { lastArchive: '/data/baru.db' });
});

function items(template: MenuItem[], label: string): MenuItem[] {
  const menu = template.find((m) => m.label?.replace('&', '') === label);
  assert.ok(menu?.submenu, `a ${label} menu`);
  return menu.submenu;
}

test('the menu: archives and files, edit roles, the six views on Ctrl/Cmd+1…6, search on F and K, developer items only in development', () => {
  const sent: MenuCommand[] = [];
  const done: string[] = [];
  const actions: MenuActions = {
    send: (c) => sent.push(c),
    openArchive: () => done.push('openArchive'),
    newArchive: () => done.push('newArchive'),
    backupArchive: () => done.push('backupArchive'),
    quit: () => done.push('quit'),
    reload: () => done.push('reload'),
    toggleDevTools: () => done.push('toggleDevTools'),
    openDocs: () => done.push('openDocs'),
  };
  const linux = menuTemplate({ platform: 'linux', dev: false, actions });
  assert.deepEqual(linux.map((m) => m.label), ['&File', '&Edit', '&View', '&Help']);
  const file = items(linux, 'File').filter((i) => i.label);
  assert.deepEqual(file.map((i) => i.label), ['Open archive…', 'New archive…', 'Back up archive…', 'Import files…', 'Export…', 'Quit']);
  for (const i of file) i.click?.();
  assert.deepEqual(done, ['openArchive', 'newArchive', 'backupArchive', 'quit']);
  assert.deepEqual(sent, ['import-files', 'view-export']);
  assert.deepEqual(items(linux, 'Edit').flatMap((i) => i.role ?? []), ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);

  sent.length = 0;
  const view = items(linux, 'View');
  const numbered = view.filter((i) => /^CmdOrCtrl\+\d$/.test(i.accelerator ?? ''));
  assert.deepEqual(numbered.map((i) => i.accelerator), ['CmdOrCtrl+1', 'CmdOrCtrl+2', 'CmdOrCtrl+3', 'CmdOrCtrl+4', 'CmdOrCtrl+5', 'CmdOrCtrl+6']);
  for (const i of numbered) i.click?.();
  // The order of the window's tabs (renderer/src/App.tsx VIEWS).
  assert.deepEqual(sent, ['view-search', 'view-duplicates', 'view-entities', 'view-import', 'view-export', 'view-settings']);
  const search = view.filter((i) => i.accelerator === 'CmdOrCtrl+F' || i.accelerator === 'CmdOrCtrl+K');
  assert.equal(search.length, 2);
  sent.length = 0;
  for (const i of search) i.click?.();
  assert.deepEqual(sent, ['focus-search', 'focus-search']);
  assert.ok(!view.some((i) => i.label === 'Reload' || /developer/i.test(i.label ?? '')), 'no reload or developer tools for users');
  done.length = 0;
  items(linux, 'Help')[0]?.click?.();
  assert.deepEqual(done, ['openDocs']);

  const dev = items(menuTemplate({ platform: 'linux', dev: true, actions }), 'View');
  assert.ok(dev.some((i) => i.label === 'Reload'));
  assert.ok(dev.some((i) => i.label === 'Toggle developer tools'));

  const mac = menuTemplate({ platform: 'darwin', dev: false, actions });
  assert.equal(mac[0]?.role, 'appMenu', "macOS: the application menu first, with Quit in it");
  assert.ok(!items(mac, 'File').some((i) => i.label === 'Quit'));
});

test("the service's worker loads the SQLite binding PANTAU_SQLITE_BINDING names (Electron's build, in the app)", { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const saved = process.env.PANTAU_SQLITE_BINDING;
  t.after(() => {
    if (saved === undefined) delete process.env.PANTAU_SQLITE_BINDING;
    else process.env.PANTAU_SQLITE_BINDING = saved;
  });
  const missing = join(dir, 'nowhere', 'better_sqlite3.node');
  // A worker takes its environment from the main thread's at its start.
  process.env.PANTAU_SQLITE_BINDING = missing;
  await assert.rejects(ServiceClient.start(join(dir, 'a.db')), (err: unknown) => err instanceof ServiceError && err.message.includes(missing));
  process.env.PANTAU_SQLITE_BINDING = join(repoRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const client = await ServiceClient.start(join(dir, 'a.db'));
  t.after(() => client.close());
  const stats = await client.call('stats', {});
  assert.ok(stats.ok && (stats.value as Stats).articles === 0);
});

test('npm start runs Electron with the binding named and never as plain Node', () => {
  const env = start.appEnv('/cache/better_sqlite3.node', { PATH: '/usr/bin', ELECTRON_RUN_AS_NODE: '1' });
  assert.deepEqual(env, { PATH: '/usr/bin', PANTAU_SQLITE_BINDING: '/cache/better_sqlite3.node' });
});

/** Why the Electron scenario cannot run here, or null when it can. */
function electronMissing(): string | null {
  if (start.electronBinary() === null) return 'no Electron binary in node_modules/electron/dist (it is downloaded on the first `npm start` where there is network)';
  try {
    start.ensureBinding();
    return null;
  } catch (err) {
    if (err instanceof start.StartError) return err.message;
    throw err;
  }
}
const skipElectron = electronMissing();
if (skipElectron) console.log(`# skipping the Electron scenario: ${skipElectron}`);

/** The page's globals the scenario looks at (the tests are compiled without the DOM's types). */
type PageGlobals = { pantau?: PantauBridge; require?: unknown; process?: unknown; location: { href: string } };

test('the desktop app: open it, import a fixture through the bridge, search, open an article', { skip: skipElectron ?? false, timeout: 180_000 }, async (t) => {
  const dir = tempDir(t);
  mkdirSync(SHOTS, { recursive: true });
  const app = await _electron.launch({
    executablePath: start.electronBinary()!,
    args: [repoRoot, `--user-data-dir=${join(dir, 'user-data')}`, '--db', join(dir, 'archive.db')],
    env: start.appEnv(start.ensureBinding(), { ...process.env, PANTAU_RENDERER_DIR: RENDERER }) as Record<string, string>,
  });
  t.after(() => app.close());
  const page = await app.firstWindow();
  await page.getByRole('navigation', { name: 'Views' }).waitFor();

  // What the real window is: on the app's own origin, without Node, with the bridge and nothing else.
  assert.equal(new URL(page.url()).protocol, 'pantau:');
  assert.deepEqual(
    await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return [typeof g.require, typeof g.process, typeof g.pantau];
    }),
    ['undefined', 'undefined', 'object'],
  );

  const summary = await page.evaluate(
    (paths) => (globalThis as unknown as PageGlobals).pantau!.job('import', { paths }, () => undefined).result,
    [fixture('export', 'artikel.jsonl')],
  ) as ApiResult<ImportSummary>;
  assert.ok(summary.ok && summary.value.imported > 0, JSON.stringify(summary));

  // The views read the archive again after a reload, which stays within the app.
  await page.reload();
  const query = page.getByRole('searchbox', { name: 'Query' });
  await query.fill('Albanese');
  await page.getByText('2 matches').waitFor();
  await page.screenshot({ path: join(SHOTS, 'electron-search.png') });
  await query.press('ArrowDown');
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor();
  assert.match((await heading.textContent()) ?? '', /Albanese/);
  await page.screenshot({ path: join(SHOTS, 'electron-reader.png') });

  // A navigation away from the app is refused: the page stays where it was.
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).location.href = 'https://example.org/';
  });
  await heading.waitFor();
  assert.equal(new URL(page.url()).protocol, 'pantau:');
});

/*
 * main.ts itself, wired to a fake `electron` module (a module hook answers the import), since no
 * Electron runs here: the app starts, serves its pages, registers the door, builds the menu,
 * imports the files on its command line and a second launch's, switches archives, and closes the
 * archive before it quits.
 */

type Listener = (...args: unknown[]) => void;

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const once: Listener = (...args) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== once));
      listener(...args);
    };
    return this.on(event, once);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) l(...args);
  }
}

const preventable = (): { prevented: boolean; preventDefault(): void } => ({
  prevented: false,
  preventDefault() {
    this.prevented = true;
  },
});

function fakeElectron(dir: string) {
  const events = new Emitter();
  const state = {
    events,
    schemes: [] as { scheme: string }[],
    serve: null as ((request: Request) => Promise<Response>) | null,
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<ApiResult<unknown>>>(),
    menu: [] as MenuItem[],
    boxes: [] as { message: string; detail?: string }[],
    errors: [] as string[],
    nextSave: '',
    quit: false,
  };

  class WebContents extends Emitter {
    readonly id = 1;
    readonly sent: [string, unknown][] = [];
    readonly mainFrame = { url: 'pantau://app/index.html', parent: null };
    reloads = 0;
    setWindowOpenHandler(): void {}
    send(channel: string, payload: unknown): void {
      this.sent.push([channel, payload]);
    }
    isDestroyed(): boolean {
      return false;
    }
    reload(): void {
      this.reloads++;
      this.emit('did-navigate');
      this.emit('did-finish-load');
      events.emit('reload');
    }
    toggleDevTools(): void {}
  }

  class BrowserWindow extends Emitter {
    static made: BrowserWindow[] = [];
    readonly webContents = new WebContents();
    readonly progress: number[] = [];
    title = '';
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      BrowserWindow.made.push(this);
    }
    async loadURL(url: string): Promise<void> {
      // The page comes from the app's scheme, as Electron would fetch it.
      const page = await state.serve!(new Request(url));
      assert.equal(page.status, 200);
      this.emit('ready-to-show');
      this.webContents.emit('did-navigate');
      this.webContents.emit('did-finish-load');
      events.emit('window');
    }
    show(): void {}
    setTitle(title: string): void {
      this.title = title;
    }
    setProgressBar(value: number): void {
      this.progress.push(value);
    }
    isDestroyed(): boolean {
      return false;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    focus(): void {
      events.emit('focus');
    }
  }

  const app = Object.assign(new Emitter(), {
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    getPath: (name: string) => join(dir, name),
    quit() {
      const event = preventable();
      app.emit('before-quit', event);
      if (!event.prevented) {
        state.quit = true;
        events.emit('quit');
      }
    },
    exit(code: number) {
      state.errors.push(`exit ${code}`);
    },
  });

  const electron = {
    app,
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => state.schemes.push(...schemes),
      handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => void (state.serve = handler),
    },
    session: { defaultSession: Object.assign(new Emitter(), { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} }) },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<ApiResult<unknown>>) => void state.handlers.set(channel, handler),
      removeHandler: (channel: string) => void state.handlers.delete(channel),
    },
    Menu: { buildFromTemplate: (template: MenuItem[]) => template, setApplicationMenu: (template: MenuItem[]) => void (state.menu = template) },
    dialog: {
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
      showSaveDialog: () => Promise.resolve({ canceled: state.nextSave === '', filePath: state.nextSave }),
      showMessageBox: (_win: unknown, box: { message: string; detail?: string }) => {
        state.boxes.push(box);
        events.emit('box', box);
        return Promise.resolve({ response: 0 });
      },
      showErrorBox: (title: string, content: string) => void state.errors.push(`${title}: ${content}`),
    },
    shell: { openExternal: () => Promise.resolve(), openPath: () => Promise.resolve('') },
  };
  return { electron, state, BrowserWindow };
}

const HOOKS = `
export async function resolve(specifier, context, next) {
  return specifier === 'electron' ? { url: 'pantau-test:electron', shortCircuit: true } : next(specifier, context);
}
export async function load(url, context, next) {
  if (url !== 'pantau-test:electron') return next(url, context);
  const names = ['app', 'BrowserWindow', 'dialog', 'ipcMain', 'Menu', 'nativeTheme', 'protocol', 'session', 'shell'];
  const source = 'const e = globalThis.__pantauFakeElectron;\\n' + names.map((n) => 'export const ' + n + ' = e.' + n + ';').join('\\n');
  return { format: 'module', source, shortCircuit: true };
}`;

const nextEvent = (events: Emitter, name: string): Promise<unknown[]> => new Promise((resolve) => events.once(name, (...args) => resolve(args)));

test('main.ts on a fake Electron: starts on its archive, imports what it is given, switches archives, closes before quitting', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const pages = join(dir, 'renderer');
  mkdirSync(pages);
  writeFileSync(join(pages, 'index.html'), '<!doctype html><title>Pantau</title>');
  const archive = join(dir, 'arsip.db');
  const { electron, state, BrowserWindow } = fakeElectron(dir);
  (globalThis as { __pantauFakeElectron?: unknown }).__pantauFakeElectron = electron;
  const { register } = await import('node:module');
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
  const saved = { argv: process.argv, renderer: process.env.PANTAU_RENDERER_DIR };
  t.after(() => {
    process.argv = saved.argv;
    if (saved.renderer === undefined) delete process.env.PANTAU_RENDERER_DIR;
    else process.env.PANTAU_RENDERER_DIR = saved.renderer;
  });
  process.argv = [process.execPath, '--db', archive, fixture('export', 'artikel.jsonl')];
  process.env.PANTAU_RENDERER_DIR = pages;

  const imported = nextEvent(state.events, 'box');
  const reread = nextEvent(state.events, 'reload');
  await import(pathToFileURL(join(repoRoot, 'dist', 'electron', 'desktop', 'main.js')).href);
  const [box] = (await imported) as [{ message: string; detail: string }];
  assert.deepEqual(state.errors, []);

  assert.deepEqual(state.schemes.map((s) => s.scheme), ['pantau']);
  const win = BrowserWindow.made[0]!;
  assert.equal(BrowserWindow.made.length, 1);
  assert.equal(win.options.webPreferences.sandbox, true);
  assert.equal(win.options.webPreferences.preload, join(repoRoot, 'dist', 'electron', 'preload.cjs'));
  assert.equal(win.title, 'arsip.db — Pantau');
  assert.equal(state.handlers.size, API_CALLS.length + API_JOBS.length + 5, 'a handler per call and job, cancel, the three dialogs and the path grants');
  assert.deepEqual(state.menu.map((m) => m.label), ['&File', '&Edit', '&View', '&Help']);
  assert.deepEqual(readSettings(join(dir, 'userData')), { lastArchive: archive });

  // The file on the command line was imported once the window was up, with the taskbar's progress.
  assert.equal(box.message, 'Import finished');
  assert.match(box.detail, /^\d+ articles imported from 1 file\./);
  assert.equal(win.progress.at(-1), -1, 'the progress bar is cleared');
  await reread;
  assert.equal(win.webContents.reloads, 1, 'the window reads the archive again');

  const ours = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
  const search = (await state.handlers.get('pantau:call:search')!(ours, { query: 'Albanese' })) as ApiResult<{ total: number }>;
  assert.ok(search.ok && search.value.total === 2, JSON.stringify(search));

  items(state.menu, 'View')[0]!.click!();
  assert.deepEqual(win.webContents.sent.at(-1), ['pantau:menu', 'view-search']);

  // A second launch with a folder: the first window comes forward and imports it.
  const focused = nextEvent(state.events, 'focus');
  const second = nextEvent(state.events, 'box');
  const secondReload = nextEvent(state.events, 'reload');
  electron.app.emit('second-instance', {}, ['/opt/pantau', fixture('text')], '/');
  await focused;
  const [again] = (await second) as [{ detail: string }];
  assert.match(again.detail, /imported from 3 files/);
  await secondReload;

  // File › New archive…: the service moves to a new archive, the window reloads on it, and it is remembered.
  state.nextSave = join(dir, 'baru');
  const reloaded = nextEvent(state.events, 'reload');
  items(state.menu, 'File').find((i) => i.label === 'New archive…')!.click!();
  await reloaded;
  assert.equal(win.title, 'baru.db — Pantau');
  assert.deepEqual(readSettings(join(dir, 'userData')), { lastArchive: join(dir, 'baru.db') });
  const stats = (await state.handlers.get('pantau:call:stats')!(ours, {})) as ApiResult<Stats>;
  assert.ok(stats.ok && stats.value.articles === 0 && stats.value.archive.endsWith('baru.db'), JSON.stringify(stats));

  // File › Quit: the archive is closed first, then the app quits.
  const quit = nextEvent(state.events, 'quit');
  items(state.menu, 'File').find((i) => i.label === 'Quit')!.click!();
  await quit;
  assert.equal(state.quit, true);
  const after = (await state.handlers.get('pantau:call:stats')!(ours, {})) as ApiResult<Stats>;
  assert.equal(after.ok, false, 'the archive is closed');
});
