import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { API_CALLS, API_JOBS, type ApiResult, type RunningJob } from '../electron/api.js';
import { CHANNELS, type InvokeEvent, type Pickers, registerIpc, type SenderFrame } from '../electron/desktop/ipc.js';
import type { Service } from '../electron/desktop/service-client.js';
import { APP_URL, createWindow, guardContents } from '../electron/desktop/window.js';
import { UI_CSP } from '../electron/ui-files.js';
import { APP_FRAME, FakeContents, FakeIpcMain, FakeSender, FakeWindow, fakeShell } from './electron-fakes.js';
import { repoRoot } from './helpers.js';

/*
 * The desktop app's doors as a security audit, under plain Node with Electron's parts faked
 * (tests/electron-fakes.ts): the window's options in full, the page's CSP directive by directive,
 * the navigation guards against spellings of foreign URLs, and every IPC channel (read from the
 * door itself, so a new one is covered or the test names it) against malformed arguments and
 * callers that are not the app window's top frame. Behind the door is a service that only records
 * what reached it: nothing refused may. tests/electron-window.test.ts and electron-ipc.test.ts
 * test the same modules' behaviour with the real renderer build and the real service.
 */

test('the window runs with exactly the hardened preferences, and only our preload', () => {
  const preload = join(repoRoot, 'dist', 'electron', 'preload.cjs');
  const win = createWindow({ BrowserWindow: FakeWindow, shell: fakeShell(), preload, dark: false });
  // Exact: a preference added later (enableBlinkFeatures, additionalArguments, a partition…) fails here and is looked at.
  assert.deepEqual(win.options.webPreferences, {
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
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  });
  for (const never of ['enableBlinkFeatures', 'additionalArguments', 'javascript', 'plugins', 'partition', 'session', 'devTools']) {
    assert.equal(never in win.options.webPreferences, false, `webPreferences.${never} is not set`);
  }
  assert.deepEqual(Object.keys(win.options).sort(), ['backgroundColor', 'height', 'minHeight', 'minWidth', 'show', 'title', 'webPreferences', 'width']);
  assert.deepEqual(win.loaded, [APP_URL], 'the window loads the app and nothing else');

  // The app gives the factory the compiled preload.cts beside it, and no other file sets a preload.
  const main = readFileSync(join(repoRoot, 'dist', 'electron', 'desktop', 'main.js'), 'utf8');
  const named = /const PRELOAD = fileURLToPath\(new URL\('([^']+)', import\.meta\.url\)\)/.exec(main);
  assert.ok(named, 'main.js names its preload script as a file beside it');
  assert.match(main, /createWindow\(\{[^}]*preload: PRELOAD[^}]*\}\)/, 'main.js passes that preload to the window factory');
  const resolved = fileURLToPath(new URL(named[1]!, pathToFileURL(join(repoRoot, 'dist', 'electron', 'desktop', 'main.js'))));
  assert.equal(resolved, preload);
  assert.ok(existsSync(resolved), `${resolved} is built`);
  assert.match(readFileSync(resolved, 'utf8'), /contextBridge\.exposeInMainWorld\('pantau', bridge\)/, 'it is the compiled electron/preload.cts');
});

/** A CSP as its directives, each with its sources. */
function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';').map((p) => p.trim()).filter((p) => p !== '')) {
    const [name, ...sources] = part.split(/\s+/);
    assert.ok(!directives.has(name!.toLowerCase()), `${name} appears once`);
    directives.set(name!.toLowerCase(), sources);
  }
  return directives;
}

/** The fetch directives and what each falls back to when absent (CSP level 3). */
const FALLBACK: Record<string, string[]> = {
  'script-src': ['default-src'],
  'script-src-elem': ['script-src', 'default-src'],
  'script-src-attr': ['script-src', 'default-src'],
  'style-src': ['default-src'],
  'style-src-elem': ['style-src', 'default-src'],
  'style-src-attr': ['style-src', 'default-src'],
  'img-src': ['default-src'],
  'font-src': ['default-src'],
  'connect-src': ['default-src'],
  'media-src': ['default-src'],
  'object-src': ['default-src'],
  'frame-src': ['child-src', 'default-src'],
  'child-src': ['default-src'],
  'worker-src': ['child-src', 'script-src', 'default-src'],
  'manifest-src': ['default-src'],
};

