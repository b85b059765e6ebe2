/*
 * Sentence boundaries by the Unicode rules (UAX #29) as ICU implements them, which know about
 * quotation marks, ellipses and closing brackets after a full stop better than a regex would.
 * One segmenter for the module: building one costs far more than segmenting an article.
 *
 * ICU is asked about one place at a time, and only when asked: reading every sentence of an
 * article costs about a microsecond per sentence, and most of the finder's questions are settled
 * without knowing where a sentence begins.
 */
const segmenter = new Intl.Segmenter('id', { granularity: 'sentence' });

/** A sentence: `text.slice(start, end)`. */
export interface Sentence {
  start: number;
  end: number;
}

/*
 * Plain ASCII text needs no ICU, by the rules themselves: a sentence ends after a line feed (SB4)
 * or after a full stop, question or exclamation mark, more of them and spaces (SB11), unless a
 * lower-case letter goes on after a full stop (SB8); a capital letter after the spaces begins
 * the next (SB7 needs no space between, SB8 a lower-case letter). The readers below follow
 * these rules where they are sure and ask ICU everywhere else, so most articles never set it to work.
 */
const isTerminator = (c: number): boolean => c === 0x2e || c === 0x21 || c === 0x3f;
const isUpperAscii = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLowerAscii = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isAsciiAlphanumeric = (c: number): boolean => isUpperAscii(c) || isLowerAscii(c) || (c >= 0x30 && c <= 0x39);

export class Sentences {
  private segments: Intl.Segments | undefined;
  /** The sentence last asked about: questions come in order, several about one sentence. */
  private last: Sentence = { start: 0, end: 0 };

  constructor(private readonly text: string) {}

  /** The sentence holding text[at]. */
  around(at: number): Sentence {
    if (at >= this.last.start && at < this.last.end) return this.last;
    this.segments ??= segmenter.segment(this.text);
    const s = this.segments.containing(at)!;
    this.last = { start: s.index, end: s.index + s.segment.length };
    return this.last;
  }

  /** The end of the sentence holding text[at]. */
  endOf(at: number): number {
    const text = this.text;
    // No sentence's closing punctuation and spaces take in an ASCII letter or digit, so from one
    // the sentence ends at the first line feed or full stop, question or exclamation mark that ends one.
    if (!isAsciiAlphanumeric(text.charCodeAt(at))) return this.around(at).end;
    for (let i = at; i < text.length;) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) return i + 1;
      if (c >= 0x80 || c === 0x0d) return this.around(at).end;
      if (!isTerminator(c)) {
        i += 1;
        continue;
      }
      let spaces = i + 1;
      while (spaces < text.length && isTerminator(text.charCodeAt(spaces))) spaces++;
      const fullStop = text.charCodeAt(spaces - 1) === 0x2e;
      let next = spaces;
      while (next < text.length && text.charCodeAt(next) === 0x20) next++;
      if (next === text.length) return next;
      const n = text.charCodeAt(next);
      if (n === 0x0a) return next + 1;
      if (isUpperAscii(n) && next > spaces) return next;
      if (!(isLowerAscii(n) && fullStop)) return this.around(at).end;
      i = next;
    }
    return text.length;
  }

  /** Whether a sentence begins after text[after] and at or before text[at]. */
  beginsBetween(after: number, at: number): boolean {
    const text = this.text;
    for (let i = after + 1; i < at; i++) if (text.charCodeAt(i) === 0x0a) return true;
    let q = at - 1;
    while (q > after && text.charCodeAt(q) === 0x20) q--;
    if (q < at - 1 && q > after && isTerminator(text.charCodeAt(q)) && isUpperAscii(text.charCodeAt(at))) return true;
    return this.around(at).start > after;
  }
}
