import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DupCluster } from '../electron/api.js';
import type { DuplicateSummary } from '../electron/analysis/duplicates/update.js';
import { shingleSet, similarity } from '../electron/analysis/duplicates/signature.js';
import { Workbench } from '../electron/service.js';
import { copyArchive, finderState } from './dup-corpus.js';
import { importFiles, openArchive } from './dup-helpers.js';
import { tempDir } from './helpers.js';

/*
 * The duplicate finder after its second review (DESIGN §8): two passes over one archive at once,
 * copies of another outlet's boilerplate, cluster ids that are never handed out twice, a
 * relearning whose regrouping is stopped, which short lines may be templates, and the learnt
 * boilerplate of one process changed by another. Every archive is a real file built by real
 * imports of text files written here.
 */


interface Page {
  title: string;
  url: string;
  date: string;
  body: string[];
}

/** A scraped page as a text file: the title, its URL and date lines, then a paragraph a line. */
function writePage(dir: string, name: string, page: Page): string {
  const file = join(dir, `${name}.txt`);
  writeFileSync(file, [page.title, `URL: ${page.url}`, `Tanggal: ${page.date}`, ...page.body, ''].join('\n'));
  return file;
}

const day = (n: number): string => `2024-05-${String(n).padStart(2, '0')}`;

/** Stories no two of which share a phrase, one for each page an outlet needs. */
const STORIES: { title: string; text: string }[] = [
  { title: 'Harga Cabai Rawit Melonjak', text: 'Harga cabai rawit merah di Pasar Kramat Jati melonjak hingga Rp 90.000 per kilogram karena hujan merusak panen di Garut.' },
  { title: 'Banjir Rob Rendam Pesisir Semarang', text: 'Banjir rob setinggi lutut orang dewasa merendam permukiman di Tambak Lorok sejak subuh dan memaksa warga mengungsi.' },
  { title: 'Timnas Putri Menang di Palembang', text: 'Tim nasional sepak bola putri menang tiga gol tanpa balas atas Singapura dalam laga persahabatan di Stadion Jakabaring.' },
  { title: 'Gempa Guncang Pantai Selatan Malang', text: 'Gempa bermagnitudo 5,2 mengguncang pantai selatan Kabupaten Malang pada dini hari tanpa menimbulkan peringatan tsunami.' },
  { title: 'Kereta Bandara Tambah Jadwal', text: 'Operator kereta bandara menambah dua belas perjalanan setiap hari untuk melayani lonjakan penumpang selama libur sekolah.' },
  { title: 'Petani Kopi Gayo Panen Raya', text: 'Petani kopi arabika di dataran tinggi Gayo memulai panen raya dengan hasil yang diperkirakan naik seperlima dari tahun lalu.' },
  { title: 'Museum Fatahillah Dipugar', text: 'Gedung Museum Fatahillah di Kota Tua ditutup sementara selama enam bulan untuk pemugaran atap dan lantai kayunya.' },
  { title: 'Ekspor Nikel Olahan Naik', text: 'Nilai ekspor nikel olahan dari Sulawesi Tengah naik tajam setelah dua smelter baru di Morowali mulai beroperasi penuh.' },
  { title: 'Festival Layang-Layang di Sanur', text: 'Ratusan layang-layang raksasa berbentuk naga dan ikan memenuhi langit Pantai Padang Galak dalam festival tahunan di Sanur.' },
  { title: 'Sekolah Rusak di Lebak Diperbaiki', text: 'Pemerintah kabupaten memperbaiki empat puluh ruang kelas sekolah dasar di Lebak yang atapnya ambruk saat musim hujan.' },
  { title: 'Vaksinasi Polio Serentak di Aceh', text: 'Petugas puskesmas di seluruh Aceh memberikan vaksin polio tetes kepada anak di bawah delapan tahun selama sepekan penuh.' },
  { title: 'Pelabuhan Patimban Terima Kapal Mobil', text: 'Kapal pengangkut mobil terbesar yang pernah singgah di Pelabuhan Patimban memuat tiga ribu kendaraan untuk diekspor ke Filipina.' },
  { title: 'Pendaki Tersesat di Gunung Lawu Ditemukan', text: 'Tim gabungan menemukan dua pendaki yang tersesat tiga hari di lereng Gunung Lawu dalam keadaan lemas namun selamat.' },
  { title: 'Bandung Uji Coba Bus Listrik', text: 'Dinas perhubungan Kota Bandung menguji coba sepuluh bus listrik di koridor Dago hingga Leuwipanjang tanpa memungut tarif.' },
];

