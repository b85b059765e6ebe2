import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SearchResponse } from '../electron/api.js';
import { Workbench, WorkbenchError } from '../electron/service.js';
import { pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';

/* Every operator and filter of the query language, against a real archive built from fixtures. */

let wb: Workbench;
let dbFile: string;
const cleanup: (() => void)[] = [];

before(async () => {
  dbFile = join(tempDir({ after: (fn) => cleanup.push(fn) }), 'search.db');
  wb = await Workbench.open(dbFile, { create: true });
  const summary = await wb.import({ paths: [fixture('search', 'corpus.jsonl')] });
  assert.equal(summary.imported, 12);
});
after(() => {
  wb.close();
  for (const fn of cleanup) fn();
});

const titles = (query: string, extra: Record<string, unknown> = {}): string[] =>
  wb.search({ query, limit: 100, ...extra }).results.map((r) => r.title).sort();

const PUTIN_SERUKAN = 'Putin Serukan Peta Jalan Perdamaian';
const XI_TIBA = 'Xi Tiba di Moskow';
const XI_PUTIN_DEALS = 'Xi and Putin Sign Energy Deals';
const HARGA_BERAS = 'Harga Beras Naik Menjelang Lebaran';
const HARGA_CABAI = 'Harga Cabai Turun';
const BANJIR = 'Banjir Rendam Kampung Melayu';
const FLOODING = 'Flooding Hits East Jakarta';
const CAFE = 'Café Owners Protest Rent Rises';
const CATATAN = 'Catatan Redaksi Tanpa Tanggal';
const PEACE_PLAN = 'Ukraine Peace Plan Met With Doubt';
const PEACEKEEPERS = 'Peacekeepers Return Home';
const PEMILU = 'Pemilu Berlangsung Damai';

describe('query language', () => {
  test('words are ANDed; case and diacritics do not matter', () => {
    assert.deepEqual(titles('putin xi'), [PUTIN_SERUKAN, XI_TIBA, XI_PUTIN_DEALS].sort());
    assert.deepEqual(titles('PUTIN XI'), titles('putin xi'));
    assert.deepEqual(titles('cafe naive'), [CAFE]);
    assert.deepEqual(titles('CAFÉ'), [CAFE]);
  });

  test('"exact phrase", also with curly quotes', () => {
    assert.deepEqual(titles('"peta jalan"'), [PUTIN_SERUKAN]);
    assert.deepEqual(titles('“peta jalan”'), [PUTIN_SERUKAN]);
    assert.deepEqual(titles('"jalan peta"'), []);
  });

  test('OR, -term, NOT and parentheses', () => {
    assert.deepEqual(titles('banjir OR flooding'), [BANJIR, FLOODING].sort());
    assert.deepEqual(titles('putin -moskow'), [XI_PUTIN_DEALS]);
    assert.deepEqual(titles('putin NOT moskow'), [XI_PUTIN_DEALS]);
    assert.deepEqual(titles('(banjir OR flooding) -perahu'), [FLOODING]);
    assert.equal(titles('-putin').length, 9);
  });

  test('prefix*', () => {
    assert.deepEqual(titles('perdamai*'), [CATATAN, PUTIN_SERUKAN].sort());
    assert.deepEqual(titles('peacek*'), [PEACEKEEPERS]);
  });

  test('proximity: "a b"~N and NEAR(a b, N)', () => {
    assert.deepEqual(titles('"xi putin"~3'), [XI_TIBA, XI_PUTIN_DEALS].sort());
    assert.deepEqual(titles('NEAR(xi putin, 3)'), [XI_TIBA, XI_PUTIN_DEALS].sort());
    assert.deepEqual(titles('NEAR(xi putin, 20)'), [PUTIN_SERUKAN, XI_TIBA, XI_PUTIN_DEALS].sort());
  });

  test('title: limits words and phrases to the title', () => {
    assert.deepEqual(titles('beras'), [HARGA_BERAS, HARGA_CABAI].sort());
    assert.deepEqual(titles('title:beras'), [HARGA_BERAS]);
    assert.deepEqual(titles('title:"harga cabai"'), [HARGA_CABAI]);
  });

  test('source: matches the outlet name or its domain, case-insensitively', () => {
    assert.deepEqual(titles('source:"warta kota"'), [HARGA_BERAS, HARGA_CABAI, PUTIN_SERUKAN].sort());
    assert.deepEqual(titles('source:kompas'), [BANJIR]);
    assert.deepEqual(titles('harga source:"Warta Kota" -cabai'), [HARGA_BERAS]);
  });

  test('lang: filters by detected language', () => {
    const english = titles('lang:en');
    assert.ok(english.includes(FLOODING) && english.includes(XI_PUTIN_DEALS), english.join());
    assert.ok(!english.includes(BANJIR));
    assert.deepEqual(titles('kampung lang:en'), [FLOODING]);
  });

  test('dates: a day, a range, a month, after: and before:', () => {
    assert.deepEqual(titles('date:2023-03-21'), [PUTIN_SERUKAN, XI_PUTIN_DEALS].sort());
    assert.deepEqual(titles('date:2023-03-20..2023-03-22'), [HARGA_BERAS, PUTIN_SERUKAN, XI_TIBA, XI_PUTIN_DEALS].sort());
    assert.deepEqual(titles('date:2024-01'), [BANJIR, FLOODING].sort());
    assert.deepEqual(titles('after:2024-01'), [CAFE, HARGA_CABAI, PEMILU].sort());
    assert.deepEqual(titles('before:2023'), [PEACEKEEPERS]);
    assert.deepEqual(titles('harga date:2024'), [HARGA_CABAI]);
  });

  test('a filter inside OR works too', () => {
    assert.deepEqual(titles('banjir OR source:"metro post"'), [BANJIR, CAFE, FLOODING].sort());
  });

  test('country: and person: find the articles suggested for them, by code, name, alias or surname', () => {
    const aboutRussia = [PUTIN_SERUKAN, XI_TIBA, XI_PUTIN_DEALS].sort();
    assert.deepEqual(titles('country:RU'), aboutRussia);
    assert.deepEqual(titles('country:Rusia'), aboutRussia);
    assert.deepEqual(titles('country:russia'), aboutRussia);
    assert.deepEqual(titles('country:Moskow'), aboutRussia, 'any alias of the country names it');
    // "Xi Tiba di Moskow" writes only "Putin": the starter registry knows who that is.
    assert.deepEqual(titles('person:"Vladimir Putin"'), aboutRussia);
    assert.deepEqual(titles('person:putin'), aboutRussia);
    assert.deepEqual(titles('person:"xi jinping"'), aboutRussia);
    assert.deepEqual(titles('putin -country:UA'), [XI_TIBA, XI_PUTIN_DEALS].sort());
    assert.deepEqual(wb.search({ query: 'country:RU' }).notices, []);
    assert.deepEqual(titles('tag:pemilu'), [], 'no article carries a tag nobody added');
  });

  test('an empty query lists the whole archive', () => {
    assert.equal(wb.search({ query: '' }).total, 12);
    assert.equal(wb.search({ query: '  !! ' }).total, 12);
  });
});

describe('results', () => {
  test('newest and oldest first; undated articles come last in both orders', () => {
    const newest = wb.search({ query: '', sort: 'newest', limit: 100 }).results;
    assert.equal(newest[0]!.title, CAFE);
    assert.equal(newest[newest.length - 1]!.title, CATATAN);
    const oldest = wb.search({ query: '', sort: 'oldest', limit: 100 }).results;
    assert.equal(oldest[0]!.title, PEACEKEEPERS);
    assert.equal(oldest[oldest.length - 1]!.title, CATATAN);
    const paged: string[] = [];
    let after: string | undefined;
    do {
      const r: SearchResponse = wb.search({ query: '', sort: 'oldest', limit: 2, after });
      paged.push(...r.results.map((h) => h.title));
      after = r.next ?? undefined;
    } while (after);
    assert.deepEqual(paged, oldest.map((h) => h.title));
  });

  test('a text search sorted by date: order, snippets, pages', () => {
    const newest = wb.search({ query: 'putin', sort: 'newest' }).results;
    assert.deepEqual(newest.map((r) => r.title), [XI_PUTIN_DEALS, PUTIN_SERUKAN, XI_TIBA]);
    for (const r of newest) assert.match(r.snippet, /<mark>Putin<\/mark>/);
    const seen: string[] = [];
    let page = wb.search({ query: 'putin', sort: 'oldest', limit: 1 });
    for (;;) {
      seen.push(...page.results.map((r) => r.title));
      if (!page.next) break;
      page = wb.search({ query: 'putin', sort: 'oldest', limit: 1, after: page.next });
    }
    assert.deepEqual(seen, [XI_TIBA, PUTIN_SERUKAN, XI_PUTIN_DEALS]);
  });

  test('relevance ranks a title match above a body match', () => {
    const r = wb.search({ query: 'beras', sort: 'relevance' }).results;
    assert.equal(r[0]!.title, HARGA_BERAS);
  });

  test('snippets highlight the matches, from the title when only it matches', () => {
    const [hit] = wb.search({ query: 'kilogram' }).results;
    assert.match(hit!.snippet, /<mark>kilogram<\/mark>/);
    const [titleOnly] = wb.search({ query: 'lebaran' }).results;
    assert.match(titleOnly!.snippet, /Menjelang <mark>Lebaran<\/mark>/);
  });

  for (const sort of ['relevance', 'newest', 'oldest'] as const) {
    test(`keyset pagination (${sort}) visits every match once, in order`, () => {
      const all = wb.search({ query: '-zzzz', sort, limit: 100 }).results.map((r) => r.id);
      const seen: number[] = [];
      let page: SearchResponse = wb.search({ query: '-zzzz', sort, limit: 5 });
      for (;;) {
        assert.equal(page.total, 12);
        seen.push(...page.results.map((r) => r.id));
        if (!page.next) break;
        page = wb.search({ query: '-zzzz', sort, limit: 5, after: page.next });
      }
      assert.deepEqual(seen, all);
      assert.equal(new Set(seen).size, 12);
    });
  }

  test('a cursor from another sort order is refused', () => {
    const { next } = wb.search({ query: '', sort: 'newest', limit: 2 });
    assert.throws(() => wb.search({ query: '', sort: 'oldest', after: next! }), /this cursor belongs to a search sorted by newest, not oldest/);
    assert.throws(() => wb.search({ query: '', after: 'garbage' }), /after: not a cursor; use the "next" value/);
    const scoreless = Buffer.from(JSON.stringify(['relevance', '2023-03-21', 1])).toString('base64url');
    assert.throws(() => wb.search({ query: 'putin', sort: 'relevance', after: scoreless }), /not a cursor/);
  });

  test('facets count the whole match set, not the page', () => {
    const f = wb.facets({ query: 'harga OR putin OR banjir', granularity: 'month' });
    assert.deepEqual(f.sources, [
      { value: 'Warta Kota', count: 3 },
      { value: 'Kabar Kita', count: 1 },
      { value: 'The Daily Ledger', count: 1 },
      { value: 'kompas.example.com', count: 1 },
    ]);
    assert.equal(f.granularity, 'month');
    // Every month from the first match to the last, the empty ones with 0.
    assert.equal(f.timeline.length, 12);
    assert.deepEqual(f.timeline.filter((t) => t.count > 0), [
      { value: '2023-03', count: 4 },
      { value: '2024-01', count: 1 },
      { value: '2024-02', count: 1 },
    ]);
    assert.deepEqual(f.timeline.slice(0, 3).map((t) => t.value), ['2023-03', '2023-04', '2023-05']);
    const days = wb.facets({ query: 'date:2023-03' });
    assert.equal(days.granularity, 'day');
    assert.deepEqual(days.timeline.map((t) => t.value), ['2023-03-20', '2023-03-21', '2023-03-22', '2023-03-23']);
    const weeks = wb.facets({ query: 'harga OR putin OR banjir' });
    assert.equal(weeks.granularity, 'week');
    assert.deepEqual(weeks.timeline.filter((t) => t.count > 0), [
      { value: '2023-W12', count: 4 },
      { value: '2024-W03', count: 1 },
      { value: '2024-W08', count: 1 },
    ]);
    assert.equal(weeks.timeline[1]?.value, '2023-W13');
    assert.equal(weeks.timeline[1]?.count, 0);
    const all = wb.facets({ query: '' });
    assert.equal(all.undated, 1, 'the undated article is counted apart from the timeline');
    assert.equal(all.timeline.reduce((n, t) => n + t.count, 0) + all.undated, wb.search({ query: '' }).total);
    // Countries and people by their tags over the same match set; a country's value is its code.
    assert.deepEqual(f.countries, [
      { value: 'CN', count: 3, label: 'China' },
      { value: 'RU', count: 3, label: 'Russia' },
      { value: 'ID', count: 1, label: 'Indonesia' },
      { value: 'UA', count: 1, label: 'Ukraine' },
    ]);
    assert.deepEqual(f.persons.slice(0, 2), [{ value: 'Vladimir Putin', count: 3 }, { value: 'Xi Jinping', count: 3 }]);
  });

  test('a query that cannot be read is an error naming the problem and its position', () => {
    assert.throws(
      () => wb.search({ query: 'putin "peta jalan' }),
      (e: unknown) => e instanceof WorkbenchError && e.code === 'invalid_query' && e.message === 'unclosed quote at 6' && e.position === 6,
    );
    assert.throws(() => wb.search({ query: 'date:21/03/2023' }), (e: unknown) => e instanceof WorkbenchError && /date: expects YYYY-MM-DD/.test(e.message) && e.position === 5);
  });
});

describe('saved searches', () => {
  test('add, list with totals and what is new, run marks read, remove', async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'saved.db');
    const own = await Workbench.open(db, { create: true });
    t.after(() => own.close());
    await own.import({ paths: [fixture('search', 'corpus.jsonl')] });
    const added = own.savedAdd({ name: 'Harga pangan', query: 'harga OR beras' });
    assert.deepEqual([added.total, added.new], [2, 0]);
    assert.throws(() => own.savedAdd({ name: 'harga PANGAN', query: 'x' }), /already exists/);
    assert.throws(() => own.savedAdd({ name: 'rusak', query: '"unclosed' }), /unclosed quote/);

    const more = join(dir, 'more.jsonl');
    writeFileSync(more, `${JSON.stringify({ title: 'Harga Gula Naik', body: 'Harga gula pasir naik di pasar tradisional menurut pedagang.', date: '2024-06-01', source: 'Warta Kota' })}\n`);
    await own.import({ paths: [more] });
    const [listed] = own.savedList();
    assert.deepEqual([listed!.name, listed!.total, listed!.new], ['Harga pangan', 3, 1]);

    const run = own.savedRun({ name: 'harga pangan', sort: 'newest' });
    assert.equal(run.saved.new, 1);
    assert.equal(run.results[0]!.title, 'Harga Gula Naik');
    assert.equal(own.savedList()[0]!.new, 0);

    own.savedRemove({ name: 'Harga pangan' });
    assert.deepEqual(own.savedList(), []);
    assert.throws(() => own.savedRemove({ name: 'Harga pangan' }), /no saved search named/);
  });
});

