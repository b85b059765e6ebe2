/*
 * When a feed is polled next. A feed that keeps failing is asked less and less often, so a server
 * that is down or refuses us is not hammered: after n failures in a row the wait is the feed's
 * interval times 2^n, never more than a day (or the interval itself, if that is longer). The first
 * success goes back to the interval.
 */

/** The shortest interval a feed may be polled at: a feed is not a chat. */
export const MIN_EVERY_SECONDS = 60;
export const DEFAULT_EVERY_SECONDS = 30 * 60;
/** The longest wait the back-off reaches. */
export const MAX_BACKOFF_SECONDS = 24 * 60 * 60;

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `30m`, `2h`, `1d`, `90s` (a bare number is minutes) to seconds; null if it is not one. */
export function parseEvery(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(text);
  if (!m) return null;
  const seconds = Math.round(Number(m[1]) * UNITS[(m[2] || 'm').toLowerCase()]!);
  return Number.isFinite(seconds) ? seconds : null;
}

/** Seconds as the shortest exact `90s`, `30m`, `2h`, `1d`. */
export function formatEvery(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) if (seconds % UNITS[unit]! === 0) return `${seconds / UNITS[unit]!}${unit}`;
  return `${seconds}s`;
}

/** The wait before the next poll of a feed polled every `everySeconds` that has failed `failures` times in a row. */
export function waitSeconds(everySeconds: number, failures: number): number {
  const cap = Math.max(everySeconds, MAX_BACKOFF_SECONDS);
  // 2^20 intervals is past any cap; stopping there keeps the number finite.
  return Math.min(everySeconds * 2 ** Math.min(failures, 20), cap);
}

export function nextPollAt(now: Date, everySeconds: number, failures: number): string {
  return new Date(now.getTime() + waitSeconds(everySeconds, failures) * 1000).toISOString();
}