test("the page's CSP, directive by directive: its own files only, no inline or eval script, no remote origin, no framing", () => {
  const csp = parseCsp(UI_CSP);
  const known = new Set([...Object.keys(FALLBACK), 'default-src', 'base-uri', 'form-action', 'frame-ancestors']);
  for (const name of csp.keys()) assert.ok(known.has(name), `${name} is a directive this test knows how to judge`);
  const effective = (name: string): string[] => {
    for (const n of [name, ...(FALLBACK[name] ?? [])]) {
      const sources = csp.get(n);
      if (sources) return sources;
    }
    return ['*'];
  };

  assert.deepEqual(csp.get('default-src'), ["'none'"], 'everything not named is refused');
  for (const name of ['script-src', 'script-src-elem', 'script-src-attr', 'worker-src']) assert.deepEqual(effective(name), ["'self'"], name);
  for (const name of ['style-src', 'style-src-elem', 'style-src-attr', 'font-src', 'connect-src']) assert.deepEqual(effective(name), ["'self'"], name);
  assert.deepEqual(effective('img-src'), ["'self'", 'data:'], 'images of the page itself, and inline data (icons)');
  for (const name of ['object-src', 'frame-src', 'child-src', 'media-src', 'manifest-src']) assert.deepEqual(effective(name), ["'none'"], name);
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], 'no other page may frame it');
  assert.deepEqual(csp.get('base-uri'), ["'none'"], 'no <base> can redirect its relative URLs');
  assert.deepEqual(csp.get('form-action'), ["'none'"], 'no form posts anywhere');

  for (const [name, sources] of csp) {
    for (const source of sources) {
      // Only keywords that grant nothing beyond the page's own origin, and data: for images.
      assert.ok(["'none'", "'self'"].includes(source) || (source === 'data:' && name === 'img-src'), `${name} ${source}: no remote origin, scheme or unsafe keyword`);
      assert.doesNotMatch(source, /unsafe|strict-dynamic|nonce-|sha\d+-|\*|https?:|wss?:|blob:|filesystem:/i, `${name} ${source}`);
    }
  }
});

test('navigation stays within the app, whatever the spelling of a foreign URL; new windows go only to http(s) in the system browser', () => {
  const contents = new FakeContents();
  const shell = fakeShell();
  guardContents(contents, shell);
  const inside = ['pantau://app/index.html', 'pantau://app/index.html?view=reader&id=3#p2', 'pantau://app/assets/../index.html'];
  const outside = [
    'pantau://app.evil.example/index.html',
    'pantau://evil.example@app.evil/index.html',
    'pantau://app:8080/index.html',
    'pantau:app/index.html',
    'pantau:///index.html',
    'blob:pantau://app/5f0c6f32-2d5e-4d39-8a0b-7f0f0d1a2b3c',
    'about:blank',
    'about:srcdoc',
    'http://127.0.0.1:41237/?token=x',
    'https://app/index.html',
    'file:///C:/Windows/win.ini',
    'FILE:///etc/passwd',
    'jAvAsCrIpT:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'devtools://devtools/bundled/inspector.html',
    'chrome://settings',
    'chrome-extension://abcdefghijklmnop/page.html',
    'view-source:pantau://app/index.html',
    '',
  ];
  for (const event of ['will-navigate', 'will-redirect']) {
    for (const url of inside) assert.equal(contents.emit(event, url), false, `${event} to ${url} is allowed`);
    for (const url of outside) assert.equal(contents.emit(event, url), true, `${event} to ${url} is prevented`);
  }

  const asked = [...outside, ' https://example.org/berita', 'https://user:pass@example.org/', 'http://[::1]:8080/', 'https:example.org', 'https:/example.org'];
  for (const url of asked) assert.deepEqual(contents.openHandler?.({ url }), { action: 'deny' }, `${url}: no window of Electron's`);
  assert.ok(shell.opened.length > 0, 'some of these are web addresses');
  for (const url of shell.opened) assert.ok(['http:', 'https:'].includes(new URL(url).protocol), `only http(s) reaches the system browser, not ${url}`);
});

