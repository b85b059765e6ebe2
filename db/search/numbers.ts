/*
 * Figures with thousand separators ("Rp14.000", "14,000", "2.000.000") are split by the
 * tokenizer into groups ("rp14" "000") that no query for the figure reaches. The text given to
 * the full-text index, and every query, therefore spell such a figure as its digits followed by
 * its groups ("14000 000"): the same number of tokens as the stored text, so FTS5's positions,
 * highlights and snippets still line up with what the user reads. "14.000", "14,000",
 * "Rp14.000" and "14000" all reach the same token. A currency or unit glued in front ("Rp",
 * "US") is dropped from that first token: a search for the figure matters more than for "rp14".
 */

const GROUPED = /(?<![\p{L}\p{N}]|\p{N}[.,])\p{L}*(\d{1,3})((?:[.,]\d{3})+)(?![\p{L}\p{N}]|[.,]\d{3})/gu;
/** Cheap pre-test: most paragraphs hold no grouped figure and skip the full pattern. */
const MAYBE = /\d[.,]\d{3}/;

export function spellGroupedNumbers(text: string): string {
  if (!MAYBE.test(text)) return text;
  return text.replace(GROUPED, (_whole, head: string, groups: string) => {
    const parts = groups.split(/[.,]/).slice(1);
    return [head + parts.join(''), ...parts].join(' ');
  });
}
