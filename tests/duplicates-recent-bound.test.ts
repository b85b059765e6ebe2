import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recentBound } from '../electron/analysis/duplicates/update.js';

/*
 * When an increment first merges the recent keys into the main table (docs/duplicates.md#where-the-keys-are-kept):
 * the bound that costs the fewest pages written grows with the square root of the archive, between
 * a floor for small archives and the bound measured best at a million articles.
 */

test('the bound on recent keys grows as the square root of the articles gone through, between its floor and its ceiling', () => {
  assert.equal(recentBound(0), 250_000);
  assert.equal(recentBound(1_000), 250_000);
  // √(2 × 100,000 × 60 × 1,000 × 60)
  assert.equal(recentBound(100_000), 848_528);
  assert.equal(recentBound(400_000), 1_697_056);
  assert.equal(recentBound(1_000_000), 2_000_000);
  assert.equal(recentBound(50_000_000), 2_000_000);
  const sizes = [0, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];
  const bounds = sizes.map(recentBound);
  assert.ok(bounds.every((b, i) => i === 0 || b >= bounds[i - 1]!), `never smaller for a bigger archive: ${bounds.join(', ')}`);
  // Four times the articles, twice the bound, where neither end holds it.
  assert.ok(Math.abs(recentBound(160_000) - 2 * recentBound(40_000)) <= 1);
});