/** A recording service and dialogs: what reaches them, and nothing else happens. */
function recorder(folder: string | null = null): { reached: string[]; service: Service; dialogs: Pickers } {
  const reached: string[] = [];
  const done = (): Promise<ApiResult<unknown>> => Promise.resolve({ ok: true, value: null });
  return {
    reached,
    service: {
      call: (method) => (reached.push(`call ${method}`), done()),
      job: (method): RunningJob => (reached.push(`job ${method}`), { result: done(), cancel: () => undefined }),
    },
    dialogs: {
      pickImport: () => (reached.push('pickImport'), Promise.resolve([])),
      pickExport: (name) => (reached.push(`pickExport ${name}`), Promise.resolve(null)),
      pickFolder: () => (reached.push('pickFolder'), Promise.resolve(folder)),
    },
  };
}

const cyclic: Record<string, unknown> = { query: 'x' };
cyclic.self = cyclic;
const HUGE = 'x'.repeat(5_000_000);
const id = (): string => randomUUID();

/** Argument lists no method's call accepts, by what is wrong with them. */
const BAD_REQUEST_VALUES: [string, unknown][] = [
  ['a string', 'banjir'],
  ['a number', 7],
  ['a boolean', false],
  ['null', null],
  ['an array', [{}]],
  ['a cycle', cyclic],
  ['a bigint', { id: 1n }],
  ['megabytes', { query: HUGE }],
];

interface ChannelCases {
  /** What the window itself would send: refused from a stranger only for who it is. */
  wellFormed: () => unknown[];
  /** Argument lists the channel must refuse from the window itself, with nothing reaching the service or a dialog. */
  malformed: () => [string, unknown[]][];
}

const CALL: ChannelCases = {
  wellFormed: () => [{}],
  malformed: () => [...BAD_REQUEST_VALUES.map(([what, v]): [string, unknown[]] => [what, [v]]), ['an extra argument', [{}, {}]]],
};
const JOB: ChannelCases = {
  wellFormed: () => [id(), {}],
  malformed: () => [
    ['no arguments', []],
    ...BAD_REQUEST_VALUES.map(([what, v]): [string, unknown[]] => [what, [id(), v]]),
    ['a numeric id', [42, {}]],
    ['an id with a path', ['../../etc/passwd', {}]],
    ['a huge id', [HUGE, {}]],
    ['an extra argument', [id(), {}, 'extra']],
  ],
};

/** The door's other channels, each with its own cases; a channel added to the door without cases here fails the test by name. */
const OTHER_CHANNELS: Record<string, ChannelCases> = {
  [CHANNELS.cancel]: {
    wellFormed: () => [id()],
    malformed: () => [
      ['no id', []],
      ['a number', [42]],
      ['an object', [{ id: id() }]],
      ['a short id', ['abc']],
      ['an id of other characters', ['../../../../etc/x']],
      ['a huge id', [HUGE]],
      ['an extra argument', [id(), 'extra']],
    ],
  },
  [CHANNELS.pickImport]: {
    wellFormed: () => [],
    malformed: () => [
      ['paths it would like', [['/etc']]],
      ['an options object', [{ defaultPath: '/etc', properties: ['openFile'] }]],
      ['null', [null]],
    ],
  },
  [CHANNELS.pickExport]: {
    wellFormed: () => ['Artikel.csv'],
    malformed: () => [
      ['no name', []],
      ['a relative path', ['../../.bashrc']],
      ['a folder and a name', ['kliping/a.csv']],
      ['an absolute path', ['/etc/cron.d/x']],
      ['a Windows path', ['C:\\Users\\x\\a.csv']],
      ['a UNC path', ['\\\\server\\share\\a.csv']],
      ['a control character', ['a\u0007.csv']],
      ['a newline', ['a\n.csv']],
      ['an empty name', ['']],
      ['a name of 256 characters', ['x'.repeat(256)]],
      ['a number', [1]],
      ['an object', [{ name: 'a.csv' }]],
      ['an extra argument', ['a.csv', '/tmp']],
    ],
  },
  [CHANNELS.pickFolder]: {
    wellFormed: () => [],
    malformed: () => [
      ['a folder it would like', ['/home/analis']],
      ['an options object', [{ defaultPath: '/', properties: ['openDirectory'] }]],
      ['null', [null]],
    ],
  },
  [CHANNELS.grantPaths]: {
    wellFormed: () => [['/home/analis/berita.csv']],
    malformed: () => [
      ['nothing', []],
      ['a string, not a list', ['/etc/passwd']],
      ['numbers', [[1, 2]]],
      ['an empty path', [['']]],
      ['a path of 4,097 characters', [[`/${'x'.repeat(4096)}`]]],
      ['100,001 paths', [Array.from({ length: 100_001 }, (_, i) => `/a/${i}`)]],
      ['null', [null]],
      ['an extra argument', [['/a'], 'extra']],
    ],
  },
};

