import { openDatabase } from '../db/driver.js';
import { Workbench } from '../electron/service.js';

/*
 * One export measurement in its own process, so its peak memory (maxRSS) is its own.
 * `csv` / `xlsx`: `pantau export articles` of every article, newest first, with the default
 * columns, through the Workbench. `bare`: the SQL one would write by hand for the same rows (the
 * same columns, names joined by SQLite, in the same order), read and dropped.
 */

const [mode, db, out] = process.argv.slice(2);
if (!mode || !db) throw new Error('usage: export-measure bare|csv|xlsx <db> [out]');

const BARE = `
  SELECT a.id, a.published_at, s.name, a.title, a.url, a.language,
    (SELECT group_concat(e.name, '; ') FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = a.id AND e.kind = 'country' AND ae.status <> 'rejected'),
    (SELECT group_concat(e.name, '; ') FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = a.id AND e.kind = 'person' AND ae.status <> 'rejected'),
    (SELECT group_concat(e.name, '; ') FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = a.id AND e.kind = 'tag' AND ae.status <> 'rejected')
  FROM articles a INDEXED BY articles_date_key LEFT JOIN sources s ON s.id = a.source_id
  ORDER BY ifnull(a.published_at, '') DESC, a.id DESC`;

const started = process.hrtime.bigint();
let rows = 0;
if (mode === 'bare') {
  const conn = openDatabase(db, { readonly: true });
  let bytes = 0;
  for (const row of conn.prepare(BARE).raw().iterate() as Iterable<unknown[]>) {
    rows += 1;
    for (const v of row) if (typeof v === 'string') bytes += v.length;
  }
  conn.close();
  if (bytes === 0) throw new Error('read nothing');
} else {
  const wb = await Workbench.open(db);
  try {
    const r = await wb.export({ kind: 'articles', out: out!, sort: 'newest', format: mode === 'xlsx' ? 'xlsx' : 'csv' });
    rows = r.rows;
  } finally {
    wb.close();
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ mode, rows, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