/** Video teasers whose titles change from page to page. */
const TEASERS = [
  'Prabowo Bertemu Ketua Umum Partai Koalisi di Kertanegara',
  'Rupiah Menguat Tipis Jelang Rilis Data Inflasi',
  'Antrean Panjang Pemudik di Pelabuhan Merak',
  'Euforia Suporter Garuda Muda di Doha',
  'Waspada Lonjakan Kasus Demam Berdarah',
  'Jerat Pinjol Ilegal Makin Meresahkan',
  'Liburan Hemat ke Pantai Selatan Yogyakarta',
  'Kuliner Legendaris di Sudut Kota Lama Semarang',
  'Uji Jalan Motor Listrik Terbaru',
  'Konser Akbar Musisi Tanah Air Akhir Pekan Ini',
  'Tips Lolos Seleksi Kampus Negeri',
  'Perjuangan Petugas Memadamkan Api di Lahan Gambut',
  'Nasib Pedagang Kaki Lima di Tanah Abang',
];

/** detakberita.com ends every page with this prompt: its boilerplate from the fifth page on. */
const PROMPT = 'Dapatkan berita pilihan setiap hari dengan berlangganan buletin detakberita kami.';
const TEASER = 'Saksikan Live DetikSore:';

/** Page `i` of detakberita.com: its own story, the prompt and, optionally, a video teaser. */
const detakPage = (i: number, { teaser = true } = {}): Page => ({
  title: STORIES[i]!.title,
  url: `https://www.detakberita.com/read/${9000 + i}`,
  date: day(i + 1),
  body: [STORIES[i]!.text, PROMPT, ...(teaser ? [`${TEASER} ${TEASERS[i]!}`] : [])],
});

/** The title of another outlet's article: the opening words of its own first paragraph. */
const titleOf = (own: [string, string]): string => own[0].split(' ').slice(0, 6).join(' ');

/** One article of another outlet that runs `shared` once, between two paragraphs of its own. */
const elsewhere = (host: string, n: number, shared: string[], own: [string, string]): Page => ({
  title: titleOf(own),
  url: `https://${host}/berita/${n}`,
  date: day(20 + n),
  body: [own[0], ...shared, own[1]],
});

/** Paragraphs of other outlets' own, none a copy of anything. */
const OWN: [string, string][] = [
  [
    'Dinas pertanian Kabupaten Indramayu membagikan benih padi tahan wereng kepada dua ribu petani menjelang musim tanam.',
    'Penyuluh lapangan akan mendampingi petani selama tiga bulan pertama agar benih baru ditanam dengan jarak yang benar.',
  ],
  [
    'Wali kota Surabaya meresmikan taman kota baru di bekas lahan parkir yang selama ini dipakai sebagai tempat pembuangan sampah liar.',
    'Taman itu dilengkapi jalur lari, lapangan basket dan perpustakaan kecil yang buka hingga pukul sembilan malam.',
  ],
  [
    'Nelayan di pesisir Indramayu mengeluhkan harga solar yang naik sehingga banyak perahu memilih tidak melaut pekan ini.',
    'Koperasi nelayan meminta pemerintah daerah menambah kuota solar bersubsidi di stasiun pengisian khusus nelayan.',
  ],
  [
    'Perpustakaan daerah Yogyakarta membuka layanan baca malam hari bagi mahasiswa yang menyiapkan ujian akhir semester.',
    'Pengunjung cukup menunjukkan kartu anggota dan boleh meminjam hingga lima buku sekaligus selama dua pekan.',
  ],
];

/** A story wire services sent out, and a near copy of it with one word added. */
const WIRE = 'Bank Indonesia mempertahankan suku bunga acuan di level enam persen untuk menjaga stabilitas nilai tukar rupiah di tengah ketidakpastian global.';
const WIRE_EDITED = 'Bank Indonesia mempertahankan suku bunga acuan di level enam persen untuk menjaga stabilitas nilai tukar rupiah di tengah ketidakpastian ekonomi global.';


