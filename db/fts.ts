import type { Database } from './driver.js';
import { spellGroupedNumbers } from './search/numbers.js';

/*
 * What the full-text index is given for a title or body. It differs from the stored text only
 * where grouped figures are respelled (see search/numbers.ts), and has as many tokens, so FTS5
 * reads highlights and snippets from the stored text unchanged. The SQL triggers that remove an
 * article from the index call it as pantau_index_text(): a delete must hand FTS5 exactly the
 * tokens the insert gave it. Another program opening the archive without this function cannot run
 * those triggers, so it cannot delete an article and leave the index out of step.
 */
export const indexText = spellGroupedNumbers;

/** Paragraphs are stored in a body separated by one blank line. */
export const PARAGRAPH_BREAK = '\n\n';

/**
 * The body as search sees it: without the paragraphs listed in `hidden` (outlet boilerplate,
 * positions joined by commas). Both the index and its snippets read this, so they stay in step.
 */
export function visibleText(body: string, hidden: string | null): string {
  if (hidden === null || hidden === '') return body;
  const drop = new Set(hidden.split(',').map(Number));
  return body
    .split(PARAGRAPH_BREAK)
    .filter((_, i) => !drop.has(i))
    .join(PARAGRAPH_BREAK);
}

export function registerIndexText(db: Database): void {
  db.function('pantau_index_text', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? indexText(text) : text));
  db.function('pantau_visible_text', { deterministic: true }, (body: unknown, hidden: unknown) =>
    typeof body === 'string' ? visibleText(body, typeof hidden === 'string' ? hidden : null) : body,
  );
}

/** The full-text table: external content over the narrow article row and its text, stored once. */
export const FTS_TABLE_SQL = `
  CREATE VIEW article_fts_source (id, title, body) AS
    SELECT a.id, a.title, t.body FROM articles a JOIN article_texts t ON t.id = a.id;
  CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body,
    content = 'article_fts_source', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
  );
`;
