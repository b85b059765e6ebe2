import type { Migration } from '../migrate.js';

/*
 * Schema 11: the duplicate finder's second whole-text band takes new MinHash seeds
 * (electron/analysis/duplicates/signature.ts says why: its old ones made unrelated paragraphs
 * share it about a thousand times as often as any other band, and every such candidate costs a
 * read of its text). Every stored key of that band is of the old kind, and rows do not say which
 * band they belong to, so all keys go, the recent ones too, and the finder's next pass makes them
 * again from the text, as after schema 7: `dup_rekey_up_to` records how far the finder had got.
 * A record of keys a big pass held (the same marks) is replaced by it, since every key up to there
 * is to be made again now. The band generation moves, so a pass of an older Pantau that held keys
 * and a filter of the stored ones drops them; but an older Pantau left running would go on making
 * keys with the old seeds, which nothing makes again (docs/duplicates.md asks to close it first;
 * from this version on the finder refuses an archive newer than it knows). Pairs, clusters and
 * boilerplate do not depend on the keys and stay.
 */
export const bandSeeds: Migration = {
  version: 11,
  name: 'duplicate band keys, new seeds for the second band',
  references: false,
  sql: `
    DELETE FROM dup_bands;
    DELETE FROM dup_bands_recent;
    DELETE FROM meta WHERE key IN ('dup_rekey_up_to', 'dup_rekeyed_up_to');
    INSERT INTO meta (key, value)
      SELECT 'dup_rekey_up_to', value FROM meta WHERE key = 'dup_indexed_up_to' AND CAST(value AS INTEGER) > 0;
    INSERT INTO meta (key, value) VALUES ('dup_bands_generation', '1')
      ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1;
  `,
};
