import { closeSync, openSync, readSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { backupFolder, type BackupFile, latestGoodBackup } from './backup.js';
import { ArchiveError, type Database } from './driver.js';
import { indexText, visibleText } from './fts.js';

/*
 * `pantau check`: SQLite's page and reference checks, FTS5's check of its index and the archive's
 * own rules (every article has its text, its index entry and its paragraph rows), and the rebuild
 * of the full-text index from the stored texts. Also how damage found on opening is told apart
 * from a file that is no archive at all.
 */

export type CheckKind = 'integrity' | 'foreign_keys' | 'index' | 'consistency';

export interface CheckProblem {
  kind: CheckKind;
  message: string;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Rows of `PRAGMA integrity_check` reported at most; a badly damaged file has thousands. */
const MAX_INTEGRITY_ROWS = 100;

/** The full-text index's own check: its b-trees and segments agree with each other. */
export function indexProblems(db: Database): CheckProblem[] {
  // With rank 0 FTS5 checks the index on its own: comparing it against the text would flag every
  // respelled figure (fts.ts), so its documents are counted against the articles instead.
  try {
    db.prepare("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 0)").run();
  } catch (err) {
    return [{ kind: 'index', message: `the full-text index is damaged: ${messageOf(err)}` }];
  }
  const one = (sql: string): number => db.prepare(sql).pluck().get() as number;
  const articles = one('SELECT count(*) FROM articles');
  const indexed = one('SELECT count(*) FROM articles_fts_docsize');
  return indexed === articles ? [] : [{ kind: 'index', message: `the full-text index holds ${indexed} documents for ${articles} articles` }];
}

/**
 * Every check, each problem one plain line; empty when all is well. `quick` runs SQLite's
 * quick_check, which skips matching indexes against their tables (much faster on a large file).
 */
export function checkArchive(db: Database, { quick = false }: { quick?: boolean } = {}): CheckProblem[] {
  const problems: CheckProblem[] = integrityProblems(db, quick ? 'quick_check' : 'integrity_check').map((message) => ({ kind: 'integrity', message }));
  // The other checks read the tables; on pages SQLite has just called damaged they may fail themselves.
  const attempt = (kind: CheckKind, run: () => CheckProblem[]): void => {
    try {
      problems.push(...run());
    } catch (err) {
      problems.push({ kind, message: `${kind === 'index' ? 'the full-text index' : kind === 'foreign_keys' ? 'references between tables' : 'the articles'} could not be checked: ${messageOf(err)}` });
    }
  };
  attempt('foreign_keys', () => {
    const dangling = db.pragma('foreign_key_check') as { table: string; parent: string }[];
    const byTable = new Map<string, number>();
    for (const r of dangling) byTable.set(`${r.table} → ${r.parent}`, (byTable.get(`${r.table} → ${r.parent}`) ?? 0) + 1);
    return [...byTable].map(([pair, n]) => ({ kind: 'foreign_keys', message: `${n} rows of ${pair.split(' → ')[0]} point at rows of ${pair.split(' → ')[1]} that do not exist` }));
  });
  attempt('index', () => indexProblems(db));
  attempt('consistency', () => {
    const one = (sql: string): number => db.prepare(sql).pluck().get() as number;
    const found: CheckProblem[] = [];
    const articles = one('SELECT count(*) FROM articles');
    const texts = one('SELECT count(*) FROM article_texts t JOIN articles a ON a.id = t.id');
    const orphans = one('SELECT count(*) FROM article_texts WHERE id NOT IN (SELECT id FROM articles)');
    const bare = one('SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM paragraphs p WHERE p.article_id = a.id)');
    if (texts !== articles) found.push({ kind: 'consistency', message: `${articles - texts} articles have no text` });
    if (orphans > 0) found.push({ kind: 'consistency', message: `${orphans} texts belong to no article` });
    if (bare > 0) found.push({ kind: 'consistency', message: `${bare} articles have no paragraph rows` });
    return found;
  });
  return problems;
}

/** SQLite's findings, each naming the table whose b-tree it is about ("Tree 16" is the tree rooted at page 16). */
function integrityProblems(db: Database, pragma: 'integrity_check' | 'quick_check'): string[] {
  const tables = new Map<number, string>(
    (db.prepare("SELECT rootpage, name FROM sqlite_master WHERE rootpage > 0").all() as { rootpage: number; name: string }[]).map((r) => [r.rootpage, r.name]),
  );
  const named = (line: string): string => line.replace(/^Tree (\d+) /, (whole, root: string) => (tables.has(Number(root)) ? `${tables.get(Number(root))}: ${whole}` : whole));
  const run = (target: string): string[] =>
    (db.pragma(`${pragma}${target}`) as Record<string, string>[])
      .flatMap((r) => Object.values(r)[0]!.split('\n'))
      .filter((line) => line !== 'ok' && !line.startsWith('*** in database'))
      .map(named);
  try {
    return run(`(${MAX_INTEGRITY_ROWS})`);
  } catch (err) {
    // SQLite can stop its own check on a page too broken to walk: then each table is checked on its own.
    const found: string[] = [];
    for (const name of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0").pluck().all() as string[]) {
      try {
        found.push(...run(`(${JSON.stringify(name)})`).slice(0, MAX_INTEGRITY_ROWS));
      } catch (inner) {
        found.push(`${name}: the table cannot be read (${messageOf(inner)})`);
      }
    }
    return found.length > 0 ? found : [`SQLite stopped its check: ${messageOf(err)}`];
  }
}

/** Articles read and indexed per transaction while rebuilding. */
const REBUILD_CHUNK = 2000;

/**
 * Rebuild the full-text index from the stored texts, as the import wrote it: each title and
 * visible body with its figures respelled. (FTS5's own 'rebuild' would read the raw text and lose
 * the respelling.) One transaction, so a failure leaves the index as it was.
 */
export function rebuildIndex(db: Database, onProgress?: (done: number, total: number) => void): number {
  const total = db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
  const read = db.prepare<[number, number], { id: number; title: string; body: string; hidden: string | null }>(
    'SELECT a.id, a.title, t.body, t.hidden FROM articles a JOIN article_texts t ON t.id = a.id WHERE a.id > ? ORDER BY a.id LIMIT ?',
  );
  const index = db.prepare('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)');
  let done = 0;
  db.transaction(() => {
    db.prepare("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')").run();
    onProgress?.(0, total);
    let after = 0;
    for (let rows = read.all(after, REBUILD_CHUNK); rows.length > 0; rows = read.all(after, REBUILD_CHUNK)) {
      for (const r of rows) index.run(r.id, indexText(r.title), indexText(visibleText(r.body, r.hidden)));
      done += rows.length;
      after = rows[rows.length - 1]!.id;
      onProgress?.(done, total);
    }
    db.prepare("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')").run();
  }).immediate();
  return done;
}

/** An archive SQLite finds damaged; `backup` is the newest automatic copy that opens and passes quick_check. */
export class DamagedArchiveError extends ArchiveError {
  // The name stays ArchiveError: every door already reports those as the `archive` error they are.
  readonly damaged = true;
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly backup: BackupFile | null,
  ) {
    const how = backup
      ? `The latest good backup is ${backup.file}, taken ${backup.takenAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. ` +
        `To put it in place (the damaged file is kept beside it, renamed ${basename(file)}.damaged-<time>), run:\n  pantau restore --from "${backup.file}" --db "${file}"`
      : `No good backup of it was found in ${backupFolder(file)}. \`pantau check --db "${file}"\` lists the damage; ` +
        `a copy made before it broke can be put in place with \`pantau restore --from COPY --db "${file}"\`.`;
    // Damage to the full-text index alone is repaired from the stored texts, with no backup needed.
    const index = /fts5/i.test(reason) ? `The damage is in its full-text index, which \`pantau check --rebuild-index --db "${file}"\` rebuilds from the stored texts. Or: ` : '';
    super(`The archive ${file} is damaged (SQLite says: ${reason}). It has not been changed.\n${index}${how}`);
  }
}

/** The damage `err` shows in the archive at `file`, as a DamagedArchiveError naming its latest good backup; else null. */
export function asDamaged(file: string, err: unknown, applicationId: number): DamagedArchiveError | null {
  if (err instanceof DamagedArchiveError) return err;
  const reason = damageReason(file, err);
  const full = resolve(file);
  return reason === null ? null : new DamagedArchiveError(full, reason, latestGoodBackup(full, applicationId));
}

const SQLITE_MAGIC = 'SQLite format 3\0';

function startsLikeSqlite(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_MAGIC;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * SQLite's reason when `err` (or its cause) says the file at `file` is damaged, else null. "Not a
 * database" counts only for a file that starts as an SQLite database does: any other file is simply
 * not an archive.
 */
export function damageReason(file: string, err: unknown): string | null {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (code.startsWith('SQLITE_CORRUPT')) return e.message;
    if (code.startsWith('SQLITE_NOTADB') && startsLikeSqlite(file)) return e.message;
  }
  return null;
}
