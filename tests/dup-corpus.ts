import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/driver.js';
import { Workbench } from '../electron/service.js';
import { bandTables, type Ctx, importFiles } from './dup-helpers.js';
import { tempDir } from './helpers.js';
import { prng } from './prng.js';

/*
 * A generated corpus for the tests of the duplicate finder's band keys (duplicates-recent,
 * duplicates-held): stories, stock paragraphs that share a key past a lookup's bound, copies near
 * and far, one outlet's boilerplate; and ways to compare two archives' finder state.
 */

const WORDS = (
  'pemerintah daerah warga pasar harga beras cabai minyak jalan tol jembatan sungai banjir hujan kemarau petani nelayan pelabuhan kapal ' +
  'bandara kereta bus sekolah guru murid kampus rumah sakit dokter perawat obat vaksin desa kota kabupaten provinsi gubernur bupati wali ' +
  'menteri presiden dewan partai pemilu suara kursi anggaran pajak bank kredit rupiah saham ekspor impor pabrik buruh upah listrik air ' +
  'gas tambang hutan kebakaran asap gunung laut pantai pulau wisata hotel festival musik film buku museum masjid gereja pura stadion ' +
  'pemain pelatih juara final gol kompetisi polisi jaksa hakim sidang kasus korupsi penipuan pencurian tersangka saksi korban laporan ' +
  'data survei angka persen bulan tahun pekan pagi malam siang kemarin besok lalu baru lama tinggi rendah naik turun tambah kurang cepat ' +
  'lambat besar kecil utama umum khusus resmi swasta nasional lokal asing timur barat utara selatan tengah ribuan ratusan puluhan'
).split(' ');

/** Eight words every "stock" paragraph opens with, so they all share their head key: more rows than a lookup reads of one key. */
const STOCK = 'Berdasarkan keterangan resmi yang diterima redaksi pada hari';
/** A short line one outlet repeats in each of its articles: its boilerplate. */
const PROMPT = 'Ikuti kabar terbaru setiap hari lewat kanal berita kami.';
const OUTLETS = ['kabarpagi.id', 'warta-harian.com', 'beritanusa.co.id', 'detakberita.com'];
export const ARTICLES = 120;
export const PER_FILE = 10;

interface Item {
  title: string;
  body: string;
  date: string;
  link: string;
}

/**
 * `ARTICLES` articles in files of `PER_FILE`, one JSON object a line, so the archive numbers them
 * in the same order however they are imported. Each has a story of its own and two stock
 * paragraphs; one outlet adds its prompt; many copy an earlier story, word for word, with one word
 * changed or with a sentence added, some from long before and some from the last few articles.
 */
export function writeCorpus(dir: string): string[] {
  // Seeded: the archives compared must be built from the same text.
  const next = prng(10);
  const pick = (): string => WORDS[Math.floor(next() * WORDS.length)]!;
  const words = (n: number): string[] => Array.from({ length: n }, pick);
  const sentence = (w: string[]): string => `${w.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  const stories: string[][] = [];
  const items: Item[] = [];
  for (let i = 0; i < ARTICLES; i++) {
    const story = words(32 + Math.floor(next() * 8));
    stories.push(story);
    const body = [sentence(story), `${STOCK} ${words(7).join(' ')}.`, `${STOCK} ${words(6).join(' ')}.`];
    if (i >= 4 && i % 2 === 0) {
      const from = next() < 0.5 ? Math.floor(next() * (i - 1)) : i - 1 - Math.floor(next() * 3);
      const copied = [...stories[from]!];
      const kind = Math.floor(next() * 3);
      if (kind === 1) copied[Math.floor(copied.length / 2)] = pick();
      body.push(kind === 2 ? `${sentence(copied)} Hal itu disampaikan kepada wartawan di kantornya.` : sentence(copied));
    }
    if (i % OUTLETS.length === 0) body.push(PROMPT);
    items.push({
      title: `Laporan ${i + 1}: ${words(3).join(' ')}`,
      body: body.join('\n\n'),
      date: `2024-0${1 + (i % 9)}-${String(1 + (i % 27)).padStart(2, '0')}`,
      link: `https://www.${OUTLETS[i % OUTLETS.length]}/berita/${i + 1}`,
    });
  }
  const files: string[] = [];
  for (let f = 0; f * PER_FILE < ARTICLES; f++) {
    const file = join(dir, `laporan-${String(f + 1).padStart(2, '0')}.jsonl`);
    writeFileSync(file, `${items.slice(f * PER_FILE, (f + 1) * PER_FILE).map((x) => JSON.stringify(x)).join('\n')}\n`);
    files.push(file);
  }
  return files;
}

