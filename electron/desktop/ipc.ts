import { z } from 'zod';
import { API_CALLS, API_JOBS, type ApiCall, type ApiJob, type ApiResult } from '../api.js';
import { checkCall, checkJob, checkRequest, invalid } from './contract.js';
import type { Service } from './service-client.js';
import { isAppUrl } from './window.js';

/*
 * The desktop app's IPC door: one `ipcMain.handle` channel per API method, plus the file and
 * folder dialogs and job cancels. Every handler first checks who is asking (the app window's top frame, showing
 * the app's own pages) and then what (the method's request schema). Whatever arrives, the answer
 * is an ApiResult: a bad call gets `{ ok: false, error }`, and nothing a renderer sends can throw
 * in the main process. preload.cts is the other end; the channel names are spelled out there too,
 * because a sandboxed preload can import nothing but `electron`.
 */

export const CHANNELS = {
  call: (method: ApiCall): string => `pantau:call:${method}`,
  job: (method: ApiJob): string => `pantau:job:${method}`,
  /** Progress of one job, sent to the window that started it. */
  progress: (jobId: string): string => `pantau:progress:${jobId}`,
  cancel: 'pantau:cancel',
  pickImport: 'pantau:pick-import',
  pickExport: 'pantau:pick-export',
  pickFolder: 'pantau:pick-folder',
  /** The preload's report of the paths of files the user dropped or chose in a file input (webUtils). */
  grantPaths: 'pantau:grant-paths',
  /** Menu commands, main process to window. */
  menu: 'pantau:menu',
} as const;

/** The parts of Electron's WebFrameMain, WebContents and IpcMainInvokeEvent the door uses. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}
export interface Sender {
  id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}
export interface InvokeEvent {
  sender: Sender;
  senderFrame: SenderFrame | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The system's file dialogs, for the window that asks. */
export interface Pickers {
  pickImport(): Promise<string[]>;
  pickExport(defaultName: string): Promise<string | null>;
  pickFolder(): Promise<string | null>;
}

export interface IpcDeps {
  ipcMain: IpcMainLike;
  service: Service;
  /** The app window's web contents: the only sender answered. */
  window: () => Sender | null;
  dialogs: Pickers;
}

export interface IpcDoor {
  /** The channels handled, for tests and for `dispose`. */
  channels: string[];
  /** Cancels the jobs a window started and forgets its chosen export files (when it reloads or closes). */
  forget(senderId: number): void;
  dispose(): void;
}

/** A job's id, made by the preload script (a UUID). */
const JobId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'a job id is 8 to 64 letters, digits or dashes');
/** Paths the preload read from files the user gave the page. */
const GrantedPaths = z.array(z.string().min(1).max(4096)).max(100_000);
/** The name the save dialog proposes: a file name, not a path. */
const FileName = z
  .string()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^/\\\u0000-\u001f]+$/, 'a file name, without folders');

const refused = (why: string): ApiResult<never> => invalid(`refused: ${why}`);

