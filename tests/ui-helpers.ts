import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type RunningServer, startServer } from '../electron/server.js';
import type { Workbench } from '../electron/service.js';
import type { Ctx } from './dup-helpers.js';
import { repoRoot } from './helpers.js';

/*
 * The UI tests' common ground: the real renderer build served by the real server on a real archive,
 * in Debian's Chromium. Skipped, with the reason printed, where Chromium is not installed
 * (`.ci/run` installs it). Screenshots go to test-artifacts/ui/.
 */

export const CHROMIUM = process.env.PANTAU_CHROMIUM ?? '/usr/bin/chromium';
export const noChromium: string | false = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set PANTAU_CHROMIUM)`;
if (noChromium) console.log(`# skipping the UI tests: ${noChromium}`);
/** The renderer build under test: dist/renderer, or another build's folder. */
export const RENDERER = process.env.PANTAU_RENDERER_DIR ?? join(repoRoot, 'dist', 'renderer');
export const SHOTS = join(repoRoot, 'test-artifacts', 'ui');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface UiSession {
  page: Page;
  browser: Browser;
  server: RunningServer;
  /** Fails the test if the page asked anything of another origin or logged a script error or CSP violation. */
  assertClean(): void;
  shot(name: string): Promise<void>;
}

/** Serves the renderer on `wb`, opens it in a fresh Chromium page, and waits until the token has left the address bar. */
export async function openUi(t: Ctx, wb: Workbench, viewport = { width: 1280, height: 800 }): Promise<UiSession> {
  assert.ok(existsSync(join(RENDERER, 'index.html')), `the renderer is built in ${RENDERER} (npm run build)`);
  mkdirSync(SHOTS, { recursive: true });
  const server = await startServer(wb, { staticDir: RENDERER });
  t.after(() => void server.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  t.after(() => void browser.close());
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const origin = `http://127.0.0.1:${server.port}`;
  const elsewhere: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) elsewhere.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(server.url);
  await page.waitForURL((u) => !u.searchParams.has('token'));
  return {
    page,
    browser,
    server,
    assertClean() {
      assert.deepEqual(elsewhere, [], 'no request leaves the local server');
      assert.deepEqual(consoleErrors.filter((e) => !/Failed to load resource.*40[049]/.test(e)), [], 'no script errors or CSP violations');
    },
    shot: async (name) => {
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    },
  };
}

/** A job a test holds at a point of its own while it looks at the window. */
export interface HeldJob {
  /** Settles when the job reaches the point. */
  reached: Promise<void>;
  /** For the job's hook at that point: waits there until released. */
  wait(): Promise<void>;
  release(): void;
  /** The job's promise, kept so that the test's end waits for it. */
  track<T>(job: Promise<T>): Promise<T>;
}

/**
 * Call before opening the archive: when the test ends, failed or not, the job is released and
 * waited for first (after-hooks run in the order they were added), so the archive and the server
 * never close under it. A test that failed with the job held otherwise left its process running.
 */
export function holdJob(t: TestContext): HeldJob {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let running: Promise<unknown> = Promise.resolve();
  t.after(
    async () => {
      release();
      await running.catch(() => undefined);
    },
    { timeout: 60_000 },
  );
  return {
    reached,
    wait: () => {
      reach();
      return released;
    },
    release,
    track: (job) => {
      running = job;
      return job;
    },
  };
}
