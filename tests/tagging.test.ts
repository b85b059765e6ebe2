import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ArticleTags } from '../electron/api.js';
import { Workbench, WorkbenchError } from '../electron/service.js';
import { pantau, pantauJson } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';

/*
 * Country and person tagging as a user meets it: suggestions made by an import, decisions that
 * stick, entities renamed and merged, bulk tagging, search filters and facets, re-analysis.
 */

const XI = fixture('tagging', 'kunjungan-xi.txt');
const BANJIR = fixture('tagging', 'banjir-bekasi.txt');
const BERLIN = fixture('tagging', 'berlin-talks.txt');

async function archiveWith(t: { after: (fn: () => void) => void }, ...files: string[]): Promise<{ wb: Workbench; db: string; ids: Map<string, number> }> {
  const db = join(tempDir(t), 'a.db');
  const wb = await Workbench.open(db, { create: true });
  t.after(() => wb.close());
  const summary = await wb.import({ paths: files });
  assert.equal(summary.failed, 0);
  const ids = new Map(wb.search({ query: '', limit: 100 }).results.map((r) => [r.title, r.id] as const));
  return { wb, db, ids };
}

const idOf = (ids: Map<string, number>, titleStart: string): number => {
  const hit = [...ids].find(([title]) => title.startsWith(titleStart));
  assert.ok(hit, `no article titled ${titleStart}…`);
  return hit[1];
};

const countries = (t: ArticleTags): string[] => t.countries.map((c) => c.code).sort();
const persons = (t: ArticleTags): string[] => t.persons.map((p) => p.name).sort();
const statusOf = (t: ArticleTags, name: string): string | undefined =>
  [...t.countries.map((c) => [c.code, c.status] as const), ...t.persons.map((p) => [p.name, p.status] as const), ...t.tags.map((g) => [g.name, g.status] as const)].find(
    ([n]) => n === name,
  )?.[1];

describe('suggestions made by an import', () => {
  test('the seed-like article: exactly China, Russia, Ukraine and Xi Jinping, Vladimir Putin, Mikhail Mishustin, with evidence', async (t) => {
    const { wb, ids } = await archiveWith(t, XI);
    const id = idOf(ids, 'Xi Bertemu Putin');
    const tags = wb.tags({ id });
    assert.deepEqual(countries(tags), ['CN', 'RU', 'UA']);
    assert.deepEqual(persons(tags), ['Mikhail Mishustin', 'Vladimir Putin', 'Xi Jinping']);
    assert.ok(tags.countries.every((c) => c.status === 'suggested' && c.origin === 'auto'));

    // Evidence points into the title, a blank line and the stored paragraphs: the words themselves.
    const article = wb.article({ id });
    const text = [article.title, ...article.paragraphs.map((p) => p.text)].join('\n\n');
    const said = (code: string): string[] => [...new Set(tags.countries.find((c) => c.code === code)!.evidence.map(([s, e]) => text.slice(s, e)))].sort();
    assert.deepEqual(said('RU'), ['Kremlin', 'Moskow', 'Rusia']);
    assert.deepEqual(said('UA'), ['Kiev', 'Ukraina']);
    const ru = tags.countries.find((c) => c.code === 'RU')!;
    assert.equal(ru.mentions, ru.evidence.length, 'each mention of the distinct paragraphs, once');
    const xi = tags.persons.find((p) => p.name === 'Xi Jinping')!;
    assert.ok(xi.evidence.length > 0 && xi.evidence.map(([s, e]) => text.slice(s, e)).every((w) => w === 'Xi'), 'found through the starter registry');
    assert.ok(xi.aliases.includes('Xi'));
    // Title mentions weigh more: Ukraine, named in the title, scores above its mention count.
    const ua = tags.countries.find((c) => c.code === 'UA')!;
    assert.ok(ua.score > ua.mentions);
  });

  test('an Indonesian local story and an English one', async (t) => {
    const { wb, ids } = await archiveWith(t, BANJIR, BERLIN);
    const banjir = wb.tags({ id: idOf(ids, 'Banjir Rendam') });
    assert.deepEqual(countries(banjir), []);
    assert.deepEqual(persons(banjir), ['Hendra Kusuma']);
    const berlin = wb.tags({ id: idOf(ids, 'German Minister') });
    assert.deepEqual(countries(berlin), ['DE', 'ID']);
    assert.deepEqual(persons(berlin), ['Clara Hoffmann']);
  });
});

