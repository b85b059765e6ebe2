import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Request, Route } from 'playwright-core';
import type { Archive } from '../db/archive.js';
import type { SearchHit } from '../electron/api.js';
import type { Workbench } from '../electron/service.js';
import { importFiles, openArchive } from './dup-helpers.js';
import { fixture } from './helpers.js';
import { noChromium, openUi } from './ui-helpers.js';

/*
 * The search view on a real archive: eleven articles (the export fixture's five, the three copies of
 * one report in tests/fixtures/duplicates, the three tagging fixtures), their countries and people
 * suggested on import and their shared paragraphs found.
 */

const FIXTURES = [fixture('export', 'artikel.jsonl'), fixture('duplicates'), fixture('tagging')];
const SAMBUT = 'Putin Sambut Xi, Rusia dan China Teken Belasan Dokumen';
const PULANG = 'Xi Pulang ke Beijing Usai Lawatan ke Rusia';

/** The service's search store, whose count cap the test lowers to reach the lower-bound path with a few articles. */
const searchStore = (wb: Workbench): Archive['searches'] => (wb as unknown as { archive: Archive }).archive.searches;

const hitTitled = (hits: SearchHit[], title: string): SearchHit => {
  const hit = hits.find((h) => h.title === title);
  assert.ok(hit, `a hit titled ${title}`);
  return hit;
};

test('a hit carries its countries, people (never rejected ones, confirmed first) and shared paragraphs', async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, FIXTURES);
  const all = wb.search({ query: '', limit: 50 }).results;
  const sambut = hitTitled(all, SAMBUT);
  assert.deepEqual([sambut.countries, sambut.persons, sambut.sharedParagraphs], [['Russia', 'China'], ['Vladimir Putin', 'Xi Jinping'], 3]);
  assert.equal(hitTitled(all, PULANG).sharedParagraphs, 1, 'one of its paragraphs is the copied one');
  const note = hitTitled(all, 'Catatan redaksi tanpa tanggal');
  assert.deepEqual([note.countries, note.persons, note.sharedParagraphs], [[], [], 0]);

  wb.tag({ action: 'reject', id: sambut.id, entities: [{ kind: 'country', name: 'RU' }] });
  wb.tag({ action: 'confirm', id: sambut.id, entities: [{ kind: 'person', name: 'Xi Jinping' }] });
  const after = hitTitled(wb.search({ query: 'Moskow', limit: 50 }).results, SAMBUT);
  assert.deepEqual([after.countries, after.persons], [['China'], ['Xi Jinping', 'Vladimir Putin']]);
  // The same names the facets give (a country by its label), so a chip and a facet agree.
  const facets = wb.facets({ query: 'Moskow' });
  for (const name of after.countries) assert.ok(facets.countries.some((f) => f.label === name));
  for (const name of after.persons) assert.ok(facets.persons.some((f) => f.value === name));
});