/** Import without the duplicate finder: the stop is asked for only once every article is committed. */
async function importUnseen(wb: Workbench, paths: string[]): Promise<void> {
  const stop = new AbortController();
  const summary = await importFiles(wb, paths, { signal: stop.signal, afterCommit: (c) => (c.imported >= paths.length ? stop.abort() : undefined) });
  assert.equal(summary.imported, paths.length);
  assert.equal(summary.duplicates, 'cancelled');
}

function idOf(wb: Workbench, titleStart: string): number {
  const hit = wb.search({ query: '', limit: 100 }).results.find((r) => r.title.startsWith(titleStart));
  assert.ok(hit, `no article titled ${titleStart}…`);
  return hit.id;
}

const clustersOf = (wb: Workbench): DupCluster[] => wb.dups({ limit: 1000 }).clusters;

const clusterWith = (clusters: DupCluster[], text: string): DupCluster | undefined => clusters.find((c) => c.text === text);

/** Each cluster as its id and the paragraphs in it, for comparing groupings. */
const grouping = (wb: Workbench): string[] =>
  clustersOf(wb)
    .map((c) => `${c.id}: ${c.members!.map((m) => `${m.articleId}/${m.paragraph}`).join(' ')}`)
    .sort();

const boilerplateOf = (wb: Workbench, articleId: number): boolean[] => wb.article({ id: articleId }).paragraphs.map((p) => p.boilerplate);

function assertSound(wb: Workbench): void {
  assert.deepEqual(wb.check(), []);
}

describe('two finder passes over one archive at once', () => {
  test('a pass that finds the watermark moved by another starts again from it: the end state is that of one pass, nothing counted twice', async (t) => {
    const dir = tempDir(t);
    const db = join(dir, 'a.db');
    const copy = join(dir, 'copy.db');
    const pages = STORIES.slice(0, 12).map((_, i) => writePage(dir, `detak-${i}`, detakPage(i)));
    const others = [
      writePage(dir, 'warta-1', elsewhere('www.warta-harian.com', 1, [WIRE, PROMPT], OWN[0]!)),
      writePage(dir, 'kabar-1', elsewhere('kabarpagi.id', 2, [WIRE_EDITED, PROMPT], OWN[1]!)),
      writePage(dir, 'kabar-2', elsewhere('kabarpagi.id', 3, [WIRE], OWN[2]!)),
    ];
    const files = [...pages, ...others];

    // Every article imported while the finder did not run (the outlet's pages first, so the other
    // outlets run the prompt once it is boilerplate), then the archive copied as it stands.
    const first = await Workbench.open(db, { create: true });
    try {
      await importUnseen(first, pages);
      await importUnseen(first, others);
      assert.equal(first.dupsPending(), files.length);
    } finally {
      first.close();
    }
    copyArchive(db, copy);

    const a = await Workbench.open(db);
    t.after(() => a.close());
    const b = await Workbench.open(db);
    t.after(() => b.close());
    const whole = await Workbench.open(copy);
    t.after(() => whole.close());

    // b runs to the end between a's first chunk and its second.
    let other: Promise<DuplicateSummary> | undefined;
    const progress: [number, number][] = [];
    const mine = await a.dupsUpdate({
      chunkSize: 1,
      onProgress: (done, total) => {
        progress.push([done, total]);
        if (done === 1) other = b.dupsUpdate();
      },
    });
    assert.ok(other, 'a reported its first chunk');
    const theirs = await other;
    assert.equal(mine.status, 'done');
    assert.equal(theirs.status, 'done');
    assert.equal(a.dupsPending(), 0);
    const single = await whole.dupsUpdate();
    assert.equal(single.status, 'done');
    assert.equal(single.articles, files.length);

    // The outlet's prompt and teaser, each counted once for each of its twelve pages.
    const learnt = a.boilerplate().map((e) => `${e.source} ${e.kind} ${e.articles} ${e.example.slice(0, 24)}`).sort();
    assert.deepEqual(learnt, [`detakberita.com paragraph 12 ${PROMPT.slice(0, 24)}`, `detakberita.com template 12 ${TEASER}`]);
    assert.deepEqual(a.boilerplate(), whole.boilerplate());
    assert.deepEqual(b.boilerplate(), whole.boilerplate());

    // The wire story across both other outlets, the prompt between the two that run it as text.
    const clusters = clustersOf(a);
    assert.equal(clusters.length, 2, clusters.map((c) => c.text.slice(0, 30)).join(' | '));
    assert.equal(clusterWith(clusters, WIRE)?.size, 3);
    assert.deepEqual(clusterWith(clusters, PROMPT)?.sources, ['warta-harian.com', 'kabarpagi.id']);
    assert.deepEqual(grouping(a), grouping(whole));
    assert.deepEqual(clustersOf(a), clustersOf(whole));

    // b read every article after a's first chunk; a, finding the watermark moved, read none again.
    assert.equal(theirs.articles, files.length - 1);
    assert.equal(mine.articles, 1);
    assert.deepEqual(progress, [
      [0, files.length],
      [1, files.length],
    ]);

    // Row for row, the same as one uninterrupted pass over the copy.
    assert.deepEqual(finderState(db, true), finderState(copy, true));
    assertSound(a);
    assertSound(whole);
  });
});

