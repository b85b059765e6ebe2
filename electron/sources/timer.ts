/*
 * Polling while Pantau is open (the desktop app, `pantau serve`, `pantau watch`): every interval,
 * ask for the feeds that are due. Each feed keeps its own schedule in the archive; the timer only
 * decides how often that schedule is looked at. One run at a time; stopping cancels the run in
 * flight and waits for it, so it records how it ended before the archive closes.
 */

/** How often the archive's feed schedule is looked at. */
export const DEFAULT_CHECK_MS = 60_000;

export interface FeedTimer {
  /** Run now unless a run is under way; answers when it is over. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/** Calls `run` at once and then every `intervalMs`; its failures go to `onError`. The timer does not keep the process alive. */
export function startFeedTimer(run: (signal: AbortSignal) => Promise<unknown>, onError: (err: unknown) => void, intervalMs = DEFAULT_CHECK_MS): FeedTimer {
  const controller = new AbortController();
  let running: Promise<void> | null = null;
  const runNow = (): Promise<void> => {
    if (controller.signal.aborted) return Promise.resolve();
    running ??= run(controller.signal)
      .then(
        () => undefined,
        (err: unknown) => {
          if (!controller.signal.aborted) onError(err);
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runNow(), intervalMs);
  timer.unref();
  void runNow();
  return {
    runNow,
    async stop() {
      clearInterval(timer);
      controller.abort();
      await running;
    },
  };
}