describe('decisions', () => {
  test('reject, confirm, add and remove; search filters follow; re-analysis keeps every decision', async (t) => {
    const { wb, ids } = await archiveWith(t, XI, BERLIN);
    const xi = idOf(ids, 'Xi Bertemu Putin');
    const hits = (query: string, confirmedOnly = false): number[] => wb.search({ query, confirmedOnly }).results.map((r) => r.id);

    for (const q of ['country:RU', 'country:Rusia', 'person:"Vladimir Putin"', 'person:putin']) assert.deepEqual(hits(q), [xi], q);
    assert.deepEqual(hits('country:RU', true), [], 'nothing confirmed yet');

    let tags = wb.tag({ action: 'reject', id: xi, entities: [{ kind: 'country', name: 'RU' }] });
    assert.equal(statusOf(tags, 'RU'), 'rejected');
    assert.deepEqual(hits('country:RU'), [], 'a rejected tag never matches');

    tags = wb.tag({ action: 'confirm', id: xi, entities: [{ kind: 'country', name: 'Tiongkok' }] });
    assert.equal(statusOf(tags, 'CN'), 'confirmed');
    assert.deepEqual(hits('country:CN', true), [xi]);
    tags = wb.tag({ action: 'add', id: xi, entities: [{ kind: 'tag', name: 'diplomasi' }] });
    tags = wb.tag({ action: 'add', id: xi, entities: [{ kind: 'country', name: 'Belarus' }] });
    assert.equal(statusOf(tags, 'BY'), 'confirmed');
    assert.deepEqual(hits('tag:diplomasi'), [xi]);
    tags = wb.tag({ action: 'reject', id: xi, entities: [{ kind: 'person', name: 'Mishustin' }] });
    assert.equal(statusOf(tags, 'Mikhail Mishustin'), 'rejected');

    const facets = wb.facets({ query: '' });
    assert.deepEqual(facets.countries.map((c) => [c.value, c.label, c.count]).sort(), [['BY', 'Belarus', 1], ['CN', 'China', 1], ['DE', 'Germany', 1], ['ID', 'Indonesia', 1], ['UA', 'Ukraine', 1]]);
    assert.deepEqual(facets.persons.map((p) => p.value).sort(), ['Clara Hoffmann', 'Vladimir Putin', 'Xi Jinping']);
    assert.deepEqual(wb.facets({ query: '', confirmedOnly: true }).countries.map((c) => c.value).sort(), ['BY', 'CN']);

    const summary = await wb.analyze();
    assert.equal(summary.status, 'done');
    assert.equal(summary.articles, 2);
    const again = wb.tags({ id: xi });
    assert.equal(statusOf(again, 'RU'), 'rejected', 'a rejected suggestion is not suggested again');
    assert.equal(statusOf(again, 'CN'), 'confirmed');
    assert.equal(statusOf(again, 'BY'), 'confirmed', 'a manual tag survives re-analysis');
    assert.equal(statusOf(again, 'Mikhail Mishustin'), 'rejected');
    assert.equal(statusOf(again, 'diplomasi'), 'confirmed');
    assert.equal(statusOf(again, 'UA'), 'suggested');
    assert.ok(again.countries.find((c) => c.code === 'RU')!.evidence.length > 0, 'a rejection keeps its evidence, for the reader');

    tags = wb.tag({ action: 'remove', id: xi, entities: [{ kind: 'tag', name: 'diplomasi' }] });
    assert.equal(statusOf(tags, 'diplomasi'), undefined);
    assert.throws(() => wb.tag({ action: 'remove', id: xi, entities: [{ kind: 'tag', name: 'diplomasi' }] }), (e: WorkbenchError) => e.code === 'not_found');
  });

  test('clear errors: unknown article, unknown country, ambiguous person', async (t) => {
    const { wb, ids } = await archiveWith(t, XI);
    const xi = idOf(ids, 'Xi Bertemu Putin');
    assert.throws(() => wb.tags({ id: 999 }), /no article with id 999/);
    assert.throws(() => wb.tag({ action: 'confirm', id: xi, entities: [{ kind: 'country', name: 'Atlantis' }] }), /no country called "Atlantis" \(give an ISO code/);
    wb.entityAdd({ kind: 'person', name: 'Budi Santoso' });
    wb.entityAdd({ kind: 'person', name: 'Budi Gunawan Sadikin' });
    assert.throws(() => wb.tag({ action: 'confirm', id: xi, entities: [{ kind: 'person', name: 'Budi' }] }), (e: WorkbenchError) => e.code === 'conflict' && /Budi Santoso/.test(e.message));
  });
});

describe('facets follow every change to the tags', () => {
  test('a decision, a new import, a merge, a mute and another process are all seen by the next facets call', async (t) => {
    const { wb, db, ids } = await archiveWith(t, XI);
    const xi = idOf(ids, 'Xi Bertemu Putin');
    const count = (code: string, confirmedOnly = false): number | undefined =>
      wb.facets({ query: '', confirmedOnly }).countries.find((c) => c.value === code)?.count;
    const person = (name: string): number | undefined => wb.facets({ query: '' }).persons.find((p) => p.value === name)?.count;
    assert.equal(count('RU'), 1);
    wb.tag({ action: 'reject', id: xi, entities: [{ kind: 'country', name: 'RU' }] });
    assert.equal(count('RU'), undefined);
    assert.equal(count('CN', true), undefined);
    wb.tag({ action: 'confirm', id: xi, entities: [{ kind: 'country', name: 'CN' }] });
    assert.equal(count('CN', true), 1);

    await wb.import({ paths: [BERLIN] });
    assert.equal(count('DE'), 1, 'a new article is read as it arrives');
    assert.equal(person('Clara Hoffmann'), 1);
    wb.entityMerge({ from: { kind: 'person', name: 'Clara Hoffmann' }, into: { kind: 'person', name: 'Mikhail Mishustin' } });
    assert.equal(person('Mikhail Mishustin'), 2);
    wb.entityMute({ entity: { kind: 'person', name: 'Vladimir Putin' }, muted: true });
    assert.equal(person('Vladimir Putin'), undefined);

    // Another process (the CLI beside the app) tags an article: the open Workbench sees it.
    assert.equal((await pantau(['--db', db, 'tag', 'add', String(xi), 'country:BY'])).code, 0);
    assert.equal(count('BY', true), 1);
  });
});

describe('entities', () => {
  test('the registry: a person added by hand, with an alias, is recognised in the next import', async (t) => {
    const dir = tempDir(t);
    const { wb } = await archiveWith(t, BERLIN);
    const added = wb.entityAdd({ kind: 'person', name: 'Siti Rahmawati', aliases: ['Bu Siti'], country: 'Indonesia', office: 'Head of the weather agency' });
    assert.equal(added.country, 'ID');
    assert.ok(added.registry);
    const file = join(dir, 'cuaca.txt');
    writeFileSync(file, 'Cuaca Ekstrem Diperkirakan Berlanjut\n\nBu Siti meminta nelayan tidak melaut selama tiga hari ke depan.\n');
    await wb.import({ paths: [file] });
    const id = wb.search({ query: 'nelayan' }).results[0]!.id;
    assert.deepEqual(persons(wb.tags({ id })), ['Siti Rahmawati']);
  });

  test('a confirmed person joins the registry; rename keeps the old name as an alias; merge moves tags', async (t) => {
    const { wb, ids } = await archiveWith(t, BANJIR, BERLIN);
    const banjir = idOf(ids, 'Banjir Rendam');
    const berlin = idOf(ids, 'German Minister');
    let hendra = wb.entities({ kind: 'person' }).find((e) => e.name === 'Hendra Kusuma')!;
    assert.equal(hendra.registry, false, 'first met in an article: a suggestion, not yet a known person');
    wb.tag({ action: 'confirm', id: banjir, entities: [{ kind: 'person', name: 'Hendra Kusuma' }] });
    hendra = wb.entities({ kind: 'person' }).find((e) => e.name === 'Hendra Kusuma')!;
    assert.equal(hendra.registry, true);

    const renamed = wb.entityRename({ entity: { kind: 'person', name: 'Hendra Kusuma' }, name: 'Hendra Kusuma Wijaya' });
    assert.ok(renamed.aliases.includes('Hendra Kusuma'));
    assert.deepEqual(wb.search({ query: 'person:"Hendra Kusuma"' }).results.map((r) => r.id), [banjir], 'the old name still finds it');
    assert.throws(() => wb.entityRename({ entity: { kind: 'person', name: 'Clara Hoffmann' }, name: 'Hendra Kusuma Wijaya' }), /merge the two instead/);

    // The same person under two names: one article confirmed under one, suggested under the other.
    wb.tag({ action: 'add', id: berlin, entities: [{ kind: 'person', name: 'Hendra Kusuma Wijaya' }] });
    const merged = wb.entityMerge({ from: { kind: 'person', name: 'Clara Hoffmann' }, into: { kind: 'person', name: 'Hendra Kusuma Wijaya' } });
    assert.ok(merged.aliases.includes('Clara Hoffmann'));
    assert.equal(merged.articles, 2);
    assert.deepEqual(wb.entities({ kind: 'person' }).filter((e) => e.name === 'Clara Hoffmann'), []);
    const tags = wb.tags({ id: berlin });
    assert.deepEqual(persons(tags), ['Hendra Kusuma Wijaya']);
    assert.equal(statusOf(tags, 'Hendra Kusuma Wijaya'), 'confirmed', 'the decision wins over the suggestion');
    assert.ok(tags.persons[0]!.mentions > 0, 'and the evidence of the suggestion comes along');
    assert.throws(() => wb.entityMerge({ from: { kind: 'country', name: 'RU' }, into: { kind: 'country', name: 'UA' } }), /countries cannot be merged/);
  });

  test('mute: a name rejected everywhere is no longer suggested, now or in later imports', async (t) => {
    const { wb, ids } = await archiveWith(t, BANJIR);
    wb.entityMute({ entity: { kind: 'person', name: 'Hendra Kusuma' }, muted: true });
    assert.deepEqual(persons(wb.tags({ id: idOf(ids, 'Banjir Rendam') })), []);
    await wb.analyze();
    assert.deepEqual(persons(wb.tags({ id: idOf(ids, 'Banjir Rendam') })), []);
    assert.equal(wb.entities({ kind: 'person' }).find((e) => e.name === 'Hendra Kusuma')?.muted, true);
    wb.entityMute({ entity: { kind: 'person', name: 'Hendra Kusuma' }, muted: false });
    await wb.analyze();
    assert.deepEqual(persons(wb.tags({ id: idOf(ids, 'Banjir Rendam') })), ['Hendra Kusuma']);
  });

  test('aliases: a person alias is recognised in the next analysis, a country alias in filters; a muted person is not suggested by later imports', async (t) => {
    const dir = tempDir(t);
    const { wb, ids } = await archiveWith(t, BANJIR);
    const banjir = idOf(ids, 'Banjir Rendam');
    assert.equal(wb.search({ query: 'country:bumi' }).total, 0);
    wb.entityAlias({ entity: { kind: 'country', name: 'ID' }, alias: 'Bumi Pertiwi' });
    await wb.import({ paths: [BERLIN] });
    assert.deepEqual(wb.search({ query: 'country:"bumi pertiwi"' }).results.map((r) => r.title), ['German Minister Visits Jakarta for Trade Talks']);
    wb.entityAdd({ kind: 'person', name: 'Rahmat Hidayat' });
    const withAlias = wb.entityAlias({ entity: { kind: 'person', name: 'Rahmat Hidayat' }, alias: 'Pak Rahmat' });
    assert.deepEqual(withAlias.aliases, ['Pak Rahmat']);
    wb.entityMute({ entity: { kind: 'person', name: 'Hendra Kusuma' }, muted: true });
    const file = join(dir, 'rapat.txt');
    writeFileSync(file, 'Rapat Koordinasi Banjir\n\nPak Rahmat memimpin rapat bersama Hendra Kusuma di Bekasi.\n');
    await wb.import({ paths: [file] });
    const rapat = wb.search({ query: 'rapat' }).results[0]!.id;
    assert.deepEqual(persons(wb.tags({ id: rapat })), ['Rahmat Hidayat'], 'the alias names the person; the muted one is left out');
    assert.deepEqual(persons(wb.tags({ id: banjir })), []);
    assert.throws(() => wb.entityAlias({ entity: { kind: 'person', name: 'Rahmat Hidayat' }, alias: 'Pak Budi', remove: true }), /has no alias "Pak Budi"/);
    assert.deepEqual(wb.entityAlias({ entity: { kind: 'person', name: 'Rahmat Hidayat' }, alias: 'Pak Rahmat', remove: true }).aliases, []);
  });

  test('remove a tag entity; countries cannot be removed', async (t) => {
    const { wb, ids } = await archiveWith(t, BANJIR);
    wb.tag({ action: 'add', id: idOf(ids, 'Banjir Rendam'), entities: [{ kind: 'tag', name: 'bencana' }] });
    wb.entityRemove({ entity: { kind: 'tag', name: 'bencana' } });
    assert.equal(wb.search({ query: 'tag:bencana' }).total, 0);
    assert.throws(() => wb.entityRemove({ entity: { kind: 'country', name: 'ID' } }), /countries cannot be removed/);
  });
});

describe('what a second reading found', () => {
  test('names that differ only in case are one person, and the import goes on', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'a.txt'), 'Rapat Dewan\n\nMenurut Ahmad Van Dijk, rapat ditunda.\n\nMenurut Ahmad van Dijk, rapat dilanjutkan besok.\n');
    const { wb } = await archiveWith(t, dir, BANJIR);
    const id = wb.search({ query: 'ditunda' }).results[0]!.id;
    const people = wb.tags({ id }).persons;
    assert.equal(people.length, 1);
    assert.equal(people[0]!.mentions, 2);
  });

  test('a rename or a merge holds through re-analysis, and a muted registry person is not suggested under a short form', async (t) => {
    const { wb, ids } = await archiveWith(t, BANJIR, XI);
    wb.entityRename({ entity: { kind: 'person', name: 'Hendra Kusuma' }, name: 'Hendra Kusuma Wijaya' });
    wb.entityMute({ entity: { kind: 'person', name: 'Vladimir Putin' }, muted: true });
    await wb.analyze();
    assert.deepEqual(persons(wb.tags({ id: idOf(ids, 'Banjir Rendam') })), ['Hendra Kusuma Wijaya']);
    assert.equal(wb.entities({ kind: 'person' }).filter((e) => e.name === 'Hendra Kusuma').length, 0, 'no new person under the old name');
    assert.deepEqual(persons(wb.tags({ id: idOf(ids, 'Xi Bertemu') })), ['Mikhail Mishustin', 'Xi Jinping']);
    assert.equal(wb.entities({ kind: 'person' }).filter((e) => e.name === 'Putin').length, 0);
  });

  test('a muted person keeps the evidence of a decision through re-analysis', async (t) => {
    const { wb, ids } = await archiveWith(t, BANJIR);
    const id = idOf(ids, 'Banjir Rendam');
    wb.tag({ action: 'confirm', id, entities: [{ kind: 'person', name: 'Hendra Kusuma' }] });
    wb.entityMute({ entity: { kind: 'person', name: 'Hendra Kusuma' }, muted: true });
    await wb.analyze();
    const hendra = wb.tags({ id }).persons[0]!;
    assert.equal(hendra.status, 'confirmed');
    assert.equal(hendra.mentions, 2);
  });

  test('a renamed tag is found by its old name; AS is the United States; confirm never creates a person', async (t) => {
    const { wb, ids } = await archiveWith(t, BANJIR);
    const id = idOf(ids, 'Banjir Rendam');
    wb.tag({ action: 'add', id, entities: [{ kind: 'tag', name: 'pemilu' }] });
    wb.entityRename({ entity: { kind: 'tag', name: 'pemilu' }, name: 'pilkada' });
    assert.equal(wb.search({ query: 'tag:pemilu' }).total, 1);
    assert.equal(wb.search({ query: 'tag:pilkada' }).total, 1);
    const tags = wb.tag({ action: 'add', id, entities: [{ kind: 'country', name: 'AS' }] });
    assert.deepEqual(countries(tags), ['US']);
    assert.equal(wb.search({ query: 'country:AS' }).total, 1);
    assert.equal(wb.search({ query: 'country:US' }).total, 1);
    const before = wb.entities({ kind: 'person' }).length;
    assert.throws(() => wb.tag({ action: 'confirm', id, entities: [{ kind: 'person', name: 'Orang Tak Dikenal' }] }), /no person called "Orang Tak Dikenal"/);
    assert.equal(wb.entities({ kind: 'person' }).length, before);
    // All or nothing: the unknown country stops the known tag from being added.
    assert.throws(() => wb.tag({ action: 'add', id, entities: [{ kind: 'tag', name: 'banjir' }, { kind: 'country', name: 'Atlantis' }] }), /Atlantis/);
    assert.equal(wb.search({ query: 'tag:banjir' }).total, 0);
  });

  test('a newer starter list adds its new people but not those a user removed or renamed', async (t) => {
    const { wb } = await archiveWith(t, BANJIR);
    wb.entityRemove({ entity: { kind: 'person', name: 'Gibran Rakabuming Raka' } });
    wb.entityRename({ entity: { kind: 'person', name: 'Prabowo Subianto' }, name: 'Prabowo Subianto Djojohadikusumo' });
    const { STARTER_PEOPLE } = await import('../electron/analysis/data/starter-people.js');
    const store = (wb as unknown as { archive: { entities: import('../db/entities.js').EntityStore } }).archive.entities;
    store.seedPeople([...STARTER_PEOPLE, { name: 'Tokoh Baru Sekali', aliases: [], country: 'ID', office: 'Test' }], 'next-version');
    const names = new Set(wb.entities({ kind: 'person' }).map((e) => e.name));
    assert.ok(names.has('Tokoh Baru Sekali'));
    assert.ok(!names.has('Gibran Rakabuming Raka'));
    assert.ok(!names.has('Prabowo Subianto'));
  });
});