describe('copies of another outlet\'s boilerplate', () => {
  test('run once as text by two other outlets, they form one cluster of those two; a regrouping at the same threshold agrees', async (t) => {
    const { wb, dir } = await openArchive(t);
    const pages = STORIES.slice(0, 12).map((_, i) => writePage(dir, `detak-${i}`, detakPage(i, { teaser: false })));
    await importFiles(wb, pages);
    assert.deepEqual(
      wb.boilerplate().map((e) => [e.source, e.kind, e.articles]),
      [['detakberita.com', 'paragraph', 12]],
    );
    await importFiles(wb, [writePage(dir, 'warta', elsewhere('www.warta-harian.com', 1, [PROMPT], OWN[0]!))]);
    await importFiles(wb, [writePage(dir, 'kabar', elsewhere('kabarpagi.id', 2, [PROMPT], OWN[1]!))]);
    const warta = idOf(wb, titleOf(OWN[0]!));
    const kabar = idOf(wb, titleOf(OWN[1]!));

    const clusters = clustersOf(wb);
    assert.equal(clusters.length, 1, clusters.map((c) => c.text.slice(0, 30)).join(' | '));
    const prompt = clusters[0]!;
    assert.equal(prompt.text, PROMPT);
    assert.equal(prompt.size, 2);
    assert.equal(prompt.outlets, 2);
    assert.deepEqual(prompt.sources, ['warta-harian.com', 'kabarpagi.id']);
    assert.deepEqual(
      prompt.members!.map((m) => [m.articleId, m.paragraph, m.similarity]),
      [
        [warta, 1, 1],
        [kabar, 1, 1],
      ],
      'the two outlets\' copies, none of detakberita.com\'s',
    );
    assert.deepEqual(boilerplateOf(wb, warta), [false, false, false], 'in another outlet the prompt is text');
    for (const i of [0, 11]) assert.deepEqual(boilerplateOf(wb, idOf(wb, STORIES[i]!.title)), [false, true]);

    const incremental = grouping(wb);
    const regrouped = await wb.dupsSettings({ threshold: 0.8 });
    assert.equal(regrouped.status, 'done');
    assert.equal(regrouped.clusters, 1);
    assert.deepEqual(grouping(wb), incremental, 'the regrouping from the kept pairs finds what the incremental pass found, under the same id');
    assertSound(wb);
  });

  test(
    'the same when one of the two ran it while it was still text in the first outlet',
    async (t) => {
      const { wb, dir } = await openArchive(t);
      const pages = STORIES.slice(0, 12).map((_, i) => writePage(dir, `detak-${i}`, detakPage(i, { teaser: false })));
      await importFiles(wb, pages.slice(0, 3));
      await importFiles(wb, [writePage(dir, 'warta', elsewhere('www.warta-harian.com', 1, [PROMPT], OWN[0]!))]);
      await importFiles(wb, pages.slice(3));
      assert.deepEqual(
        wb.boilerplate().map((e) => [e.source, e.kind, e.articles]),
        [['detakberita.com', 'paragraph', 12]],
      );
      await importFiles(wb, [writePage(dir, 'kabar', elsewhere('kabarpagi.id', 2, [PROMPT], OWN[1]!))]);
      const warta = idOf(wb, titleOf(OWN[0]!));
      const kabar = idOf(wb, titleOf(OWN[1]!));

      const members = (): number[][] => clustersOf(wb).map((c) => c.members!.map((m) => m.articleId));
      assert.deepEqual(members(), [[warta, kabar]]);
      await wb.dupsSettings({ threshold: 0.8 });
      assert.deepEqual(members(), [[warta, kabar]], 'regrouped');
      assertSound(wb);
    },
  );
});

