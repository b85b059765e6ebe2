import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiJob, DupsUpdateProgress } from '../../../electron/api.js';
import { ApiFailure, failureMessage, transport } from '../transport.js';

/** A long job of the duplicate finder as the view shows it: running with its counts, then how it ended. */
export type JobState<T> =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number | null; phase: DupsUpdateProgress['phase'] | null }
  | { kind: 'finished'; result: T }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/** Both duplicate jobs report `{ done, total }`; the finder's, its phase too. */
interface Counts {
  done: number;
  total: number;
  phase?: DupsUpdateProgress['phase'];
}

/**
 * Runs one job at a time with progress, cancelled by `cancel` or when the view goes away. `onEnd`
 * runs however it ended: even a stopped job may have changed the clusters.
 */
export function useJob<T extends { status: 'done' | 'cancelled' }>(method: ApiJob, onEnd: () => void) {
  const [state, setState] = useState<JobState<T>>({ kind: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const ended = useRef(onEnd);
  ended.current = onEnd;

  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      controller.current?.abort();
    };
  }, []);

  const run = useCallback(
    (request: unknown) => {
      const abort = new AbortController();
      controller.current = abort;
      setState({ kind: 'running', done: 0, total: null, phase: null });
      transport
        .job<T>(method, request, (p) => {
          const { done, total, phase } = p as Counts;
          if (!abort.signal.aborted) setState({ kind: 'running', done, total: total || null, phase: phase ?? null });
        }, abort.signal)
        .then((result) => {
          if (result.status === 'cancelled') setState({ kind: 'cancelled' });
          else setState({ kind: 'finished', result });
        })
        .catch((err: unknown) => {
          if (abort.signal.aborted || (err instanceof ApiFailure && err.error.code === 'cancelled')) setState({ kind: 'cancelled' });
          else setState({ kind: 'failed', message: failureMessage(err) });
        })
        .finally(() => {
          if (controller.current === abort) controller.current = null;
          if (mounted.current) ended.current();
        });
    },
    [method],
  );
  const cancel = useCallback(() => controller.current?.abort(), []);
  return { state, run, cancel };
}
