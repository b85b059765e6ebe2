import { realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { UI_CSP, UI_HEADERS, UI_TYPES } from '../ui-files.js';

/*
 * The one window of the desktop app and the guards on everything a web page could do in it.
 * The renderer is served from dist/renderer under a privileged scheme of our own (pantau://app/),
 * with the same strict CSP browser mode sends, so the page has a real origin to check senders and
 * navigations against. Electron's modules are passed in, so all of this runs under plain Node in
 * tests; the shapes below are the parts of Electron's types this file uses.
 */

export const APP_SCHEME = 'pantau';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Registered before the app is ready: a standard, secure scheme, so the page is a secure context with an origin of its own. */
export const PRIVILEGED_SCHEME = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
};

/** The window's background before the page paints, from the renderer's --bg token, so the window does not flash white in dark mode. */
const BACKGROUND = { light: '#fbfbfa', dark: '#17191c' };


/** Whether `url` is a page of the app itself (pantau://app/…). */
export function isAppUrl(url: string): boolean {
  try {
    // The origin of a custom scheme is opaque to WHATWG URL ("null"), so scheme and host are compared.
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Whether `url` is a web address the system browser may open: http(s) only, never file:, javascript: or an app's scheme. */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

const notFound = (): Response => new Response(null, { status: 404, headers: UI_HEADERS });

/**
 * The handler of the app's scheme (`protocol.handle`): GET of a file of the renderer build, never
 * one outside its folder (by `..`, encoding or symlink), with the CSP on every answer.
 */
export function rendererHandler(dir: string): (request: Request) => Promise<Response> {
  const root = realpathSync(resolve(dir));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: UI_HEADERS });
    let wanted: string;
    try {
      const url = new URL(request.url);
      if (url.host !== APP_HOST) return notFound();
      wanted = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
    } catch {
      return notFound();
    }
    let real: string;
    try {
      real = realpathSync(join(root, wanted));
      if (!real.startsWith(root + sep) || !statSync(real).isFile()) return notFound();
    } catch {
      return notFound();
    }
    const body = request.method === 'HEAD' ? null : await readFile(real);
    // electronegativity-justified: CSP_GLOBAL_CHECK — the CSP goes with every page of the app's scheme, here; the scanner looks only in <meta> tags and webRequest headers
    return new Response(body, {
      status: 200,
      headers: { ...UI_HEADERS, 'content-type': UI_TYPES[extname(real)] ?? 'application/octet-stream', 'content-security-policy': UI_CSP },
    });
  };
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/** The parts of a WebContents the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

const guarded = new WeakSet<object>();

/**
 * Guards any web contents (the window's, and any other Electron creates): it may navigate and be
 * redirected only within the app, may open no window, and may attach no webview. A link the page
 * asks to open in a new window goes to the system browser if it is http(s), and nowhere otherwise.
 */
export function guardContents(contents: GuardedContents, shell: ShellLike): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  const stayInApp = (event: PreventableEvent, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // electronegativity-justified: OPEN_EXTERNAL_JS_CHECK — only http(s) addresses (isWebUrl) reach the system browser, never file:, smb: or an app's scheme
    if (isWebUrl(url)) void shell.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
}

/** The parts of a Session the guards use. */
export interface GuardedSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  on(event: 'will-download', listener: (event: PreventableEvent) => void): unknown;
}

/** The page may use no camera, microphone, notification, clipboard read, geolocation…, and start no download: it needs none. */
export function guardSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    experimentalFeatures: false;
    navigateOnDragDrop: false;
    safeDialogs: true;
    spellcheck: false;
  };
}

export function windowOptions(preload: string, dark: boolean): WindowOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    // Shown once the page has painted, so the window never opens blank.
    show: false,
    title: 'Pantau',
    backgroundColor: dark ? BACKGROUND.dark : BACKGROUND.light,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A file dropped outside the import area must not replace the app with the file.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

export interface AppWindow {
  webContents: GuardedContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
}

export interface WindowDeps<W extends AppWindow> {
  BrowserWindow: new (options: WindowOptions) => W;
  shell: ShellLike;
  /** The compiled preload script (dist/electron/preload.cjs): the only one the window runs. */
  preload: string;
  dark: boolean;
}

/** The window, guarded before it loads anything, showing the renderer at pantau://app/. */
export function createWindow<W extends AppWindow>({ BrowserWindow, shell, preload, dark }: WindowDeps<W>): W {
  // electronegativity-justified: CONTEXT_ISOLATION_JS_CHECK, SANDBOX_JS_CHECK, AUXCLICK_JS_CHECK — the scanner cannot follow windowOptions(): isolation and sandbox are on (tests/security-electron.test.ts), and a middle click opens nothing, as every new window is denied above
  const win = new BrowserWindow(windowOptions(preload, dark));
  guardContents(win.webContents, shell);
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_URL).catch((err: unknown) => console.error(`pantau: the window could not load ${APP_URL}: ${err instanceof Error ? err.message : String(err)}`));
  return win;
}