describe('cluster ids', () => {
  test('the id of a cluster that went is never handed to a new one', async (t) => {
    const { wb, dir } = await openArchive(t);
    // An older cluster across two outlets, then one of a paragraph four pages of one outlet share.
    await importFiles(wb, [
      writePage(dir, 'warta-1', elsewhere('www.warta-harian.com', 1, [WIRE], OWN[0]!)),
      writePage(dir, 'kabar-1', elsewhere('kabarpagi.id', 2, [WIRE], OWN[1]!)),
    ]);
    await importFiles(wb, STORIES.slice(0, 4).map((_, i) => writePage(dir, `detak-${i}`, detakPage(i, { teaser: false }))));
    const before = clustersOf(wb);
    assert.equal(before.length, 2);
    const wire = clusterWith(before, WIRE)!;
    const prompt = clusterWith(before, PROMPT);
    assert.ok(prompt && prompt.size === 4, 'four pages: the prompt is still an ordinary copy');
    assert.ok(prompt.id > wire.id, 'the prompt\'s cluster is the newest');
    const highest = prompt.id;

    // A fifth page makes the prompt the outlet's boilerplate: its cluster, the newest, goes.
    await importFiles(wb, [writePage(dir, 'detak-4', detakPage(4, { teaser: false }))]);
    assert.deepEqual(
      clustersOf(wb).map((c) => c.id),
      [wire.id],
    );

    // A new story copied by two outlets: a new id, above every id there has been.
    const EXPORT = 'Ekspor batu bara Kalimantan Timur turun sepertiga pada kuartal pertama karena permintaan dari China dan India melemah.';
    await importFiles(wb, [
      writePage(dir, 'warta-2', elsewhere('www.warta-harian.com', 3, [EXPORT], OWN[2]!)),
      writePage(dir, 'kabar-2', elsewhere('kabarpagi.id', 4, [EXPORT], OWN[3]!)),
    ]);
    const after = clustersOf(wb);
    assert.equal(after.length, 2);
    const fresh = clusterWith(after, EXPORT);
    assert.ok(fresh, 'the new story is a cluster');
    assert.ok(fresh.id > highest, `new cluster ${fresh.id}, highest before ${highest}`);
    assert.equal(clusterWith(after, WIRE)?.id, wire.id);
    assertSound(wb);
  });

  test('a lower threshold that finds a group earlier in the archive leaves an existing cluster its id', async (t) => {
    const { wb, dir } = await openArchive(t);
    // Two outlets open a paragraph alike and end it differently: a pair kept, under 0.8.
    const BUSES = 'Pemerintah provinsi menyiapkan dua ratus bus tambahan untuk mengangkut pemudik dari terminal Pulo Gebang menuju kota-kota di Jawa Tengah selama sepekan menjelang hari raya.';
    const BUSES_OTHER = 'Pemerintah provinsi menyiapkan dua ratus bus tambahan untuk mengangkut pemudik dari terminal Pulo Gebang, sementara jalur kereta ke arah timur masih ditutup karena perbaikan jembatan.';
    const sim = similarity(shingleSet(BUSES), shingleSet(BUSES_OTHER));
    assert.ok(sim >= 0.5 && sim < 0.8, `the pair is kept but not a copy at 0.8: ${sim}`);
    await importFiles(wb, [writePage(dir, 'warta-1', elsewhere('www.warta-harian.com', 1, [BUSES], OWN[0]!))]);
    await importFiles(wb, [writePage(dir, 'kabar-1', elsewhere('kabarpagi.id', 2, [BUSES_OTHER], OWN[1]!))]);
    // Then a story copied word for word, later in the archive.
    await importFiles(wb, [writePage(dir, 'warta-2', elsewhere('www.warta-harian.com', 3, [WIRE], OWN[2]!))]);
    await importFiles(wb, [writePage(dir, 'kabar-2', elsewhere('kabarpagi.id', 4, [WIRE], OWN[3]!))]);
    const before = clustersOf(wb);
    assert.equal(before.length, 1);
    const wire = clusterWith(before, WIRE)!;
    assert.ok(wire.firstSeen.articleId > idOf(wb, titleOf(OWN[1]!)), 'the pair comes first in the archive');

    const lowered = await wb.dupsSettings({ threshold: 0.5 });
    assert.equal(lowered.status, 'done');
    const after = clustersOf(wb);
    assert.equal(after.length, 2);
    assert.equal(clusterWith(after, WIRE)?.id, wire.id, 'the existing cluster keeps its id');
    assert.equal(clusterWith(after, WIRE)?.size, 2);
    const buses = clusterWith(after, BUSES);
    assert.ok(buses, after.map((c) => c.text.slice(0, 30)).join(' | '));
    assert.equal(buses.size, 2);
    assert.ok(buses.id > wire.id, `the new group takes a new id: ${buses.id}`);
    assertSound(wb);
  });
});

