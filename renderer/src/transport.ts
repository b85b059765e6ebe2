import type { ApiCall, ApiError, ApiJob, ApiResult, PantauBridge } from '../../electron/api.js';

/*
 * How the UI reaches the service: over HTTP in browser mode (`pantau serve`), over IPC in the
 * desktop app (`window.pantau`, from the preload script). Picked once at start-up; nothing else in
 * the UI knows which, except the import and export views for their files (`desktop`).
 */

declare global {
  interface Window {
    pantau?: PantauBridge;
  }
}

/** The desktop window's bridge; undefined in browser mode. */
export const desktop: PantauBridge | undefined = window.pantau;

export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** What to tell the user about a failed call: the service's own message, else the error's. */
export const failureMessage = (err: unknown): string => (err instanceof ApiFailure ? err.error.message : err instanceof Error ? err.message : String(err));

export interface Transport {
  call<T>(method: ApiCall, request?: unknown, signal?: AbortSignal): Promise<T>;
  job<T>(method: ApiJob, request: unknown, onProgress: (progress: unknown) => void, signal?: AbortSignal): Promise<T>;
}

const TOKEN_KEY = 'pantau-token';

/** The token from the address `pantau serve` printed, kept for this tab and taken out of the address bar. */
function token(): string {
  const url = new URL(window.location.href);
  const given = url.searchParams.get('token');
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given);
    url.searchParams.delete('token');
    history.replaceState(null, '', url);
    return given;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpTransport(secret: string): Transport {
  const post = (method: string, request: unknown, signal?: AbortSignal): Promise<Response> =>
    fetch(`./api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pantau-token': secret },
      body: JSON.stringify(request ?? {}),
      signal,
    });
  return {
    async call<T>(method: ApiCall, request?: unknown, signal?: AbortSignal): Promise<T> {
      const res = await post(method, request, signal);
      const body = (await res.json()) as ApiResult<T>;
      if (!body.ok) throw new ApiFailure(body.error);
      return body.value;
    },
    async job<T>(method: ApiJob, request: unknown, onProgress: (progress: unknown) => void, signal?: AbortSignal): Promise<T> {
      const res = await post(method, request, signal);
      if (!res.ok || !res.body) throw new ApiFailure(((await res.json()) as { error: ApiError }).error);
      // Server-sent events over the POST's body: `progress` events, then `result` or `error`.
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as unknown;
          if (type === 'progress') onProgress(data);
          else if (type === 'result') return data as T;
          else if (type === 'error') throw new ApiFailure(data as ApiError);
        }
      }
      throw new ApiFailure({ code: 'internal', message: 'the server ended the job without a result' });
    },
  };
}

function ipcTransport(bridge: PantauBridge): Transport {
  const settle = <T>(result: ApiResult<unknown>): T => {
    if (!result.ok) throw new ApiFailure(result.error);
    return result.value as T;
  };
  const aborted = (): ApiFailure => new ApiFailure({ code: 'cancelled', message: 'cancelled' });
  return {
    async call<T>(method: ApiCall, request?: unknown, signal?: AbortSignal): Promise<T> {
      // A call cannot be stopped midway in the service; a caller that gave up just ignores its answer.
      if (signal?.aborted) throw aborted();
      const result = await bridge.call(method, request ?? {});
      if (signal?.aborted) throw aborted();
      return settle<T>(result);
    },
    async job<T>(method: ApiJob, request: unknown, onProgress: (progress: unknown) => void, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) throw aborted();
      const running = bridge.job(method, request, onProgress);
      const cancel = (): void => running.cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      try {
        return settle<T>(await running.result);
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
    },
  };
}

export const transport: Transport = desktop ? ipcTransport(desktop) : httpTransport(token());

/** The token of browser mode, for requests made outside `transport` (uploads and downloads). */
export const serverToken = (): string => sessionStorage.getItem(TOKEN_KEY) ?? '';
