import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashRange, UNHASHED, WordFilter } from '../electron/analysis/word-filter.js';

/* The finders' "surely not in this list" test may answer "maybe" wrongly, never "no" wrongly. */

test('every word added is a maybe, in any case; words it does not hold are mostly a no', () => {
  const words = ['presiden', 'menteri', 'kata', 'said', 'senin', 'januari'];
  const filter = new WordFilter(words);
  for (const w of words) {
    assert.ok(filter.mayHave(hashRange(w, 0, w.length)), w);
    const upper = w.toUpperCase();
    assert.ok(filter.mayHave(hashRange(upper, 0, upper.length)), upper);
  }
  const others = Array.from({ length: 1000 }, (_, i) => `kata${i}x`);
  const maybes = others.filter((w) => filter.mayHave(hashRange(w, 0, w.length))).length;
  assert.ok(maybes < 20, `${maybes} of 1000 absent words were a maybe`);
});

test('a word with characters beyond ASCII has no hash and is always a maybe', () => {
  assert.equal(hashRange('Moskwa Türkiye', 7, 14), UNHASHED);
  assert.notEqual(hashRange('Moskwa Türkiye', 0, 6), UNHASHED);
  assert.ok(new WordFilter([]).mayHave(UNHASHED));
});

test('the hash covers only the range asked for', () => {
  assert.equal(hashRange('Presiden Putin', 0, 8), hashRange('presiden', 0, 8));
  assert.equal(hashRange('kata Putin', 5, 10), hashRange('putin', 0, 5));
});