describe('a relearning whose regrouping is stopped', () => {
  test('leaves no cluster of fewer than two, and each cluster\'s size is its members', async (t) => {
    const { wb, dir } = await openArchive(t);
    // Three lines on three pages of one outlet; two other outlets run some of them once.
    const ONLY_HERE = 'Redaksi menerima tulisan opini pembaca melalui surel dengan panjang naskah paling banyak tujuh ratus kata.';
    const ONE_OTHER = 'Seluruh foto dalam artikel ini merupakan dokumentasi redaksi kecuali disebutkan lain pada keterangan gambar.';
    const TWO_OTHERS = 'Pembaca dapat mengirimkan koreksi atas kesalahan data dalam berita ini melalui formulir pengaduan di laman kami.';
    const pages = [0, 1, 2].map((i) =>
      writePage(dir, `detak-${i}`, {
        title: STORIES[i]!.title,
        url: `https://www.detakberita.com/read/${9000 + i}`,
        date: day(i + 1),
        body: [STORIES[i]!.text, ONLY_HERE, ONE_OTHER, TWO_OTHERS],
      }),
    );
    await importFiles(wb, pages);
    await importFiles(wb, [writePage(dir, 'warta', elsewhere('www.warta-harian.com', 1, [ONE_OTHER, TWO_OTHERS], OWN[0]!))]);
    await importFiles(wb, [writePage(dir, 'kabar', elsewhere('kabarpagi.id', 2, [TWO_OTHERS], OWN[1]!))]);
    const before = clustersOf(wb);
    assert.deepEqual(before.map((c) => [c.text, c.size]).sort(), [
      [ONE_OTHER, 4],
      [ONLY_HERE, 3],
      [TWO_OTHERS, 5],
    ].sort());
    assert.deepEqual(wb.boilerplate(), []);

    // Three articles now make boilerplate: the outlet's copies leave their clusters, and the
    // regrouping that would follow is stopped before it starts.
    const stopped = new AbortController();
    stopped.abort();
    const result = await wb.dupsSettings({ boilerplateArticles: 3 }, { signal: stopped.signal });
    assert.equal(result.status, 'cancelled');
    assert.equal(result.boilerplateArticles, 3);
    assert.deepEqual(wb.boilerplate().map((e) => [e.source, e.kind, e.articles]), [
      ['detakberita.com', 'paragraph', 3],
      ['detakberita.com', 'paragraph', 3],
      ['detakberita.com', 'paragraph', 3],
    ]);

    const listed = wb.dups({ limit: 1000 });
    assert.equal(listed.total, listed.clusters.length, 'every cluster counted is one that can be shown');
    assert.equal(result.clusters, listed.total);
    for (const c of listed.clusters) {
      const full = wb.dupCluster({ id: c.id });
      assert.ok(full.members!.length >= 2, `cluster ${c.id} has ${full.members!.length} member(s)`);
      assert.equal(full.members!.length, full.size, `cluster ${c.id}: size ${full.size}, members ${full.members!.length}`);
      assert.equal(full.outlets, new Set(full.members!.map((m) => m.source)).size);
    }
    assert.deepEqual(
      listed.clusters.map((c) => [c.text, c.size, c.sources]),
      [[TWO_OTHERS, 2, ['warta-harian.com', 'kabarpagi.id']]],
      'only the line two other outlets run is left, with those two',
    );
    assertSound(wb);
  });
});

