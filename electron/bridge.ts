import type { ApiCall, ApiJob, ApiResult } from './api.js';

/*
 * What the desktop window's preload script exposes as `window.pantau`: named methods only, no
 * ipcRenderer. The renderer's transport uses `call` and `job`; the import and export views use the
 * file methods, which only the desktop has (in browser mode files are uploaded and downloaded).
 */

/** Commands of the native menu that the renderer carries out. */
export type MenuCommand = 'focus-search' | 'view-search' | 'view-duplicates' | 'view-entities' | 'view-import' | 'view-export' | 'view-settings' | 'import-files';

export interface RunningJob {
  result: Promise<ApiResult<unknown>>;
  cancel(): void;
}

export interface PantauBridge {
  call(method: ApiCall, request: unknown): Promise<ApiResult<unknown>>;
  job(method: ApiJob, request: unknown, onProgress: (progress: unknown) => void): RunningJob;
  /** Files and folders to import, chosen in the system dialog; empty when cancelled. */
  pickImport(): Promise<string[]>;
  /** Where to save an export, chosen in the system dialog; null when cancelled. */
  pickExport(defaultName: string): Promise<string | null>;
  /** The paths on disk of files or folders dropped on the window or chosen in a file input. */
  pathsOf(files: readonly File[]): string[];
  /** Menu commands for the renderer; answers a function that stops listening. */
  onMenu(listener: (command: MenuCommand) => void): () => void;
}
