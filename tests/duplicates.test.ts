import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DupCluster, ImportSummary } from '../electron/api.js';
import { paragraphSignature } from '../electron/analysis/duplicates/signature.js';
import { Workbench, WorkbenchError } from '../electron/service.js';
import { openDatabase } from '../db/driver.js';
import { pantauJson } from './cli-run.js';
import { importUnseen } from './dup-corpus.js';
import { bandTables, importFiles, openArchive } from './dup-helpers.js';
import { fixture, tempDir } from './helpers.js';
import { prng } from './prng.js';

/*
 * The duplicate finder as a user meets it (DESIGN §8): real imports into a real archive, clusters
 * across outlets with their first-seen article, incremental updates, a new threshold, outlet
 * boilerplate kept out of clusters and search, and an archive that stays sound throughout.
 */


const ASLI = fixture('duplicates', 'lawatan-asli.txt');
const SALINAN = fixture('duplicates', 'lawatan-salinan.txt');
const KUTIPAN = fixture('duplicates', 'lawatan-kutipan.txt');

/** The paragraphs the copy (lawatan-salinan) took from the original, as the original has them. */
const NEGOSIASI = 'Negosiasi itu merupakan bagian dari lawatan tiga hari pemimpin China ke Rusia, kata juru bicara Kremlin kepada wartawan.';
const SELAMA = 'Selama pertemuan itu, Xi mengungkapkan dia telah mengundang Putin untuk berkunjung ke Beijing akhir tahun ini.';
const KEDUA = 'Kedua negara menandatangani 14 dokumen kerja sama, termasuk dua pernyataan bersama oleh kedua presiden di Kremlin.';


function idOf(wb: Workbench, titleStart: string): number {
  const hit = wb.search({ query: '', limit: 100 }).results.find((r) => r.title.startsWith(titleStart));
  assert.ok(hit, `no article titled ${titleStart}…`);
  return hit.id;
}

const clusterWith = (clusters: DupCluster[], text: string): DupCluster => {
  const c = clusters.find((x) => x.text.startsWith(text.slice(0, 40)));
  assert.ok(c, `no cluster of "${text.slice(0, 40)}…" among ${clusters.map((x) => x.text.slice(0, 30)).join(' | ')}`);
  return c;
};

/** Each cluster as the set of paragraphs in it, for comparing groupings. */
const grouping = (wb: Workbench): string[] =>
  wb
    .dups({ limit: 1000 })
    .clusters.map((c) => `${c.id}: ${c.members!.map((m) => `${m.articleId}/${m.paragraph}`).join(' ')}`)
    .sort();

function assertSound(wb: Workbench): void {
  assert.deepEqual(wb.check(), []);
}

/** The archive's stored LSH band rows, of both band tables, read beside the open Workbench. */
function bandRows(db: string): { key: number; articleId: number; position: number }[] {
  const conn = openDatabase(db, { readonly: true });
  try {
    return conn
      .prepare('SELECT key, article_id AS articleId, position FROM dup_bands UNION ALL SELECT key, article_id, position FROM dup_bands_recent ORDER BY 1, 2, 3')
      .all() as {
      key: number;
      articleId: number;
      position: number;
    }[];
  } finally {
    conn.close();
  }
}