/** Import files with the finder kept out of the way: it is stopped once the articles are committed. */
export async function importUnseen(wb: Workbench, file: string): Promise<void> {
  const stop = new AbortController();
  const summary = await wb.import({ paths: [file] }, { signal: stop.signal, afterCommit: () => stop.abort() });
  assert.equal(summary.failed, 0, JSON.stringify(summary.errors));
  assert.equal(summary.duplicates, 'cancelled');
}

/**
 * Every row the duplicate finder keeps, for comparing two archives: the band keys as one list
 * whichever table holds them, or with `apart`, each table's on its own.
 */
export function finderState(db: string, apart = false): Record<string, unknown[]> {
  const conn = openDatabase(db, { readonly: true });
  try {
    const rows = (sql: string): unknown[] => conn.prepare(sql).safeIntegers(true).raw(true).all();
    const bands: Record<string, unknown[]> = apart
      ? { bands: rows('SELECT key, article_id, position FROM dup_bands ORDER BY 1, 2, 3'), recentBands: rows('SELECT key, article_id, position FROM dup_bands_recent ORDER BY 1, 2, 3') }
      : { bands: rows('SELECT key, article_id, position FROM dup_bands UNION ALL SELECT key, article_id, position FROM dup_bands_recent ORDER BY 1, 2, 3') };
    return {
      clusters: rows('SELECT id, size, outlets, first_article, first_position, first_published, last_published FROM dup_clusters ORDER BY id'),
      members: rows('SELECT article_id, position, cluster FROM dup_members ORDER BY 1, 2'),
      edges: rows('SELECT a, b, similarity FROM dup_edges ORDER BY 1, 2'),
      ...bands,
      lines: rows('SELECT source_id, kind, key, articles, last_article FROM outlet_lines ORDER BY 1, 2, 3'),
      boilerplate: rows('SELECT source_id, kind, key, example FROM boilerplate ORDER BY 1, 2, 3'),
      flags: rows('SELECT article_id, position, flags FROM paragraphs ORDER BY 1, 2'),
      hidden: rows('SELECT id, hidden FROM article_texts ORDER BY 1'),
      watermark: rows("SELECT value FROM meta WHERE key = 'dup_indexed_up_to'"),
    };
  } finally {
    conn.close();
  }
}

/** Each cluster as its id and the paragraphs in it. */
export const grouping = (wb: Workbench): string[] =>
  wb
    .dups({ limit: 1000 })
    .clusters.map((c) => `${c.id}: ${c.members!.map((m) => `${m.articleId}/${m.paragraph}`).join(' ')}`)
    .sort();

export const copyArchive = (from: string, to: string): void => {
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
};

/**
 * The archives `waiting` hands out, made once per process and size: making one takes a dozen
 * imports (3–9 s), and the tests that use it only need a copy they may change.
 */
const made = new Map<number, Promise<string>>();
let madeDir: string | undefined;

async function makeWaiting(files: number): Promise<string> {
  if (!madeDir) {
    const dir = mkdtempSync(join(tmpdir(), 'pantau-waiting-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    madeDir = dir;
  }
  const written = writeCorpus(mkdtempSync(join(madeDir, 'corpus-')));
  const db = join(madeDir, `${files}.db`);
  const wb = await Workbench.open(db, { create: true });
  try {
    for (const f of written.slice(0, 3)) await importFiles(wb, [f]);
    for (const f of written.slice(3, 3 + files)) await importUnseen(wb, f);
    assert.equal(wb.dupsPending(), files * PER_FILE);
  } finally {
    wb.close();
  }
  assert.equal(bandTables(db).main.length, 0);
  return db;
}

/** An archive whose recent table holds three files' keys, with `files` more files' articles waiting, and a copy of it. */
export async function waiting(t: Ctx, files = 2): Promise<{ db: string; control: string }> {
  let archive = made.get(files);
  if (!archive) {
    archive = makeWaiting(files);
    made.set(files, archive);
  }
  const from = await archive;
  const dir = tempDir(t);
  const db = join(dir, 'a.db');
  const control = join(dir, 'control.db');
  copyArchive(from, db);
  copyArchive(from, control);
  return { db, control };
}

export const openOn = async (t: Ctx, file: string): Promise<Workbench> => {
  const wb = await Workbench.open(file);
  t.after(() => wb.close());
  return wb;
};

