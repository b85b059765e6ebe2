/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startServer } from '../electron/server.js';
import { Workbench } from '../electron/service.js';
import { searchArchive, searchSizes } from './search.js';

/*
 * The UI in browser mode on the search archive (bench/search.ts), in Debian's Chromium:
 * - keystroke to results: a rare word typed as a user types it; the time from its last keydown to
 *   the first result row showing that word highlighted, against the bare API call for the same
 *   page made from the same page (fetch, parse) in the same run. Target: under 150 ms.
 * - scrolling: the newest-first list of every article scrolled until 10,000 rows are loaded, the
 *   most result rows ever in the DOM. Target: under 200.
 * - memory: the renderer's JS heap after a garbage collection, after 50 articles were opened and
 *   closed from the results. Target: under 150 MB.
 * PANTAU_CHROMIUM names another Chromium; without one, or without a renderer build, it says so and
 * measures nothing.
 */

const here = dirname(fileURLToPath(import.meta.url));
const RENDERER = join(here, '..', 'renderer');
const CHROMIUM = process.env.PANTAU_CHROMIUM ?? '/usr/bin/chromium';
const REPS = Number(process.env.UI_REPS ?? 3);
/** A quick typist's gap between keys. */
const KEY_GAP_MS = 60;
const SCROLL_ROWS = 10_000;
const ARTICLES_OPENED = 50;

const log = (s: string): void => void process.stderr.write(`${s}\n`);
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number): string => x.toFixed(0);

declare global {
  interface Window {
    __lastKey?: number;
    __shown?: number;
    __target?: string;
  }
}

/** Watches, in the page, for the first result row whose highlight is the word being typed. */
async function watch(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.addEventListener('keydown', () => (window.__lastKey = performance.now()), true);
    new MutationObserver(() => {
      if (window.__shown !== undefined || !window.__target) return;
      const mark = document.querySelector('[role=listbox] [role=option] mark');
      if (mark?.textContent?.toLowerCase() === window.__target) window.__shown = performance.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

async function keystrokeToResults(page: Page, words: string[]): Promise<{ ui: number[]; api: number[] }> {
  const box = page.getByRole('searchbox').first();
  const ui: number[] = [];
  const api: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    for (const word of words) {
      await box.fill('');
      await page.waitForFunction(() => !document.querySelector('[role=listbox] [role=option] mark'));
      await page.evaluate((w) => {
        window.__target = w;
        window.__shown = undefined;
      }, word);
      await box.pressSequentially(word, { delay: KEY_GAP_MS });
      await page.waitForFunction(() => window.__shown !== undefined, undefined, { timeout: 30_000 });
      ui.push(await page.evaluate(() => window.__shown! - window.__lastKey!));
      log(`  ${word}: ${ui[ui.length - 1]!.toFixed(0)} ms`);
      api.push(
        await page.evaluate(async (w) => {
          const token = sessionStorage.getItem('pantau-token') ?? '';
          const t0 = performance.now();
          const res = await fetch('./api/search', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-pantau-token': token },
            body: JSON.stringify({ query: w, sort: 'relevance', limit: 50 }),
          });
          await res.json();
          return performance.now() - t0;
        }, word),
      );
    }
  }
  return { ui, api };
}

async function scrollRows(page: Page): Promise<{ loaded: number; maxRows: number }> {
  const box = page.getByRole('searchbox').first();
  await box.fill('');
  await page.getByRole('combobox', { name: /sort/i }).selectOption('newest');
  const list = page.getByRole('listbox').first();
  await list.locator('[role=option]').first().waitFor();
  let maxRows = 0;
  let loaded = 0;
  for (let step = 0; loaded < SCROLL_ROWS && step < 5000; step++) {
    const state = await list.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
      const row = el.querySelector<HTMLElement>('[role=option]');
      return { rows: el.querySelectorAll('[role=option]').length, height: el.scrollHeight, rowPx: row?.offsetHeight ?? 1 };
    });
    maxRows = Math.max(maxRows, state.rows);
    loaded = Math.round(state.height / state.rowPx);
    if (loaded >= SCROLL_ROWS) break;
    await list.evaluate((el, h) => new Promise<void>((done, fail) => {
      const given = performance.now();
      const check = (): void => {
        // Kept at the bottom: a list the newest sort has just replaced starts again at the top.
        el.scrollTop = el.scrollHeight;
        if (el.scrollHeight > h) done();
        else if (performance.now() - given > 30_000) fail(new Error(`no more results after ${el.querySelectorAll('[role=option]').length} rows in the DOM`));
        else requestAnimationFrame(check);
      };
      check();
    }), state.height);
  }
  return { loaded, maxRows };
}

