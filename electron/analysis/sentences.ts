/*
 * Sentence boundaries by the Unicode rules (UAX #29) as ICU implements them, which know about
 * quotation marks, ellipses and closing brackets after a full stop better than a regex would.
 * One segmenter for the module: building one costs far more than segmenting an article.
 */
const segmenter = new Intl.Segmenter('id', { granularity: 'sentence' });

/** Offsets at which the sentences of `text` begin, ascending; the first is 0. */
export function sentenceStarts(text: string): number[] {
  const starts: number[] = [];
  for (const s of segmenter.segment(text)) starts.push(s.index);
  return starts;
}
