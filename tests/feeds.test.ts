import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { openDatabase } from '../db/driver.js';
import type { FeedStatus, FeedsRunSummary } from '../electron/api.js';
import type { FeedItem } from '../electron/import/readers/feed.js';
import { DEFAULT_FETCH_LIMITS } from '../electron/sources/fetch.js';
import { newItems } from '../electron/sources/poll.js';
import { waitSeconds } from '../electron/sources/schedule.js';
import { pantau, pantauJson } from './cli-run.js';
import { openArchive } from './dup-helpers.js';
import { feedServer, type Item, ITEMS, NEXT_ITEM, rss, serveFeed } from './feed-server.js';

/*
 * Live feeds against a real HTTP server on 127.0.0.1: what is imported, the conditional requests,
 * the back-off, and every bound (redirects, time, size). Time is the test's: the clock is injected,
 * and the one timeout is met by a server that never answers.
 */

const T0 = new Date('2024-03-15T08:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const clock = (minutes: number) => ({ now: () => at(minutes) });
const feedOf = (list: FeedStatus[], url: string): FeedStatus => list.find((f) => f.url === url)!;

/** Rows of the archive, read beside the open workbench. */
function query<T>(db: string, sql: string): T[] {
  const conn = openDatabase(db, { readonly: true });
  try {
    return conn.prepare(sql).all() as T[];
  } finally {
    conn.close();
  }
}
const itemKeys = (db: string): string[] => query<{ k: string }>(db, 'SELECT item_key AS k FROM feed_items ORDER BY item_key').map((r) => r.k);

test('a feed: its items imported through the ordinary import; the second poll is a 304 by ETag, the third by Last-Modified', async (t) => {
  const { wb } = await openArchive(t);
  const srv = await feedServer(t);
  srv.routes.set('/etag.xml', (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end();
    else serveFeed(() => rss('Kabar Pesisir', ITEMS), { etag: '"v1"' })(req, res);
  });
  const modified = 'Fri, 15 Mar 2024 07:00:00 GMT';
  srv.routes.set('/modified.xml', (req, res) => {
    if (req.headers['if-modified-since'] === modified) res.writeHead(304).end();
    else serveFeed(() => rss('Straits Ledger', [NEXT_ITEM]), { 'last-modified': modified })(req, res);
  });
  wb.feedsAdd({ url: `${srv.base}/etag.xml` });
  wb.feedsAdd({ url: `${srv.base}/modified.xml`, every: '2h' });

  const first = await wb.feedsRun({}, clock(0));
  assert.deepEqual(first, {
    feeds: [
      { url: `${srv.base}/etag.xml`, status: 'ok', new: 2, error: null },
      { url: `${srv.base}/modified.xml`, status: 'ok', new: 1, error: null },
    ],
    imported: 3,
  });
  const hits = wb.search({ query: 'Tambaklorok', sort: 'newest' }).results;
  assert.deepEqual(hits.map((h) => [h.title, h.source, h.publishedAt]), [['Banjir rob merendam pesisir Semarang', 'example.id', '2024-03-12T07:30:00+07:00']]);
  assert.equal(wb.search({ query: 'Gilimanuk', sort: 'newest' }).total, 1, 'the English item too');
  const list = wb.feedsList();
  assert.deepEqual(
    list.map((f) => [f.every, f.lastSuccess, f.lastError, f.lastNew, f.articles, f.nextPoll]),
    [
      ['30m', at(0).toISOString(), null, 2, 2, at(30).toISOString()],
      ['2h', at(0).toISOString(), null, 1, 1, at(120).toISOString()],
    ],
  );

  // Not yet due: nothing is asked of the server.
  assert.deepEqual(await wb.feedsRun({}, clock(29)), { feeds: [], imported: 0 });
  assert.equal(srv.log.length, 2);

  const second = await wb.feedsRun({}, clock(30));
  assert.deepEqual(second.feeds.map((f) => [f.status, f.new]), [['not-modified', 0]], 'only the 30-minute feed is due');
  const third = await wb.feedsRun({ all: true }, clock(31));
  assert.deepEqual(third.feeds.map((f) => [f.status, f.new]), [['not-modified', 0], ['not-modified', 0]]);
  assert.deepEqual(srv.hits('/etag.xml').map((h) => h.ifNoneMatch), [undefined, '"v1"', '"v1"']);
  assert.deepEqual(srv.hits('/modified.xml').map((h) => h.ifModifiedSince), [undefined, modified]);
  assert.equal(wb.stats().articles, 3);
  assert.equal(feedOf(wb.feedsList(), `${srv.base}/etag.xml`).lastSuccess, at(31).toISOString(), 'a 304 is a success');
});

test('an item in two polls is imported once, even when its text changed; a new item beside it is', async (t) => {
  const { wb } = await openArchive(t);
  const srv = await feedServer(t);
  let items = [ITEMS[0]!];
  srv.routes.set('/feed.xml', serveFeed(() => rss('Kabar Pesisir', items)));
  wb.feedsAdd({ url: `${srv.base}/feed.xml` });
  assert.equal((await wb.feedsRun({ all: true }, clock(0))).imported, 1);
  items = [{ ...ITEMS[0]!, body: `${ITEMS[0]!.body} Pembaruan: air mulai surut pada sore hari.` }, NEXT_ITEM];
  const second = await wb.feedsRun({ all: true }, clock(1));
  assert.deepEqual(second.feeds.map((f) => [f.status, f.new]), [['ok', 1]]);
  assert.equal(wb.stats().articles, 2);
  assert.equal(wb.search({ query: 'surut', sort: 'newest' }).total, 0, 'the updated item was not taken again');
  assert.equal(feedOf(wb.feedsList(), `${srv.base}/feed.xml`).articles, 2);
});

test('items are known by their guid: a changed link or text is the same item; another guid on the same link is new if its text is', async (t) => {
  const { wb, db } = await openArchive(t);
  const srv = await feedServer(t);
  const first: Item = { ...ITEMS[0]!, guid: 'kp-118' };
  let items: Item[] = [first];
  srv.routes.set('/feed.xml', serveFeed(() => rss('Kabar Pesisir', items)));
  wb.feedsAdd({ url: `${srv.base}/feed.xml` });
  assert.equal((await wb.feedsRun({ all: true }, clock(0))).imported, 1);

  items = [
    // The same guid: a tracking parameter on the link and an update to the text make it no new item.
    { ...first, link: `${first.link}?utm_source=rss`, body: `${first.body} Pembaruan: air mulai surut pada sore hari.` },
    // Another guid on the first item's link: a new item, with a text of its own.
    { ...NEXT_ITEM, link: first.link, guid: 'kp-119' },
    // Another guid with the first item's very text: new to the feed, but the archive has the article.
    { ...first, guid: 'kp-120' },
  ];
  const second = await wb.feedsRun({ all: true }, clock(1));
  assert.deepEqual(second.feeds.map((f) => [f.status, f.new]), [['ok', 1]]);
  assert.equal(wb.stats().articles, 2);
  assert.equal(wb.search({ query: 'surut', sort: 'newest' }).total, 0, 'the updated item was not taken again');
  assert.equal(wb.search({ query: 'Beringharjo', sort: 'newest' }).total, 1, 'the item with a guid of its own was');
  assert.deepEqual(itemKeys(db), ['id:kp-118', 'id:kp-119', 'id:kp-120']);
});

test('an archive whose items were recorded by their link (schema 8) takes none of them again once their guids are read, even with a changed text', async (t) => {
  const { wb, db } = await openArchive(t);
  const srv = await feedServer(t);
  // Without guids, items are recorded by their links: what schema 8 recorded for every item.
  let items: Item[] = ITEMS;
  srv.routes.set('/feed.xml', serveFeed(() => rss('Kabar Pesisir', items)));
  wb.feedsAdd({ url: `${srv.base}/feed.xml` });
  assert.equal((await wb.feedsRun({ all: true }, clock(0))).imported, 2);
  assert.deepEqual(itemKeys(db), ITEMS.map((i) => i.link!).sort());

  // The feed with its guids read: one item's text updated since, and a new item.
  const [flood, ferry] = ITEMS as [Item, Item];
  items = [
    { ...flood, guid: 'kp-118', body: `${flood.body} Pembaruan: air mulai surut pada sore hari.` },
    { ...ferry, guid: 'sl-7' },
    { ...NEXT_ITEM, guid: 'kp-119' },
  ];
  const second = await wb.feedsRun({ all: true }, clock(1));
  assert.deepEqual(second.feeds.map((f) => [f.status, f.new]), [['ok', 1]]);
  assert.equal(wb.stats().articles, 3);
  assert.equal(wb.search({ query: 'surut', sort: 'newest' }).total, 0, 'the updated item is the one taken by its link');
  assert.deepEqual(itemKeys(db), ['id:kp-118', 'id:kp-119', 'id:sl-7'], 'the records moved from the links to the guids');

  // Known by its guid now, a changed link is no new item either.
  items = items.map((i) => ({ ...i, link: `${i.link!.replace('https:', 'http:')}?utm_medium=feed` }));
  const third = await wb.feedsRun({ all: true }, clock(2));
  assert.deepEqual(third.feeds.map((f) => [f.status, f.new]), [['ok', 0]]);
  assert.equal(wb.stats().articles, 3);
  assert.equal(feedOf(wb.feedsList(), `${srv.base}/feed.xml`).articles, 3);
});

test('a feed that gives all its items one guid: each item is known by its link, none is lost', async (t) => {
  const { wb, db } = await openArchive(t);
  const srv = await feedServer(t);
  // A careless CMS writes the site's address as every item's guid.
  const site = 'https://kabarpesisir.example.id/';
  let items: Item[] = ITEMS.map((i) => ({ ...i, guid: site }));
  srv.routes.set('/feed.xml', serveFeed(() => rss('Kabar Pesisir', items)));
  wb.feedsAdd({ url: `${srv.base}/feed.xml` });
  assert.equal((await wb.feedsRun({ all: true }, clock(0))).imported, 2);
  items = [{ ...NEXT_ITEM, guid: site }, ...items];
  const second = await wb.feedsRun({ all: true }, clock(1));
  assert.deepEqual(second.feeds.map((f) => [f.status, f.new]), [['ok', 1]]);
  assert.equal(wb.stats().articles, 3);
  assert.deepEqual(itemKeys(db), [...ITEMS, NEXT_ITEM].map((i) => i.link!).sort());
  assert.deepEqual(query<{ origin: string }>(db, 'SELECT origin FROM articles ORDER BY id').map((a) => a.origin), [...ITEMS, NEXT_ITEM].map((i) => `${srv.base}/feed.xml#${i.link}`));
  // The same item listed twice (one guid, one link) is one item, known by its guid.
  const twice = (): FeedItem => ({ article: { title: 'Satu', body: 'Teks satu.', origin: 'f#1', url: 'https://x.id/satu' }, id: 'g1' });
  assert.deepEqual([...newItems({ seen: () => new Set() }, 1, [twice(), twice()]).fresh.keys()], ['id:g1']);
});

test('a record under a link moves to one guid only; a link still an item\'s own key stays its', () => {
  const item = (title: string, url: string | undefined, id?: string): FeedItem => ({ article: { title, body: `${title} teks.`, origin: 'f#1', ...(url ? { url } : {}) }, ...(id ? { id } : {}) });
  const store = { seen: (_: number, keys: readonly string[]) => new Set(keys.filter((k) => ['https://x.id/a', 'https://x.id/b'].includes(k))) };
  const { fresh, rekeyed } = newItems(store, 1, [
    item('A', 'https://x.id/a', 'g1'),
    item('A bis', 'https://x.id/a', 'g2'),
    item('B', 'https://x.id/b'),
    item('B bis', 'https://x.id/b', 'g3'),
    // Listed twice: one guid, one link.
    item('A', 'https://x.id/a', 'g1'),
  ]);
  assert.deepEqual(rekeyed, [{ from: 'https://x.id/a', to: 'id:g1' }]);
  assert.deepEqual([...fresh.keys()], ['id:g2', 'id:g3']);
});

test('a feed article\'s origin is its feed and item, in the archive, the import log and its problems; never the temporary file', async (t) => {
  const { wb, db } = await openArchive(t);
  const srv = await feedServer(t);
  const url = `${srv.base}/feed.xml`;
  const long = Array.from({ length: 2400 }, (_, i) => `<p>Paragraf ${i + 1}: warga pesisir Tambaklorok mencatat ketinggian air laut pada pengukuran ke-${i + 1} setiap pagi dan sore hari.</p>`).join('');
  const items: Item[] = [
    { ...ITEMS[0]!, guid: 'kp-118' },
    ITEMS[1]!,
    { ...NEXT_ITEM, link: undefined },
    { title: 'Hanya judul tanpa isi', body: '', date: NEXT_ITEM.date, guid: 'kp-121' },
    { title: 'Catatan pasang surut', body: long, date: NEXT_ITEM.date, guid: 'kp-122' },
  ];
  srv.routes.set('/feed.xml', serveFeed(() => rss('Kabar Pesisir', items)));
  wb.feedsAdd({ url });
  const r = await wb.feedsRun({ all: true }, clock(0));
  assert.equal(r.feeds[0]!.status, 'ok');

  const origins = query<{ origin: string }>(db, 'SELECT origin FROM articles ORDER BY id').map((a) => a.origin);
  assert.deepEqual(origins.slice(0, 3), [`${url}#kp-118`, `${url}#${ITEMS[1]!.link}`, `${url}#3`]);
  assert.ok(origins.length > 4, 'the long item was split');
  assert.deepEqual(origins.slice(3), origins.slice(3).map((_, i) => `${url}#kp-122#part-${i + 1}`));
  assert.deepEqual(query<{ origin: string }>(db, 'SELECT origin FROM imports'), [{ origin: JSON.stringify([url]) }]);
  const problems = query<{ kind: string; path: string; reason: string }>(db, 'SELECT kind, path, reason FROM import_problems ORDER BY id');
  assert.deepEqual(
    problems.map((p) => [p.kind, p.path, p.reason.replace(/\d+ KB/g, 'N KB').replace(/\d+ parts/, 'N parts')]),
    [
      ['error', `${url}#kp-121`, 'no article text'],
      ['warning', `${url}#kp-122`, 'article text is N KB, over N KB: imported in N parts'],
    ],
  );
  const everything = JSON.stringify([origins, problems, query(db, 'SELECT origin FROM imports')]);
  for (const temp of [tmpdir(), 'pantau-feed-', 'items.jsonl']) assert.ok(!everything.includes(temp), `no ${temp} in ${everything.slice(0, 200)}…`);
});

test('404 and 500 are recorded and back off, doubling the wait; a success resets it', async (t) => {
  const { wb } = await openArchive(t);
  const srv = await feedServer(t);
  const url = `${srv.base}/flaky.xml`;
  wb.feedsAdd({ url, every: '30m' });
  const status = (): FeedStatus => feedOf(wb.feedsList(), url);

  // No route yet: the server answers 404.
  let r = await wb.feedsRun({}, clock(0));
  assert.deepEqual(r.feeds, [{ url, status: 'error', new: 0, error: `${url}: HTTP 404 Not Found` }]);
  assert.deepEqual([status().failures, status().lastError, status().lastSuccess, status().nextPoll], [1, `${url}: HTTP 404 Not Found`, null, at(60).toISOString()]);

  srv.routes.set('/flaky.xml', (_req, res) => res.writeHead(500).end('boom'));
  assert.deepEqual((await wb.feedsRun({}, clock(59))).feeds, [], 'backed off: not due after one interval');
  r = await wb.feedsRun({}, clock(60));
  assert.equal(r.feeds[0]!.error, `${url}: HTTP 500 Internal Server Error`);
  assert.deepEqual([status().failures, status().nextPoll], [2, at(60 + 120).toISOString()]);
  r = await wb.feedsRun({}, clock(180));
  assert.deepEqual([status().failures, status().nextPoll], [3, at(180 + 240).toISOString()]);

  srv.routes.set('/flaky.xml', serveFeed(() => rss('Kabar Pesisir', ITEMS)));
  r = await wb.feedsRun({}, clock(420));
  assert.deepEqual(r.feeds, [{ url, status: 'ok', new: 2, error: null }]);
  assert.deepEqual([status().failures, status().lastError, status().lastSuccess, status().nextPoll], [0, null, at(420).toISOString(), at(450).toISOString()]);
  assert.equal(srv.hits('/flaky.xml').length, 4, 'one request per poll');

  // The wait is capped at a day (or the interval, if that is longer).
  assert.deepEqual([0, 1, 2, 3, 5, 6, 30].map((n) => waitSeconds(1800, n) / 60), [30, 60, 120, 240, 960, 1440, 1440]);
  assert.equal(waitSeconds(3 * 86400, 4), 3 * 86400);
});

test('redirects: followed up to five, only to http(s); a loop is refused', async (t) => {
  const { wb } = await openArchive(t);
  const srv = await feedServer(t);
  const to = (location: string) => (_req: unknown, res: import('node:http').ServerResponse) => res.writeHead(302, { location }).end();
  srv.routes.set('/moved.xml', to('/r/1'));
  for (let i = 1; i <= 9; i++) srv.routes.set(`/r/${i}`, to(`/r/${i + 1}`));
  srv.routes.set('/short.xml', to('/s/1'));
  srv.routes.set('/s/1', to('/s/2'));
  srv.routes.set('/s/2', serveFeed(() => rss('Kabar Pesisir', ITEMS)));
  srv.routes.set('/loop-a', to('/loop-b'));
  srv.routes.set('/loop-b', to('/loop-a'));
  srv.routes.set('/elsewhere', to('file:///etc/passwd'));
  for (const path of ['/moved.xml', '/short.xml', '/loop-a', '/elsewhere']) wb.feedsAdd({ url: `${srv.base}${path}` });

  const r = await wb.feedsRun({ all: true }, clock(0));
  const byUrl = new Map(r.feeds.map((f) => [f.url.slice(srv.base.length), f]));
  assert.deepEqual([byUrl.get('/short.xml')!.status, byUrl.get('/short.xml')!.new], ['ok', 2]);
  assert.equal(byUrl.get('/moved.xml')!.error, `${srv.base}/moved.xml: more than 5 redirects`);
  assert.equal(byUrl.get('/loop-a')!.error, `${srv.base}/loop-a: redirect loop (back to ${srv.base}/loop-a)`);
  assert.equal(byUrl.get('/elsewhere')!.error, `${srv.base}/elsewhere: redirected to file:///etc/passwd, which is not an http(s) address`);
  assert.deepEqual(
    srv.log.filter((l) => l.path === '/moved.xml' || l.path.startsWith('/r/')).map((l) => l.path),
    ['/moved.xml', '/r/1', '/r/2', '/r/3', '/r/4', '/r/5'],
    'the sixth redirect is not followed',
  );
  assert.equal(srv.hits('/loop-a').length + srv.hits('/loop-b').length, 2);
});

test('a server that never answers: the injected timeout fires; a body beyond the size limit is aborted while it streams', async (t) => {
  const { wb } = await openArchive(t);
  const srv = await feedServer(t);
  srv.routes.set('/silent.xml', () => undefined);
  const limit = 64 * 1024;
  let sent = 0;
  let aborted = false;
  srv.routes.set('/endless.xml', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.on('close', () => (aborted = !res.writableFinished));
    const chunk = Buffer.alloc(16 * 1024, 'a');
    // Bounded for the test's sake: 64 MB if the client never stops reading.
    const more = (): void => {
      if (res.destroyed || sent >= 64 * 1024 * 1024) return void res.end();
      sent += chunk.length;
      if (res.write(chunk)) setImmediate(more);
      else res.once('drain', more);
    };
    more();
  });
  srv.routes.set('/declared.xml', (_req, res) => res.writeHead(200, { 'content-length': String(limit * 4) }).end(Buffer.alloc(limit * 4, 'b')));
  for (const path of ['/silent.xml', '/endless.xml', '/declared.xml']) wb.feedsAdd({ url: `${srv.base}${path}` });

  const r = await wb.feedsRun({ all: true }, { ...clock(0), limits: { timeoutMs: 200, maxBytes: limit } });
  const error = (path: string): string | null => r.feeds.find((f) => f.url === `${srv.base}${path}`)!.error;
  assert.equal(error('/silent.xml'), `${srv.base}/silent.xml: no complete answer within 0.2 s`);
  assert.equal(error('/endless.xml'), `${srv.base}/endless.xml: the answer is larger than 0.06 MB; stopped reading it`);
  assert.equal(error('/declared.xml'), `${srv.base}/declared.xml: the answer is larger than 0.06 MB (0.25 MB)`);
  assert.ok(aborted && sent < 64 * 1024 * 1024, `the endless answer was cut off (after ${sent} bytes sent)`);
  t.diagnostic(`endless body: ${sent} bytes sent by the server before the client's abort at ${limit}`);
  assert.equal(DEFAULT_FETCH_LIMITS.maxBytes, 10 * 1024 * 1024);
});

