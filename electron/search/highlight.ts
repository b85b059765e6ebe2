import type { QueryNode } from '../../db/search/ast.js';
import { spellGroupedNumbers } from '../../db/search/numbers.js';
import type { TextRange } from '../api.js';

/*
 * Where a parsed query's words stand in a title or paragraph, for the reader to mark them. Words
 * are read as the full-text index reads them (see db/fts.ts): runs of letters, digits and marks,
 * case and diacritics folded (unicode61 remove_diacritics 2), grouped figures respelled
 * ("Rp14.000" is the word 14000). Only what a match needs is marked: words under a NOT are not,
 * a title: word only in the title, a NEAR's words only where the others stand close enough.
 * Phrases are found within one paragraph, as a reader sees them.
 */

/** The same word pattern as the query parser's. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}/gu;

const fold = (word: string): string => word.normalize('NFD').replace(MARKS, '').toLowerCase();

type Leaf = Extract<QueryNode, { kind: 'term' | 'phrase' | 'near' }>;

/** The text leaves a match can owe to: those under an even number of NOTs. */
function positiveLeaves(node: QueryNode, negated: boolean, into: Leaf[]): Leaf[] {
  switch (node.kind) {
    case 'term':
    case 'phrase':
    case 'near':
      if (!negated) into.push(node);
      break;
    case 'and':
    case 'or':
      for (const child of node.children) positiveLeaves(child, negated, into);
      break;
    case 'not':
      positiveLeaves(node.child, !negated, into);
      break;
  }
  return into;
}

interface Words {
  /** Where each word is marked: a respelled figure's first word covers the whole figure ("1.200", not "1"). */
  spans: TextRange[];
  folded: string[];
}

const GROUP = /^\d{3}$/;
const GROUP_SEPARATOR = /^[.,]$/;

/** The text's words with their places. Respelling figures keeps the number of words, so the two line up. */
function wordsOf(text: string): Words {
  const spans = Array.from(text.matchAll(WORD), (m): TextRange => [m.index, m.index + m[0].length]);
  const own = spans.map(([s, e]) => fold(text.slice(s, e)));
  const spelled = Array.from(spellGroupedNumbers(text).matchAll(WORD), (m) => fold(m[0]));
  if (spelled.length !== spans.length) return { spans, folded: own };
  const marks = spans.map(([s, e], i): TextRange => {
    if (spelled[i] === own[i]) return [s, e];
    let end = i;
    while (end + 1 < spans.length && GROUP.test(own[end + 1]!) && GROUP_SEPARATOR.test(text.slice(spans[end]![1], spans[end + 1]![0]))) end += 1;
    return [s, spans[end]![1]];
  });
  return { spans: marks, folded: spelled };
}

/** Word positions where `word` stands (`prefix`: where a word starts with it). */
function positions(words: Words, word: string, prefix: boolean): number[] {
  const at: number[] = [];
  words.folded.forEach((w, i) => {
    if (prefix ? w.startsWith(word) : w === word) at.push(i);
  });
  return at;
}

/** Word positions [first, last] of each match of the leaf. */
function leafMatches(leaf: Leaf, words: Words): [number, number][] {
  switch (leaf.kind) {
    case 'term':
      return positions(words, fold(leaf.word), leaf.prefix).map((i) => [i, i]);
    case 'phrase': {
      const ws = leaf.words.map(fold);
      return positions(words, ws[0]!, false)
        .filter((i) => ws.every((w, k) => words.folded[i + k] === w))
        .map((i) => [i, i + ws.length - 1]);
    }
    case 'near': {
      // A word counts where every other word stands within the distance of it (words between them).
      const each = leaf.words.map((w) => positions(words, fold(w), false));
      return each.flatMap((at, n) =>
        at
          .filter((i) => each.every((other, m) => m === n || other.some((j) => j !== i && Math.abs(j - i) - 1 <= leaf.distance)))
          .map((i): [number, number] => [i, i]),
      );
    }
  }
}

/** Ranges sorted and joined where they overlap or touch. */
function merged(ranges: TextRange[]): TextRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: TextRange[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The ranges of `text` that the query's words match; `field` says whether the text is the title or a paragraph of the body. */
export function highlightRanges(query: QueryNode | null, text: string, field: 'title' | 'body'): TextRange[] {
  if (query === null) return [];
  const leaves = positiveLeaves(query, false, []).filter((l) => field === 'title' || l.kind === 'near' || l.field === undefined);
  if (leaves.length === 0) return [];
  const words = wordsOf(text);
  return merged(leaves.flatMap((leaf) => leafMatches(leaf, words).map(([first, last]): TextRange => [words.spans[first]![0], words.spans[last]![1]])));
}
