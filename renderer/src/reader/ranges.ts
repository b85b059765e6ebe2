import type { Evidence, ParagraphView, TextRange } from '../../../electron/api.js';

/*
 * Marks in the reader's text: the query's matches (from the `highlight` call) and a suggestion's
 * evidence. Evidence spans count in the analysed text: the title, a blank line, then the article's
 * distinct paragraphs (boilerplate included) separated by blank lines, the paragraphs the reader
 * shows (electron/analysis/types.ts).
 */

/** Ranges per place: the title, or a paragraph by its position. */
export interface Placed {
  title: TextRange[];
  paragraphs: Map<number, TextRange[]>;
}

const BREAK = 2;

export const NOWHERE: Placed = { title: [], paragraphs: new Map() };

/** Where each evidence span falls: in the title or in one paragraph, as offsets into that text. */
export function placeEvidence(title: string, paragraphs: readonly ParagraphView[], evidence: readonly Evidence[]): Placed {
  const placed: Placed = { title: [], paragraphs: new Map() };
  let start = title.length + BREAK;
  const starts = paragraphs.map((p) => {
    const at = start;
    start += p.text.length + BREAK;
    return at;
  });
  for (const [s, e] of evidence) {
    if (e <= title.length) {
      placed.title.push([s, e]);
      continue;
    }
    const i = starts.findLastIndex((at) => at <= s);
    const p = paragraphs[i];
    if (!p) continue;
    const from = s - starts[i]!;
    const to = Math.min(e - starts[i]!, p.text.length);
    if (from >= p.text.length || to <= from) continue;
    const list = placed.paragraphs.get(p.position) ?? [];
    list.push([from, to]);
    placed.paragraphs.set(p.position, list);
  }
  return placed;
}

/** A stretch of text and what marks it. */
export interface Segment {
  text: string;
  match: boolean;
  evidence: boolean;
}

const covers = (ranges: readonly TextRange[], at: number): boolean => ranges.some(([s, e]) => s <= at && at < e);

/** The text cut where any mark starts or ends, each piece with the marks over it. */
export function segments(text: string, matches: readonly TextRange[], evidence: readonly TextRange[]): Segment[] {
  const cuts = new Set([0, text.length]);
  for (const [s, e] of [...matches, ...evidence]) {
    cuts.add(Math.max(0, Math.min(text.length, s)));
    cuts.add(Math.max(0, Math.min(text.length, e)));
  }
  const at = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < at.length; i++) {
    const from = at[i]!;
    const piece = { text: text.slice(from, at[i + 1]), match: covers(matches, from), evidence: covers(evidence, from) };
    const last = out[out.length - 1];
    if (last && last.match === piece.match && last.evidence === piece.evidence) last.text += piece.text;
    else out.push(piece);
  }
  return out;
}