test('only http(s) feeds can be added, at most once a minute, each once', async (t) => {
  const { wb } = await openArchive(t);
  for (const url of ['ftp://example.org/feed.xml', 'file:///etc/passwd', 'javascript:alert(1)', 'feed.xml', 'https://user:secret@example.org/rss']) {
    assert.throws(() => wb.feedsAdd({ url }), (err: Error & { code?: string }) => err.code === 'invalid_request' && /not an http or https address/.test(err.message), url);
  }
  assert.throws(() => wb.feedsAdd({ url: 'https://example.org/rss', every: '10s' }), /at least 1m/);
  assert.throws(() => wb.feedsAdd({ url: 'https://example.org/rss', every: 'often' }), /not an interval/);
  wb.feedsAdd({ url: 'https://example.org/rss' });
  assert.throws(() => wb.feedsAdd({ url: 'https://example.org/rss' }), /already polled/);
  assert.deepEqual(wb.feedsList().map((f) => [f.url, f.every]), [['https://example.org/rss', '30m']]);
});

test('--full-text: an item that is only a summary is read from its page through the HTML reader', async (t) => {
  const { wb } = await openArchive(t);
  const srv = await feedServer(t);
  const paragraphs = [
    'Pemerintah Kota Semarang membangun tanggul laut sepanjang tiga kilometer untuk menahan banjir rob di Tambaklorok.',
    'Kepala dinas pekerjaan umum mengatakan pembangunan tanggul ditargetkan selesai pada akhir tahun, dengan anggaran dari pemerintah pusat.',
    'Warga berharap tanggul itu mengakhiri genangan yang setiap bulan merendam rumah dan menghambat nelayan melaut.',
  ];
  srv.routes.set('/page/tanggul', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>Tanggul laut Semarang</title></head><body><nav><a href="/">Beranda</a></nav><article><h1>Tanggul laut Semarang</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article><footer>Hak cipta dilindungi</footer></body></html>`);
  });
  const item = { title: 'Tanggul laut Semarang', link: `${srv.base}/page/tanggul`, body: 'Pemerintah Kota Semarang membangun tanggul laut.', date: 'Fri, 15 Mar 2024 08:00:00 +0700' };
  srv.routes.set('/summaries.xml', serveFeed(() => rss('Kabar Pesisir', [item])));
  srv.routes.set('/plain.xml', serveFeed(() => rss('Kabar Pesisir', [{ ...item, title: 'Tanggul laut (ringkas)', link: `${srv.base}/page/ringkas` }])));
  wb.feedsAdd({ url: `${srv.base}/summaries.xml`, fullText: true, source: 'Kabar Pesisir' });
  wb.feedsAdd({ url: `${srv.base}/plain.xml` });

  const r = await wb.feedsRun({ all: true }, clock(0));
  assert.equal(r.imported, 2);
  const [full] = wb.search({ query: 'nelayan melaut', sort: 'newest' }).results;
  assert.ok(full, 'the page\'s text is in the archive');
  const article = wb.article({ id: full.id });
  assert.deepEqual([article.title, article.source, article.paragraphs.map((p) => p.text)], ['Tanggul laut Semarang', 'Kabar Pesisir', paragraphs]);
  assert.equal(srv.hits('/page/tanggul').length, 1);
  assert.equal(srv.hits('/page/ringkas').length, 0, 'a feed without --full-text fetches no page');
});

test('the real CLI: feeds add, run --json, list --json, remove', async (t) => {
  const { db, wb } = await openArchive(t);
  wb.close();
  const srv = await feedServer(t);
  srv.routes.set('/feed.xml', serveFeed(() => rss('Kabar Pesisir', ITEMS), { etag: '"a"' }));
  const url = `${srv.base}/feed.xml`;

  const added = await pantauJson<FeedStatus>(['feeds', 'add', url, '--every', '2h', '--db', db]);
  assert.deepEqual([added.code, added.json.url, added.json.every], [0, url, '2h']);
  const refused = await pantauJson<{ error: { code: string; message: string } }>(['feeds', 'add', 'ftp://example.org/x.xml', '--db', db]);
  assert.deepEqual([refused.code, refused.json.error.code], [2, 'invalid_request']);

  const run = await pantauJson<FeedsRunSummary>(['feeds', 'run', '--db', db]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(run.json, { feeds: [{ url, status: 'ok', new: 2, error: null }], imported: 2 });
  const again = await pantauJson<FeedsRunSummary>(['feeds', 'run', '--db', db]);
  assert.deepEqual(again.json, { feeds: [], imported: 0 }, 'not due for two hours');

  const list = await pantauJson<{ feeds: FeedStatus[] }>(['feeds', 'list', '--db', db]);
  assert.equal(list.json.feeds.length, 1);
  const [feed] = list.json.feeds;
  for (const key of ['url', 'every', 'lastSuccess', 'lastError', 'articles']) assert.ok(key in feed!, key);
  assert.deepEqual([feed!.url, feed!.every, feed!.lastError, feed!.articles], [url, '2h', null, 2]);
  assert.match(feed!.lastSuccess ?? '', /^\d{4}-\d\d-\d\dT/);

  const text = await pantau(['feeds', 'list', '--db', db]);
  assert.match(text.stdout, new RegExp(`${url.replace(/[.:/]/g, '\\$&')}  every 2h\\n  2 articles; last success `));
  const removed = await pantau(['feeds', 'remove', url, '--db', db]);
  assert.equal(removed.code, 0, removed.stderr);
  assert.deepEqual((await pantauJson<{ feeds: FeedStatus[] }>(['feeds', 'list', '--db', db])).json, { feeds: [] });
  assert.equal(srv.hits('/feed.xml').length, 1);
});