async function heapAfterReading(page: Page): Promise<{ before: number; after: number }> {
  const cdp = await page.context().newCDPSession(page);
  const heap = async (): Promise<number> => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1048576;
  };
  const box = page.getByRole('searchbox').first();
  await box.fill('');
  await page.getByRole('combobox', { name: /sort/i }).selectOption('newest');
  const list = page.getByRole('listbox').first();
  await list.locator('[role=option]').first().waitFor();
  const before = await heap();
  for (let i = 0; i < ARTICLES_OPENED; i++) {
    await list.focus();
    for (let k = 0; k < i; k++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'visible' });
  }
  return { before, after: await heap() };
}

if (!existsSync(CHROMIUM) || !existsSync(join(RENDERER, 'index.html'))) {
  log(`ui benchmark skipped: ${existsSync(CHROMIUM) ? `no renderer build in ${RENDERER} (npm run build)` : `no Chromium at ${CHROMIUM} (set PANTAU_CHROMIUM)`}`);
} else {
  for (const size of searchSizes()) {
    const { file, marker } = await searchArchive(size);
    const wb = await Workbench.open(file);
    const server = await startServer(wb, { staticDir: RENDERER });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(server.url);
      await page.waitForURL((u) => !u.searchParams.has('token'));
      await watch(page);
      log(`ui ${size}: keystroke to results`);
      const typed = await keystrokeToResults(page, marker.rare);
      log(`ui ${size}: scrolling`);
      const scrolled = await scrollRows(page);
      log(`ui ${size}: reading ${ARTICLES_OPENED} articles`);
      const memory = await heapAfterReading(page);
      const [u50, u95, a50, a95] = [pct(typed.ui, 50), pct(typed.ui, 95), pct(typed.api, 50), pct(typed.api, 95)];
      process.stdout.write(
        [
          '',
          `### The UI in browser mode, ${size.toLocaleString('en')} articles (Chromium ${browser.version()})`,
          '',
          '| what | measured | baseline in the same run | ratio | target |',
          '|---|---:|---:|---:|:---:|',
          `| last keystroke to first results, selective words (${typed.ui.length} typed, p50 / p95 ms) | ${ms(u50)} / ${ms(u95)} | bare API page from the browser: ${ms(a50)} / ${ms(a95)} | ${(u95 / a95).toFixed(2)}× | ${u95 < 150 ? '✅' : '❌'} < 150 ms |`,
          `| result rows in the DOM, scrolling ${scrolled.loaded.toLocaleString('en')} results | ${scrolled.maxRows} | | | ${scrolled.maxRows < 200 ? '✅' : '❌'} < 200 |`,
          `| renderer JS heap after ${ARTICLES_OPENED} articles opened (MB) | ${memory.after.toFixed(1)} | at start: ${memory.before.toFixed(1)} | ${(memory.after / memory.before).toFixed(2)}× | ${memory.after < 150 ? '✅' : '❌'} < 150 MB |`,
          '',
        ].join('\n'),
      );
    } finally {
      await browser.close();
      await server.close();
      wb.close();
    }
  }
}