describe('CLI', () => {
  test('search --json with sort, limit, cursor and facets', async () => {
    const first = await pantauJson<SearchResponse & { facets: { sources: unknown[] } }>(['search', 'harga OR putin', '--sort', 'newest', '--limit', '2', '--facets', '--db', dbFile]);
    assert.equal(first.code, 0);
    assert.equal(first.json.total, 5);
    assert.equal(first.json.results.length, 2);
    assert.deepEqual(Object.keys(first.json.results[0]!).sort(), ['countries', 'id', 'language', 'persons', 'publishedAt', 'sharedParagraphs', 'snippet', 'source', 'title']);
    assert.ok(first.json.next);
    assert.ok(first.json.facets.sources.length > 0);
    const second = await pantauJson<SearchResponse>(['search', 'harga OR putin', '--sort', 'newest', '--limit', '2', '--after', first.json.next!, '--db', dbFile]);
    assert.equal(second.json.results.length, 2);
    assert.notEqual(second.json.results[0]!.id, first.json.results[0]!.id);
  });

  test('a query may start with a negative term', async () => {
    const r = await pantauJson<SearchResponse>(['search', '-putin', '-banjir', '--db', dbFile]);
    assert.equal(r.code, 0);
    assert.equal(r.json.total, 12 - 3 - 1);
  });

  test('a bad query exits 2 with the message and position', async () => {
    const r = await pantauJson<{ error: { message: string; position: number } }>(['search', 'putin (xi', '--db', dbFile]);
    assert.equal(r.code, 2);
    assert.deepEqual([r.json.error.message, r.json.error.position], ['unclosed parenthesis at 6', 6]);
  });

  test('saved add | list | run | remove', async (t) => {
    const db = join(tempDir(t), 'cli-saved.db');
    await pantauJson(['import', fixture('search', 'corpus.jsonl'), '--db', db]);
    assert.equal((await pantauJson(['saved', 'add', 'banjir', 'banjir OR flooding', '--db', db])).code, 0);
    const list = await pantauJson<{ name: string; total: number; new: number }[]>(['saved', 'list', '--db', db]);
    assert.deepEqual(list.json.map((s) => [s.name, s.total, s.new]), [['banjir', 2, 0]]);
    const run = await pantauJson<SearchResponse>(['saved', 'run', 'banjir', '--db', db]);
    assert.equal(run.json.total, 2);
    assert.equal((await pantauJson(['saved', 'remove', 'banjir', '--db', db])).code, 0);
    const gone = await pantauJson<{ error: { code: string } }>(['saved', 'run', 'banjir', '--db', db]);
    assert.deepEqual([gone.code, gone.json.error.code], [2, 'not_found']);
  });
});
