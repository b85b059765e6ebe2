import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';

/*
 * What a merge of the recent keys, or a store of held ones, does between two of its slices (each
 * slice a transaction). Searches on the service's thread need only a turn of the event loop.
 * Another process waiting to write (an import beside the app) retries SQLite's lock every 100 ms
 * once it has waited a quarter of a second, so for it the lock must stay free a little longer than
 * that, or it would wait for the whole merge after all. A pause after every slice did that, but
 * slices of a small archive's merge take tens of milliseconds: at 100,000 articles, 48 pauses of
 * 110 ms were 5.3 s of an import's 148 s in which neither the writer nor the finder worked. So
 * the pause comes once the slices since the last one have held the archive for HOLD_MS; at a
 * million articles a slice alone takes 0.4–0.7 s, and nearly every slice is still followed by one.
 */

/** The pause: a little longer than the 100 ms between another process's tries. */
export const GIVE_WAY_MS = 110;
/** The longest the slices since the last pause keep the archive before the next. */
export const HOLD_MS = 400;

export interface GiveWayClock {
  now: () => number;
  pause: (ms: number) => Promise<unknown>;
  turn: () => Promise<unknown>;
}

const REAL: GiveWayClock = { now: () => performance.now(), pause: (ms) => sleep(ms), turn: () => yieldToLoop() };

/**
 * A function to await before each slice. The first call pauses, which also lets the phase the
 * merge has just announced through the desktop service's progress throttle (50 ms).
 */
export function givingWay(clock: GiveWayClock = REAL): () => Promise<void> {
  let since: number | null = null;
  return async () => {
    if (since === null || clock.now() - since >= HOLD_MS) {
      await clock.pause(GIVE_WAY_MS);
      since = clock.now();
    } else {
      await clock.turn();
    }
  };
}