describe('the seed-like article and its copy', () => {
  test('repeats within the article: nine paragraphs twice, one once', async (t) => {
    const { wb } = await openArchive(t);
    await importFiles(wb, [ASLI]);
    const view = wb.dupsArticle({ id: idOf(wb, 'Xi Tiba di Moskow') });
    assert.equal(view.paragraphs.length, 10, 'each paragraph stored once, the page chrome gone');
    const repeated = view.paragraphs.filter((p) => p.occurrences > 1);
    assert.equal(repeated.length, 9);
    assert.ok(repeated.every((p) => p.occurrences === 2 && p.repeated));
    assert.match(view.paragraphs.find((p) => p.occurrences === 1)!.text, /^Para pengamat menilai/);
    assert.ok(view.paragraphs.every((p) => p.cluster === null && p.others.length === 0 && !p.boilerplate), 'repeats within one article are no cluster');
    assert.equal(wb.dups().total, 0);
    assertSound(wb);
  });

  test('imported together: three clusters, each first seen in the earlier article, both outlets', async (t) => {
    const { wb } = await openArchive(t);
    await importFiles(wb, [ASLI, SALINAN]);
    const asli = idOf(wb, 'Xi Tiba di Moskow');
    const salinan = idOf(wb, 'Putin Sambut Xi');
    const r = wb.dups();
    assert.equal(r.total, 3);
    assert.equal(r.threshold, 0.8);
    assert.equal(r.pending, 0);
    for (const c of r.clusters) {
      assert.equal(c.size, 2);
      assert.equal(c.outlets, 2);
      assert.deepEqual(c.sources, ['beritanusa.co.id', 'warta-harian.com']);
      assert.equal(c.firstSeen.articleId, asli);
      assert.equal(c.firstSeen.publishedAt, '2023-03-20');
      assert.deepEqual(
        c.members!.map((m) => m.articleId),
        [asli, salinan],
        'members in time order',
      );
      assert.equal(c.members![0]!.similarity, 1, 'the first-seen paragraph against itself');
    }
    const sim = (text: string): number => clusterWith(r.clusters, text).members![1]!.similarity;
    // kata → ujar: a one-word edit; a sentence added: all of the original is in the copy; numbers changed.
    assert.ok(sim(NEGOSIASI) >= 0.85 && sim(NEGOSIASI) < 1, `${sim(NEGOSIASI)}`);
    assert.equal(sim(SELAMA), 1);
    assert.ok(sim(KEDUA) >= 0.85 && sim(KEDUA) < 1, `${sim(KEDUA)}`);
    assert.equal(clusterWith(r.clusters, NEGOSIASI).text, NEGOSIASI, 'the text is the first-seen version');
    assert.equal(clusterWith(r.clusters, NEGOSIASI).members![1]!.paragraph, 1);

    // The article views point at each other.
    const a = wb.dupsArticle({ id: asli });
    assert.deepEqual(
      a.paragraphs.filter((p) => p.cluster !== null).map((p) => p.text),
      [NEGOSIASI, SELAMA, KEDUA],
    );
    for (const p of a.paragraphs.filter((x) => x.cluster !== null)) {
      assert.deepEqual(p.cluster, { id: p.cluster!.id, size: 2, outlets: 2 });
      assert.deepEqual(
        p.others.map((o) => [o.articleId, o.source]),
        [[salinan, 'warta-harian.com']],
      );
    }
    const s = wb.dupsArticle({ id: salinan });
    assert.deepEqual(
      s.paragraphs.map((p) => p.cluster !== null),
      [false, true, true, true, false],
      'its own lead and its closing paragraph are its own',
    );
    assertSound(wb);
  });

  test('the copy imported first, in an earlier import: first seen still goes by publication date', async (t) => {
    const { wb } = await openArchive(t);
    await importFiles(wb, [SALINAN]);
    await importFiles(wb, [ASLI]);
    const asli = idOf(wb, 'Xi Tiba di Moskow');
    const salinan = idOf(wb, 'Putin Sambut Xi');
    assert.ok(salinan < asli, 'the copy has the older id');
    const r = wb.dups();
    assert.equal(r.total, 3);
    for (const c of r.clusters) {
      assert.equal(c.firstSeen.articleId, asli);
      assert.equal(c.firstSeen.publishedAt, '2023-03-20');
      assert.equal(c.firstSeen.source, 'beritanusa.co.id');
      assert.deepEqual(
        c.members!.map((m) => m.articleId),
        [asli, salinan],
      );
      assert.equal(c.members![0]!.similarity, 1);
      assert.ok(c.members![1]!.similarity >= 0.8);
    }
    assert.deepEqual(r.clusters.map((c) => c.text).sort(), [KEDUA, NEGOSIASI, SELAMA]);
    assertSound(wb);
  });

  test('pantau dups --json and pantau dups --article --json', async (t) => {
    const db = join(tempDir(t), 'a.db');
    const imported = await pantauJson<ImportSummary>(['import', ASLI, SALINAN, '--db', db]);
    assert.equal(imported.code, 0, imported.stderr);
    const list = await pantauJson<{ clusters: Record<string, unknown>[] }>(['dups', '--db', db]);
    assert.equal(list.code, 0, list.stderr);
    assert.equal(list.json.clusters.length, 3);
    for (const c of list.json.clusters) {
      for (const key of ['id', 'size', 'sources', 'firstSeen', 'text', 'members']) assert.ok(key in c, `clusters[].${key}`);
      assert.equal(typeof c.id, 'number');
      assert.equal(c.size, 2);
      assert.deepEqual(c.sources, ['beritanusa.co.id', 'warta-harian.com']);
      assert.equal(typeof c.text, 'string');
      const first = c.firstSeen as Record<string, unknown>;
      assert.equal(typeof first.articleId, 'number');
      assert.equal(first.publishedAt, '2023-03-20');
      const members = c.members as Record<string, unknown>[];
      assert.equal(members.length, 2);
      for (const m of members) {
        assert.equal(typeof m.articleId, 'number');
        assert.equal(typeof m.paragraph, 'number');
        assert.ok(typeof m.similarity === 'number' && m.similarity >= 0.8 && m.similarity <= 1);
      }
    }
    const article = (list.json.clusters[0]!.firstSeen as { articleId: number }).articleId;
    const view = await pantauJson<{ articleId: number; paragraphs: Record<string, unknown>[] }>(['dups', '--article', String(article), '--db', db]);
    assert.equal(view.code, 0, view.stderr);
    assert.equal(view.json.articleId, article);
    assert.equal(view.json.paragraphs.length, 10);
    assert.equal(view.json.paragraphs.filter((p) => (p.occurrences as number) > 1).length, 9);
    const clustered = view.json.paragraphs.filter((p) => p.cluster !== null);
    assert.equal(clustered.length, 3);
    for (const p of clustered) {
      const others = p.others as { articleId: number; source: string; similarity: number }[];
      assert.equal(others.length, 1);
      assert.equal(others[0]!.source, 'warta-harian.com');
      assert.ok(others[0]!.similarity >= 0.8);
    }
    const missing = await pantauJson(['dups', '--article', '999', '--db', db]);
    assert.notEqual(missing.code, 0);
  });
});