describe('templates', () => {
  test('a dateline lead that ends as a sentence is never a template; a teaser label without final punctuation is', async (t) => {
    const { wb, dir } = await openArchive(t);
    const openings = [
      'jalan tol Trans Sumatera ruas Bengkulu di Kabupaten Bengkulu Tengah.',
      'Bendungan Sepaku Semoi di Penajam Paser Utara.',
      'Pasar Anyar yang baru selesai dibangun di Kota Tangerang.',
      'gedung olahraga baru di Sidoarjo bersama gubernur.',
      'Terminal Tipe A Tirtonadi setelah direnovasi.',
      'rumah sakit pusat otak di Makassar.',
      'jembatan gantung penghubung dua desa di Lebak.',
      'pabrik baterai kendaraan listrik di Karawang.',
      'Bandara Dhoho di Kediri pada Jumat pagi.',
      'Pelabuhan Ambon Baru yang menghubungkan Maluku.',
      'Stadion Manahan yang selesai direnovasi di Solo.',
      'kawasan industri Batang di Jawa Tengah.',
    ];
    const lead = (i: number): string => `Jakarta: Presiden Joko Widodo meresmikan ${openings[i]!}`;
    const files = openings.map((_, i) =>
      writePage(dir, `istana-${i}`, {
        title: STORIES[i]!.title,
        url: `https://www.detik.com/berita/d-${7000 + i}`,
        date: day(i + 1),
        body: [lead(i), STORIES[i]!.text, `${TEASER} ${TEASERS[i]!}`],
      }),
    );
    await importFiles(wb, files);

    const learnt = wb.boilerplate();
    assert.deepEqual(
      learnt.map((e) => [e.source, e.kind, e.articles]),
      [['detik.com', 'template', 12]],
      learnt.map((e) => e.example).join(' | '),
    );
    assert.ok(learnt[0]!.example.startsWith(TEASER), learnt[0]!.example);
    for (const i of [0, 5, 11]) {
      const id = idOf(wb, STORIES[i]!.title);
      assert.deepEqual(
        wb.article({ id }).paragraphs.map((p) => [p.text, p.boilerplate]),
        [
          [lead(i), false],
          [STORIES[i]!.text, false],
          [`${TEASER} ${TEASERS[i]!}`, true],
        ],
      );
    }
    assert.equal(wb.search({ query: 'meresmikan', limit: 100 }).total, 12, 'every lead is searchable text');
    assert.equal(wb.search({ query: 'detiksore', limit: 100 }).total, 0, 'the teasers are not');
    assertSound(wb);
  });
});

describe('the learnt boilerplate of another process', () => {
  test('unlearnt by a second Workbench on the same archive, it is not applied by the first to a new page', async (t) => {
    const { wb: a, db, dir } = await openArchive(t);
    await importFiles(a, STORIES.slice(0, 12).map((_, i) => writePage(dir, `detak-${i}`, detakPage(i, { teaser: false }))));
    assert.deepEqual(
      a.boilerplate().map((e) => [e.kind, e.example]),
      [['paragraph', PROMPT]],
    );
    assert.deepEqual(boilerplateOf(a, idOf(a, STORIES[0]!.title)), [false, true]);

    const b = await Workbench.open(db);
    t.after(() => b.close());
    const raised = await b.dupsSettings({ boilerplateArticles: 1000 });
    assert.equal(raised.status, 'done');
    assert.deepEqual(b.boilerplate(), []);

    // a learnt the prompt itself; the next page it stores must not be flagged by what it remembers.
    await importFiles(a, [writePage(dir, 'detak-12', detakPage(12, { teaser: false }))]);
    const late = idOf(a, STORIES[12]!.title);
    assert.deepEqual(boilerplateOf(a, late), [false, false]);
    assert.deepEqual(a.boilerplate(), []);
    assert.equal(a.search({ query: 'berlangganan', limit: 100 }).total, 13, 'the prompt is text on every page');
    const prompt = clusterWith(clustersOf(a), PROMPT);
    assert.ok(prompt, 'the prompt is an ordinary copy');
    assert.equal(prompt.size, 13);
    assert.ok(prompt.members!.some((m) => m.articleId === late && m.paragraph === 1));
    assertSound(a);
  });
});