test('search view: counts, chips, facets, timeline brush, help and saved searches', { skip: noChromium, timeout: 180_000 }, async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, FIXTURES);
  const { page, shot, assertClean } = await openUi(t, wb, { width: 1280, height: 820 });
  const query = page.getByRole('searchbox', { name: 'Query' });
  const count = page.locator('.search .count');
  const results = page.getByRole('listbox', { name: 'Results' }).getByRole('option');
  const side = page.getByRole('complementary', { name: 'Saved searches and filters' });
  await count.getByText('11 matches').waitFor();

  await t.test('the first count is a lower bound, then the exact count replaces it; a new query cancels the old count', async () => {
    const store = searchStore(wb);
    const cap = store.countCap;
    store.countCap = 3;
    t.after(() => (store.countCap = cap));
    // Each count request is held until the test lets it through, so the lower bound is seen for sure.
    const held: { route: Route; request: Request }[] = [];
    let arrived: () => void = () => undefined;
    const nextCount = (): Promise<void> => new Promise((resolve) => (arrived = resolve));
    await page.route('**/api/count', (route, request) => {
      held.push({ route, request });
      arrived();
    });

    let counted = nextCount();
    await query.fill('lang:id');
    await count.getByText('3+ matches').waitFor();
    await counted;
    assert.deepEqual(JSON.parse(held[0]!.request.postData()!), { query: 'lang:id' });
    await count.locator('.counting').waitFor();

    const cancelled = page.waitForEvent('requestfailed', (r) => r === held[0]!.request);
    await query.fill('lang:en');
    await cancelled;
    await count.getByText('2 matches').waitFor();
    await held[0]!.route.continue().catch(() => undefined);

    counted = nextCount();
    await query.fill('lang:id');
    await count.getByText('3+ matches').waitFor();
    await counted;
    assert.equal(held.length, 2);
    await held[1]!.route.continue();
    await count.getByText('9 matches').waitFor();
    assert.equal(await count.getByText('+').count(), 0, 'the lower bound is gone');
    await page.unroute('**/api/count');
    store.countCap = cap;
  });

  await t.test('a row shows its countries and people as chips and its shared paragraphs as a badge', async () => {
    await query.fill('Moskow');
    await count.getByText(/^\d+ matches$/).waitFor();
    const row = results.filter({ hasText: SAMBUT });
    assert.deepEqual(await row.locator('.chip.country').allTextContents(), ['Russia', 'China']);
    assert.deepEqual(await row.locator('.chip.person').allTextContents(), ['Vladimir Putin', 'Xi Jinping']);
    assert.equal(await row.locator('.badge.shared').textContent(), '3 shared paragraphs');
    assert.equal(await results.filter({ hasText: PULANG }).locator('.badge.shared').textContent(), '1 shared paragraph');
    assert.equal(await results.filter({ hasText: 'Bahas Rencana Damai' }).locator('.badge.shared').count(), 0, 'no badge without shared paragraphs');
  });

  await t.test('a facet click adds its filter to the query, a second click takes it out', async () => {
    await query.fill('');
    await count.getByText('11 matches').waitFor();
    const countries = side.getByRole('region', { name: 'Countries' });
    const russia = countries.getByRole('button', { name: /^Russia/ });
    await russia.waitFor();
    assert.equal(await russia.textContent(), 'Russia4');
    await russia.click();
    assert.equal(await query.inputValue(), 'country:RU');
    await count.getByText('4 matches').waitFor();
    assert.equal(await results.count(), 4);
    assert.equal(await russia.getAttribute('aria-pressed'), 'true');
    await side.locator('.facets:not(.stale)').waitFor();
    const person = side.getByRole('region', { name: 'People' }).getByRole('button', { name: /^Vladimir Putin/ });
    await person.click();
    assert.equal(await query.inputValue(), 'country:RU person:"Vladimir Putin"');
    await count.getByText('3 matches').waitFor();
    await side.locator('.facets:not(.stale)').waitFor();
    await shot('search-facets');

    await russia.click();
    assert.equal(await query.inputValue(), 'person:"Vladimir Putin"');
    await person.click();
    assert.equal(await query.inputValue(), '');
    await count.getByText('11 matches').waitFor();
    assert.equal(await russia.getAttribute('aria-pressed'), 'false');
  });

  await t.test('brushing the timeline writes a date range into the query', async () => {
    await query.fill('');
    await count.getByText('11 matches').waitFor();
    await page.locator('.facets:not(.stale)').waitFor();
    const over = page.getByRole('img', { name: /Matches per period/ }).locator('.u-over');
    const box = (await over.boundingBox())!;
    // The bars run from March 2023 to March 2024: the right tenth is 2024's.
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.9, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.95, y, { steps: 4 });
    await page.mouse.move(box.x + box.width - 1, y, { steps: 4 });
    await page.mouse.up();
    const text = await query.inputValue();
    assert.match(text, /^after:2024-0[1-3]-\d\d before:2024-03-\d\d$/);
    await count.getByText('4 matches').waitFor();
    const dates = await results.locator('.meta > span:nth-child(2)').allTextContents();
    assert.equal(dates.length, 4);
    for (const d of dates) assert.match(d, /Mar 2024/);

    await page.getByRole('button', { name: 'Clear dates' }).first().click();
    assert.equal(await query.inputValue(), '');
    await count.getByText('11 matches').waitFor();
  });

  await t.test('the timeline draws in the theme colours, and again when the system switches to dark', async () => {
    const hasColour = (rgb: number[]): Promise<unknown> =>
      page.waitForFunction((want) => {
        const canvas = document.querySelector<HTMLCanvasElement>('.timeline-chart canvas')!;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === want[0] && pixels[i + 1] === want[1] && pixels[i + 2] === want[2]) return true;
        return false;
      }, rgb);
    await hasColour([0x0b, 0x63, 0xce]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await hasColour([0x7a, 0xb0, 0xff]);
    await page.emulateMedia({ colorScheme: 'light' });
    await hasColour([0x0b, 0x63, 0xce]);
  });

  await t.test('the help opens with F1 in the query box and with its button, and closes back to the box', async () => {
    await query.focus();
    await query.press('F1');
    const help = page.getByRole('dialog', { name: 'The query language' });
    await help.waitFor();
    assert.ok(await help.getByText('country:Rusia').isVisible());
    assert.ok(await help.getByText('after:2023-03').isVisible());
    await shot('search-help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    assert.ok(await query.evaluate((el) => el === document.activeElement), 'Esc goes back to the query box');
    await page.getByRole('button', { name: 'Query language (F1)' }).click();
    await help.waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  await t.test('the facets and saved searches are reached by Tab, with a visible focus', async () => {
    await query.fill('country:RU');
    await count.getByText('4 matches').waitFor();
    await page.getByRole('listbox', { name: 'Results' }).focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { inSide: el.closest('aside') !== null, text: el.textContent, outline: getComputedStyle(el).outlineStyle };
    });
    assert.deepEqual(focused, { inSide: true, text: 'Save…', outline: 'solid' });
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => (document.activeElement as HTMLElement).closest('.facet') !== null);
    assert.ok(next, 'then the facets');
  });

  await t.test('a saved search is saved, listed with its new matches, and opened', async () => {
    const saved = side.getByRole('region', { name: 'Saved searches' });
    await saved.getByRole('button', { name: 'Save…' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Rusia');
    await page.getByRole('button', { name: 'Save search' }).click();
    const item = saved.getByRole('button', { name: /^Rusia/ });
    await item.waitFor();
    assert.equal(await item.textContent(), 'Rusia4 matches');

    await importFiles(wb, [fixture('ui-search', 'rusia-baru.jsonl')]);
    await page.reload();
    await item.getByText('1 new').waitFor();
    assert.equal(await item.textContent(), 'Rusia5 matches1 new');
    await side.getByRole('region', { name: 'Countries' }).waitFor();
    await shot('search-saved');

    await item.click();
    await count.getByText('5 matches').waitFor();
    assert.equal(await query.inputValue(), 'country:RU');
    const fresh = results.filter({ has: page.locator('.badge.new') });
    assert.equal(await fresh.count(), 1);
    assert.match((await fresh.locator('.title').textContent()) ?? '', /gandum/);
    await item.filter({ hasNotText: 'new' }).waitFor();
    assert.equal(await item.textContent(), 'Rusia5 matches', 'opening it marked its new match read');

    await saved.getByRole('button', { name: 'Remove saved search Rusia' }).click();
    await item.waitFor({ state: 'detached' });
    assert.deepEqual(wb.savedList(), []);
  });

  assertClean();
});
