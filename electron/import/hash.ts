import { hash } from 'node:crypto';
import { normaliseParagraph } from '../analysis/duplicates/normalise.js';

/**
 * 64-bit paragraph hash (signed, to fit an SQLite INTEGER) over the normalised text. An identity,
 * not a secret: MD5's one-shot form is the cheapest well-mixed 64 bits Node offers, and an import
 * hashes every paragraph.
 */
export function paragraphHash(text: string): bigint {
  return normalisedHash(normaliseParagraph(text));
}

/** `paragraphHash` of a text already normalised (normaliseParagraph), for callers that need the normalised form too. */
export function normalisedHash(normalised: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${hash('md5', normalised).slice(0, 16)}`));
}

/**
 * Identity of an article's content: the same title and clean body always give the same hash.
 * 128 bits of SHA-256 as 32 hex digits: collisions stay out of reach at any archive size, and the
 * archive stores it as 16 bytes.
 */
export function contentHash(title: string, body: string): string {
  return hash('sha256', `${title}\u0000${body}`).slice(0, 32);
}
