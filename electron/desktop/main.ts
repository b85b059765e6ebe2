import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session, shell } from 'electron';
import type { ImportProgress, ImportSummary, MenuCommand } from '../api.js';
import { defaultArchivePath } from '../paths.js';
import { checkJob } from './contract.js';
import { Dialogs } from './dialogs.js';
import { CHANNELS, type IpcDoor, registerIpc } from './ipc.js';
import { chooseArchive, fileArguments, readSettings, rememberArchive } from './launch.js';
import { backupFromMenu } from './backup-menu.js';
import { menuTemplate } from './menu.js';
import { outsideAsar, useBundledSqlite } from './packaged.js';
import { startOrRecover } from './recovery.js';
import { ServiceClient } from './service-client.js';
import { APP_SCHEME, createWindow, guardContents, guardSession, PRIVILEGED_SCHEME, rendererHandler } from './window.js';

/*
 * The desktop app (`npm start`): one window on one archive, the service in a worker thread, the
 * native menu and dialogs. Everything with a decision in it lives in the sibling modules, which
 * take Electron's modules as arguments and are tested under plain Node; this file wires them to
 * the real ones and to the app's life cycle.
 */

/** Reload and developer tools in the View menu: `PANTAU_DEV=1 npm start`; never in an installed app. */
const DEV = !app.isPackaged && process.env.PANTAU_DEV === '1';
/** Another renderer build, for development; an installed app shows only its own, which the asar's integrity check covers. */
const RENDERER = (!app.isPackaged && process.env.PANTAU_RENDERER_DIR) || fileURLToPath(new URL('../../renderer/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('../preload.cjs', import.meta.url));
/** The documentation, which ships with the app: no network needed to read it. */
const DOCS = outsideAsar(fileURLToPath(new URL('../../../docs/desktop.md', import.meta.url)));

/** `electron <app folder>` (npm start) puts the app's path before the user's arguments; a packaged app does not. */
const DEFAULT_APP = process.defaultApp === true;

useBundledSqlite(app.isPackaged, process.resourcesPath);
protocol.registerSchemesAsPrivileged([PRIVILEGED_SCHEME]);

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

let win: BrowserWindow | null = null;
let service: ServiceClient | null = null;
let door: IpcDoor | null = null;
let dialogs: Dialogs<BrowserWindow> | null = null;
/** Files handed to the app before its window was ready. */
const waiting: string[] = [];

function send(command: MenuCommand): void {
  if (win && !win.isDestroyed()) win.webContents.send(CHANNELS.menu, command);
}

function showArchive(): void {
  if (win && service) win.setTitle(`${basename(service.archive)} — Pantau`);
}

function openWindow(): void {
  const w = createWindow({ BrowserWindow, shell, preload: PRELOAD, dark: nativeTheme.shouldUseDarkColors });
  win = w;
  const id = w.webContents.id;
  // The title names the archive in use; the page's own <title> would hide it.
  w.on('page-title-updated', (event) => event.preventDefault());
  showArchive();
  // A reload or a crash ends what the page had started: its jobs are cancelled.
  w.webContents.on('did-navigate', () => door?.forget(id));
  w.webContents.on('render-process-gone', (_event, details) => {
    console.error(`pantau: the window's renderer ended (${details.reason})`);
    door?.forget(id);
  });
  w.on('closed', () => {
    door?.forget(id);
    if (win === w) win = null;
  });
  w.webContents.once('did-finish-load', () => void importFiles(waiting.splice(0)));
}

/** Opens another archive in the worker, closing the one in use, and shows it in the window. */
async function switchArchive(file: string | null): Promise<void> {
  if (file === null || !service || !dialogs) return;
  try {
    await service.switchTo(file);
  } catch (err) {
    await dialogs.problem(`Cannot open ${file}`, message(err));
    return;
  }
  rememberArchive(app.getPath('userData'), service.archive);
  showArchive();
  win?.webContents.reload();
}

/** Imports files named on the command line (this launch's or a second one's), with the taskbar's progress bar and a summary at the end. */
async function importFiles(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  if (!service || !dialogs || !win) {
    waiting.push(...paths);
    return;
  }
  const checked = checkJob('import', { paths });
  if (!checked.ok) return;
  const w = win;
  const job = service.job('import', checked.value, (p) => {
    const { filesDone, filesTotal } = p as ImportProgress;
    // 2 is Electron's "indeterminate" while the files are still being counted.
    if (!w.isDestroyed()) w.setProgressBar(filesTotal > 0 ? filesDone / filesTotal : 2);
  });
  const result = await job.result;
  if (w.isDestroyed()) return;
  w.setProgressBar(-1);
  if (!result.ok) {
    if (result.error.code !== 'cancelled') await dialogs.problem('The files could not be imported', result.error.message);
    return;
  }
  await dialogs.imported(result.value as ImportSummary);
  // The views read the archive again.
  w.webContents.reload();
}

function focusWindow(): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

async function openService(): Promise<ServiceClient> {
  const userData = app.getPath('userData');
  const archive = chooseArchive({ argv: process.argv, defaultApp: DEFAULT_APP, env: process.env, remembered: readSettings(userData).lastArchive, cwd: process.cwd() });
  try {
    // A damaged archive: the latest good backup is offered in its place (recovery.ts).
    return await startOrRecover(archive, { start: (file) => ServiceClient.start(file), ask: (box) => dialog.showMessageBox(box).then((r) => r.response) });
  } catch (err) {
    const fallback = defaultArchivePath();
    if (archive === fallback) throw err;
    // The archive used last may have moved or broken: say so, and open the default one instead.
    dialog.showErrorBox('Pantau', `Cannot open ${archive}: ${message(err)}\n\nOpening the default archive, ${fallback}, instead.`);
    return ServiceClient.start(fallback);
  }
}

async function start(): Promise<void> {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error(`the window's pages are not built in ${RENDERER}; run npm run build (npm start does)`);
  service = await openService();
  rememberArchive(app.getPath('userData'), service.archive);

  protocol.handle(APP_SCHEME, rendererHandler(RENDERER));
  guardSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => guardContents(contents, shell));

  const d = new Dialogs<BrowserWindow>(dialog, () => win, app.getPath('documents'));
  dialogs = d;
  door = registerIpc({ ipcMain, service, window: () => win?.webContents ?? null, dialogs: d });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        platform: process.platform,
        dev: DEV,
        actions: {
          send,
          openArchive: () => void d.pickArchive().then(switchArchive),
          newArchive: () => void d.pickNewArchive().then(switchArchive),
          backupArchive: () => {
            if (win && service) void backupFromMenu({ dialog, window: win, service, archive: service.archive, documents: app.getPath('documents'), progress: (f) => win?.setProgressBar(f) });
          },
          quit: () => app.quit(),
          reload: () => win?.webContents.reload(),
          toggleDevTools: () => win?.webContents.toggleDevTools(),
          openDocs: () => void shell.openPath(DOCS),
        },
      }),
    ),
  );

  waiting.push(...fileArguments(process.argv, process.cwd(), DEFAULT_APP));
  openWindow();
}

function fail(err: unknown): void {
  dialog.showErrorBox('Pantau could not start', message(err));
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  // The first instance gets this launch's arguments ('second-instance') and imports its files.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, cwd) => {
    focusWindow();
    void importFiles(fileArguments(argv, cwd, DEFAULT_APP));
  });

  let closing: Promise<void> | null = null;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed || (!service && !closing)) return;
    // The archive is closed first: running jobs are cancelled and waited for, so each records how it ended.
    event.preventDefault();
    closing ??= (service?.close() ?? Promise.resolve()).finally(() => {
      closed = true;
      app.quit();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (win === null && service !== null) openWindow();
  });

  app.whenReady().then(start).catch(fail);
}
