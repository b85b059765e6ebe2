import type { ApiCall, ApiError, ApiJob, DupsUpdateProgress } from './api.js';
import { DamagedArchiveError, type Workbench, WorkbenchError } from './service.js';

/*
 * What every front door does with a named API method: the call or job on the Workbench, and a
 * thrown error as the typed ApiError the contract promises. Browser mode (server.ts) and the
 * desktop's service thread (desktop/service-host.ts) both answer through here, so the two doors
 * cannot drift apart.
 */

export function apiError(err: unknown): ApiError {
  if (err instanceof WorkbenchError) return err.position === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, position: err.position };
  if (err instanceof DamagedArchiveError) return { code: 'archive', message: err.message, damaged: { archive: err.file, backup: err.backup?.file ?? null } };
  if (err instanceof Error && err.name === 'ArchiveError') return { code: 'archive', message: err.message };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** The answer of one call; the methods without a request take none. */
export function callService(wb: Workbench, method: ApiCall, request: unknown): unknown {
  switch (method) {
    case 'stats':
    case 'savedList':
    case 'boilerplate':
    case 'dupsPending':
    case 'check':
    case 'feedsList':
    case 'foldersList':
      return wb[method]();
    default:
      return wb[method](request);
  }
}

/** One job; its progress has one shape at every door, so the renderer reads server-sent events and IPC messages alike. */
export function runServiceJob(wb: Workbench, method: ApiJob, request: unknown, signal: AbortSignal, progress: (p: unknown) => void): Promise<unknown> {
  const pair = (done: number, total: number): void => progress({ done, total });
  switch (method) {
    case 'import':
      return wb.import(request, { signal, onProgress: progress });
    case 'importSample':
      return wb.importSample({ signal, onProgress: progress });
    case 'count':
      return wb.count(request, { signal, onProgress: pair });
    case 'analyze':
      return wb.analyze({ signal, onProgress: progress });
    case 'export':
      return wb.export(request, { signal, onProgress: progress });
    case 'dupsUpdate': {
      let at: DupsUpdateProgress = { done: 0, total: 0, phase: 'finding' };
      const report = (next: Partial<DupsUpdateProgress>): void => progress((at = { ...at, ...next }));
      return wb.dupsUpdate({ signal, onProgress: (done, total) => report({ done, total }), onPhase: (phase) => report({ phase }) });
    }
    case 'dupsSettings':
      return wb.dupsSettings(request, { signal, onProgress: pair });
    case 'backup':
      return wb.backup(request, { signal, onProgress: progress });
    case 'feedsRun':
      return wb.feedsRun(request, { signal, onProgress: progress });
  }
}
