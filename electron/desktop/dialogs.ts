import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ImportSummary } from '../api.js';

/*
 * The system's dialogs the desktop app shows: files to import, a folder to watch, where to save an
 * export, an archive to open or create, and messages. Electron's `dialog` is passed in, with the window each dialog
 * belongs to (so it opens as that window's sheet and blocks nothing else).
 */

interface FileFilter {
  name: string;
  extensions: string[];
}

/** The parts of Electron's `dialog` used here. */
export interface DialogLike<W> {
  showOpenDialog(window: W, options: { title?: string; defaultPath?: string; properties: ('openFile' | 'openDirectory' | 'multiSelections')[]; filters?: FileFilter[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(window: W, options: { title?: string; defaultPath?: string; filters?: FileFilter[]; properties?: ('createDirectory' | 'showOverwriteConfirmation')[] }): Promise<{ canceled: boolean; filePath: string }>;
  showMessageBox(window: W, options: { type: 'info' | 'warning' | 'error'; title?: string; message: string; detail?: string; buttons?: string[] }): Promise<{ response: number }>;
}

const ARCHIVE_FILTERS: FileFilter[] = [
  { name: 'Pantau archive', extensions: ['db'] },
  { name: 'All files', extensions: ['*'] },
];

export class Dialogs<W> {
  constructor(
    private readonly dialog: DialogLike<W>,
    private readonly window: () => W | null,
    /** Where save dialogs start: the user's documents folder. */
    private readonly documents: string,
  ) {}

  private get owner(): W {
    const win = this.window();
    if (win === null) throw new Error('no window to show the dialog in');
    return win;
  }

  /**
   * Files and folders to import. macOS lets one dialog choose both; on Windows and Linux the same
   * options give a folder chooser, and files come from the import view's file button.
   */
  async pickImport(): Promise<string[]> {
    const { canceled, filePaths } = await this.dialog.showOpenDialog(this.owner, { title: 'Import into Pantau', properties: ['openFile', 'openDirectory', 'multiSelections'] });
    return canceled ? [] : filePaths;
  }

  /** A folder to watch for new files (docs/feeds.md#watched-folders). */
  async pickFolder(): Promise<string | null> {
    const { canceled, filePaths } = await this.dialog.showOpenDialog(this.owner, { title: 'Watch a folder', properties: ['openDirectory'] });
    return canceled ? null : (filePaths[0] ?? null);
  }

  /** Where to save an export; the file type follows the proposed name's extension. */
  async pickExport(defaultName: string): Promise<string | null> {
    const ext = extname(defaultName).toLowerCase();
    const filters: FileFilter[] = ext === '.xlsx' ? [{ name: 'Excel workbook', extensions: ['xlsx'] }] : ext === '.csv' ? [{ name: 'CSV', extensions: ['csv'] }] : [];
    const { canceled, filePath } = await this.dialog.showSaveDialog(this.owner, {
      title: 'Export',
      defaultPath: join(this.documents, defaultName),
      filters,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    return canceled || filePath === '' ? null : filePath;
  }

  async pickArchive(): Promise<string | null> {
    const { canceled, filePaths } = await this.dialog.showOpenDialog(this.owner, { title: 'Open archive', properties: ['openFile'], filters: ARCHIVE_FILTERS });
    return canceled ? null : (filePaths[0] ?? null);
  }

  /** A name for a new archive. An existing file is not replaced: the user is told to open it or pick another name. */
  async pickNewArchive(): Promise<string | null> {
    const { canceled, filePath } = await this.dialog.showSaveDialog(this.owner, {
      title: 'New archive',
      defaultPath: join(this.documents, 'Pantau archive.db'),
      filters: ARCHIVE_FILTERS,
      properties: ['createDirectory'],
    });
    if (canceled || filePath === '') return null;
    const file = extname(filePath) === '' ? `${filePath}.db` : filePath;
    if (existsSync(file)) {
      await this.problem('That file already exists', `${file} is not replaced. Use File › Open archive… to open it, or choose another name.`);
      return null;
    }
    return file;
  }

  async problem(message: string, detail: string): Promise<void> {
    await this.dialog.showMessageBox(this.owner, { type: 'error', title: 'Pantau', message, detail, buttons: ['OK'] });
  }

  /** What an import of files given to the app (on its command line, or to a second launch) brought in. */
  async imported(summary: ImportSummary): Promise<void> {
    const n = (count: number, one: string, many: string): string => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
    const lines = [`${n(summary.imported, 'article', 'articles')} imported from ${n(summary.files, 'file', 'files')}.`];
    if (summary.skipped > 0) lines.push(`${n(summary.skipped, 'article was', 'articles were')} already in the archive.`);
    for (const e of summary.errors.slice(0, 10)) lines.push(`${e.path}: ${e.reason}`);
    if (summary.errors.length > 10) lines.push(`…and ${summary.errors.length - 10} more files could not be imported.`);
    await this.dialog.showMessageBox(this.owner, {
      type: summary.failed > 0 ? 'warning' : 'info',
      title: 'Pantau',
      message: summary.status === 'cancelled' ? 'Import cancelled' : 'Import finished',
      detail: lines.join('\n'),
      buttons: ['OK'],
    });
  }
}
