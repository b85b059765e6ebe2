import { statSync } from 'node:fs';
import { type Database, openDatabase } from './driver.js';
import { migrate } from './migrate.js';
import { SavedSearchStore } from './saved.js';
import { SearchStore } from './search.js';

export const FLAG_REPEATED = 1;
export const FLAG_BOILERPLATE = 2;

export interface NewParagraph {
  text: string;
  hash: bigint;
  occurrences: number;
  flags: number;
}

export interface NewArticle {
  contentHash: string;
  title: string;
  body: string;
  url: string | null;
  source: string | null;
  author: string | null;
  publishedAt: string | null;
  language: string | null;
  origin: string;
  paragraphs: NewParagraph[];
}

export interface RunCounts {
  files: number;
  imported: number;
  skipped: number;
  failed: number;
  warnings: number;
}

export interface ImportProblem {
  kind: 'error' | 'warning';
  path: string;
  reason: string;
}

export interface BatchResult {
  imported: number;
  skipped: number;
  /** New articles stored without an outlet. */
  unsourced: number;
}

export interface ArticleRecord {
  id: number;
  title: string;
  source: string | null;
  url: string | null;
  publishedAt: string | null;
  author: string | null;
  language: string | null;
  origin: string;
  addedAt: string;
  importId: number | null;
  paragraphs: { position: number; text: string; occurrences: number; flags: number }[];
}

export interface ArchiveStats {
  schemaVersion: number;
  articles: number;
  paragraphs: number;
  repeatedParagraphs: number;
  sources: number;
  imports: number;
  languages: Record<string, number>;
  firstPublished: string | null;
  lastPublished: string | null;
}

export type ImportStatus = 'running' | 'done' | 'cancelled' | 'interrupted' | 'failed';

const now = (): string => new Date().toISOString();

/** "PNTU": marks a SQLite file as a Pantau archive (PRAGMA application_id). */
export const APPLICATION_ID = 0x504e5455;

/** The archive file: every read and write of Pantau's data goes through here. */
export class Archive {
  readonly schemaVersion: number;
  readonly searches: SearchStore;
  readonly saved: SavedSearchStore;
  private readonly sourceIds = new Map<string, number>();
  private readonly insertArticle;
  private readonly indexArticle;
  private readonly insertParagraph;
  private readonly findSource;
  private readonly insertSource;
  private readonly insertProblem;
  private readonly updateCounts;

