import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GIVE_WAY_MS, givingWay, HOLD_MS } from '../electron/analysis/duplicates/give-way.js';

/*
 * Between two slices of a merge of recent keys (or a store of held ones), another process waiting
 * to write must find the archive free for longer than its 100 ms between tries, at least every
 * HOLD_MS of slices; slices shorter than that share one pause. The clock is the test's.
 */

function clocked(): { steps: string[]; giveWay: () => Promise<void>; slice: (ms: number) => void } {
  let now = 1000;
  const steps: string[] = [];
  const giveWay = givingWay({
    now: () => now,
    pause: async (ms) => {
      steps.push(`pause ${ms}`);
      now += ms;
    },
    turn: async () => {
      steps.push('turn');
    },
  });
  return { steps, giveWay, slice: (ms) => void (now += ms) };
}

test('slices of a small archive share a pause: one before the first, then one each time they have held it HOLD_MS', async () => {
  const { steps, giveWay, slice } = clocked();
  for (let i = 0; i < 12; i++) {
    await giveWay();
    slice(70);
  }
  const pauseAt = steps.flatMap((s, i) => (s.startsWith('pause') ? [i] : []));
  // 70 ms slices: a pause, then five turns (350 ms), and the sixth slice's 420 ms calls for the next.
  assert.deepEqual(pauseAt, [0, 6]);
  assert.ok(steps.every((s) => s === 'turn' || s === `pause ${GIVE_WAY_MS}`));
  assert.ok(GIVE_WAY_MS > 100, 'longer than the busy handler’s 100 ms between tries');
});

test('slices as long as HOLD_MS are each followed by a pause, as at a million articles', async () => {
  const { steps, giveWay, slice } = clocked();
  for (let i = 0; i < 5; i++) {
    await giveWay();
    slice(HOLD_MS);
  }
  assert.deepEqual(steps, Array(5).fill(`pause ${GIVE_WAY_MS}`));
});

test('the real clock: the first call pauses', async () => {
  const giveWay = givingWay();
  const started = performance.now();
  await giveWay();
  assert.ok(performance.now() - started >= GIVE_WAY_MS - 1);
});
