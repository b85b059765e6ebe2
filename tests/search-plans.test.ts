import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Archive, type NewArticle } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { registerIndexText } from '../db/fts.js';
import { type Cursor, type HitRow, MATCH_END, MATCH_START, type Query, type SortOrder } from '../db/search/store.js';
import { contentHash } from '../electron/import/hash.js';
import { parseQuery } from '../electron/search/parse.js';
import { tempDir } from './helpers.js';

/*
 * The search planner picks among several ways to the same answer (text first, filters first, a
 * walk of the date index, facets from memory). Each must give exactly what a plain reading of the
 * articles gives, so this archive is large enough for every route to be taken, and every answer is
 * checked against the articles themselves.
 */

const N = 3200;

interface Plain {
  id: number;
  source: string;
  language: string;
  publishedAt: string | null;
  words: Set<string>;
}

function generated(i: number): NewArticle & { words: string[] } {
  // umum: every article; separuh: every other one; langka: a few; source Kecil: one in a hundred.
  const words = ['umum', ...(i % 2 === 0 ? ['separuh'] : []), ...(i % 400 === 7 ? ['langka'] : [])];
  const day = new Date(Date.UTC(2023, 0, 1) + ((i * 37) % 400) * 86_400_000).toISOString().slice(0, 10);
  const title = `Berita ${i} ${words.join(' ')}`;
  const body = `Artikel nomor ${i} memuat kata ${words.join(' dan ')} untuk pengujian.`;
  return {
    contentHash: contentHash(title, body),
    title,
    body,
    url: null,
    suggestions: [],
    source: i % 100 === 0 ? 'Kecil' : `Besar ${i % 3}`,
    author: null,
    publishedAt: i % 97 === 0 ? null : day,
    language: i % 3 === 0 ? 'en' : 'id',
    origin: `test:${i}`,
    section: null,
    paragraphs: [{ hash: BigInt(i), occurrences: 1, flags: 0, signature: { keys: null, opening: null, short: true } }],
    words,
  };
}

let archive: Archive;
let file: string;
const plain: Plain[] = [];
const cleanup: (() => void)[] = [];

function add(from: number, to: number): void {
  const batch = Array.from({ length: to - from }, (_, k) => generated(from + k));
  const importId = archive.startImport(['test'], {});
  archive.writeBatch(importId, batch, [], { files: batch.length, imported: 0, skipped: 0, failed: 0, warnings: 0 });
  archive.finishImport(importId, 'done');
  const reader = openDatabase(file, { readonly: true });
  const rows = reader.prepare('SELECT id, origin FROM articles WHERE id > ? ORDER BY id').all(plain.at(-1)?.id ?? 0) as { id: number; origin: string }[];
  reader.close();
  for (const r of rows) {
    const g = generated(Number(r.origin.slice(5)));
    plain.push({ id: r.id, source: g.source!, language: g.language!, publishedAt: g.publishedAt, words: new Set(g.words) });
  }
}

before(async () => {
  file = join(tempDir({ after: (fn) => cleanup.push(fn) }), 'plans.db');
  archive = await Archive.open(file);
  add(0, N);
});
after(() => {
  archive.close();
  for (const fn of cleanup) fn();
});

const compiled = (query: string): Query => parseQuery(query);

/**
 * Every page of a search, following its cursors, through search() (as the app asks: total and page
 * together, from one pass over a small match set) and page() (given the count), which must agree
 * on every hit, its snippet included.
 */
function allPages(q: Query, sort: SortOrder, limit: number): number[] {
  const viaSearch = pages(sort, limit, (cursor) => archive.searches.search(q, sort, limit, cursor).rows);
  const total = archive.searches.count(q);
  const viaPage = pages(sort, limit, (cursor) => archive.searches.page(q, sort, limit, cursor, total));
  // As when the count stopped at its cap: a date order tries a bounded walk of the date index first.
  const uncounted = pages(sort, limit, (cursor) => archive.searches.page(q, sort, limit, cursor, null));
  assert.deepEqual(viaSearch, viaPage);
  assert.deepEqual(uncounted, viaPage);
  return viaPage.map((r) => r.id);
}

function pages(sort: SortOrder, limit: number, read: (cursor: Cursor | null) => HitRow[]): HitRow[] {
  const hits: HitRow[] = [];
  let cursor: Cursor | null = null;
  for (;;) {
    const rows = read(cursor);
    const page = rows.slice(0, limit);
    hits.push(...page);
    if (rows.length <= limit) return hits;
    const last = page.at(-1)!;
    cursor = { sort, key: last.sortKey, id: last.id };
  }
}

