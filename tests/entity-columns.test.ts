import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Archive, type NewArticle } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { EntityColumns } from '../db/search/entity-columns.js';
import { contentHash } from '../electron/import/hash.js';
import { tempDir } from './helpers.js';
import { prng } from './prng.js';

/*
 * The facets' in-memory copy of the tags against SQL's own count, over random archives read in
 * slices of every size (articles without tags between, tags of one article split across slices
 * cannot happen: a slice is a range of article ids).
 */

const PEOPLE = ['Ani Lestari', 'Budi Santoso', 'Citra Dewi', 'Dedi Kurnia', 'Eka Putri', 'Fajar Nugroho'];

function article(n: number, people: string[]): NewArticle {
  const title = `Berita ${n}`;
  const body = `Isi berita ${n}.`;
  return {
    contentHash: contentHash(title, body), title, body, url: null, source: null, section: null, author: null, publishedAt: null, language: 'id',
    origin: `${n}.txt`, paragraphs: [{ hash: BigInt(n), occurrences: 1, flags: 0, signature: { keys: null, opening: null, short: true } }],
    suggestions: people.map((key, i) => ({ kind: 'person' as const, key, mentions: i + 1, score: i + 1, evidence: [[0, 1]] })),
  };
}

test('tallies equal SQL counts for any slice size, any subset of articles, suggested or confirmed only', async (t) => {
  const rand = prng(7);
  const file = join(tempDir(t), 'a.db');
  const archive = await Archive.open(file);
  t.after(() => archive.close());
  const importId = archive.startImport(['test'], {});
  const articles = Array.from({ length: 60 }, (_, i) => article(i + 1, PEOPLE.filter(() => rand() < 0.35)));
  archive.writeBatch(importId, articles, [], { files: 0, imported: 0, skipped: 0, failed: 0, warnings: 0 });
  const ids = archive.searches.ids(null);
  const db = openDatabase(file);
  t.after(() => db.close());
  const entityOf = new Map((db.prepare("SELECT name, id FROM entities WHERE kind = 'person'").raw().all() as [string, number][]));
  // Decisions on some of them: confirmed and rejected tags.
  for (const id of ids) {
    const tags = db.prepare('SELECT entity_id FROM article_entities WHERE article_id = ?').pluck().all(id) as number[];
    for (const e of tags) {
      const r = rand();
      if (r < 0.25) archive.entities.decide(id, e, 'confirmed');
      else if (r < 0.4) archive.entities.decide(id, e, 'rejected');
    }
  }
  const truth = (subset: number[], confirmedOnly: boolean): Map<number, number> =>
    new Map(
      db
        .prepare(
          `SELECT entity_id, count(*) FROM article_entities WHERE article_id IN (SELECT value FROM json_each(?))
           AND status ${confirmedOnly ? "= 'confirmed'" : "<> 'rejected'"} GROUP BY entity_id`,
        )
        .raw()
        .all(JSON.stringify(subset)) as [number, number][],
    );
  for (const slice of [1, 2, 3, 7, 100]) {
    const columns = new EntityColumns(db, slice);
    for (let round = 0; round < 5; round++) {
      const subset = round === 0 ? ids : ids.filter(() => rand() < 0.5);
      for (const confirmedOnly of [false, true]) {
        assert.deepEqual(columns.tally(subset.join(','), confirmedOnly), truth(subset, confirmedOnly), `slice ${slice}, round ${round}`);
      }
    }
    assert.deepEqual(columns.tally(null, false), new Map());

    // Decisions after the first read are read back article by article (the change log), or, once
    // the log has grown past its limit, everything is read again…
    archive.entities.changeLogLimit = slice === 7 ? 3 : 20_000;
    for (const id of ids.filter(() => rand() < 0.2)) {
      const e = entityOf.get(PEOPLE[Math.floor(rand() * PEOPLE.length)]!)!;
      if (rand() < 0.5) archive.entities.decide(id, e, rand() < 0.5 ? 'confirmed' : 'rejected');
      else archive.entities.untag(id, e);
    }
    archive.entities.bulk(ids.filter(() => rand() < 0.3), entityOf.get('Ani Lestari')!, 'add');
    for (const confirmedOnly of [false, true]) assert.deepEqual(columns.tally(ids.join(','), confirmedOnly), truth(ids, confirmedOnly), `slice ${slice}, after decisions`);
    // …and a change to everything makes it read everything again.
    archive.entities.setMuted(entityOf.get('Budi Santoso')!, true);
    archive.entities.setMuted(entityOf.get('Budi Santoso')!, false);
    archive.entities.merge(entityOf.get('Fajar Nugroho')!, entityOf.get('Eka Putri')!);
    entityOf.delete('Fajar Nugroho');
    for (const confirmedOnly of [false, true]) assert.deepEqual(columns.tally(ids.join(','), confirmedOnly), truth(ids, confirmedOnly), `slice ${slice}, after a merge`);
    archive.entities.create('person', 'Fajar Nugroho');
    entityOf.set('Fajar Nugroho', archive.entities.find('person', 'Fajar Nugroho')[0]!.id);
  }
  assert.equal(entityOf.size, PEOPLE.length);
});
