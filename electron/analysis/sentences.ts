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
}