export function registerIpc({ ipcMain, service, window, dialogs }: IpcDeps): IpcDoor {
  const jobs = new Map<string, { sender: number; cancel: () => void }>();
  /** Per window: the files the save dialog answered, the only ones an export may write. */
  const exportTargets = new Map<number, Set<string>>();
  /**
   * Per window: the files and folders its user chose in the open dialog, dropped on it or picked in
   * a file input, the only ones an import may read. A page that could name any path could import
   * the user's files and read them back.
   */
  const importGrants = new Map<number, Set<string>>();
  const grant = (sender: number, paths: readonly string[]): void => {
    const granted = importGrants.get(sender) ?? new Set<string>();
    for (const path of paths) granted.add(path);
    importGrants.set(sender, granted);
  };
  /**
   * Per window: the folders its user chose in the folder dialog, the only ones it may add as watched
   * folders. A watched folder is read for as long as it stays in the archive, so a dropped folder,
   * given for one import, does not count.
   */
  const folderGrants = new Map<number, Set<string>>();
  const channels: string[] = [];

  /** Why this sender may not call, or null: it must be the app window's top frame, on one of the app's pages. */
  const refusal = (event: InvokeEvent): string | null => {
    const ours = window();
    if (ours === null || ours.isDestroyed() || event.sender.id !== ours.id) return 'only the Pantau window may call the service';
    const frame = event.senderFrame;
    if (frame === null || frame.parent !== null) return 'only the top frame of the Pantau window may call the service';
    if (!isAppUrl(frame.url)) return 'only the pages of Pantau may call the service';
    return null;
  };

  const handle = (channel: string, maxArgs: number, answer: (event: InvokeEvent, args: unknown[]) => Promise<ApiResult<unknown>> | ApiResult<unknown>): void => {
    channels.push(channel);
    ipcMain.handle(channel, async (event: InvokeEvent, ...args: unknown[]): Promise<ApiResult<unknown>> => {
      try {
        const why = refusal(event);
        if (why !== null) return refused(why);
        if (args.length > maxArgs) return invalid(`${channel} takes ${maxArgs === 0 ? 'no arguments' : `at most ${maxArgs}`}`);
        return await answer(event, args);
      } catch (err) {
        return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
      }
    });
  };

  for (const method of API_CALLS) {
    handle(CHANNELS.call(method), 1, (event, [request]) => {
      const checked = checkCall(method, request);
      if (!checked.ok) return checked;
      if (method === 'foldersAdd') {
        const path = (checked.value as { path: string }).path;
        if (!folderGrants.get(event.sender.id)?.delete(path)) return invalid(`path: ${path.slice(0, 200)} was not chosen in the folder dialog`);
      }
      return service.call(method, checked.value);
    });
  }

  for (const method of API_JOBS) {
    handle(CHANNELS.job(method), 2, async (event, [rawId, request]) => {
      const id = checkRequest(JobId, rawId);
      if (!id.ok) return id;
      const key = `${event.sender.id}:${id.value}`;
      if (jobs.has(key)) return invalid(`a job with id ${id.value} is already running`);
      const checked = checkJob(method, request);
      if (!checked.ok) return checked;
      if (method === 'export') {
        // A page may write only where its user said in the save dialog, never a file of its choosing.
        const out = (checked.value as { out: string }).out;
        const chosen = exportTargets.get(event.sender.id);
        if (!chosen?.delete(out)) return invalid('out: choose where to save the export in the save dialog first');
      }
      if (method === 'import') {
        const granted = importGrants.get(event.sender.id);
        const paths = (checked.value as { paths: string[] }).paths;
        const stranger = paths.find((path) => !granted?.has(path));
        if (stranger !== undefined) return invalid(`paths: ${stranger.slice(0, 200)} was not chosen in the dialog or dropped on the window`);
      }
      const sender = event.sender;
      const running = service.job(method, checked.value, (progress) => {
        if (!sender.isDestroyed()) sender.send(CHANNELS.progress(id.value), progress);
      });
      jobs.set(key, { sender: sender.id, cancel: running.cancel });
      try {
        return await running.result;
      } finally {
        jobs.delete(key);
      }
    });
  }

  handle(CHANNELS.cancel, 1, (event, [rawId]) => {
    const id = checkRequest(JobId, rawId);
    if (!id.ok) return id;
    // Keyed by sender: a window cancels only its own jobs.
    jobs.get(`${event.sender.id}:${id.value}`)?.cancel();
    return { ok: true, value: null };
  });

  handle(CHANNELS.pickImport, 0, async (event) => {
    const paths = await dialogs.pickImport();
    grant(event.sender.id, paths);
    return { ok: true, value: paths };
  });

  handle(CHANNELS.pickFolder, 0, async (event) => {
    const folder = await dialogs.pickFolder();
    if (folder !== null) {
      const chosen = folderGrants.get(event.sender.id) ?? new Set<string>();
      chosen.add(folder);
      folderGrants.set(event.sender.id, chosen);
    }
    return { ok: true, value: folder };
  });

  handle(CHANNELS.grantPaths, 1, (event, [rawPaths]) => {
    const paths = checkRequest(GrantedPaths, rawPaths);
    if (!paths.ok) return paths;
    grant(event.sender.id, paths.value);
    return { ok: true, value: null };
  });

  handle(CHANNELS.pickExport, 1, async (event, [rawName]) => {
    const name = checkRequest(FileName, rawName);
    if (!name.ok) return name;
    const out = await dialogs.pickExport(name.value);
    if (out !== null) {
      const chosen = exportTargets.get(event.sender.id) ?? new Set<string>();
      chosen.add(out);
      exportTargets.set(event.sender.id, chosen);
    }
    return { ok: true, value: out };
  });

  const forget = (senderId: number): void => {
    for (const job of jobs.values()) if (job.sender === senderId) job.cancel();
    exportTargets.delete(senderId);
    importGrants.delete(senderId);
    folderGrants.delete(senderId);
  };

  return {
    channels,
    forget,
    dispose() {
      for (const channel of channels) ipcMain.removeHandler(channel);
      for (const job of jobs.values()) job.cancel();
      exportTargets.clear();
      importGrants.clear();
      folderGrants.clear();
    },
  };
}
