import { useCallback, useState } from 'react';
import type { ApiCall } from '../../../electron/api.js';
import { transport } from '../transport.js';
import { failureMessage } from '../transport.js';

/** One change to the registry at a time, its error kept to be shown next to the controls. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const act = useCallback(async <T,>(method: ApiCall, request: unknown, then: (result: T) => void): Promise<boolean> => {
    setBusy(true);
    setProblem(null);
    try {
      then(await transport.call<T>(method, request));
      return true;
    } catch (err) {
      setProblem(failureMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, problem, act, clear: () => setProblem(null) };
}
