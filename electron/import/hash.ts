import { createHash } from 'node:crypto';

/** Lower-case, accents and punctuation gone: the form two copies of a paragraph share despite retyping. */
export function normaliseForHash(text: string): string {
  // Most news text is ASCII; decomposing it would change nothing and costs a copy.
  const folded = /[^\x00-\x7f]/.test(text) ? text.normalize('NFKD').replace(/\p{M}+/gu, '') : text;
  return folded
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** 64-bit paragraph hash (signed, to fit an SQLite INTEGER) over the normalised text. */
export function paragraphHash(text: string): bigint {
  return createHash('sha1').update(normaliseForHash(text)).digest().readBigInt64BE(0);
}

/** Identity of an article's content: the same title and clean body always give the same hash. */
export function contentHash(title: string, body: string): string {
  return createHash('sha256').update(title).update('\u0000').update(body).digest('hex');
}