describe('incremental updates and the threshold', () => {
  test('a later copy joins the existing cluster; the finder reads only the new article', async (t) => {
    const { wb, db } = await openArchive(t);
    await importFiles(wb, [ASLI, SALINAN]);
    const before = wb.dups();
    const negosiasi = clusterWith(before.clusters, NEGOSIASI);
    const othersBefore = grouping(wb).filter((g) => !g.startsWith(`${negosiasi.id}:`));
    const rowsBefore = bandRows(db);
    // Four keys for each distinct paragraph of eight words or more; the copy's own paragraphs too.
    assert.equal(rowsBefore.length, 4 * 15);

    await importFiles(wb, [KUTIPAN]);
    const kutipan = idOf(wb, 'Xi Pulang ke Beijing');
    const after = wb.dups();
    assert.equal(after.total, 3);
    const joined = clusterWith(after.clusters, NEGOSIASI);
    assert.equal(joined.id, negosiasi.id, 'the cluster keeps its id');
    assert.equal(joined.size, 3);
    assert.equal(joined.outlets, 3);
    assert.deepEqual(joined.sources, ['beritanusa.co.id', 'warta-harian.com', 'kabarpagi.id']);
    assert.equal(joined.firstSeen.articleId, negosiasi.firstSeen.articleId);
    const copy = joined.members!.find((m) => m.articleId === kutipan);
    assert.deepEqual([copy?.paragraph, copy?.similarity, copy?.source], [1, 1, 'kabarpagi.id'], 'an exact copy');
    assert.deepEqual(
      grouping(wb).filter((g) => !g.startsWith(`${joined.id}:`)),
      othersBefore,
      'the other clusters are as they were',
    );

    // Only the new article's own paragraphs added bands; the exact copy is found through the original's.
    const rowsAfter = bandRows(db);
    const stored = new Set(rowsBefore.map((r) => `${r.key}/${r.articleId}/${r.position}`));
    const added = rowsAfter.filter((r) => !stored.has(`${r.key}/${r.articleId}/${r.position}`));
    assert.equal(rowsAfter.length - added.length, rowsBefore.length, 'no stored band was touched');
    const own = wb.article({ id: kutipan }).paragraphs.filter((p) => p.text !== NEGOSIASI);
    assert.equal(own.length, 2);
    assert.deepEqual(
      added.map((r) => `${r.key}/${r.articleId}/${r.position}`).sort(),
      own.flatMap((p) => paragraphSignature(p.text).keys!.map((k) => `${k}/${kutipan}/${p.position}`)).sort(),
    );
    assertSound(wb);
  });

  test('articles the finder has not seen are all it reads, and it can stop between chunks and go on', async (t) => {
    const { wb } = await openArchive(t);
    await importFiles(wb, [ASLI, SALINAN]);
    const settled = grouping(wb);

    // A stop asked for once the import has committed its batch leaves the new article to the finder.
    const stop = new AbortController();
    const summary = await importFiles(wb, [KUTIPAN], { signal: stop.signal, afterCommit: () => stop.abort() });
    assert.equal(summary.imported, 1);
    assert.equal(summary.duplicates, 'cancelled');
    assert.equal(wb.dups().pending, 1);
    assert.deepEqual(grouping(wb), settled, 'nothing found yet');
    assertSound(wb);

    const progress: [number, number][] = [];
    const done = await wb.dupsUpdate({ onProgress: (d, total) => progress.push([d, total]) });
    assert.equal(done.status, 'done');
    assert.equal(done.articles, 1, 'the watermark kept the two earlier articles out');
    assert.deepEqual(progress, [
      [0, 1],
      [1, 1],
    ]);
    assert.equal(wb.dups().pending, 0);
    assert.equal(clusterWith(wb.dups().clusters, NEGOSIASI).size, 3);
    assertSound(wb);
  });

  test('a finder stopped after one chunk has kept that chunk; resumed, it ends as one uninterrupted pass does', async (t) => {
    const whole = await openArchive(t);
    await importFiles(whole.wb, [ASLI]);
    await importFiles(whole.wb, [SALINAN]);
    await importFiles(whole.wb, [KUTIPAN]);

    const { wb } = await openArchive(t);
    for (const file of [ASLI, SALINAN, KUTIPAN]) {
      const stop = new AbortController();
      await importFiles(wb, [file], { signal: stop.signal, afterCommit: () => stop.abort() });
    }
    assert.equal(wb.dups().pending, 3);
    const halt = new AbortController();
    const first = await wb.dupsUpdate({ chunkSize: 1, signal: halt.signal, onProgress: (d) => d === 2 && halt.abort() });
    assert.equal(first.status, 'cancelled');
    assert.equal(first.articles, 2);
    assert.equal(wb.dups().pending, 1, 'the watermark moved with each chunk');
    assert.equal(wb.dups().total, 3, 'the original and the copy are already grouped');
    assertSound(wb);

    const rest = await wb.dupsUpdate({ chunkSize: 1 });
    assert.equal(rest.status, 'done');
    assert.equal(rest.articles, 1);
    assert.deepEqual(grouping(wb), grouping(whole.wb));
    assertSound(wb);
  });

  test('an archive upgraded to schema 11 has every band key made again, as the finder stores them; stopped, the remaking goes on', async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'a.db');
    const wb = await Workbench.open(db, { create: true });
    await importFiles(wb, [ASLI]);
    await importFiles(wb, [SALINAN]);
    const settled = grouping(wb);
    const stored = bandRows(db);
    assert.ok(stored.length > 0);
    assert.ok(bandTables(db).recent.length > 0, "the imports' keys wait in the table of recent keys");
    wb.close();

    // The archive as schema 10 left it, its keys of the old kind (they go either way), with the
    // record of keys a pass of that version held and never stored.
    const conn = openDatabase(db);
    conn.exec("PRAGMA user_version = 10; INSERT INTO meta (key, value) VALUES ('dup_rekey_up_to', '1'), ('dup_rekeyed_up_to', '0')");
    const generation = Number(conn.prepare("SELECT value FROM meta WHERE key = 'dup_bands_generation'").pluck().get() ?? 0);
    conn.close();

    const upgraded = await Workbench.open(db, { backups: false });
    t.after(() => upgraded.close());
    assert.equal(upgraded.stats().schemaVersion, 11);
    assert.deepEqual(bandTables(db), { main: [], recent: [] }, 'every key goes, the recent ones too');
    assert.equal(upgraded.dups().pending, 2, 'both articles owe their keys, not only the one the old record named');
    const read = openDatabase(db, { readonly: true });
    assert.equal(Number(read.prepare("SELECT value FROM meta WHERE key = 'dup_bands_generation'").pluck().get()), generation + 1, 'a holding pass of the old version drops its filter');
    read.close();

    const halt = new AbortController();
    const first = await upgraded.dupsUpdate({ chunkSize: 1, signal: halt.signal, onProgress: (d) => d === 1 && halt.abort() });
    assert.equal(first.status, 'cancelled');
    assert.equal(upgraded.dups().pending, 1, 'the first article has its keys');
    const rest = await upgraded.dupsUpdate({ chunkSize: 1 });
    assert.deepEqual([rest.status, rest.articles], ['done', 1]);
    assert.deepEqual(bandRows(db), stored, 'the same keys as the finder stored');
    assert.deepEqual(bandTables(db).recent, [], 'keys made again go into the main table');
    assert.deepEqual(grouping(upgraded), settled, 'pairs and clusters untouched');
    assert.equal(upgraded.dups().pending, 0);
    assert.equal((await upgraded.dupsUpdate()).articles, 0, 'nothing left to remake');

    await importFiles(upgraded, [KUTIPAN]);
    assert.equal(clusterWith(upgraded.dups().clusters, NEGOSIASI).size, 3, 'a later copy finds its original through the new keys');
    assertSound(upgraded);
  });

  test('a new threshold regroups from the kept pairs: near copies drop at 0.99 and come back at 0.8', async (t) => {
    const { wb } = await openArchive(t);
    await importFiles(wb, [ASLI, SALINAN]);
    await importFiles(wb, [KUTIPAN]);
    const asli = idOf(wb, 'Xi Tiba di Moskow');
    const kutipan = idOf(wb, 'Xi Pulang ke Beijing');
    const at80 = grouping(wb);
    const before = wb.dups();
    assert.equal(before.total, 3);

    // Cancelled before it starts: nothing changes.
    const stopped = new AbortController();
    stopped.abort();
    const cancelled = await wb.dupsSettings({ threshold: 0.99 }, { signal: stopped.signal });
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.threshold, 0.8);
    assert.deepEqual(wb.dups(), before);

    const progress: [number, number][] = [];
    const strict = await wb.dupsSettings({ threshold: 0.99 }, { onProgress: (d, total) => progress.push([d, total]) });
    assert.equal(strict.status, 'done');
    assert.equal(strict.threshold, 0.99);
    assert.ok(progress.length >= 2, 'progress reported');
    const [last] = progress.slice(-1);
    assert.ok(last![1] > 0 && last![0] === last![1], `ends at its total: ${JSON.stringify(progress)}`);
    const r = wb.dups();
    assert.equal(r.threshold, 0.99);
    assert.equal(r.total, 2);
    assert.equal(strict.clusters, 2);
    // The exact copy stays with the original, under the same id; the one-word edit leaves it.
    const negosiasi = clusterWith(r.clusters, NEGOSIASI);
    assert.equal(negosiasi.id, clusterWith(before.clusters, NEGOSIASI).id);
    assert.deepEqual(
      negosiasi.members!.map((m) => m.articleId),
      [asli, kutipan],
    );
    // All of the original is in the copy that added a sentence: 1.
    assert.equal(clusterWith(r.clusters, SELAMA).id, clusterWith(before.clusters, SELAMA).id);
    assert.ok(!r.clusters.some((c) => c.text === KEDUA), 'numbers changed: below 0.99');
    assertSound(wb);

    const back = await wb.dupsSettings({ threshold: 0.8 });
    assert.equal(back.status, 'done');
    assert.equal(back.clusters, 3);
    const restored = grouping(wb);
    const withoutIds = (g: string[]): string[] => g.map((x) => x.slice(x.indexOf(':'))).sort();
    assert.deepEqual(withoutIds(restored), withoutIds(at80));
    assert.equal(clusterWith(wb.dups().clusters, NEGOSIASI).id, negosiasi.id);
    assert.equal(clusterWith(wb.dups().clusters, NEGOSIASI).size, 3);
    assertSound(wb);
  });

  test('a threshold under 0.5 or over 1 is refused', async (t) => {
    const { wb, db } = await openArchive(t);
    await importFiles(wb, [ASLI, SALINAN]);
    for (const threshold of [0.4, 0.49, 1.5, Number.NaN]) {
      await assert.rejects(
        wb.dupsSettings({ threshold }),
        (err: unknown) => err instanceof WorkbenchError && err.code === 'invalid_request',
        String(threshold),
      );
    }
    const cli = await pantauJson<{ error: { code: string; message: string } }>(['dups', '--threshold', '0.3', '--db', db]);
    assert.equal(cli.code, 2);
    assert.equal(cli.json.error.code, 'invalid_request');
    assert.match(cli.json.error.message, /0\.5/);
    assert.doesNotMatch(cli.json.error.message, /threshold: threshold:/, 'the option is named once');
    assert.equal(wb.dups().threshold, 0.8);
    assert.equal(wb.dups().total, 3);
  });
});

