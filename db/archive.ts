import { existsSync, statSync } from 'node:fs';
import { type Database, openDatabase } from './driver.js';
import { DuplicateStore, FLAG_BOILERPLATE, LINE_EXACT, LINE_OPENING, type ParagraphSignature } from './duplicates.js';
import { EntityStore, type NewSuggestion } from './entities.js';
import { ExportStore } from './export.js';
import { indexText, PARAGRAPH_BREAK, registerIndexText, visibleText } from './fts.js';
import { assertKnownVersion, migrate, SCHEMA_VERSION, schemaVersionOf } from './migrate.js';
import { SavedSearchStore } from './saved.js';
import { SearchStore } from './search/store.js';

export const FLAG_REPEATED = 1;
export { FLAG_BOILERPLATE };

/** A paragraph's row; its text is the body's paragraph at the same position. */
export interface NewParagraph {
  hash: bigint;
  occurrences: number;
  flags: number;
  /** What the duplicate finder needs of it, made by the import workers. */
  signature: ParagraphSignature;
}

export interface NewArticle {
  /** 32 hexadecimal digits (128 bits) identifying the clean content. */
  contentHash: string;
  title: string;
  /** The distinct paragraphs joined by blank lines, in the order of `paragraphs`. */
  body: string;
  url: string | null;
  source: string | null;
  /** The subdomain the article was published under (news for news.detik.com). */
  section: string | null;
  author: string | null;
  publishedAt: string | null;
  language: string | null;
  origin: string;
  paragraphs: NewParagraph[];
  /** Countries and people the analysers found, stored as suggestions. */
  suggestions: NewSuggestion[];
}

/** An article's stored text, as the analysers read it. */
export interface ArticleText {
  id: number;
  title: string;
  body: string;
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
  /** New articles per outlet name. */
  outlets: Map<string, number>;
  /** The new articles' ids with their paragraphs' signatures, for the duplicate finder. */
  added: { id: number; signatures: ParagraphSignature[] }[];
}

export interface ArticleRecord {
  id: number;
  title: string;
  source: string | null;
  section: string | null;
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

/** Opening an archive of an older schema: copying it aside, then migrating it. */
export interface UpgradeProgress {
  phase: 'backup' | 'migrate';
  done: number;
  total: number;
  /** The copy of the archive as it was, once the backup has started. */
  backup: string;
}

export interface ArchiveOpenOptions {
  onUpgrade?: (progress: UpgradeProgress) => void;
}

const HASH_HEX = /^[0-9a-f]{32}$/;

const now = (): string => new Date().toISOString();

/** "PNTU": marks a SQLite file as a Pantau archive (PRAGMA application_id). */
export const APPLICATION_ID = 0x504e5455;

/** The archive file: every read and write of Pantau's data goes through here. */
export class Archive {
  readonly schemaVersion: number;
  readonly searches: SearchStore;
  readonly saved: SavedSearchStore;
  readonly entities: EntityStore;
  readonly duplicates: DuplicateStore;
  readonly exports: ExportStore;
  private readonly sourceIds = new Map<string, number>();
  /** Each outlet's name as the archive stores it (its first spelling). */
  private readonly sourceNames = new Map<number, string>();
  private readonly insertArticle;
  private readonly insertText;
  private readonly indexArticle;
  private readonly insertParagraph;
  private readonly findSource;
  private readonly insertSource;
  private readonly insertProblem;
  private readonly updateCounts;

  private constructor(
    readonly file: string,
    private readonly db: Database,
    onUpgrade?: ArchiveOpenOptions['onUpgrade'],
    backup = '',
  ) {
    // A new archive is created through the same migrations: only an upgrade of existing data is reported.
    this.schemaVersion = migrate(db, file, undefined, backup === '' ? undefined : (p) => onUpgrade?.({ phase: 'migrate', done: p.done, total: p.total, backup }));
    this.searches = new SearchStore(db);
    this.saved = new SavedSearchStore(db);
    this.entities = new EntityStore(db);
    this.duplicates = new DuplicateStore(db);
    this.exports = new ExportStore(db);
    this.insertArticle = db.prepare(
      `INSERT INTO articles (content_hash, title, url, source_id, section, author, published_at, language, origin, import_id, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (content_hash) DO NOTHING`,
    );
    this.insertText = db.prepare('INSERT INTO article_texts (id, body, hidden) VALUES (?, ?, ?)');
    this.indexArticle = db.prepare('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)');
    this.insertParagraph = db.prepare('INSERT INTO paragraphs (article_id, position, hash, occurrences, flags) VALUES (?, ?, ?, ?, ?)');
    this.findSource = db.prepare<[string], { id: number; name: string }>('SELECT id, name FROM sources WHERE name = ?');
    this.insertSource = db.prepare('INSERT INTO sources (name, created_at) VALUES (?, ?)');
    this.insertProblem = db.prepare('INSERT INTO import_problems (import_id, kind, path, reason) VALUES (?, ?, ?, ?)');
    this.updateCounts = db.prepare(
      'UPDATE imports SET files = ?, imported = ?, skipped = ?, failed = ?, warnings = ? WHERE id = ?',
    );
  }

