import { basename, extname, join } from 'node:path';
import type { BackupProgress, BackupResult } from '../api.js';
import type { DialogLike } from './dialogs.js';
import type { Service } from './service-client.js';

/*
 * File › Back up archive…: the save dialog names the copy, and the service's `backup` job writes it
 * while the archive stays in use, with the taskbar's progress bar. Only the main process starts this
 * job: the IPC door refuses it from the page (desktop/contract.ts).
 */

export interface BackupMenuDeps<W> {
  dialog: Pick<DialogLike<W>, 'showSaveDialog' | 'showMessageBox'>;
  window: W;
  service: Pick<Service, 'job'>;
  /** The archive in use, for the proposed name. */
  archive: string;
  /** Where the save dialog starts. */
  documents: string;
  /** The taskbar's progress: a fraction, or -1 to clear it. */
  progress(fraction: number): void;
  today?: () => Date;
}

/** `<archive> backup <date>.db`, in the documents folder. */
export function proposedName(archive: string, today: Date): string {
  return `${basename(archive, extname(archive))} backup ${today.toISOString().slice(0, 10)}.db`;
}

export async function backupFromMenu<W>(deps: BackupMenuDeps<W>): Promise<BackupResult | null> {
  const { canceled, filePath } = await deps.dialog.showSaveDialog(deps.window, {
    title: 'Back up archive',
    defaultPath: join(deps.documents, proposedName(deps.archive, deps.today?.() ?? new Date())),
    filters: [{ name: 'Pantau archive', extensions: ['db'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (canceled || filePath === '') return null;
  const out = extname(filePath) === '' ? `${filePath}.db` : filePath;
  // The save dialog has asked before replacing a file, so the job may replace it.
  const job = deps.service.job('backup', { out, force: true }, (p) => {
    const { done, total } = p as BackupProgress;
    deps.progress(total > 0 ? done / total : 2);
  });
  const result = await job.result;
  deps.progress(-1);
  if (!result.ok) {
    await deps.dialog.showMessageBox(deps.window, { type: 'error', title: 'Pantau', message: 'The archive could not be backed up', detail: result.error.message, buttons: ['OK'] });
    return null;
  }
  const value = result.value as BackupResult;
  await deps.dialog.showMessageBox(deps.window, {
    type: 'info',
    title: 'Pantau',
    message: 'Backup finished',
    detail: `The archive was copied to ${value.out} (${(value.bytes / 1048576).toFixed(1)} MB). The copy opens and passes SQLite's check.`,
    buttons: ['OK'],
  });
  return value;
}
