import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Workbench } from '../electron/service.js';
import { importFiles, openArchive } from './dup-helpers.js';
import { fixture } from './helpers.js';
import { noChromium, openUi } from './ui-helpers.js';

/*
 * The entities view on the tagging fixtures and the export articles: Jakarta's mayor, a German
 * minister, Xi's visit to Moscow, Jokowi and Albanese. Every change is checked in the archive too.
 */

const person = (wb: Workbench, name: string) => wb.entities({ kind: 'person' }).find((e) => e.name === name);

test('entities with counts, renamed, aliased, merged, muted, removed, and their articles searched', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('tagging'), fixture('export', 'artikel.jsonl')]);
  const { page, shot, assertClean } = await openUi(t, wb);

  await page.getByRole('button', { name: 'Entities' }).click();
  const people = page.getByRole('listbox', { name: 'People' }).getByRole('option');
  await people.first().waitFor();
  assert.deepEqual(await people.locator('.entity-name').evaluateAll((els) => els.slice(0, 3).map((e) => e.textContent)), ['Anthony Albanese', 'Joko Widodo', 'Clara Hoffmann'], 'most articles first, then by name');
  assert.deepEqual(await people.locator('.entity-count').evaluateAll((els) => els.slice(0, 3).map((e) => e.textContent)), ['2', '2', '1']);
  await page.getByRole('tab', { name: 'Countries' }).click();
  const countries = page.getByRole('listbox', { name: 'Countries' }).getByRole('option');
  await countries.first().waitFor();
  assert.equal(await countries.first().textContent(), 'IndonesiaID5');
  await page.getByRole('status').getByText(/^250 countries · 6 in articles$/).waitFor();
  await shot('entities-list');

  // Filter, then the keys: ↓ from the filter box into the list, Enter to the actions.
  await page.getByRole('tab', { name: 'People' }).click();
  const filter = page.getByRole('searchbox', { name: 'Filter' });
  await filter.fill('kusuma');
  await page.getByRole('status').getByText(/^1 person · /).waitFor();
  await filter.press('ArrowDown');
  const detail = page.getByRole('region', { name: 'Hendra Kusuma' });
  await detail.getByRole('heading', { name: 'Hendra Kusuma' }).waitFor();
  await page.keyboard.press('Enter');
  assert.equal(await detail.getByRole('button', { name: 'Search articles' }).evaluate((b) => b === document.activeElement), true);

  const name = detail.getByRole('textbox', { name: 'Name' });
  await name.fill('Hendra Kusuma Wijaya');
  await name.press('Enter');
  const hendra = page.getByRole('region', { name: 'Hendra Kusuma Wijaya' });
  await hendra.getByRole('heading', { name: 'Hendra Kusuma Wijaya' }).waitFor();
  assert.deepEqual(person(wb, 'Hendra Kusuma Wijaya')?.aliases, ['Hendra Kusuma'], 'the old name stays as an alias');
  assert.equal(person(wb, 'Hendra Kusuma'), undefined);

  await hendra.getByRole('textbox', { name: 'New alias' }).fill('Pak Hendra');
  await hendra.getByRole('button', { name: 'Add alias' }).click();
  await hendra.getByRole('button', { name: 'Remove alias Pak Hendra' }).waitFor();
  assert.deepEqual(person(wb, 'Hendra Kusuma Wijaya')?.aliases.sort(), ['Hendra Kusuma', 'Pak Hendra']);

  // The alias goes behind the view's back (the CLI, another window): removing it here is refused, said inline, and the view catches up.
  wb.entityAlias({ entity: { kind: 'person', name: 'Hendra Kusuma Wijaya' }, alias: 'Pak Hendra', remove: true });
  await hendra.getByRole('button', { name: 'Remove alias Pak Hendra' }).click();
  await hendra.getByRole('alert').getByText('"Hendra Kusuma Wijaya" has no alias "Pak Hendra"').waitFor();
  await hendra.getByRole('button', { name: 'Remove alias Pak Hendra' }).waitFor({ state: 'detached' });
  await hendra.getByRole('textbox', { name: 'New alias' }).fill('Pak Hendra');
  await hendra.getByRole('textbox', { name: 'New alias' }).press('Enter');
  await hendra.getByRole('button', { name: 'Remove alias Pak Hendra' }).waitFor();
  assert.equal(await hendra.getByRole('alert').textContent(), '', 'the error goes with the next change that works');

  // A second entry for the same man, added by hand, then merged into the first.
  await page.getByRole('button', { name: 'New person…' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Full name' }).fill('Wali Kota Hendra');
  await page.getByRole('dialog').getByRole('button', { name: 'Add' }).click();
  const wali = page.getByRole('region', { name: 'Wali Kota Hendra' });
  await wali.getByRole('heading', { name: 'Wali Kota Hendra' }).waitFor();
  assert.ok(person(wb, 'Wali Kota Hendra'), 'added to the registry');
  await wali.getByRole('button', { name: 'Merge into…' }).click();
  const find = page.getByRole('combobox', { name: 'Find the one to keep' });
  await find.fill('wijaya');
  assert.deepEqual(await page.getByRole('listbox', { name: 'Candidates' }).getByRole('option').locator('.entity-name').allTextContents(), ['Hendra Kusuma Wijaya']);
  await find.press('Enter');
  await wali.getByText('into Hendra Kusuma Wijaya').waitFor();
  await wali.getByRole('button', { name: 'Merge', exact: true }).click();
  await hendra.getByRole('button', { name: 'Remove alias Wali Kota Hendra' }).waitFor();
  assert.equal(person(wb, 'Wali Kota Hendra'), undefined, 'merged away');
  assert.deepEqual(person(wb, 'Hendra Kusuma Wijaya')?.aliases.sort(), ['Hendra Kusuma', 'Pak Hendra', 'Wali Kota Hendra']);
  assert.equal(person(wb, 'Hendra Kusuma Wijaya')?.articles, 1);

  await hendra.getByRole('button', { name: 'Mute' }).click();
  await hendra.getByRole('button', { name: 'Unmute' }).waitFor();
  await hendra.getByRole('heading').getByText('muted').waitFor();
  assert.equal(person(wb, 'Hendra Kusuma Wijaya')?.muted, true);
  await shot('entities-edit');

  // Removing asks first; keeping it changes nothing.
  await filter.fill('clara');
  await filter.press('ArrowDown');
  const clara = page.getByRole('region', { name: 'Clara Hoffmann' });
  await clara.getByRole('button', { name: 'Remove…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove the person Clara Hoffmann?' });
  await confirm.getByText('It is taken off the 1 article it is on').waitFor();
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  assert.ok(person(wb, 'Clara Hoffmann'));
  await clara.getByRole('button', { name: 'Remove…' }).click();
  await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
  await page.getByText(/^Choose one from the list/).waitFor();
  assert.equal(person(wb, 'Clara Hoffmann'), undefined);

  await filter.fill('jokowi');
  await people.first().click();
  await page.getByRole('region', { name: 'Joko Widodo' }).getByRole('button', { name: 'Search articles' }).click();
  const query = page.getByRole('searchbox', { name: 'Query' });
  await query.waitFor();
  assert.equal(await query.inputValue(), 'person:"Joko Widodo"');
  await page.getByText('2 matches').waitFor();

  assertClean();
});
