import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workbench } from '../electron/service.js';
import { importFiles, openArchive } from './dup-helpers.js';
import { fixture } from './helpers.js';
import { noChromium, openUi } from './ui-helpers.js';

/*
 * The reader on a real archive: the duplicate fixtures (an article that repeats every paragraph,
 * two outlets that copied one of them) and the tagging fixtures, with their countries and people.
 */

const ORIGINAL = 'Xi Tiba di Moskow untuk Lawatan Tiga Hari';
const COPY = 'Putin Sambut Xi, Rusia dan China Teken Belasan Dokumen';
const QUOTE = 'Xi Pulang ke Beijing Usai Lawatan ke Rusia';

function idOf(wb: Workbench, title: string): number {
  const hit = wb.search({ query: '', limit: 100 }).results.find((r) => r.title === title);
  assert.ok(hit, `no article titled ${title}`);
  return hit.id;
}

test('reader: matches marked, repeats folded, a shared paragraph leads to its copy, suggestions decided by click and key, a tag added from the list', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('duplicates'), fixture('tagging')]);
  wb.entityAdd({ kind: 'tag', name: 'Diplomasi' });
  wb.entityAdd({ kind: 'tag', name: 'Ekonomi' });
  const { page, shot, assertClean } = await openUi(t, wb);

  await page.getByRole('searchbox', { name: 'Query' }).fill('bilateral');
  await page.getByRole('listbox', { name: 'Results' }).getByRole('option').filter({ hasText: ORIGINAL }).click();
  const article = page.getByRole('article', { name: 'Article' });
  await article.getByRole('heading', { level: 1, name: ORIGINAL }).waitFor();

  // The query's match, and the metadata line with the outlet, date, language, link and import run.
  await article.locator('mark.match').first().waitFor();
  assert.deepEqual(await article.locator('mark.match').allTextContents(), ['bilateral']);
  assert.deepEqual(await article.locator('.rd-meta > span').allTextContents(), ['beritanusa.co.id', '20 Mar 2023', 'Indonesian', 'www.beritanusa.co.id', 'import #1']);
  const link = article.getByRole('link', { name: 'www.beritanusa.co.id' });
  assert.equal(await link.getAttribute('href'), 'https://www.beritanusa.co.id/internasional/xi-tiba-di-moskow');
  assert.match((await link.getAttribute('rel')) ?? '', /\bnoopener\b/);
  assert.equal(await link.getAttribute('target'), '_blank');

  // Every paragraph but the last stands twice in the file: once on screen, with a marker that shows the copy.
  const repeats = article.getByRole('button', { name: '×2, shown once' });
  assert.equal(await repeats.count(), 9);
  const opening = article.getByText(/^“Saya berharap dapat menjaga hubungan erat/);
  assert.equal(await opening.count(), 1);
  await repeats.first().click();
  assert.equal(await repeats.first().getAttribute('aria-expanded'), 'true');
  assert.equal(await article.locator('.rd-copy').filter({ hasText: 'Saya berharap dapat menjaga' }).count(), 1, 'the copy is shown');

  // The paragraph three outlets carry is marked in the gutter; the text of marked and unmarked paragraphs starts at one edge.
  const shared = article.getByRole('button', { name: 'Shared with 2 other articles, 3 outlets' });
  await shared.waitFor();
  assert.equal(await article.getByRole('button', { name: 'Shared with 1 other article, 2 outlets' }).count(), 2);
  const left = async (text: RegExp): Promise<number> => (await article.locator('.rd-para > p').filter({ hasText: text }).boundingBox())!.x;
  assert.equal(await left(/^Negosiasi itu merupakan/), await left(/^Sebelumnya pada hari itu/));
  await shot('reader-article');

  await shared.click();
  const others = page.getByRole('dialog', { name: 'Also in 2 other articles' });
  await others.waitFor();
  assert.ok(await others.getByRole('button', { name: QUOTE }).isVisible());
  assert.ok(await others.getByRole('button', { name: 'Open duplicate cluster #1' }).isVisible());
  assert.match((await others.textContent()) ?? '', /warta-harian\.com · news · 21 Mar 2023 · 93% alike/);
  await shot('reader-shared');
  await others.getByRole('button', { name: COPY }).click();
  await article.getByRole('heading', { level: 1, name: COPY }).waitFor();

  // A country confirmed with a click; hovering a person marks where the article names them.
  const panel = page.getByRole('complementary', { name: 'Countries, people and tags' });
  await panel.getByRole('button', { name: 'Confirm Russia' }).click();
  await panel.getByRole('listitem', { name: /^Russia, confirmed/ }).waitFor();
  assert.equal(await panel.getByRole('button', { name: 'Confirm Russia' }).getAttribute('aria-pressed'), 'true');
  await panel.getByRole('listitem', { name: /^Vladimir Putin, suggested/ }).hover();
  await article.locator('mark.evidence').first().waitFor();
  assert.deepEqual(await article.locator('mark.evidence').allTextContents(), ['Putin', 'Vladimir Putin', 'Putin']);
  await shot('reader-suggestions');

  // A person rejected with the keys: j moves down the list (Russia, China, Vladimir Putin, Xi Jinping), x rejects.
  await page.mouse.move(5, 795);
  for (let i = 0; i < 4; i++) await page.keyboard.press('j');
  const xi = panel.getByRole('listitem', { name: /^Xi Jinping/ });
  assert.equal(await xi.getAttribute('aria-current'), 'true');
  assert.deepEqual(await article.locator('mark.evidence').allTextContents(), ['Xi', 'Xi Jinping', 'Xi'], 'the selected row marks its evidence');
  await page.keyboard.press('x');
  await panel.getByRole('listitem', { name: /^Xi Jinping, rejected/ }).waitFor();

  const copyId = idOf(wb, COPY);
  const tags = wb.tags({ id: copyId });
  assert.equal(tags.countries.find((c) => c.code === 'RU')?.status, 'confirmed');
  assert.equal(tags.countries.find((c) => c.code === 'CN')?.status, 'suggested');
  assert.equal(tags.persons.find((p) => p.name === 'Xi Jinping')?.status, 'rejected');
  assert.equal(tags.persons.find((p) => p.name === 'Vladimir Putin')?.status, 'suggested');

  // A tag from the archive's list: t focuses the field, typing narrows the list, ↓ Enter adds it.
  await page.keyboard.press('t');
  const field = panel.getByRole('combobox', { name: 'Add a tag' });
  assert.ok(await field.evaluate((el) => el === document.activeElement));
  await field.pressSequentially('dip');
  const options = panel.getByRole('listbox', { name: 'Tags' }).getByRole('option');
  await options.first().waitFor();
  assert.deepEqual(await options.allTextContents(), ['Diplomasi', 'New tag “dip”']);
  await field.press('ArrowDown');
  await field.press('Enter');
  await panel.getByRole('button', { name: 'Remove tag Diplomasi' }).waitFor();
  assert.deepEqual(wb.tags({ id: copyId }).tags, [{ name: 'Diplomasi', status: 'confirmed' }]);
  await panel.getByRole('button', { name: 'Remove tag Diplomasi' }).click();
  await panel.getByText('No tags yet.').waitFor();
  assert.deepEqual(wb.tags({ id: copyId }).tags, []);

  // Esc closes the list, then leaves the field, then the article.
  await field.focus();
  await panel.getByRole('listbox', { name: 'Tags' }).waitFor();
  await page.keyboard.press('Escape');
  await panel.getByRole('listbox', { name: 'Tags' }).waitFor({ state: 'hidden' });
  await page.keyboard.press('Escape');
  assert.ok(await article.isVisible(), 'the first Escapes stay in the article');
  await page.keyboard.press('Escape');
  await page.getByRole('searchbox', { name: 'Query' }).waitFor();
  assert.equal(await article.count(), 0);

  assertClean();
});
