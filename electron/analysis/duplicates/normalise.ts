/**
 * The form two copies of a paragraph share despite retyping: lower case, accents, punctuation and
 * runs of blanks gone, words separated by one space. Both the exact hash and the near-duplicate
 * shingles are taken over it, so what counts as "the same paragraph" is decided in one place.
 */
export function normaliseParagraph(text: string): string {
  // Most news text is ASCII, where the Unicode-aware steps change nothing and cost the most.
  return asciiNormalised(text) ?? text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

let scratch = Buffer.alloc(4096);

/**
 * normaliseParagraph of an ASCII text, or null for any other: letters lowered, each run of other
 * characters one space, none at either end. One pass over the text into bytes: the regular
 * expressions and string copies this replaces took twice the time, a tenth of an import's
 * parsing thread.
 */
function asciiNormalised(text: string): string | null {
  if (scratch.length < text.length) scratch = Buffer.alloc(2 * text.length);
  const out = scratch;
  let n = 0;
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c > 0x7f) return null;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      if (gap && n > 0) out[n++] = 0x20;
      gap = false;
      out[n++] = c;
    } else gap = true;
  }
  return out.toString('latin1', 0, n);
}

/** Words of a normalised paragraph (one space between words). */
export function wordCount(normalised: string): number {
  if (normalised === '') return 0;
  let n = 1;
  for (let i = normalised.indexOf(' '); i !== -1; i = normalised.indexOf(' ', i + 1)) n += 1;
  return n;
}
