import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { spellGroupedNumbers } from '../db/search/numbers.js';
import { Workbench } from '../electron/service.js';
import { tempDir } from './helpers.js';
import { writeFileSync, mkdirSync } from 'node:fs';

describe('figures with thousand separators', () => {
  test('are spelt as their digits and groups, with as many tokens as before', () => {
    assert.equal(spellGroupedNumbers('Harga Rp14.000 per kilo'), 'Harga 14000 000 per kilo');
    assert.equal(spellGroupedNumbers('US$14,000 and 2.000.000 jiwa'), 'US$14000 000 and 2000000 000 000 jiwa');
    assert.equal(spellGroupedNumbers('Rp14.000,50'), '14000 000,50');
    for (const untouched of ['3.14 persen', '1.2.345', 'x14.000km', '14,5 persen', 'tahun 2023.', '12.3456']) {
      assert.equal(spellGroupedNumbers(untouched), untouched);
    }
  });

  let wb: Workbench;
  const cleanup: (() => void)[] = [];
  before(async () => {
    const dir = tempDir({ after: (fn) => cleanup.push(fn) });
    const docs = join(dir, 'docs');
    mkdirSync(docs);
    writeFileSync(join(docs, 'cabai.txt'), 'Harga cabai naik\n\nHarga cabai rawit di Pasar Induk naik menjadi Rp14.000 per kilogram pada Senin.\n');
    writeFileSync(join(docs, 'beras.txt'), 'Beras stabil\n\nPedagang menjual beras seharga 14.000 rupiah per liter, sama dengan pekan lalu.\n');
    writeFileSync(join(docs, 'wheat.txt'), 'Wheat exports\n\nThe port shipped 14,000 tonnes of wheat last month, a record.\n');
    writeFileSync(join(docs, 'gula.txt'), 'Gula pasir\n\nHarga gula Rp14.500 per kilogram, dan 14 000 ton gula tiba.\n');
    wb = await Workbench.open(join(dir, 'a.db'), { create: true });
    await wb.import({ paths: [docs] });
  });
  after(() => {
    wb.close();
    for (const fn of cleanup) fn();
  });

  const titles = (query: string): string[] => wb.search({ query }).results.map((r) => r.title).sort();

  test('are found by their digits whatever the separator, glued to a currency or not', () => {
    for (const query of ['14.000', '14,000', '14000', 'Rp14.000']) {
      assert.deepEqual(titles(query), ['Beras stabil', 'Harga cabai naik', 'Wheat exports'], query);
    }
    assert.deepEqual(titles('14.500'), ['Gula pasir']);
    assert.deepEqual(titles('"14 000"'), ['Gula pasir'], 'a figure split by a space stays two words');
  });

  test('are highlighted as the reader sees them', () => {
    const hit = wb.search({ query: '14.000 cabai' }).results[0]!;
    assert.match(hit.snippet, /<mark>Rp14\.000<\/mark>/);
    const wheat = wb.search({ query: '14.000 wheat' }).results[0]!;
    assert.match(wheat.snippet, /<mark>14,000<\/mark>/);
  });

  test('keep the archive sound', () => {
    assert.deepEqual(wb.check(), []);
  });
});
