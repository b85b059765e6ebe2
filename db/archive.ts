import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type BackupOptions, type BackupProgress, type BackupResult, backupDatabase, type BackupSettings, latestGoodBackup, listBackups, readBackupSettings, takeBackup, type TakenBackup, writeBackupSettings } from './backup.js';
import { BatchedInsert } from './batched-insert.js';
import { asDamaged, checkArchive, type CheckProblem, DamagedArchiveError, rebuildIndex } from './check.js';
import { type CheckpointOptions, WalCheckpoints } from './checkpoints.js';
import { type Database, openDatabase } from './driver.js';
import { DuplicateStore, FLAG_BOILERPLATE, LINE_EXACT, LINE_OPENING, type ParagraphSignature } from './duplicates.js';
import { EntityStore, type NewSuggestion } from './entities.js';
import { ExportStore } from './export.js';
import { FeedStore } from './feeds.js';
import { FolderStore } from './folders.js';
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
  /** The source's identifier of the article; a second article with the same one is skipped. */
  externalId?: string | null;
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
  /**
   * Automatic backups (db/backup.ts): `false` takes none, not even before a migration (for tests
   * that do not look at them); `now` is the clock their names and the daily rule read.
   */
  backups?: false | { now?: () => Date };
}

const DAY_MS = 24 * 60 * 60 * 1000;

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
  readonly feeds: FeedStore;
  readonly folders: FolderStore;
  private readonly sourceIds = new Map<string, number>();
  /** Each outlet's name as the archive stores it (its first spelling). */
  private readonly sourceNames = new Map<number, string>();
  private readonly insertArticle;
  private readonly insertText;
  private readonly indexArticle;
  private readonly insertParagraphs;
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
    this.feeds = new FeedStore(db);
    this.folders = new FolderStore(db);
    this.insertArticle = db.prepare(
      // No conflict target: a known content hash and a known external id both make the article a duplicate.
      `INSERT INTO articles (content_hash, title, url, source_id, section, author, published_at, language, origin, import_id, added_at, external_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.insertText = db.prepare('INSERT INTO article_texts (id, body, hidden) VALUES (?, ?, ?)');
    this.indexArticle = db.prepare('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)');
    this.insertParagraphs = new BatchedInsert(db, 'INSERT INTO paragraphs (article_id, position, hash, occurrences, flags)', 5);
    this.findSource = db.prepare<[string], { id: number; name: string }>('SELECT id, name FROM sources WHERE name = ?');
    this.insertSource = db.prepare('INSERT INTO sources (name, created_at) VALUES (?, ?)');
    this.insertProblem = db.prepare('INSERT INTO import_problems (import_id, kind, path, reason) VALUES (?, ?, ?, ?)');
    this.updateCounts = db.prepare(
      'UPDATE imports SET files = ?, imported = ?, skipped = ?, failed = ?, warnings = ? WHERE id = ?',
    );
  }

  /**
   * Open or create the archive at `file`, migrating it to the current schema. An archive that
   * holds data under an older schema is first copied with SQLite's online backup into `backups/`
   * beside it (`<archive>-<time>-migration.db`, the newest few kept), so a migration that goes
   * wrong, or a user who wants to go back to the older Pantau, loses nothing. Damage SQLite meets
   * on the way is a DamagedArchiveError naming the latest good backup.
   */
  static async open(file: string, options: ArchiveOpenOptions = {}): Promise<Archive> {
    let db: Database;
    try {
      db = openDatabase(file, { applicationId: APPLICATION_ID });
    } catch (err) {
      throw asDamaged(file, err, APPLICATION_ID) ?? err;
    }
    try {
      registerIndexText(db);
      assertKnownVersion(db, file);
      const version = schemaVersionOf(db);
      let backup = '';
      if (version > 0 && version < SCHEMA_VERSION && options.backups !== false) {
        const taken = await takeBackup(db, file, 'migration', APPLICATION_ID, {
          at: options.backups?.now?.() ?? new Date(),
          keep: readBackupSettings(db).keepMigration,
          onProgress: (p) => options.onUpgrade?.({ phase: 'backup', done: p.done, total: p.total, backup: p.file }),
        });
        // The copy holds the archive's pages as they are: one failing its check means the archive is damaged, and is not upgraded.
        if (taken.problem !== null) {
          const full = resolve(file);
          throw new DamagedArchiveError(full, `the copy taken before upgrading it failed SQLite's quick_check (${taken.problem}; kept as ${taken.file})`, latestGoodBackup(full, APPLICATION_ID));
        }
        backup = taken.file;
      }
      return new Archive(file, db, options.onUpgrade, backup);
    } catch (err) {
      db.close();
      throw asDamaged(file, err, APPLICATION_ID) ?? err;
    }
  }

  /** Closes the connection; `optimize` (the default) refreshes the planner's statistics first, which writes. */
  close({ optimize = true }: { optimize?: boolean } = {}): void {
    if (!this.db.open) return;
    try {
      if (optimize) this.db.pragma('optimize');
    } catch {
      // Only the planner's statistics go unrefreshed; a damaged archive fails here, and is closed all the same.
    }
    this.db.close();
  }

  /**
   * Checkpoints of the write-ahead log on a thread of their own until `stop()` (db/checkpoints.ts):
   * for an import, whose writer is its bottleneck. Null when there is no log to checkpoint.
   */
  checkpointsApart(options?: CheckpointOptions): WalCheckpoints | null {
    return WalCheckpoints.start(this.db, options);
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
      const stored: { id: number; article: NewArticle; flags: number[] }[] = [];
      for (const a of articles) {
        const sourceId = a.source === null ? null : this.sourceId(a.source);
        if (!HASH_HEX.test(a.contentHash)) throw new Error(`content hash of ${a.origin} is not 32 hexadecimal digits`);
        const info = this.insertArticle.run(
          Buffer.from(a.contentHash, 'hex'), a.title, a.url, sourceId, a.section, a.author, a.publishedAt, a.language, a.origin, importId, added, a.externalId ?? null,
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
        stored.push({ id, article: a, flags });
        result.added.push({ id, signatures: a.paragraphs.map((p) => p.signature) });
      }
      // Written after every article of the batch is indexed, many rows a statement. A statement
      // of many rows opens a statement journal, and at each one FTS5 writes out the index terms it
      // holds in memory: in among the articles, that was a small index segment per article, and
      // the import took a tenth longer than with one row a statement.
      this.insertParagraphs.write((add) => {
        for (const { id, article, flags } of stored) article.paragraphs.forEach((p, i) => add(id, i, p.hash, p.occurrences, flags[i]));
      });
      this.entities.addSuggestions(stored.map(({ id, article }) => ({ articleId: id, suggestions: article.suggestions })));
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
    return this.transaction(work, 'immediate');
  }

  /**
   * Run `work`, which only reads, in one read transaction: it sees one state of the archive and
   * never waits for, nor holds up, a writer.
   */
  inReadTransaction<T>(work: () => T): T {
    return this.transaction(work, 'deferred');
  }

  private transaction<T>(work: () => T, mode: 'immediate' | 'deferred'): T {
    try {
      return this.db.transaction(work)[mode]();
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
   * its text, its index entry and its paragraph rows; empty when all is well (db/check.ts).
   */
  integrityProblems(): string[] {
    return this.check().map((p) => p.message);
  }

  check(options: { quick?: boolean } = {}): CheckProblem[] {
    return checkArchive(this.db, options);
  }

  /** Rebuild the full-text index from the stored texts; answers the articles indexed. */
  rebuildIndex(onProgress?: (done: number, total: number) => void): number {
    return rebuildIndex(this.db, onProgress);
  }

  /** A consistent copy of the archive at `target`, taken while it stays in use (db/backup.ts). */
  backup(target: string, options: BackupOptions = {}): Promise<BackupResult> {
    return backupDatabase(this.db, target, APPLICATION_ID, options);
  }

  backupSettings(change?: Partial<BackupSettings>): BackupSettings {
    return change === undefined ? readBackupSettings(this.db) : writeBackupSettings(this.db, change);
  }

  /**
   * The daily copy into `backups/`, when the settings ask for one, the archive holds articles and
   * the newest automatic backup (a suspect one too) is a day old or more (by `now`); answers it, or null.
   */
  async dailyBackup(now: Date, onProgress?: (p: BackupProgress & { file: string }) => void): Promise<TakenBackup | null> {
    const settings = readBackupSettings(this.db);
    if (settings.auto !== 'daily' || this.articleCount() === 0) return null;
    // A backup dated after `now` (a clock set back) is not counted, or it would hold off every other.
    // A suspect copy counts: a damaged archive gets one a day, not one at every opening.
    const newest = listBackups(this.file, { suspect: true }).find((b) => b.takenAt.getTime() <= now.getTime());
    if (newest && now.getTime() - newest.takenAt.getTime() < DAY_MS) return null;
    return takeBackup(this.db, this.file, 'daily', APPLICATION_ID, { at: now, keep: settings.keepDaily, onProgress });
  }

  /** The file and its write-ahead log, which holds recent writes until the next checkpoint. */
  sizeBytes(): number {
    const wal = statSync(`${this.file}-wal`, { throwIfNoEntry: false });
    return statSync(this.file).size + (wal?.size ?? 0);
  }
}