describe('bulk tagging', () => {
  test('a dry run counts, the change tags every match, and a rejection made by a person stands', async (t) => {
    const { wb, ids } = await archiveWith(t, XI, BANJIR, BERLIN);
    const xi = idOf(ids, 'Xi Bertemu Putin');
    const preview = wb.tagBulk({ action: 'add', query: 'china OR indonesia', entity: { kind: 'tag', name: 'asia' }, dryRun: true });
    assert.deepEqual(preview, { matches: 2, changed: 0, entity: 'asia' });
    assert.equal(wb.search({ query: 'tag:asia' }).total, 0, 'a dry run changes nothing');
    const done = wb.tagBulk({ action: 'add', query: 'china OR indonesia', entity: { kind: 'tag', name: 'asia' } });
    assert.equal(done.changed, 2);
    assert.equal(wb.search({ query: 'tag:asia' }).total, 2);

    wb.tag({ action: 'reject', id: xi, entities: [{ kind: 'country', name: 'UA' }] });
    const confirmed = wb.tagBulk({ action: 'confirm', query: '', entity: { kind: 'country', name: 'Ukraina' } });
    assert.deepEqual(confirmed, { matches: 3, changed: 0, entity: 'Ukraine' });
    assert.equal(statusOf(wb.tags({ id: xi }), 'UA'), 'rejected');
    const added = wb.tagBulk({ action: 'add', query: '', entity: { kind: 'country', name: 'Ukraina' } });
    assert.deepEqual(added, { matches: 3, changed: 2, entity: 'Ukraine' }, 'add tags the others but leaves the rejection');
    assert.equal(statusOf(wb.tags({ id: xi }), 'UA'), 'rejected');
    wb.entityAdd({ kind: 'person', name: 'Budi Santoso' });
    wb.entityAdd({ kind: 'person', name: 'Budi Gunawan Sadikin' });
    assert.throws(() => wb.tagBulk({ action: 'add', query: '', entity: { kind: 'person', name: 'Budi' }, dryRun: true }), /could be/);
    const cn = wb.tagBulk({ action: 'confirm', query: '', entity: { kind: 'country', name: 'CN' } });
    assert.equal(cn.changed, 1);
    assert.equal(statusOf(wb.tags({ id: xi }), 'CN'), 'confirmed');
  });
});

