import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { setImmediate } from 'node:timers/promises';
import { Workbench, WorkbenchError } from '../electron/service.js';
import { fixture, tempDir } from './helpers.js';
import { prng } from './prng.js';

/*
 * Whatever is typed into the search box, the whole stack (parser, compiler, SQLite) answers with
 * results or with a message that points into the query: never an exception, a raw SQLite error
 * or a hang. Seeded, so a failure can be replayed.
 */

const PIECES = [
  'putin', 'xi', 'harga', 'beras', 'OR', 'AND', 'NOT', 'NEAR(', 'NEAR', ')', '(', '"', '“', '”', '«', '-', '*', '~', '~5', ':', ',',
  'title:', 'source:', 'lang:', 'country:', 'person:', 'tag:', 'date:', 'after:', 'before:', '2023-03-21', '2023-03', '..', '2024',
  '|', '\\', "'", '%', '_', '{', '}', '[', ']', '^', '$', '@', '#', '=', '+', ';', 'SELECT', 'MATCH', 'rowid', 'bm25(', "')--",
  '\u0000', '\u202E', 'é', 'e\u0301', '中国', 'Москва', '🙂', '\uD800', '\t', '\n', ' ', ' ', ' ',
];

test('thousands of random and hostile queries give results or a positioned message', { timeout: 120_000 }, async (t) => {
  const wb = await Workbench.open(join(tempDir(t), 'fuzz.db'), { create: true });
  t.after(() => wb.close());
  await wb.import({ paths: [fixture('search', 'corpus.jsonl')] });

  const rand = prng(20231121);
  const queries: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const n = 1 + Math.floor(rand() * 12);
    let q = '';
    for (let k = 0; k < n; k++) q += PIECES[Math.floor(rand() * PIECES.length)]! + (rand() < 0.6 ? ' ' : '');
    queries.push(q);
  }
  queries.push('('.repeat(5000), '"'.repeat(999), 'NEAR('.repeat(500), 'a'.repeat(100_000), '-'.repeat(3000), 'x* '.repeat(300), 'OR '.repeat(1000));

  let answered = 0;
  let refused = 0;
  for (const [i, query] of queries.entries()) {
    // A turn for the test runner now and then, so its timeout (the hang guard) can end the test.
    if (i % 100 === 0) await setImmediate();
    try {
      const r = wb.search({ query, limit: 5 });
      assert.ok(Number.isInteger(r.total) && r.total >= 0 && r.results.length <= 5, query);
      wb.facets({ query });
      answered += 1;
    } catch (err) {
      assert.ok(err instanceof WorkbenchError, `${JSON.stringify(query)} threw ${String(err)}`);
      assert.ok(err.code === 'invalid_query' || err.code === 'invalid_request', `${JSON.stringify(query)}: ${err.code} ${err.message}`);
      if (err.code === 'invalid_query') {
        assert.ok(Number.isInteger(err.position) && err.position! >= 0 && err.position! <= query.length, `${JSON.stringify(query)}: position ${err.position}`);
        assert.match(err.message, / at \d+$/);
      }
      refused += 1;
    }
  }
  // Both outcomes must actually occur, or the generator is not exercising the language.
  assert.ok(answered > 1000 && refused > 100, `answered ${answered}, refused ${refused}`);
});
