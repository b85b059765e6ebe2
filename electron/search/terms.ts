/*
 * Plain AND-of-terms search: every word the user typed must occur. Each word is passed to FTS5 as
 * a quoted string, so operators, quotes and column syntax in user text are never interpreted.
 */

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The FTS5 MATCH expression for the words of `query`, or null when it has no words. */
export function termsToMatch(query: string): string | null {
  const words = query.normalize('NFC').match(WORD);
  if (!words) return null;
  return words.map((w) => `"${w}"`).join(' ');
}
