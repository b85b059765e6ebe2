import { useEffect, useState } from 'react';
import type { ApiCall } from '../../../electron/api.js';
import { failureMessage, transport } from '../transport.js';

export interface Called<T> {
  value: T | null;
  problem: string | null;
  /** Replaces the value with a newer answer (the result of a change). */
  set: (value: T) => void;
}

/** One call's answer, asked again when the request changes; null until it comes (or when `request` is null). */
export function useCall<T>(method: ApiCall, request: object | null): Called<T> {
  const key = request === null ? null : JSON.stringify(request);
  const [state, setState] = useState<{ key: string | null; value: T | null; problem: string | null }>({ key, value: null, problem: null });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    transport
      .call<T>(method, JSON.parse(key), controller.signal)
      .then((value) => setState({ key, value, problem: null }))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setState({ key, value: null, problem: failureMessage(err) });
      });
    return () => controller.abort();
  }, [method, key]);

  // An answer to an older request is not shown for the new one, even for the render before the effect runs.
  const current = state.key === key;
  return {
    value: current ? state.value : null,
    problem: current ? state.problem : null,
    set: (value: T) => setState({ key, value, problem: null }),
  };
}
