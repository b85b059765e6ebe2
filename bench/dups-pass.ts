import { Archive } from '../db/archive.js';
import { openDatabase } from '../db/driver.js';
import { registerIndexText } from '../db/fts.js';
import { updateDuplicates } from '../electron/analysis/duplicates/update.js';

/*
 * By hand: the duplicate finder's whole pass over an archive, timed, with its band keys held in
 * memory (a big pass, the default) or stored chunk by chunk (`stored`, heldRows 0), so the two can
 * be compared on one archive in one session:
 *
 *   node dist/bench/dups-pass.js bench/.corpus/db/search-100000.db held
 *   node dist/bench/dups-pass.js bench/.corpus/db/search-100000.db stored
 *
 * It first wipes the finder's state from the archive IN PLACE (bands, pairs, clusters, outlet lines,
 * boilerplate and its flags), as if the archive came from before schema 6: use it on the
 * benchmark's cached archives, never on one of your own. Prints one line of JSON.
 *
 * `upgrade` (held) and `upgrade-stored` (chunk by chunk) time an upgrade from schema 10 instead, on
 * an archive the finder is done with: it marks the archive as schema 10 (IN PLACE too), opens it,
 * which runs schema 11's migration, and times the pass that makes every band key again.
 */

const [file, mode = 'held'] = process.argv.slice(2);
if (!file || !['held', 'stored', 'upgrade', 'upgrade-stored'].includes(mode)) throw new Error('usage: dups-pass.js <archive> [held|stored|upgrade|upgrade-stored]');
const upgrade = mode.startsWith('upgrade');

const wipeStarted = Date.now();
const db = openDatabase(file);
try {
  if (upgrade) db.pragma('user_version = 10');
  else {
    // Unflagging boilerplate re-indexes those articles through the text trigger, which needs this function.
    registerIndexText(db);
    db.exec(`
      DELETE FROM dup_bands; DELETE FROM dup_bands_recent; DELETE FROM dup_edges; DELETE FROM dup_members; DELETE FROM dup_clusters;
      DELETE FROM outlet_lines; DELETE FROM boilerplate;
      UPDATE paragraphs SET flags = flags & ~2 WHERE flags & 2;
      UPDATE article_texts SET hidden = NULL WHERE hidden IS NOT NULL;
      DELETE FROM meta WHERE key IN ('dup_indexed_up_to', 'boilerplate_generation', 'dup_rekey_up_to', 'dup_rekeyed_up_to', 'dup_bands_generation');
    `);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
} finally {
  db.close();
}
const wipeSeconds = (Date.now() - wipeStarted) / 1000;

const opened = Date.now();
const archive = await Archive.open(file, { backups: false });
const openSeconds = (Date.now() - opened) / 1000;
try {
  const started = Date.now();
  let storing = 0;
  let storeStarted: number | null = null;
  let stores = 0;
  const summary = await updateDuplicates(archive, new Map(), {
    heldRows: mode.endsWith('stored') ? 0 : undefined,
    // `merging` is a store of the held keys here (the wipe left no recent keys to merge first).
    onPhase: (phase) => {
      if (phase === 'merging') {
        storeStarted = Date.now();
        stores += 1;
      } else if (storeStarted !== null) {
        storing += Date.now() - storeStarted;
        storeStarted = null;
      }
    },
    onProgress: (done, total) => {
      if (done > 0 && done % 100_000 === 0) console.error(`${done} / ${total} articles at ${((Date.now() - started) / 1000).toFixed(0)} s`);
    },
  });
  const seconds = (Date.now() - started) / 1000;
  if (storeStarted !== null) storing += Date.now() - storeStarted;
  console.log(
    JSON.stringify({
      mode,
      wipeSeconds,
      openSeconds,
      articles: summary.articles,
      paragraphs: summary.paragraphs,
      seconds,
      paragraphsPerSecond: Math.round(summary.paragraphs / seconds),
      stores,
      storeSeconds: storing / 1000,
      clusters: archive.duplicates.clusterCount(2),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} finally {
  archive.close({ optimize: false });
}
