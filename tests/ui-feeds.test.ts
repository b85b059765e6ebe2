import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openArchive } from './dup-helpers.js';
import { feedServer, ITEMS, rss, serveFeed } from './feed-server.js';
import { noChromium, openUi } from './ui-helpers.js';

/* The Import view's Feeds panel in browser mode: each feed with its interval and status, one added from the form, "poll all now". */

test('feeds panel: lists each feed with its status (articles, last success, last error); add one, poll all now, remove one', { skip: noChromium, timeout: 120_000 }, async (t) => {
  const { wb } = await openArchive(t);
  const srv = await feedServer(t);
  srv.routes.set('/kabar.xml', serveFeed(() => rss('Kabar Pesisir', ITEMS)));
  const good = `${srv.base}/kabar.xml`;
  const broken = `${srv.base}/hilang.xml`;
  wb.feedsAdd({ url: good, every: '2h' });
  wb.feedsAdd({ url: broken });
  await wb.feedsRun({ all: true });

  const { page, shot, assertClean } = await openUi(t, wb);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Feeds' });
  const list = panel.getByRole('list', { name: 'Feeds polled' });
  const row = list.getByRole('listitem', { name: good });
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /every 2h\s*2 articles\s*last success /);
  const failing = list.getByRole('listitem', { name: broken });
  assert.match((await failing.textContent()) ?? '', /every 30m\s*0 articles\s*not polled yet\s*The last poll failed: .*hilang\.xml: HTTP 404 Not Found/);

  // Added from the form, then polled with the others.
  srv.routes.set('/kedua.xml', serveFeed(() => rss('Straits Ledger', [{ ...ITEMS[1]!, link: 'https://straitsledger.example.com/2024/03/ferry-update', title: 'Ferry timetable restored' }])));
  await panel.getByRole('textbox', { name: 'Feed address' }).fill(`${srv.base}/kedua.xml`);
  await panel.getByRole('combobox', { name: 'How often' }).selectOption({ label: 'every 1h' });
  await panel.getByRole('button', { name: 'Add feed' }).click();
  await list.getByRole('listitem', { name: `${srv.base}/kedua.xml` }).waitFor();
  await panel.getByRole('button', { name: 'Poll all now' }).click();
  await panel.getByRole('status').filter({ hasText: '1 new article from 3 feeds' }).waitFor();
  // The status and the list's rows are updated apart (CI once read the row before its update): wait for the rows to say so.
  await list.getByRole('listitem', { name: `${srv.base}/kedua.xml` }).filter({ hasText: /every 1h\s*1 article\s*last success / }).waitFor();
  await failing.filter({ hasText: /The last 2 polls failed/ }).waitFor();
  await shot('import-feeds');

  await panel.getByRole('button', { name: `Remove ${broken}` }).click();
  await failing.waitFor({ state: 'detached' });
  assert.deepEqual(wb.feedsList().map((f) => f.url), [good, `${srv.base}/kedua.xml`]);
  assertClean();
});