/** Newest first as the archive defines it: by date (undated last), then by id, both descending. */
const newestFirst = (rows: Plain[]): number[] =>
  [...rows].sort((a, b) => ((b.publishedAt ?? '') < (a.publishedAt ?? '') ? -1 : (b.publishedAt ?? '') > (a.publishedAt ?? '') ? 1 : b.id - a.id)).map((r) => r.id);

/** Oldest first: by date, then by id, ascending; undated articles last here too. */
const oldestFirst = (rows: Plain[]): number[] => {
  const dated = newestFirst(rows.filter((r) => r.publishedAt !== null)).reverse();
  return [...dated, ...rows.filter((r) => r.publishedAt === null).map((r) => r.id).sort((a, b) => a - b)];
};

describe('search plans give the same answers', () => {
  test('a word in every article, newest first, walks the date index and pages through every match in order', () => {
    const q = compiled('umum');
    assert.equal(archive.searches.plan(q, 'newest', 20, N).walk, 'always');
    assert.deepEqual(allPages(q, 'newest', 20), newestFirst(plain));
    assert.deepEqual(allPages(q, 'oldest', 50), oldestFirst(plain));
  });

  test('the date-index walk asks the full-text index about each article (a word in half of them)', () => {
    const q = compiled('separuh');
    const expected = plain.filter((p) => p.words.has('separuh'));
    assert.equal(archive.searches.plan(q, 'newest', 2, expected.length).walk, 'always');
    assert.deepEqual(allPages(q, 'newest', 2), newestFirst(expected));
  });

  test("every hit's snippet comes from its own article, on every route", () => {
    const number = (text: string): string => /\d+/.exec(text.replaceAll(MATCH_START, '').replaceAll(MATCH_END, ''))?.[0] ?? '';
    for (const query of ['umum', 'separuh source:kecil', 'langka', 'umum -source:kecil']) {
      const q = compiled(query);
      for (const sort of ['relevance', 'newest'] as const) {
        const rows = archive.searches.search(q, sort, 20, null).rows;
        assert.ok(rows.length > 1, query);
        for (const hit of rows) assert.equal(number(hit.snippet), number(hit.title), `${query} ${sort}: ${hit.title} / ${hit.snippet}`);
      }
    }
  });

  test('a word in fewer articles, newest first, sorts its match set instead', () => {
    const q = compiled('langka');
    const expected = plain.filter((p) => p.words.has('langka'));
    assert.equal(archive.searches.plan(q, 'newest', 20, expected.length).walk, 'never');
    assert.deepEqual(allPages(q, 'newest', 3), newestFirst(expected));
    for (const hit of archive.searches.search(q, 'relevance', 20, null).rows) assert.match(hit.snippet, new RegExp(`${MATCH_START}langka${MATCH_END}`));
  });

  test('a common word with a narrow filter reads the filter first; a rare word with a broad one, the text', () => {
    const narrow = compiled('separuh source:kecil');
    assert.equal(archive.searches.plan(narrow, 'relevance', 20, 0).route, 'filter-first');
    const broad = compiled('langka lang:id');
    assert.equal(archive.searches.plan(broad, 'relevance', 20, 0).route, 'text-first');
    for (const [q, keep] of [
      [narrow, (p: Plain) => p.words.has('separuh') && p.source === 'Kecil'],
      [broad, (p: Plain) => p.words.has('langka') && p.language === 'id'],
    ] as const) {
      const expected = plain.filter(keep);
      assert.ok(expected.length > 0);
      assert.equal(archive.searches.count(q), expected.length);
      assert.equal(archive.searches.search(q, 'relevance', 4, null).total, expected.length);
      assert.deepEqual(allPages(q, 'newest', 4), newestFirst(expected));
      assert.deepEqual(allPages(q, 'oldest', 4), oldestFirst(expected));
      assert.deepEqual(allPages(q, 'relevance', 4).sort((a, b) => a - b), expected.map((p) => p.id));
    }
  });

  test('a search counted only up to the cap walks a window of the date index, or sorts when the window is not enough', () => {
    const cap = archive.searches.countCap;
    archive.searches.countCap = 100;
    try {
      for (const [query, keep] of [
        ['umum', () => true],
        ['separuh', (p: Plain) => p.words.has('separuh')],
        ['umum -source:kecil', (p: Plain) => p.source !== 'Kecil'],
        ['separuh lang:en', (p: Plain) => p.words.has('separuh') && p.language === 'en'],
        // A prefix walks the date index against its match set, read once.
        ['sepa*', (p: Plain) => p.words.has('separuh')],
        ['umu*', () => true],
        ['sepa* lang:en', (p: Plain) => p.words.has('separuh') && p.language === 'en'],
      ] as const) {
        const q = compiled(query);
        const expected = plain.filter(keep);
        const first = archive.searches.search(q, 'newest', 20, null);
        assert.equal(first.exact, expected.length <= 100 || first.total === expected.length, query);
        if (!first.exact) assert.equal(first.total, 100, `${query}: a lower bound at the cap`);
        assert.equal(archive.searches.plan(q, 'newest', 20, null).walk, 'try');
        assert.deepEqual(allPages(q, 'newest', 20), newestFirst(expected), query);
        assert.deepEqual(allPages(q, 'oldest', 30), oldestFirst(expected), query);
      }
    } finally {
      archive.searches.countCap = cap;
    }
  });

  test('the exact count is counted in slices, reports progress and can be cancelled', async () => {
    const q = compiled('separuh');
    const expected = plain.filter((p) => p.words.has('separuh')).length;
    const seen: number[] = [];
    assert.equal(await archive.searches.countExact(q, { onProgress: (done) => seen.push(done) }), expected);
    assert.ok(seen.length >= 1 && seen.at(-1) === plain.at(-1)!.id);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(archive.searches.countExact(q, { signal: controller.signal }), { name: 'AbortError' });
  });

  test('a broad date-sorted walk applies the filters too', () => {
    const q = compiled('umum -source:kecil');
    const expected = plain.filter((p) => p.source !== 'Kecil');
    assert.equal(archive.searches.count(q), expected.length);
    assert.equal(archive.searches.plan(q, 'newest', 10, expected.length).walk, 'always');
    assert.deepEqual(allPages(q, 'newest', 10), newestFirst(expected));
  });

  test('facets match a count of the articles, and follow articles added or removed', () => {
    const tallyOf = (rows: Plain[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(r.source, (m.get(r.source) ?? 0) + 1);
      return m;
    };
    const facetSources = (query: string): Map<string, number> =>
      new Map(archive.searches.facets(compiled(query)).sources.map((s) => [s.value, s.count]));
    assert.deepEqual(facetSources('separuh'), tallyOf(plain.filter((p) => p.words.has('separuh'))));
    const none = archive.searches.facets(compiled('takada'));
    assert.deepEqual([none.sources, none.languages, none.timeline], [[], [], []]);
    const days = archive.searches.facets(compiled('umum'), 'day').timeline;
    assert.equal(days.reduce((n, d) => n + d.count, 0), plain.filter((p) => p.publishedAt !== null).length);

    add(N, N + 200);
    assert.deepEqual(facetSources('separuh'), tallyOf(plain.filter((p) => p.words.has('separuh'))));

    // Another connection (another Pantau window) removes articles; the next facets see it.
    const other = openDatabase(file);
    registerIndexText(other);
    const remove = (ids: number[]): void => {
      other.prepare(`DELETE FROM articles WHERE id IN (${ids.map(() => '?').join(',')})`).run(...ids);
      for (const id of ids) plain.splice(plain.findIndex((p) => p.id === id), 1);
    };
    remove(plain.filter((p) => p.source === 'Kecil').map((p) => p.id));
    assert.equal(facetSources('umum').has('Kecil'), false);
    assert.deepEqual(facetSources('umum'), tallyOf(plain));

    // The newest articles removed: SQLite gives their ids to the next ones imported.
    const newest = plain.slice(-5).map((p) => p.id);
    remove(newest);
    add(N + 300, N + 305);
    assert.deepEqual(plain.slice(-5).map((p) => p.id), newest);
    assert.deepEqual(facetSources('umum'), tallyOf(plain));

    // An article moved to another outlet.
    const moved = plain.find((p) => p.source === 'Besar 1')!;
    other.prepare("UPDATE articles SET source_id = (SELECT id FROM sources WHERE name = 'Besar 2') WHERE id = ?").run(moved.id);
    moved.source = 'Besar 2';
    other.close();
    assert.deepEqual(facetSources('umum'), tallyOf(plain));
    const left = plain;
    const languages = archive.searches.facets(compiled('umum')).languages;
    assert.deepEqual(Object.fromEntries(languages.map((l) => [l.value, l.count])), {
      en: left.filter((p) => p.language === 'en').length,
      id: left.filter((p) => p.language === 'id').length,
    });
  });
});
