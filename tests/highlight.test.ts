import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Highlights } from '../electron/api.js';
import { type Workbench, WorkbenchError } from '../electron/service.js';
import { importFiles, openArchive } from './dup-helpers.js';
import { fixture } from './helpers.js';

/* The reader's `highlight` call: where a query's words stand in an article, read as search reads them. */

function idOf(wb: Workbench, title: string): number {
  const hit = wb.search({ query: '', limit: 100 }).results.find((r) => r.title === title);
  assert.ok(hit, `no article titled ${title}`);
  return hit.id;
}

/** What each range covers, per paragraph position (`title` for the title). */
function marked(wb: Workbench, id: number, query: string): Record<string, string[]> {
  const h = wb.highlight({ id, query }) as Highlights;
  const article = wb.article({ id });
  const out: Record<string, string[]> = {};
  if (h.title.length > 0) out.title = h.title.map(([s, e]) => article.title.slice(s, e));
  for (const p of h.paragraphs) out[p.position] = p.ranges.map(([s, e]) => article.paragraphs[p.position]!.text.slice(s, e));
  return out;
}

test('highlight: terms, phrases, prefixes, title: words, NOT, NEAR, folded case and diacritics, respelled figures', async (t) => {
  const { wb } = await openArchive(t);
  await importFiles(wb, [fixture('tagging'), fixture('duplicates')]);
  const xi = idOf(wb, 'Xi Bertemu Putin, Bahas Rencana Damai untuk Ukraina');
  const banjir = idOf(wb, 'Banjir Rendam Ratusan Rumah di Bekasi');

  assert.deepEqual(marked(wb, xi, 'mishustin'), { 2: ['Mishustin'], 3: ['Mishustin'] });
  assert.deepEqual(marked(wb, xi, 'PUTIN'), { title: ['Putin'], 0: ['Putin'], 3: ['Putin'] });
  // A phrase is one mark, its inner space included; its words alone are not marked.
  assert.deepEqual(marked(wb, xi, '"perdana menteri"'), { 2: ['Perdana Menteri'] });
  assert.deepEqual(marked(wb, xi, 'kunjung*'), { 5: ['Kunjungan'] });
  assert.deepEqual(marked(wb, xi, 'title:putin'), { title: ['Putin'] }, 'a title: word only in the title');
  assert.deepEqual(marked(wb, xi, 'mishustin -putin'), { 2: ['Mishustin'], 3: ['Mishustin'] }, 'words under NOT are not marked');
  assert.deepEqual(marked(wb, xi, 'NEAR(mengundang mishustin, 3)'), { 3: ['mengundang', 'Mishustin'] }, 'only the NEAR words close to each other');
  assert.deepEqual(marked(wb, xi, 'mishustin country:RU'), { 2: ['Mishustin'], 3: ['Mishustin'] }, 'filters mark nothing');
  assert.deepEqual(marked(wb, xi, 'mïshüstin OR kremlin'), { 3: ['Mishustin'], 2: ['Mishustin'], 4: ['Kremlin'] });
  assert.deepEqual(marked(wb, banjir, '1200'), { 3: ['1.200'] }, 'a grouped figure is the word its digits make');
  assert.deepEqual(marked(wb, xi, ''), {});

  assert.throws(() => wb.highlight({ id: xi, query: 'putin AND (' }), (e: unknown) => e instanceof WorkbenchError && e.code === 'invalid_query');
  assert.throws(() => wb.highlight({ id: 99_999, query: 'putin' }), (e: unknown) => e instanceof WorkbenchError && e.code === 'not_found');
  assert.throws(() => wb.highlight({ id: xi }), (e: unknown) => e instanceof WorkbenchError && e.code === 'invalid_request');
});