  private constructor(
    readonly file: string,
    private readonly db: Database,
  ) {
    this.schemaVersion = migrate(db, file);
    this.searches = new SearchStore(db);
    this.saved = new SavedSearchStore(db);
    this.insertArticle = db.prepare(
      `INSERT OR IGNORE INTO articles (content_hash, title, body, url, source_id, author, published_at, language, origin, import_id, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.indexArticle = db.prepare('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)');
    this.insertParagraph = db.prepare(
      'INSERT INTO paragraphs (article_id, position, text, hash, occurrences, flags) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.findSource = db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE name = ?');
    this.insertSource = db.prepare('INSERT INTO sources (name, created_at) VALUES (?, ?)');
    this.insertProblem = db.prepare('INSERT INTO import_problems (import_id, kind, path, reason) VALUES (?, ?, ?, ?)');
    this.updateCounts = db.prepare(
      'UPDATE imports SET files = ?, imported = ?, skipped = ?, failed = ?, warnings = ? WHERE id = ?',
    );
  }

  /** Open or create the archive at `file`, migrating it to the current schema. */
  static open(file: string): Archive {
    const db = openDatabase(file, { applicationId: APPLICATION_ID });
    try {
      return new Archive(file, db);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  close(): void {
    if (this.db.open) {
      this.db.pragma('optimize');
      this.db.close();
    }
  }

  /** Runs left `running` by a process that no longer exists were cut short (killed, crashed, power loss). */
  closeAbandonedImports(isAlive: (pid: number) => boolean): void {
    const running = this.db.prepare<[], { id: number; pid: number | null }>("SELECT id, pid FROM imports WHERE status = 'running'").all();
    const mark = this.db.prepare("UPDATE imports SET status = 'interrupted' WHERE id = ?");
    for (const r of running) if (r.pid === null || !isAlive(r.pid)) mark.run(r.id);
  }

  startImport(origin: string[], options: object): number {
    const info = this.db
      .prepare("INSERT INTO imports (origin, options, started_at, status, pid) VALUES (?, ?, ?, 'running', ?)")
      .run(JSON.stringify(origin), JSON.stringify(options), now(), process.pid);
    return Number(info.lastInsertRowid);
  }

  private sourceId(name: string): number {
    // The column's NOCASE folds ASCII letters only; the cache must agree with it.
    const key = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
    let id = this.sourceIds.get(key);
    if (id === undefined) {
      id = this.findSource.get(name)?.id ?? Number(this.insertSource.run(name, now()).lastInsertRowid);
      this.sourceIds.set(key, id);
    }
    return id;
  }

  /**
   * One batch of an import in one transaction: its articles, its problems and the run's counts
   * (`counts` as they stand before this batch), so a crash leaves either all of it or none.
   */
  writeBatch(importId: number, articles: NewArticle[], problems: ImportProblem[], counts: RunCounts): BatchResult {
    const added = now();
    const result: BatchResult = { imported: 0, skipped: 0, unsourced: 0 };
    const write = this.db.transaction(() => {
      for (const a of articles) {
        const sourceId = a.source === null ? null : this.sourceId(a.source);
        const info = this.insertArticle.run(
          a.contentHash, a.title, a.body, a.url, sourceId, a.author, a.publishedAt, a.language, a.origin, importId, added,
        );
        if (info.changes === 0) {
          result.skipped += 1;
          continue;
        }
        const id = info.lastInsertRowid;
        result.imported += 1;
        if (sourceId === null) result.unsourced += 1;
        this.indexArticle.run(id, a.title, a.body);
        a.paragraphs.forEach((p, i) => this.insertParagraph.run(id, i, p.text, p.hash, p.occurrences, p.flags));
      }
      for (const p of problems) this.insertProblem.run(importId, p.kind, p.path, p.reason);
      this.updateCounts.run(counts.files, counts.imported + result.imported, counts.skipped + result.skipped, counts.failed, counts.warnings, importId);
    });
    try {
      write.immediate();
    } catch (err) {
      // Source ids cached during a rolled-back transaction may not exist.
      this.sourceIds.clear();
      throw err;
    }
    return result;
  }

  finishImport(importId: number, status: ImportStatus): void {
    this.db.prepare('UPDATE imports SET status = ?, finished_at = ? WHERE id = ?').run(status, now(), importId);
  }

  stats(): ArchiveStats {
    const one = (sql: string): number => (this.db.prepare<[], { n: number }>(sql).get()?.n ?? 0);
    const languages: Record<string, number> = {};
    for (const r of this.db
      .prepare<[], { language: string | null; n: number }>('SELECT language, count(*) AS n FROM articles GROUP BY language ORDER BY n DESC')
      .all()) {
      languages[r.language ?? 'unknown'] = r.n;
    }
    const range = this.db
      .prepare<[], { first: string | null; last: string | null }>('SELECT min(published_at) AS first, max(published_at) AS last FROM articles')
      .get();
    return {
      schemaVersion: this.schemaVersion,
      articles: one('SELECT count(*) AS n FROM articles'),
      paragraphs: one('SELECT count(*) AS n FROM paragraphs'),
      repeatedParagraphs: one(`SELECT count(*) AS n FROM paragraphs WHERE flags & ${FLAG_REPEATED}`),
      sources: one('SELECT count(*) AS n FROM sources'),
      imports: one('SELECT count(*) AS n FROM imports'),
      languages,
      firstPublished: range?.first ?? null,
      lastPublished: range?.last ?? null,
    };
  }

  article(id: number): ArticleRecord | null {
    const a = this.db
      .prepare<[number], Omit<ArticleRecord, 'paragraphs'>>(
        `SELECT a.id, a.title, s.name AS source, a.url, a.published_at AS publishedAt, a.author, a.language, a.origin,
                a.added_at AS addedAt, a.import_id AS importId
         FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?`,
      )
      .get(id);
    if (!a) return null;
    const paragraphs = this.db
      .prepare<[number], ArticleRecord['paragraphs'][number]>(
        'SELECT position, text, occurrences, flags FROM paragraphs WHERE article_id = ? ORDER BY position',
      )
      .all(id);
    return { ...a, paragraphs };
  }

  /** SQLite's own page check and FTS5's index-against-content check; empty when all is well. */
  integrityProblems(): string[] {
    const problems = (this.db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .filter((r) => r !== 'ok');
    try {
      this.db.prepare("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)").run();
    } catch (err) {
      problems.push(`full-text index: ${err instanceof Error ? err.message : String(err)}`);
    }
    return problems;
  }

  /** The file and its write-ahead log, which holds recent writes until the next checkpoint. */
  sizeBytes(): number {
    const wal = statSync(`${this.file}-wal`, { throwIfNoEntry: false });
    return statSync(this.file).size + (wal?.size ?? 0);
  }
}