/*
 * One outlet's pages under several subdomains, each with its own story, a subscription prompt and a
 * video teaser whose title changes. The first teaser names a politician no story names.
 */
const PROMPT = 'Dapatkan berita pilihan setiap hari dengan berlangganan buletin kami.';
const TEASER = 'Saksikan Live DetikSore:';
const DETIK: { host: string; title: string; body: [string, string]; teaser: string }[] = [
  {
    host: 'news',
    title: 'Harga Beras Medium Naik di Pasar Induk',
    body: [
      'Harga beras medium di Pasar Induk Cipinang naik menjadi Rp 14.000 per kilogram pekan ini.',
      'Pedagang menyebut pasokan dari Jawa Tengah berkurang karena panen mundur akibat kemarau.',
    ],
    teaser: 'Prabowo Bertemu Ketua Umum Partai Koalisi di Kertanegara',
  },
  {
    host: 'finance',
    title: 'IHSG Ditutup Menguat Ditopang Saham Bank',
    body: [
      'Indeks Harga Saham Gabungan ditutup menguat 0,8 persen ke level 7.250 pada perdagangan Rabu.',
      'Saham perbankan besar menjadi penopang utama setelah laporan laba kuartal pertama dirilis.',
    ],
    teaser: 'Rupiah Menguat Tipis Jelang Rilis Data Inflasi',
  },
  {
    host: 'www',
    title: 'Kereta Cepat Angkut 20 Ribu Penumpang',
    body: [
      'Kereta cepat Jakarta-Bandung mengangkut lebih dari 20 ribu penumpang selama libur panjang akhir pekan.',
      'Operator menambah jadwal perjalanan pada jam sibuk untuk mengurai antrean di Stasiun Halim.',
    ],
    teaser: 'Antrean Panjang Pemudik di Pelabuhan Merak',
  },
  {
    host: 'sport',
    title: 'Garuda Muda Melaju ke Semifinal',
    body: [
      'Tim nasional Indonesia U-23 melaju ke semifinal setelah mengalahkan Korea Selatan lewat adu penalti.',
      'Pelatih Shin Tae-yong memuji mental para pemain yang tetap tenang meski bermain dengan sepuluh orang.',
    ],
    teaser: 'Euforia Suporter Garuda Muda di Doha',
  },
  {
    host: 'health',
    title: 'Kasus Demam Berdarah di Bogor Melonjak',
    body: [
      'Dinas Kesehatan mencatat kasus demam berdarah di Kota Bogor meningkat dua kali lipat dibanding bulan lalu.',
      'Warga diminta menguras bak mandi dan menutup tempat penampungan air setidaknya seminggu sekali.',
    ],
    teaser: 'Waspada Lonjakan Kasus Demam Berdarah',
  },
  {
    host: 'inet',
    title: 'Ratusan Situs Judi Daring Diblokir',
    body: [
      'Pemerintah memblokir ratusan situs judi daring yang menyamar sebagai toko perlengkapan rumah tangga.',
      'Kementerian Komunikasi meminta penyedia layanan internet memperbarui daftar blokir setiap hari.',
    ],
    teaser: 'Jerat Pinjol Ilegal Makin Meresahkan',
  },
  {
    host: 'travel',
    title: 'Gunung Bromo Kembali Dibuka',
    body: [
      'Gunung Bromo kembali dibuka untuk wisatawan setelah ditutup selama tiga hari karena upacara Yadnya Kasada.',
      'Pengelola taman nasional membatasi jumlah kendaraan jip yang boleh naik ke kawasan Penanjakan.',
    ],
    teaser: 'Liburan Hemat ke Pantai Selatan Yogyakarta',
  },
  {
    host: 'food',
    title: 'Soto Lamongan Resep Sejak 1965',
    body: [
      'Sebuah warung soto di Lamongan masih memakai resep keluarga yang diwariskan sejak tahun 1965.',
      'Pemiliknya mengaku setiap hari menghabiskan dua puluh ekor ayam kampung untuk melayani pembeli.',
    ],
    teaser: 'Kuliner Legendaris di Sudut Kota Lama Semarang',
  },
  {
    host: 'oto',
    title: 'Penjualan Mobil Listrik Naik Tajam',
    body: [
      'Penjualan mobil listrik di dalam negeri naik tajam setelah insentif pajak diperpanjang hingga akhir tahun.',
      'Produsen asal China mendominasi pasar dengan harga yang lebih terjangkau dibanding merek Jepang.',
    ],
    teaser: 'Uji Jalan Motor Listrik Terbaru',
  },
  {
    host: 'hot',
    title: 'Konser Raisa di Istora Senayan',
    body: [
      'Penyanyi Raisa menggelar konser tunggal di Istora Senayan yang tiketnya habis terjual dalam satu jam.',
      'Ribuan penonton ikut bernyanyi sepanjang acara yang berlangsung hampir tiga jam tersebut.',
    ],
    teaser: 'Konser Akbar Musisi Tanah Air Akhir Pekan Ini',
  },
  {
    host: 'edu',
    title: 'Jadwal Seleksi Masuk Kampus Negeri Diumumkan',
    body: [
      'Kementerian Pendidikan mengumumkan jadwal seleksi masuk perguruan tinggi negeri tahun ini melalui laman resmi.',
      'Calon mahasiswa dapat memilih hingga empat program studi pada dua kampus yang berbeda.',
    ],
    teaser: 'Tips Lolos Seleksi Kampus Negeri',
  },
  {
    host: 'news',
    title: 'Kebakaran Lahan Gambut di Ogan Ilir',
    body: [
      'Petugas gabungan memadamkan kebakaran lahan gambut seluas 40 hektare di Kabupaten Ogan Ilir.',
      'Asap tipis sempat menyelimuti jalan lintas timur Sumatera sehingga pengendara diminta menyalakan lampu.',
    ],
    teaser: 'Perjuangan Petugas Memadamkan Api di Lahan Gambut',
  },
];

