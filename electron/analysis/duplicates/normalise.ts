/**
 * The form two copies of a paragraph share despite retyping: lower case, accents, punctuation and
 * runs of blanks gone, words separated by one space. Both the exact hash and the near-duplicate
 * shingles are taken over it, so what counts as "the same paragraph" is decided in one place.
 */
export function normaliseParagraph(text: string): string {
  // Most news text is ASCII, where the Unicode-aware steps change nothing and cost the most.
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Words of a normalised paragraph (one space between words). */
export function wordCount(normalised: string): number {
  if (normalised === '') return 0;
  let n = 1;
  for (let i = normalised.indexOf(' '); i !== -1; i = normalised.indexOf(' ', i + 1)) n += 1;
  return n;
}