  /**
   * Open or create the archive at `file`, migrating it to the current schema. An archive that
   * holds data under an older schema is first copied next to itself with SQLite's online backup
   * (`<file>.schema-N.bak`), so a migration that goes wrong, or a user who wants to go back to
   * the older Pantau, loses nothing.
   */
  static async open(file: string, options: ArchiveOpenOptions = {}): Promise<Archive> {
    const db = openDatabase(file, { applicationId: APPLICATION_ID });
    try {
      registerIndexText(db);
      assertKnownVersion(db, file);
      const version = schemaVersionOf(db);
      let backup = '';
      if (version > 0 && version < SCHEMA_VERSION) {
        backup = backupName(file, version);
        options.onUpgrade?.({ phase: 'backup', done: 0, total: 1, backup });
        await db.backup(backup, {
          progress: ({ totalPages, remainingPages }) => {
            options.onUpgrade?.({ phase: 'backup', done: totalPages - remainingPages, total: totalPages, backup });
            return 1000;
          },
        });
      }
      return new Archive(file, db, options.onUpgrade, backup);
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
      const found = this.findSource.get(name);
      id = found?.id ?? Number(this.insertSource.run(name, now()).lastInsertRowid);
      this.sourceIds.set(key, id);
      this.sourceNames.set(id, found?.name ?? name);
    }
    return id;
  }

  /**
   * One batch of an import in one transaction: its articles, its problems and the run's counts
   * (`counts` as they stand before this batch), so a crash leaves either all of it or none.
   */
  writeBatch(importId: number, articles: NewArticle[], problems: ImportProblem[], counts: RunCounts): BatchResult {
    const added = now();
    const result: BatchResult = { imported: 0, skipped: 0, unsourced: 0, outlets: new Map(), added: [] };
    const write = this.db.transaction(() => {
      this.entities.forget();
      this.duplicates.refresh();
      for (const a of articles) {
        const sourceId = a.source === null ? null : this.sourceId(a.source);
        if (!HASH_HEX.test(a.contentHash)) throw new Error(`content hash of ${a.origin} is not 32 hexadecimal digits`);
        const info = this.insertArticle.run(
          Buffer.from(a.contentHash, 'hex'), a.title, a.url, sourceId, a.section, a.author, a.publishedAt, a.language, a.origin, importId, added,
        );
        if (info.changes === 0) {
          result.skipped += 1;
          continue;
        }
        const id = Number(info.lastInsertRowid);
        result.imported += 1;
        if (sourceId === null) result.unsourced += 1;
        else {
          const name = this.sourceNames.get(sourceId)!;
          result.outlets.set(name, (result.outlets.get(name) ?? 0) + 1);
        }
        // Boilerplate its outlet is already known for stays out of the index from the start.
        const flags = a.paragraphs.map((p) =>
          sourceId !== null && (this.duplicates.isBoilerplate(sourceId, LINE_EXACT, p.hash) || this.duplicates.isBoilerplate(sourceId, LINE_OPENING, p.signature.opening))
            ? p.flags | FLAG_BOILERPLATE
            : p.flags,
        );
        const hidden = flags.flatMap((f, i) => (f & FLAG_BOILERPLATE ? [i] : [])).join(',') || null;
        this.insertText.run(id, a.body, hidden);
        this.indexArticle.run(id, indexText(a.title), indexText(visibleText(a.body, hidden)));
        a.paragraphs.forEach((p, i) => this.insertParagraph.run(id, i, p.hash, p.occurrences, flags[i]));
        result.added.push({ id, signatures: a.paragraphs.map((p) => p.signature) });
        this.entities.addSuggestions(id, a.suggestions);
      }
      for (const p of problems) this.insertProblem.run(importId, p.kind, p.path, p.reason);
      this.updateCounts.run(counts.files, counts.imported + result.imported, counts.skipped + result.skipped, counts.failed, counts.warnings, importId);
    });
    try {
      write.immediate();
    } catch (err) {
      // Source ids cached during a rolled-back transaction may not exist.
      this.sourceIds.clear();
      this.sourceNames.clear();
      this.duplicates.forgetCache();
      throw err;
    }
    return result;
  }