/** The twelve pages as text files, and one page of another outlet that carries the same prompt. */
function writeOutlet(dir: string): { pages: string[]; other: string } {
  mkdirSync(join(dir, 'detik'));
  const pages = DETIK.map((a, i) => {
    const file = join(dir, 'detik', `${String(i + 1).padStart(2, '0')}.txt`);
    const slug = a.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    writeFileSync(
      file,
      [a.title, `URL: https://${a.host}.detik.com/berita/d-${7000 + i}/${slug}`, `Tanggal: 2024-05-${String(i + 1).padStart(2, '0')}`, ...a.body, PROMPT, `${TEASER} ${a.teaser}`, ''].join('\n'),
    );
    return file;
  });
  const other = join(dir, 'kabarpagi.txt');
  writeFileSync(
    other,
    [
      'Nelayan Indramayu Keluhkan Harga Solar',
      'URL: https://www.kabarpagi.id/ekonomi/nelayan-indramayu-keluhkan-harga-solar',
      'Tanggal: 2024-05-03',
      'Nelayan di pesisir Indramayu mengeluhkan harga solar yang naik sehingga banyak perahu memilih tidak melaut.',
      PROMPT,
      '',
    ].join('\n'),
  );
  return { pages, other };
}

const hits = (wb: Workbench, query: string): string[] => wb.search({ query, limit: 100 }).results.map((r) => r.title).sort();

