import type { Migration } from '../migrate.js';

/*
 * Schema 7: new band keys for the duplicate finder (seven MinHash rows a whole-text band, heads and
 * tails hashed word for word; electron/analysis/duplicates/signature.ts). Every stored key of
 * schema 6 is of the old kind and would never match a new one, so they go. Making the new ones
 * needs the finder's own code, which lives above this layer: the migration only records how far
 * the finder had got (`dup_rekey_up_to`), and the finder's next pass makes the keys of those
 * articles again, a chunk at a time, before it looks at new ones. Pairs, clusters and boilerplate
 * stay as they are: they do not depend on the keys.
 */
export const bandKeys: Migration = {
  version: 7,
  name: 'duplicate band keys, second kind',
  sql: `
    DELETE FROM dup_bands;
    INSERT INTO meta (key, value)
      SELECT 'dup_rekey_up_to', value FROM meta WHERE key = 'dup_indexed_up_to' AND CAST(value AS INTEGER) > 0;
  `,
};