/** The channels the main process only sends on; a window invoking them gets no handler. */
const OUTGOING = new Set<string>([CHANNELS.menu]);

function door(folder: string | null = null): { ipc: FakeIpcMain; window: FakeSender; reached: string[]; setWindow(w: FakeSender | null): void; dispose(): void } {
  const ipc = new FakeIpcMain();
  const window = new FakeSender(1);
  let current: FakeSender | null = window;
  const { reached, service, dialogs } = recorder(folder);
  const d = registerIpc({ ipcMain: ipc, service, window: () => current, dialogs });
  return { ipc, window, reached, setWindow: (w) => (current = w), dispose: () => d.dispose() };
}

/** Every channel the door handles, with its cases; fails naming any it has none for. */
function channelCases(handled: string[]): [string, ChannelCases][] {
  return handled.map((channel): [string, ChannelCases] => {
    if (API_CALLS.some((m) => CHANNELS.call(m) === channel)) return [channel, CALL];
    if (API_JOBS.some((m) => CHANNELS.job(m) === channel)) return [channel, JOB];
    const cases = OTHER_CHANNELS[channel];
    assert.ok(cases, `${channel} has no security cases: add its malformed arguments to OTHER_CHANNELS in tests/security-electron.test.ts`);
    return [channel, cases];
  });
}

test('the IPC door handles one channel per API method and the listed others, and no outgoing channel', () => {
  const d = door();
  try {
    const handled = [...d.ipc.handlers.keys()];
    const expected = [...API_CALLS.map(CHANNELS.call), ...API_JOBS.map(CHANNELS.job), ...Object.keys(OTHER_CHANNELS)];
    assert.deepEqual([...handled].sort(), [...expected].sort(), 'every handled channel is covered here, and every covered one is handled');
    for (const value of Object.values(CHANNELS)) {
      if (typeof value !== 'string') continue;
      assert.ok(handled.includes(value) || OUTGOING.has(value), `${value} is either handled (with cases in OTHER_CHANNELS) or listed as outgoing`);
    }
    for (const out of [...OUTGOING, CHANNELS.progress(id())]) assert.equal(d.ipc.handlers.has(out), false, `a window cannot invoke ${out}`);
  } finally {
    d.dispose();
  }
});

test('every IPC channel refuses malformed arguments from the window itself, and nothing reaches the service or a dialog', { timeout: 60_000 }, async () => {
  const d = door();
  try {
    const ours: InvokeEvent = { sender: d.window, senderFrame: APP_FRAME };
    const cases = channelCases([...d.ipc.handlers.keys()]);
    let tried = 0;
    for (const [channel, { malformed }] of cases) {
      for (const [what, args] of malformed()) {
        const result = await d.ipc.invoke(ours, channel, ...args);
        tried += 1;
        assert.equal(result.ok, false, `${channel} with ${what}: refused`);
        if (result.ok) continue;
        assert.equal(result.error.code, 'invalid_request', `${channel} with ${what}: ${result.error.message}`);
        assert.ok(result.error.message.length < 2000, `${channel} with ${what}: a short message, not the request echoed`);
      }
    }
    assert.ok(tried > cases.length * 3, `${tried} malformed calls`);
    assert.equal(d.reached.join(', '), '', 'no malformed call reached the service or a dialog');
    assert.deepEqual(d.window.sent, [], 'nor was anything sent to the window');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  } finally {
    d.dispose();
  }
});