describe('outlet boilerplate', () => {
  test('a prompt and a teaser template repeated across one outlet are learnt, flagged everywhere and kept out of clusters and search', async (t) => {
    const { wb, dir } = await openArchive(t);
    const { pages, other } = writeOutlet(dir);
    const first = DETIK[0]!.title;

    // Three pages: too few to call anything the outlet's boilerplate.
    await importFiles(wb, [pages[0]!]);
    await importFiles(wb, pages.slice(1, 3));
    assert.deepEqual(hits(wb, 'prabowo'), [first]);
    assert.deepEqual(wb.boilerplate(), []);
    const early = clusterWith(wb.dups().clusters, PROMPT);
    assert.equal(early.size, 3, 'until then the prompt is an ordinary copied paragraph');
    const snippetBefore = wb.search({ query: 'kemarau', limit: 10 }).results[0]!.snippet;
    assert.match(snippetBefore, /Dapatkan|Saksikan/, 'the snippet reaches into the paragraphs that follow');

    const summary = await importFiles(wb, [...pages.slice(3), other]);
    assert.deepEqual(summary.outlets, [
      { name: 'detik.com', articles: 9 },
      { name: 'kabarpagi.id', articles: 1 },
    ]);

    // Every page, the first three too, has both flagged; its own story is not.
    for (const a of DETIK) {
      const view = wb.article({ id: idOf(wb, a.title) });
      assert.equal(view.source, 'detik.com');
      assert.deepEqual(
        view.paragraphs.map((p) => [p.text, p.boilerplate]),
        [
          [a.body[0], false],
          [a.body[1], false],
          [PROMPT, true],
          [`${TEASER} ${a.teaser}`, true],
        ],
        a.title,
      );
    }
    const elsewhere = wb.article({ id: idOf(wb, 'Nelayan Indramayu') });
    assert.deepEqual(
      elsewhere.paragraphs.map((p) => p.boilerplate),
      [false, false],
      'another outlet that once carries the prompt has no such boilerplate',
    );

    // No cluster holds a boilerplate paragraph.
    const clusters = wb.dups({ limit: 1000 }).clusters;
    assert.ok(!clusters.some((c) => c.text === PROMPT || c.text.startsWith(TEASER)), clusters.map((c) => c.text).join(' | '));
    for (const c of clusters) {
      for (const m of c.members!) assert.equal(wb.article({ id: m.articleId }).paragraphs[m.paragraph]!.boilerplate, false);
    }
    assert.equal(wb.dupsArticle({ id: idOf(wb, 'Nelayan Indramayu') }).paragraphs[1]!.cluster, null);

    // Out of the index and the snippets.
    assert.deepEqual(hits(wb, 'prabowo'), []);
    assert.deepEqual(hits(wb, 'berlangganan'), ['Nelayan Indramayu Keluhkan Harga Solar']);
    assert.deepEqual(hits(wb, 'detiksore'), []);
    const snippet = wb.search({ query: 'kemarau', limit: 10 }).results[0]!.snippet;
    assert.doesNotMatch(snippet, /Dapatkan|Saksikan|berlangganan/);
    assert.match(snippet, /kemarau/);

    // The prompt, by its text; the teaser, by its opening words, whatever title follows them.
    const learnt = (): string[] => wb.boilerplate().map((b) => `${b.source} ${b.kind} ${b.articles} ${b.example.slice(0, 24)}`);
    assert.ok(learnt().includes(`detik.com paragraph 12 ${PROMPT.slice(0, 24)}`), learnt().join(' | '));
    assert.ok(learnt().includes(`detik.com template 12 ${TEASER}`), learnt().join(' | '));
    assert.ok(wb.boilerplate().every((b) => b.source === 'detik.com' && (b.example === PROMPT || b.example.startsWith(TEASER))));
    assertSound(wb);

    // A higher bar than the outlet reaches unflags it all, and the index follows.
    const raised = await wb.dupsSettings({ boilerplateArticles: 13 });
    assert.equal(raised.status, 'done');
    assert.equal(raised.boilerplateArticles, 13);
    assert.deepEqual(wb.boilerplate(), []);
    assert.deepEqual(hits(wb, 'prabowo'), [first]);
    assert.equal(hits(wb, 'berlangganan').length, 13);
    assert.ok(wb.article({ id: idOf(wb, first) }).paragraphs.every((p) => !p.boilerplate));
    assertSound(wb);

    // And back.
    const lowered = await wb.dupsSettings({ boilerplateArticles: 5 });
    assert.equal(lowered.status, 'done');
    assert.deepEqual(hits(wb, 'prabowo'), []);
    assert.deepEqual(hits(wb, 'berlangganan'), ['Nelayan Indramayu Keluhkan Harga Solar']);
    assert.ok(learnt().includes(`detik.com paragraph 12 ${PROMPT.slice(0, 24)}`), learnt().join(' | '));
    assert.ok(learnt().includes(`detik.com template 12 ${TEASER}`), learnt().join(' | '));
    assert.deepEqual(
      wb.article({ id: idOf(wb, first) }).paragraphs.map((p) => p.boilerplate),
      [false, false, true, true],
    );
    assert.ok(!wb.dups({ limit: 1000 }).clusters.some((c) => c.text === PROMPT));
    assertSound(wb);
  });

  test('a prompt no longer boilerplate under a higher bar is an ordinary copy: one cluster of every article that has it', async (t) => {
    const { wb, dir } = await openArchive(t);
    const { pages, other } = writeOutlet(dir);
    await importFiles(wb, [...pages, other]);
    assert.ok(!wb.dups().clusters.some((c) => c.text === PROMPT));
    await wb.dupsSettings({ boilerplateArticles: 13 });
    const prompt = clusterWith(wb.dups().clusters, PROMPT);
    assert.equal(prompt.size, 13, 'twelve detik.com pages and the kabarpagi.id page');
    assert.equal(prompt.outlets, 2);
    assertSound(wb);
  });

  test('short news paragraphs that merely open with the same three words are not an outlet\'s template', async (t) => {
    const { wb, dir } = await openArchive(t);
    const actions = [
      'meresmikan jalan tol Trans Sumatera ruas Bengkulu di Kabupaten Bengkulu Tengah pada Senin pagi.',
      'meminta para menteri mempercepat penyaluran bantuan sosial menjelang Lebaran tahun ini.',
      'meninjau harga bahan pokok di Pasar Anyar, Kota Tangerang, bersama Menteri Perdagangan.',
      'membagikan sertifikat tanah kepada 3.000 warga di Gelanggang Olahraga Sidoarjo.',
      'menghadiri peringatan Hari Pers Nasional di Medan dan berbicara tentang kebebasan pers.',
      'melantik tiga duta besar baru di Istana Negara pada Rabu siang.',
      'menanam pohon bersama siswa sekolah dasar di kawasan hutan kota Bandung.',
      'mengunjungi korban gempa di Cianjur dan meminta percepatan pembangunan rumah tahan gempa.',
      'membuka pameran kendaraan listrik di Jakarta International Expo, Kemayoran.',
      'bertemu Perdana Menteri Singapura di Bintan untuk membahas kerja sama ekonomi kedua negara.',
      'menyaksikan laga final Piala Presiden di Stadion Manahan, Solo, pada Minggu malam.',
      'mengumumkan kenaikan gaji pegawai negeri sipil sebesar 8 persen mulai tahun depan.',
    ];
    const files = actions.map((action, i) => {
      const file = join(dir, `jokowi-${i}.txt`);
      writeFileSync(
        file,
        [`Kabar Istana ${i + 1}`, `URL: https://www.kabarkota.id/read/${i + 1}`, `Tanggal: 2024-06-${String(i + 1).padStart(2, '0')}`, `Presiden Joko Widodo ${action}`, DETIK[i]!.body[0], ''].join('\n'),
      );
      return file;
    });
    await importFiles(wb, files);
    assert.deepEqual(wb.boilerplate(), []);
    assert.deepEqual(hits(wb, 'tol'), ['Kabar Istana 1']);
    assert.deepEqual(hits(wb, 'duta besar'), ['Kabar Istana 6']);
    assertSound(wb);
  });

  test('a page imported after the outlet\'s boilerplate is known is flagged as it is stored', async (t) => {
    const { wb, dir } = await openArchive(t);
    const { pages } = writeOutlet(dir);
    await importFiles(wb, pages.slice(0, 11));
    assert.deepEqual(hits(wb, 'detiksore'), []);
    const late = DETIK[11]!;
    await importFiles(wb, [pages[11]!]);
    const view = wb.article({ id: idOf(wb, late.title) });
    assert.deepEqual(
      view.paragraphs.map((p) => p.boilerplate),
      [false, false, true, true],
    );
    assert.deepEqual(hits(wb, 'lahan gambut'), [late.title], 'its own story is searchable');
    assert.deepEqual(hits(wb, 'perjuangan'), [], 'its teaser is not');
    assertSound(wb);
  });
});