describe('analysis', () => {
  test('cancelled between chunks: the chunks done are analysed, the rest untouched, and the run can be repeated', async (t) => {
    const dir = tempDir(t);
    for (let i = 0; i < 12; i++) writeFileSync(join(dir, `a${i}.txt`), `Berita ${i}\n\nPresiden Joko Widodo bertemu pejabat Jepang di Tokyo untuk pembicaraan ke-${i}.\n`);
    const { wb } = await archiveWith(t, dir);
    const controller = new AbortController();
    const seen: number[] = [];
    const first = await wb.analyze({ signal: controller.signal, chunkSize: 5, afterChunk: (done) => {
      seen.push(done);
      if (done === 5) controller.abort();
    } });
    assert.deepEqual(first, { ...first, status: 'cancelled', articles: 5 });
    assert.deepEqual(seen, [5]);
    const second = await wb.analyze({ chunkSize: 5 });
    assert.equal(second.status, 'done');
    assert.equal(second.articles, 12);
    assert.equal(wb.search({ query: 'country:JP person:jokowi' }).total, 12);
  });

  test('an archive from schema 4 is upgraded, says its articles are owed analysis, and `analyze` pays it', async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'old.db');
    copyFileSync(fixture('archives', 'schema-3.db'), db);
    const wb = await Workbench.open(db);
    t.after(() => wb.close());
    const before = wb.search({ query: 'country:RU' });
    assert.equal(before.total, 0);
    assert.match(before.notices[0] ?? '', /articles were imported before this version of Pantau could tag countries and people; run `pantau analyze`/);
    assert.deepEqual(wb.search({ query: 'moskow' }).notices, [], 'only queries that use tags are told');
    await wb.analyze();
    const after = wb.search({ query: 'country:RU' });
    assert.ok(after.total > 0);
    assert.deepEqual(after.notices, []);
  });
});