test('every IPC channel refuses callers other than the top frame of the app window on an app page', { timeout: 60_000 }, async () => {
  const d = door();
  try {
    const other = new FakeSender(2);
    const gone = new FakeSender(1);
    gone.destroyed = true;
    const at = (url: string): SenderFrame => ({ url, parent: null });
    const strangers: [string, InvokeEvent, FakeSender | null][] = [
      ['another window', { sender: other, senderFrame: APP_FRAME }, d.window],
      ['a subframe of the app window', { sender: d.window, senderFrame: { url: APP_URL, parent: APP_FRAME } }, d.window],
      ['a frame whose parent is unknown', { sender: d.window, senderFrame: { url: APP_URL, parent: undefined } }, d.window],
      ['a frame already gone', { sender: d.window, senderFrame: null }, d.window],
      ['the app window, destroyed', { sender: gone, senderFrame: APP_FRAME }, gone],
      ['any caller once the window is closed', { sender: d.window, senderFrame: APP_FRAME }, null],
      ...[
        'https://evil.example/',
        'http://127.0.0.1:41237/',
        'file:///tmp/index.html',
        'pantau://evil/index.html',
        'pantau://app.evil.example/index.html',
        'pantau://app:1/index.html',
        'blob:pantau://app/5f0c6f32-2d5e-4d39-8a0b-7f0f0d1a2b3c',
        'about:blank',
        'about:srcdoc',
        'data:text/html,<script>1</script>',
        'devtools://devtools/bundled/inspector.html',
        'chrome-extension://abcdefghijklmnop/x.html',
        '',
      ].map((url): [string, InvokeEvent, FakeSender] => [`the top frame at ${JSON.stringify(url)}`, { sender: d.window, senderFrame: at(url) }, d.window]),
    ];
    const cases = channelCases([...d.ipc.handlers.keys()]);
    for (const [who, event, window] of strangers) {
      d.setWindow(window);
      for (const [channel, { wellFormed }] of cases) {
        const result = await d.ipc.invoke(event, channel, ...wellFormed());
        assert.equal(result.ok, false, `${channel} from ${who}: refused`);
        if (!result.ok) assert.match(result.error.message, /^refused: /, `${channel} from ${who}: refused for who asks, before the arguments are read`);
      }
    }
    assert.equal(d.reached.join(', '), '', 'no stranger reached the service or a dialog');
    assert.deepEqual([...d.window.sent, ...other.sent], [], 'nor was anything sent');

    // The same well-formed calls from the window's top frame pass the door: the refusals above were for who asked.
    d.setWindow(d.window);
    for (const [channel, { wellFormed }] of cases) {
      const result = await d.ipc.invoke({ sender: d.window, senderFrame: APP_FRAME }, channel, ...wellFormed());
      if (!result.ok) assert.doesNotMatch(result.error.message, /^refused: /, `${channel} from the window`);
    }
    assert.ok(d.reached.includes('call stats') && d.reached.includes('pickImport') && d.reached.includes('pickExport Artikel.csv') && d.reached.includes('pickFolder'), d.reached.join(', '));
  } finally {
    d.dispose();
  }
});

test('a watched folder is added from the window only as the folder dialog answered, once, and only by the window that asked', async () => {
  const chosen = '/home/analis/kliping';
  const d = door(chosen);
  try {
    const ours: InvokeEvent = { sender: d.window, senderFrame: APP_FRAME };
    const add = (path: string): Promise<ApiResult<unknown>> => d.ipc.invoke(ours, CHANNELS.call('foldersAdd'), { path });
    const refusedFor = async (path: string, what: string): Promise<void> => {
      const result = await add(path);
      assert.equal(result.ok, false, `${what}: refused`);
      if (!result.ok) assert.match(result.error.message, /was not chosen in the folder dialog/, what);
    };
    await refusedFor('/home/analis', 'a folder the page named');
    await refusedFor(chosen, 'the folder, before the dialog answered it');
    assert.ok((await d.ipc.invoke(ours, CHANNELS.grantPaths, [chosen])).ok, 'the folder dropped on the window');
    await refusedFor(chosen, 'a dropped folder: given for one import, not to be watched');
    assert.deepEqual(d.reached, [], 'nothing reached the service');

    assert.deepEqual(await d.ipc.invoke(ours, CHANNELS.pickFolder), { ok: true, value: chosen });
    await refusedFor(`${chosen}/..`, 'another spelling that leaves the folder');
    await refusedFor('/home/analis', 'its parent');
    assert.deepEqual(d.reached, ['pickFolder']);
    assert.equal((await d.ipc.invoke({ sender: new FakeSender(2), senderFrame: APP_FRAME }, CHANNELS.call('foldersAdd'), { path: chosen })).ok, false, 'another window');
    assert.ok((await add(chosen)).ok, 'the folder the dialog answered');
    assert.deepEqual(d.reached, ['pickFolder', 'call foldersAdd']);
    await refusedFor(chosen, 'a second time without asking again');
    assert.ok((await d.ipc.invoke(ours, CHANNELS.call('foldersRemove'), { path: '/anything' })).ok, 'removing a folder needs no dialog: it only takes access away');
  } finally {
    d.dispose();
  }
});