describe('outlets', () => {
  test('subdomains are sections of one outlet; --source names the outlet of a run; the summary counts outlets', async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'a.db');
    const { pages, other } = writeOutlet(dir);
    const imported = await pantauJson<ImportSummary>(['import', ...pages.slice(0, 11), other, '--db', db]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(imported.json.imported, 12);
    assert.deepEqual(imported.json.outlets, [
      { name: 'detik.com', articles: 11 },
      { name: 'kabarpagi.id', articles: 1 },
    ]);
    assert.equal(imported.json.unsourced, 0);

    const named = await pantauJson<ImportSummary>(['import', pages[11]!, '--source', 'Detik Sore', '--db', db]);
    assert.equal(named.code, 0, named.stderr);
    assert.deepEqual(named.json.outlets, [{ name: 'Detik Sore', articles: 1 }]);

    const wb = await Workbench.open(db);
    t.after(() => wb.close());
    const sections = DETIK.slice(0, 11).map((a) => {
      const v = wb.article({ id: idOf(wb, a.title) });
      return [v.source, v.section];
    });
    assert.deepEqual(sections, [
      ['detik.com', 'news'],
      ['detik.com', 'finance'],
      ['detik.com', null],
      ['detik.com', 'sport'],
      ['detik.com', 'health'],
      ['detik.com', 'inet'],
      ['detik.com', 'travel'],
      ['detik.com', 'food'],
      ['detik.com', 'oto'],
      ['detik.com', 'hot'],
      ['detik.com', 'edu'],
    ]);
    const renamed = wb.article({ id: idOf(wb, DETIK[11]!.title) });
    assert.equal(renamed.source, 'Detik Sore');
    assert.equal(renamed.section, null);
    assert.equal(renamed.url, 'https://news.detik.com/berita/d-7011/kebakaran-lahan-gambut-di-ogan-ilir');
    // Another outlet: detik.com's boilerplate is not applied to it.
    assert.ok(renamed.paragraphs.every((p) => !p.boilerplate));
    assert.equal(wb.stats().sources, 3);
    assert.deepEqual(wb.check(), []);
  });
});

