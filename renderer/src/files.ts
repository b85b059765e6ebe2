import type { ExportRequest, ExportResult, FileError, ImportRequest, UploadImportRequest } from '../../electron/api.js';
import { ApiFailure, desktop, serverToken, transport } from './transport.js';

/*
 * How the import and export views get files in and out. The desktop app names files by their path
 * on disk (the system's dialogs, dropped files), and the service reads and writes them there. A
 * browser page cannot name a path on the server's disk: it uploads what was chosen to a batch the
 * server keeps in a staging folder and imports that, and it fetches a finished export from the
 * server and saves it as a download.
 */

/** A file, or on the desktop also a folder, chosen for an import. */
export interface Chosen {
  /** As the user knows it: the file name, or its path inside a chosen folder (`folder/sub/a.txt`). */
  name: string;
  /** Its content, when the page has it (from a file input or a drop). */
  file?: File;
  /** On the desktop: its path on disk. */
  path?: string;
}

/** Whether files are named by their path (the desktop) or uploaded (browser mode). */
export const onDesktop = desktop !== undefined;

const pathOf = (file: File): string | undefined => desktop?.pathsOf([file])[0];

/** Files from a file input; a folder input gives each file with its path inside the folder. */
export function fromInput(files: readonly File[]): Chosen[] {
  return files.map((file) => ({ name: file.webkitRelativePath || file.name, file, path: pathOf(file) }));
}

/**
 * What was dropped on the import area. Folders are walked (the entries must be taken while the drop
 * event lasts, so the caller passes them); on the desktop a folder is simply its path.
 */
export async function fromDrop(entries: (FileSystemEntry | null)[], files: readonly File[]): Promise<Chosen[]> {
  if (onDesktop) return fromInput(files);
  // A drop made by a script rather than the system has no entries: its files are all there is.
  if (entries.every((e) => e === null)) return fromInput(files);
  const out: Chosen[] = [];
  for (const entry of entries) if (entry) await walkEntry(entry, out);
  return out;
}

async function walkEntry(entry: FileSystemEntry, out: Chosen[]): Promise<void> {
  const name = entry.fullPath.replace(/^\/+/, '');
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ name, file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in chunks (of 100 in Chromium) until it answers none.
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (chunk.length === 0) break;
    for (const child of chunk) await walkEntry(child, out);
  }
}

/** The desktop's own dialog, which can choose files and folders at once. */
export async function pickWithDialog(): Promise<Chosen[]> {
  const paths = (await desktop?.pickImport()) ?? [];
  return paths.map((path) => ({ name: path.split(/[\\/]/).pop() || path, path }));
}

/** Adds files to a selection, each name once: a second `a.txt` from elsewhere becomes `a (2).txt`. */
export function addChosen(list: Chosen[], more: Chosen[]): Chosen[] {
  const names = new Set(list.map((c) => c.name));
  const out = [...list];
  for (const c of more) {
    if (c.path !== undefined && out.some((o) => o.path === c.path)) continue;
    let name = c.name;
    for (let n = 2; names.has(name); n++) name = c.name.replace(/(\.[^./]*)?$/, (ext) => ` (${n})${ext}`);
    names.add(name);
    out.push({ ...c, name });
  }
  return out;
}

export interface UploadProgress {
  done: number;
  total: number;
  current: string;
}

/** What an import job reads: paths on the desktop, or an uploaded batch, and the files that could not be uploaded. */
export interface Staged {
  source: { paths: string[] } | { batch: string } | null;
  failed: FileError[];
}

const UPLOADS_AT_ONCE = 3;

/**
 * Makes chosen files readable by the service. On the desktop that is their paths. In the browser
 * each is uploaded; a file the server refuses (too large, say) is reported and the rest go on.
 */
export async function stage(chosen: Chosen[], onProgress: (p: UploadProgress) => void, signal: AbortSignal): Promise<Staged> {
  if (onDesktop) return { source: { paths: chosen.flatMap((c) => (c.path === undefined ? [] : [c.path])) }, failed: [] };
  const batch = crypto.randomUUID();
  const failed: FileError[] = [];
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chosen.length) {
      const c = chosen[next++]!;
      onProgress({ done, total: chosen.length, current: c.name });
      const problem = c.file ? await upload(batch, c, signal) : 'no content to upload';
      if (problem !== null) failed.push({ path: c.name, reason: problem });
      onProgress({ done: ++done, total: chosen.length, current: c.name });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(UPLOADS_AT_ONCE, chosen.length) }, worker));
  } catch (err) {
    discardUpload({ batch });
    throw err;
  }
  return { source: failed.length < chosen.length ? { batch } : null, failed };
}

/** Tells the server to drop an uploaded batch no import will read (a cancel, a lost connection); paths on the desktop need nothing. */
export function discardUpload(source: Staged['source']): void {
  if (source === null || !('batch' in source)) return;
  void fetch(`./api/upload?batch=${encodeURIComponent(source.batch)}`, { method: 'DELETE', headers: { 'x-pantau-token': serverToken() }, keepalive: true }).catch(() => undefined);
}

/** Uploads one file; answers why the server refused it, or null. A lost connection or a cancel stops the whole import. */
async function upload(batch: string, c: Chosen, signal: AbortSignal): Promise<string | null> {
  const url = `./api/upload?batch=${encodeURIComponent(batch)}&name=${encodeURIComponent(c.name)}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'PUT', headers: { 'x-pantau-token': serverToken() }, body: c.file, signal });
  } catch (err) {
    if (signal.aborted) throw err;
    // A file the browser cannot read (moved, deleted, or a folder) fails here, before any answer.
    return err instanceof Error ? err.message : String(err);
  }
  if (res.ok) return null;
  const body = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
  if (res.status === 413 || res.status === 400 || res.status === 409) return body?.error?.message ?? res.statusText;
  throw new ApiFailure({ code: 'internal', message: body?.error?.message ?? `upload failed: ${res.status}` });
}

/** The import request for staged files. */
export function importRequest(source: NonNullable<Staged['source']>, options: Omit<ImportRequest, 'paths'>): ImportRequest | UploadImportRequest {
  return { ...options, ...source };
}

/** A finished export: where it went. */
export interface Saved {
  result: ExportResult;
  /** The file's path on the desktop; the downloaded file's name in the browser. */
  where: string;
}

export type ExportOptions = Omit<ExportRequest, 'out'>;

/**
 * Runs an export into a file: on the desktop the one chosen in the save dialog, in the browser a
 * download. Null when the user closed the dialog.
 */
export async function exportToFile(request: ExportOptions, name: string, onProgress: (p: unknown) => void, signal: AbortSignal): Promise<Saved | null> {
  if (desktop) {
    const out = await desktop.pickExport(name);
    if (out === null) return null;
    const result = await transport.job<ExportResult>('export', { ...request, out }, onProgress, signal);
    return { result, where: result.out };
  }
  const result = await transport.job<ExportResult>('export', request, onProgress, signal);
  if (result.status === 'done' && result.download !== undefined) await download(result.download, name, signal);
  return { result, where: name };
}

/** Fetches a finished export from the server and saves it under `name` through the browser's downloads. */
async function download(id: string, name: string, signal: AbortSignal): Promise<void> {
  const res = await fetch(`./api/download/${encodeURIComponent(id)}`, { headers: { 'x-pantau-token': serverToken() }, signal });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
    throw new ApiFailure({ code: 'internal', message: body?.error?.message ?? `download failed: ${res.status}` });
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download reads the blob after the click returns; it is let go once that has surely begun.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
