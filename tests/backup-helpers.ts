import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { Archive, type NewArticle } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { contentHash } from '../electron/import/hash.js';
import { Workbench } from '../electron/service.js';
import { prng } from './prng.js';

/*
 * Archives for the backup and check tests, written straight through Archive.writeBatch (an import
 * of files would take seconds for what these need), and the ways they are damaged on purpose.
 */

const WORDS_ID = ['banjir', 'Jakarta', 'pemerintah', 'warga', 'hujan', 'sungai', 'pelabuhan', 'harga', 'beras', 'pasar', 'menteri', 'daerah', 'jalan', 'rumah', 'sekolah'];
const WORDS_EN = ['flood', 'river', 'harbour', 'price', 'rice', 'market', 'minister', 'council', 'road', 'school', 'rain', 'village', 'bridge', 'port', 'trade'];

const NO_SIGNATURE = { keys: null, opening: null, short: true };

/** Article `n` of a seeded corpus: Indonesian for even n, English for odd, each a few paragraphs of about `bytes`. */
export function corpusArticle(n: number, bytes = 600): NewArticle {
  const random = prng(n + 1);
  const words = n % 2 === 0 ? WORDS_ID : WORDS_EN;
  const sentence = (): string => Array.from({ length: 12 }, () => words[Math.floor(random() * words.length)]!).join(' ') + '.';
  const paragraphs: string[] = [];
  for (let size = 0; size < bytes; ) {
    const p = `${sentence()} ${sentence()} Nomor ${n}.`;
    paragraphs.push(p);
    size += p.length;
  }
  const title = n % 2 === 0 ? `Berita ${n}: ${words[n % words.length]} di Jakarta` : `Report ${n}: ${words[n % words.length]} in Surabaya`;
  const body = paragraphs.join('\n\n');
  return {
    contentHash: contentHash(title, body),
    title,
    body,
    url: `https://kabar.example/${n}`,
    source: n % 3 === 0 ? 'kabar.example' : 'warta.example',
    section: null,
    author: null,
    publishedAt: `2024-0${(n % 9) + 1}-1${n % 10}`,
    language: n % 2 === 0 ? 'id' : 'en',
    origin: `berita-${n}.txt`,
    paragraphs: paragraphs.map((_, i) => ({ hash: BigInt(n * 1000 + i), occurrences: 1, flags: 0, signature: NO_SIGNATURE })),
    suggestions: [],
  };
}

/** Writes articles `from`…`to` (inclusive) into an open archive, as one import run. */
export function writeArticles(archive: Archive, from: number, to: number, bytes?: number): void {
  const run = archive.startImport(['generated'], {});
  const articles = Array.from({ length: to - from + 1 }, (_, i) => corpusArticle(from + i, bytes));
  archive.writeBatch(run, articles, [], { files: articles.length, imported: 0, skipped: 0, failed: 0, warnings: 0 });
  archive.finishImport(run, 'done');
}

/** A new archive at `file` holding articles 1…`count`, closed again. */
export async function makeArchive(file: string, count: number, bytes?: number): Promise<void> {
  const archive = await Archive.open(file, { backups: false });
  try {
    writeArticles(archive, 1, count, bytes);
  } finally {
    archive.close();
  }
  // Opened once as every door opens it, so its countries and people are in, as in any archive in use.
  (await Workbench.open(file, { backups: false })).close();
}

/** The pages of `table`'s b-tree (SQLite's dbstat), in file order. */
export function pagesOf(file: string, table: string): number[] {
  const db = openDatabase(file, { readonly: true });
  try {
    return db.prepare('SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno').pluck().all(table) as number[];
  } finally {
    db.close();
  }
}

/** Overwrites 64 bytes just past the page header of each of `pages`: the cell pointers SQLite follows. */
export function damagePages(file: string, pages: readonly number[], pageSize = 4096): void {
  const fd = openSync(file, 'r+');
  try {
    for (const page of pages) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (page - 1) * pageSize + 8);
  } finally {
    closeSync(fd);
  }
}

/** Overwrites the whole of each of `pages`, headers too: SQLite cannot even tell what kind of page it is. */
export function wipePages(file: string, pages: readonly number[], pageSize = 4096): void {
  const fd = openSync(file, 'r+');
  try {
    for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

/** Removes some segments of the full-text index from its shadow table, as a bad disk or tool would. */
export function damageIndex(file: string): number {
  const db = openDatabase(file);
  try {
    // SQLite's defensive mode (better-sqlite3's default) forbids writing FTS5's shadow tables.
    db.unsafeMode(true);
    return db.prepare('DELETE FROM articles_fts_data WHERE id IN (SELECT id FROM articles_fts_data WHERE id > 10 ORDER BY id LIMIT 5)').run().changes;
  } finally {
    db.close();
  }
}

/**
 * The write-ahead log (and its index) that a write of articles `from`…`to` leaves beside `file`,
 * read while the connection is still open, before closing folds it into the file: what a crash
 * would leave behind.
 */
export async function walOfWrite(file: string, from: number, to: number): Promise<{ wal: Buffer; shm: Buffer }> {
  const archive = await Archive.open(file, { backups: false });
  try {
    writeArticles(archive, from, to);
    return { wal: readFileSync(`${file}-wal`), shm: readFileSync(`${file}-shm`) };
  } finally {
    archive.close();
  }
}

/** SQLite's 100-byte file header, which taking a file out of WAL mode rewrites (its journal mode and change counter). */
const HEADER = 100;

/** The file past its header: the pages as they are, whatever the journal mode. */
export const pagesPastHeader = (file: string): Buffer => readFileSync(file).subarray(HEADER);

/** Whether the file header says rollback journal (1) rather than WAL (2): bytes 18 and 19. */
export const inRollbackMode = (file: string): boolean => {
  const head = readFileSync(file).subarray(18, 20);
  return head[0] === 1 && head[1] === 1;
};