  /** Run `work` in one write transaction: all of it is stored, or none. */
  inTransaction<T>(work: () => T): T {
    try {
      return this.db.transaction(work).immediate();
    } catch (err) {
      this.duplicates.forgetCache();
      throw err;
    }
  }

  /** Stored texts in id order, after `afterId`, at most `limit`; for re-analysis. */
  texts(afterId: number, limit: number): ArticleText[] {
    return this.db
      .prepare<[number, number], ArticleText>('SELECT a.id, a.title, t.body FROM articles a JOIN article_texts t ON t.id = a.id WHERE a.id > ? ORDER BY a.id LIMIT ?')
      .all(afterId, limit);
  }

  hasArticle(id: number): boolean {
    return this.db.prepare('SELECT 1 FROM articles WHERE id = ?').pluck().get(id) !== undefined;
  }

  /** Articles with an id up to `upTo` (all when omitted). */
  articleCount(upTo?: number): number {
    return this.db.prepare('SELECT count(*) FROM articles WHERE id <= ?').pluck().get(upTo ?? Number.MAX_SAFE_INTEGER) as number;
  }

  /** New suggestions for already stored articles, in one transaction; human decisions stay (EntityStore.replaceSuggestions). */
  reanalysed(results: readonly { id: number; suggestions: NewSuggestion[] }[]): void {
    this.db.transaction(() => {
      this.entities.forget();
      for (const r of results) this.entities.replaceSuggestions(r.id, r.suggestions);
      this.entities.touched();
    }).immediate();
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
        `SELECT a.id, a.title, s.name AS source, a.section, a.url, a.published_at AS publishedAt, a.author, a.language, a.origin,
                a.added_at AS addedAt, a.import_id AS importId
         FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?`,
      )
      .get(id);
    if (!a) return null;
    const body = this.db.prepare<[number], { body: string }>('SELECT body FROM article_texts WHERE id = ?').get(id)?.body ?? '';
    const texts = body.split(PARAGRAPH_BREAK);
    const paragraphs = this.db
      .prepare<[number], Omit<ArticleRecord['paragraphs'][number], 'text'>>(
        'SELECT position, occurrences, flags FROM paragraphs WHERE article_id = ? ORDER BY position',
      )
      .all(id)
      .map((p) => ({ ...p, text: texts[p.position] ?? '' }));
    return { ...a, paragraphs };
  }

  /**
   * SQLite's own page and reference checks, FTS5's check of its index, and that every article has
   * its text, its index entry and its paragraph rows; empty when all is well. (FTS5's comparison
   * of the index against the text would flag every respelled figure, see fts.ts, so the index is
   * checked on its own and its documents are counted against the articles.)
   */
  integrityProblems(): string[] {
    const problems = (this.db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .filter((r) => r !== 'ok');
    const dangling = this.db.prepare('PRAGMA foreign_key_check').all().length;
    if (dangling > 0) problems.push(`${dangling} rows point at rows that do not exist`);
    try {
      this.db.prepare("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 0)").run();
    } catch (err) {
      problems.push(`full-text index: ${err instanceof Error ? err.message : String(err)}`);
    }
    const one = (sql: string): number => this.db.prepare(sql).pluck().get() as number;
    const articles = one('SELECT count(*) FROM articles');
    const texts = one('SELECT count(*) FROM article_texts t JOIN articles a ON a.id = t.id');
    const orphans = one('SELECT count(*) FROM article_texts WHERE id NOT IN (SELECT id FROM articles)');
    const indexed = one('SELECT count(*) FROM articles_fts_docsize');
    const bare = one('SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM paragraphs p WHERE p.article_id = a.id)');
    if (texts !== articles) problems.push(`${articles - texts} articles have no text`);
    if (orphans > 0) problems.push(`${orphans} texts belong to no article`);
    if (indexed !== articles) problems.push(`the full-text index holds ${indexed} documents for ${articles} articles`);
    if (bare > 0) problems.push(`${bare} articles have no paragraph rows`);
    return problems;
  }

  /** The file and its write-ahead log, which holds recent writes until the next checkpoint. */
  sizeBytes(): number {
    const wal = statSync(`${this.file}-wal`, { throwIfNoEntry: false });
    return statSync(this.file).size + (wal?.size ?? 0);
  }
}

/** `<file>.schema-N.bak`, or with a number when a backup of that schema is already there. */
function backupName(file: string, version: number): string {
  const base = `${file}.schema-${version}.bak`;
  let name = base;
  for (let i = 2; existsSync(name); i++) name = `${base}.${i}`;
  return name;
}
