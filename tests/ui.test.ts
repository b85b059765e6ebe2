import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from '../electron/server.js';
import { importFiles, openArchive } from './dup-helpers.js';
import { fixture, repoRoot } from './helpers.js';

/*
 * The UI as a user drives it: the real renderer build served by the real server on a real archive,
 * in Debian's Chromium. Skipped, with the reason printed, where Chromium is not installed
 * (`.ci/run` installs it). Screenshots go to test-artifacts/ui/.
 */

const CHROMIUM = process.env.PANTAU_CHROMIUM ?? '/usr/bin/chromium';
const missing = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set PANTAU_CHROMIUM)`;
if (missing) console.log(`# skipping the UI tests: ${missing}`);
const RENDERER = join(repoRoot, 'dist', 'renderer');
const SHOTS = join(repoRoot, 'test-artifacts', 'ui');

test('search as you type, a query error pointed at, an article opened and closed with the keyboard', { skip: missing, timeout: 120_000 }, async (t) => {
  assert.ok(existsSync(join(RENDERER, 'index.html')), 'the renderer is built (npm run build)');
  mkdirSync(SHOTS, { recursive: true });
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('export', 'artikel.jsonl'), fixture('duplicates')]);
  const server = await startServer(wb, { staticDir: RENDERER });
  t.after(() => server.close());
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const origin = `http://127.0.0.1:${server.port}`;
  const elsewhere: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin)) elsewhere.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });

  await page.goto(server.url);
  await page.waitForURL((u) => !u.searchParams.has('token'));
  const query = page.getByRole('searchbox', { name: 'Query' });
  await query.fill('Jakarta');
  await page.getByRole('status').filter({ hasText: /matches/ }).getByText('4 matches').waitFor();
  const results = page.getByRole('listbox', { name: 'Results' }).getByRole('option');
  assert.equal(await results.count(), 4);
  assert.match((await results.first().locator('.snippet').innerHTML()) ?? '', /<mark>Jakarta<\/mark>/);
  await page.screenshot({ path: join(SHOTS, 'search.png') });

  await query.fill('Jakarta AND (');
  await page.getByText(/expected|missing|unclosed|closing/i).first().waitFor();
  assert.equal(await query.getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: join(SHOTS, 'query-error.png') });

  await query.fill('Albanese');
  await page.getByText('2 matches').waitFor();
  await query.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor();
  const title = await heading.textContent();
  assert.ok(title === 'Presiden Jokowi bertemu PM Albanese di Jakarta; bahas "kerja sama" energi' || title?.startsWith('Albanese says'), String(title));
  await page.screenshot({ path: join(SHOTS, 'reader.png') });
  await page.keyboard.press('Escape');
  await page.getByText('2 matches').waitFor();
  assert.equal(await query.inputValue(), 'Albanese', 'the query is kept while reading');

  assert.deepEqual(elsewhere, [], 'no request leaves the local server');
  assert.deepEqual(consoleErrors.filter((e) => !/Failed to load resource.*40[04]/.test(e)), [], 'no script errors or CSP violations');
});
