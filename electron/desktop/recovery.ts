import type { ApiError } from '../api.js';

/*
 * What the desktop app does when the archive it starts on is damaged (docs/backup.md): it offers to
 * restore the latest good backup, and if the user agrees, moves the damaged file aside (never
 * deleting it), puts the backup in its place and starts on it. The message box and the service are
 * passed in, so the decisions are tested under plain Node.
 */

export interface MessageBox {
  type: 'info' | 'warning' | 'error';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId?: number;
  cancelId?: number;
}

export interface RecoveryDeps<S> {
  /** Starts the service on an archive; throws (a ServiceError carrying an ApiError) when it cannot open it. */
  start(archive: string): Promise<S>;
  /** Shows a message box; answers the index of the button pressed. */
  ask(box: MessageBox): Promise<number>;
  /** Puts `backup` in the place of `archive`, the file there kept aside; by default Workbench.restore. */
  restore?(backup: string, archive: string): Promise<{ keptAside: string | null }>;
}

/** The user chose to leave a damaged archive as it is: the caller goes on as for any archive that cannot be opened. */
export class RecoveryDeclined extends Error {
  override name = 'RecoveryDeclined';
}

/** The damage a failed start reports (the ApiError of the service's worker), or null for any other failure. */
export function damageOf(err: unknown): { archive: string; backup: string | null; message: string } | null {
  const error = (err as { error?: Partial<ApiError> } | null)?.error;
  if (error?.code !== 'archive' || !error.damaged || typeof error.message !== 'string') return null;
  return { ...error.damaged, message: error.message };
}

// The Workbench (and SQLite with it) is loaded into the main process only on this rare path.
const restoreWithWorkbench = async (backup: string, archive: string): Promise<{ keptAside: string | null }> =>
  (await import('../service.js')).Workbench.restore(backup, archive);

/** SQLite's words, without the command-line advice the service's message ends with. */
const firstLine = (message: string): string => message.split('\n')[0]!;

/**
 * Start the service on `archive`. If it is damaged and a good backup exists, ask whether to restore
 * it; on yes, restore and start again, then say where the damaged file was kept. Declined, or with no
 * backup to offer, the user is told and a RecoveryDeclined (or the original error) is thrown.
 */
export async function startOrRecover<S>(archive: string, deps: RecoveryDeps<S>): Promise<S> {
  try {
    return await deps.start(archive);
  } catch (err) {
    const damage = damageOf(err);
    if (damage === null) throw err;
    if (damage.backup === null) {
      await deps.ask({
        type: 'error',
        title: 'Pantau',
        message: 'The archive is damaged, and no backup of it was found',
        detail: `${firstLine(damage.message)}\n\nIt has been left as it is. docs/backup.md explains how to check it (pantau check) and what can be done.`,
        buttons: ['OK'],
      });
      throw new RecoveryDeclined(firstLine(damage.message));
    }
    const choice = await deps.ask({
      type: 'warning',
      title: 'Pantau',
      message: 'The archive is damaged. Restore the latest good backup?',
      detail:
        `${firstLine(damage.message)}\n\nThe latest good backup is ${damage.backup}. Restoring puts it in the archive's place; ` +
        'what was added since it was taken is not in it. The damaged file is kept beside the archive, not deleted.',
      buttons: ['Restore backup', 'Leave it'],
      defaultId: 0,
      cancelId: 1,
    });
    if (choice !== 0) throw new RecoveryDeclined(`${firstLine(damage.message)} It was left as it is.`);
    const { keptAside } = await (deps.restore ?? restoreWithWorkbench)(damage.backup, damage.archive);
    const service = await deps.start(archive);
    await deps.ask({
      type: 'info',
      title: 'Pantau',
      message: 'The backup is restored',
      detail: `${damage.archive} is now the backup taken as ${damage.backup}.${keptAside ? `\nThe damaged file is kept as ${keptAside}.` : ''}`,
      buttons: ['OK'],
    });
    return service;
  }
}
