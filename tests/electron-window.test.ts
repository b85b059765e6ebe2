import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { APP_URL, createWindow, type GuardedSession, guardContents, guardSession, isAppUrl, type PreventableEvent, PRIVILEGED_SCHEME, rendererHandler } from '../electron/desktop/window.js';
import { startServer } from '../electron/server.js';
import { openArchive } from './dup-helpers.js';
import { FakeContents, FakeWindow, fakeShell } from './electron-fakes.js';
import { tempDir } from './helpers.js';
import { UI_CSP } from '../electron/ui-files.js';

/*
 * The desktop window's factory and guards (electron/desktop/window.ts) with Electron's classes
 * replaced by recording fakes, so they run under plain Node: the window's options, the CSP the
 * app's scheme serves, navigation, new windows, external links and permissions.
 */

test('the window is sandboxed and isolated, runs only our preload, and loads the app over its own scheme', () => {
  const shell = fakeShell();
  const win = createWindow({ BrowserWindow: FakeWindow, shell, preload: '/app/dist/electron/preload.cjs', dark: true });
  assert.equal(FakeWindow.made.at(-1), win);
  const prefs = win.options.webPreferences;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.navigateOnDragDrop, false);
  assert.equal(prefs.preload, '/app/dist/electron/preload.cjs');
  assert.deepEqual(win.loaded, [APP_URL]);
  assert.ok(isAppUrl(APP_URL));
  assert.equal(PRIVILEGED_SCHEME.scheme, new URL(APP_URL).protocol.slice(0, -1));
  assert.equal(PRIVILEGED_SCHEME.privileges.standard, true, 'a standard scheme, so the page has an origin');
  assert.equal(PRIVILEGED_SCHEME.privileges.secure, true);
  // Hidden until painted, on the theme's background: no white flash.
  assert.equal(win.options.show, false);
  assert.equal(win.shown, false);
  win.fire('ready-to-show');
  assert.equal(win.shown, true);
  assert.equal(win.options.backgroundColor, '#17191c');
  assert.equal(createWindow({ BrowserWindow: FakeWindow, shell, preload: '/p.cjs', dark: false }).options.backgroundColor, '#fbfbfa');
  // The window's contents are guarded before anything loads.
  assert.ok(win.webContents.openHandler, 'a window-open handler is set');
  assert.ok(win.webContents.listeners.get('will-navigate')?.length);
});

test("the app's scheme serves the renderer build with a strict CSP, and nothing outside it", async (t) => {
  const dir = tempDir(t);
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Pantau</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'not for the page');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
  const serve = rendererHandler(root);
  const get = (url: string, method = 'GET'): Promise<Response> => serve(new Request(url, { method }));

  const index = await get(APP_URL);
  assert.equal(index.status, 200);
  assert.equal(await index.text(), '<!doctype html><title>Pantau</title>');
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  const csp = index.headers.get('content-security-policy') ?? '';
  assert.equal(csp, UI_CSP);
  assert.match(csp, /^default-src 'none';/);
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|http:|https:/);
  assert.equal(index.headers.get('x-content-type-options'), 'nosniff');

  const script = await get('pantau://app/assets/app.js');
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(script.headers.get('content-security-policy'), UI_CSP);
  assert.equal((await get('pantau://app/')).status, 200, 'the root is index.html');

  for (const url of ['pantau://app/../secret.txt', 'pantau://app/%2e%2e/secret.txt', 'pantau://app/..%2fsecret.txt', 'pantau://app/link.txt', 'pantau://app/assets', 'pantau://app/missing.js', 'pantau://elsewhere/index.html', 'pantau://app/%E0%A4%A']) {
    assert.equal((await get(url)).status, 404, url);
  }
  assert.equal((await get(APP_URL, 'POST')).status, 405);

  // The same policy browser mode sends with its pages.
  const { wb } = await openArchive(t);
  const server = await startServer(wb, { staticDir: root });
  t.after(() => server.close());
  const page = await fetch(`http://127.0.0.1:${server.port}/`);
  assert.equal(page.headers.get('content-security-policy'), UI_CSP);
});

test('navigation and redirects stay within the app; webviews are refused', () => {
  const contents = new FakeContents();
  guardContents(contents, fakeShell());
  for (const event of ['will-navigate', 'will-redirect']) {
    assert.equal(contents.emit(event, 'pantau://app/index.html'), false, `${event} within the app is allowed`);
    assert.equal(contents.emit(event, 'pantau://app/index.html?view=search#x'), false);
    for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'javascript:alert(1)', 'pantau://other/index.html', 'data:text/html,hi', 'not a url']) {
      assert.equal(contents.emit(event, url), true, `${event} to ${url} is prevented`);
    }
  }
  assert.equal(contents.emit('will-attach-webview'), true);
});

test('no new window ever opens; only http(s) links go to the system browser', () => {
  const contents = new FakeContents();
  const shell = fakeShell();
  guardContents(contents, shell);
  const urls = [
    'https://www.example.org/berita/1',
    'http://example.org/',
    'HTTPS://EXAMPLE.ORG/upper',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'pantau://app/index.html',
    'mailto:redaksi@example.org',
    'data:text/html,<script>alert(1)</script>',
    'smb://server/share',
    'vbscript:msgbox',
    'https://',
    '',
  ];
  for (const url of urls) assert.deepEqual(contents.openHandler?.({ url }), { action: 'deny' }, url);
  assert.deepEqual(shell.opened, ['https://www.example.org/berita/1', 'http://example.org/', 'HTTPS://EXAMPLE.ORG/upper']);
});

test('every other web contents gets the same guards, once', () => {
  const contents = new FakeContents();
  const shell = fakeShell();
  guardContents(contents, shell);
  guardContents(contents, shell);
  assert.equal(contents.listeners.get('will-navigate')?.length, 1, 'guarding twice adds nothing');
  assert.equal(contents.emit('will-navigate', 'https://evil.example/'), true);
});

test('every permission request and check is denied, and downloads are refused', () => {
  let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  let check: ((contents: unknown, permission: string) => boolean) | null = null;
  let download: ((event: PreventableEvent) => void) | null = null;
  const session: GuardedSession = {
    setPermissionRequestHandler: (h) => void (request = h),
    setPermissionCheckHandler: (h) => void (check = h),
    on: (_event, listener) => void (download = listener),
  };
  guardSession(session);
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'pointerLock', 'midiSysex', 'fileSystem']) {
    const answers: boolean[] = [];
    request!(null, permission, (granted) => answers.push(granted));
    assert.deepEqual(answers, [false], permission);
    assert.equal(check!(null, permission), false, permission);
  }
  let prevented = false;
  download!({ preventDefault: () => (prevented = true) });
  assert.equal(prevented, true);
});
