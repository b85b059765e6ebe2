import { contextBridge, type IpcRendererEvent, ipcRenderer, webUtils } from 'electron';
import type { ApiCall, ApiJob, ApiResult, MenuCommand, PantauBridge, RunningJob } from './api.js';

/*
 * The window's preload script: `window.pantau` (its contract: PantauBridge in electron/api.ts) and nothing else, no
 * ipcRenderer and no Node. It runs sandboxed, where a preload is CommonJS and may require only
 * `electron`, so the channel names of electron/desktop/ipc.ts are repeated here (a test checks
 * they match). Every main-process answer is an ApiResult; a request IPC cannot carry becomes one too.
 */

const failed = (err: unknown): ApiResult<never> => ({ ok: false, error: { code: 'invalid_request', message: err instanceof Error ? err.message : String(err) } });

function invoke(channel: string, ...args: unknown[]): Promise<ApiResult<unknown>> {
  try {
    return (ipcRenderer.invoke(channel, ...args) as Promise<ApiResult<unknown>>).catch(failed);
  } catch (err) {
    // A value IPC cannot copy (a function, a DOM node) throws before anything is sent.
    return Promise.resolve(failed(err));
  }
}

async function valueOf<T>(answer: Promise<ApiResult<unknown>>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

const MENU = 'pantau:menu';

const bridge: PantauBridge = {
  call: (method: ApiCall, request: unknown) => invoke(`pantau:call:${method}`, request),

  job(method: ApiJob, request: unknown, onProgress: (progress: unknown) => void): RunningJob {
    const id = crypto.randomUUID();
    const channel = `pantau:progress:${id}`;
    const listener = (_event: IpcRendererEvent, progress: unknown): void => onProgress(progress);
    ipcRenderer.on(channel, listener);
    const result = invoke(`pantau:job:${method}`, id, request).finally(() => ipcRenderer.removeListener(channel, listener));
    return { result, cancel: () => void invoke('pantau:cancel', id) };
  },

  pickImport: () => valueOf<string[]>(invoke('pantau:pick-import')),
  pickExport: (defaultName: string) => valueOf<string | null>(invoke('pantau:pick-export', defaultName)),
  pickFolder: () => valueOf<string | null>(invoke('pantau:pick-folder')),

  // A File the page made itself has no path (''): it is left out. The paths of the user's own files
  // are reported to the main process, the only way besides the dialog that a path may be imported;
  // IPC keeps order, so the report is in before any import the page starts after it.
  pathsOf(files: readonly File[]): string[] {
    const paths = files.map((file) => webUtils.getPathForFile(file)).filter((path) => path !== '');
    if (paths.length > 0) void invoke('pantau:grant-paths', paths);
    return paths;
  },

  onMenu(listener: (command: MenuCommand) => void): () => void {
    const forward = (_event: IpcRendererEvent, command: MenuCommand): void => listener(command);
    ipcRenderer.on(MENU, forward);
    return () => ipcRenderer.removeListener(MENU, forward);
  },
};

contextBridge.exposeInMainWorld('pantau', bridge);