describe('boilerplate share', () => {
  test("an outlet's size is counted chunk after chunk: a line reaches its share of the outlet's articles when it should, and not before", async (t) => {
    const { wb, dir } = await openArchive(t);
    // Two outlets in turn, 320 articles each; the finder goes 10 articles (5 of each) a chunk.
    // Line B is in X's first 5 articles, learnt there: X is first counted at 5 articles. Line C
    // is in 6 of X's articles: at its 5th (X's 260th article) it is under 2 % of X's articles, at
    // its 6th (X's 290th) it reaches them. Line A is in 5, the 5th at X's 300th: under 2 % of 300.
    // A count of X that stopped growing learns A and C early; one that counted the other
    // outlet's articles too misses C.
    const A = 'Simak ulasan lengkapnya hanya di kanal kami.';
    const B = 'Dapatkan kabar pilihan redaksi langsung di ponsel Anda.';
    const C = 'Redaksi menerima tanggapan pembaca melalui surel setiap hari.';
    const withA = new Set([10, 60, 120, 180, 300]);
    const withC = new Set([5, 40, 80, 120, 260, 290]);
    const next = prng(7);
    const words = (n: number): string => Array.from({ length: n }, () => `kata${Math.floor(next() * 100000)}`).join(' ');
    const lines: string[] = [];
    for (let i = 1; i <= 640; i++) {
      const x = i % 2 === 0;
      const k = i / 2;
      const body = [`${words(40)}.`];
      if (x && k <= 5) body.push(B);
      if (x && withA.has(k)) body.push(A);
      if (x && withC.has(k)) body.push(C);
      lines.push(JSON.stringify({ title: `Artikel ${i} ${words(3)}`, body: body.join('\n\n'), date: '2024-06-01', link: `https://www.${x ? 'kabarsatu.id' : 'kabardua.id'}/berita/${i}` }));
    }
    const files: string[] = [];
    for (let f = 0; f < 4; f++) {
      files.push(join(dir, `berita-${f}.jsonl`));
      writeFileSync(files[f]!, `${lines.slice(f * 160, (f + 1) * 160).join('\n')}\n`);
    }
    for (const f of files) await importUnseen(wb, f);
    assert.equal(wb.dupsPending(), 640);

    const r = await wb.dupsUpdate({ chunkSize: 10 });
    assert.deepEqual([r.status, r.articles], ['done', 640]);
    assert.deepEqual(wb.boilerplate().map((b) => [b.source, b.kind, b.example, b.articles]), [
      ['kabarsatu.id', 'paragraph', C, 6],
      ['kabarsatu.id', 'paragraph', B, 5],
    ]);
    const count = (line: string): number => wb.search({ query: `"${line.replace(/[.]/g, '')}"`, limit: 10 }).total;
    assert.equal(count(A), 5, 'line A stays text, in search');
    assert.equal(count(C), 0, 'line C is boilerplate, out of search');
  });
});