describe('CLI', () => {
  test('tags --json has the documented shape', async (t) => {
    const db = join(tempDir(t), 'cli.db');
    assert.equal((await pantau(['--db', db, 'import', XI])).code, 0);
    const id = (await pantauJson<{ results: { id: number }[] }>(['--db', db, 'search'])).json.results[0]!.id;
    const { code, json } = await pantauJson<ArticleTags>(['--db', db, 'tags', String(id)]);
    assert.equal(code, 0);
    const ru = json.countries.find((c) => c.code === 'RU')!;
    assert.deepEqual(Object.keys(ru).sort(), ['code', 'evidence', 'mentions', 'name', 'origin', 'score', 'status']);
    assert.equal(ru.name, 'Russia');
    assert.ok(ru.evidence.length > 0 && ru.evidence.every((e) => e.length === 2 && e[0] < e[1]));
    const putin = json.persons.find((p) => p.name === 'Vladimir Putin')!;
    assert.ok(putin.aliases.includes('Putin'));

    const text = await pantau(['--db', db, 'tags', String(id)]);
    assert.match(text.stdout, /RU {2}Russia +suggested +\d+ mentions: .*Moskow/);

    const rejected = await pantauJson<ArticleTags>(['--db', db, 'tag', 'reject', String(id), 'country:RU', 'person:"Vladimir Putin"']);
    assert.equal(rejected.code, 0);
    assert.equal(statusOf(rejected.json, 'RU'), 'rejected');
    assert.equal(statusOf(rejected.json, 'Vladimir Putin'), 'rejected');
    assert.equal((await pantauJson<{ total: number }>(['--db', db, 'search', 'country:RU'])).json.total, 0);

    const bad = await pantauJson(['--db', db, 'tag', 'confirm', String(id), 'Russia']);
    assert.equal(bad.code, 2);
    assert.match(JSON.stringify(bad.json), /is not an entity; write country:RU/);
    for (const args of [[String(id), 'Russia'], [String(id)], ['abc', 'country:RU']]) {
      const text = await pantau(['--db', db, 'tag', 'confirm', ...args]);
      assert.equal(text.code, 2);
      assert.match(text.stderr, /^pantau: (.*is not an entity|name at least one entity|expects an article id)/, args.join(' '));
    }
  });

  test('tag add --query asks for --yes when it cannot ask; entities list, rename, merge; analyze', async (t) => {
    const db = join(tempDir(t), 'cli.db');
    assert.equal((await pantau(['--db', db, 'import', XI, BANJIR, BERLIN])).code, 0);
    const refused = await pantau(['--db', db, 'tag', 'add', '--query', 'china', 'tag:asia']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /this would tag with tag "asia" 1 articles; add --yes to do it/);
    const bulk = await pantauJson<{ changed: number; matches: number }[]>(['--db', db, 'tag', 'add', '--query', 'china', 'tag:asia', '--yes']);
    assert.deepEqual(bulk.json.map((r) => [r.matches, r.changed]), [[1, 1]]);

    const list = await pantauJson<{ kind: string; name: string; articles: number }[]>(['--db', db, 'entities', 'list', '--kind', 'person']);
    assert.ok(list.json.some((e) => e.name === 'Hendra Kusuma' && e.articles === 1));
    const renamed = await pantauJson<{ name: string; aliases: string[] }>(['--db', db, 'entities', 'rename', 'person:Hendra Kusuma', 'Hendra K.']);
    assert.deepEqual([renamed.json.name, renamed.json.aliases], ['Hendra K.', ['Hendra Kusuma']]);
    const merged = await pantauJson<{ name: string; articles: number }>(['--db', db, 'entities', 'merge', 'person:Hendra K.', 'person:Clara Hoffmann']);
    assert.deepEqual([merged.json.name, merged.json.articles], ['Clara Hoffmann', 2]);

    const confirmedOnly = await pantauJson<{ total: number }>(['--db', db, 'search', '--confirmed-only', 'country:RU']);
    assert.equal(confirmedOnly.json.total, 0, 'nothing confirmed yet');
    await pantau(['--db', db, 'tag', 'confirm', '--query', 'kremlin', 'country:RU', '--yes']);
    assert.equal((await pantauJson<{ total: number }>(['--db', db, 'search', '--confirmed-only', 'country:RU'])).json.total, 1);

    const analysed = await pantauJson<{ status: string; articles: number }>(['--db', db, 'analyze']);
    assert.deepEqual([analysed.code, analysed.json.status, analysed.json.articles], [0, 'done', 3]);
    const facets = await pantau(['--db', db, 'search', '--facets', 'country:RU']);
    assert.match(facets.stdout, /Countries: .*Russia \(RU\) 1/);
    assert.match(facets.stdout, /Persons: .*Vladimir Putin 1/);
  });
});
