import type { MenuCommand } from '../api.js';

/*
 * The native menu, as a template for Electron's `Menu.buildFromTemplate`. What the renderer does
 * (switch views, focus the search box) goes to it as a MenuCommand; what needs the main process
 * (dialogs, archives, backups, quitting) is an action passed in.
 */

type Role = 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'appMenu' | 'windowMenu' | 'quit';

/** The part of Electron's MenuItemConstructorOptions used here. */
export interface MenuItem {
  label?: string;
  role?: Role;
  type?: 'separator';
  accelerator?: string;
  visible?: boolean;
  acceleratorWorksWhenHidden?: boolean;
  click?: () => void;
  submenu?: MenuItem[];
}

export interface MenuActions {
  /** A command the renderer carries out. */
  send(command: MenuCommand): void;
  openArchive(): void;
  newArchive(): void;
  /** Save a copy of the archive where the save dialog says (backup-menu.ts). */
  backupArchive(): void;
  quit(): void;
  reload(): void;
  toggleDevTools(): void;
  openDocs(): void;
}

/** The six views, in the order of the window's tabs and of Ctrl/Cmd+1…6 (renderer/src/App.tsx). */
export const VIEW_ITEMS: { command: MenuCommand; label: string }[] = [
  { command: 'view-search', label: 'Search' },
  { command: 'view-duplicates', label: 'Duplicates' },
  { command: 'view-entities', label: 'Entities' },
  { command: 'view-import', label: 'Import' },
  { command: 'view-export', label: 'Export' },
  { command: 'view-settings', label: 'Settings' },
];

const separator: MenuItem = { type: 'separator' };

export function menuTemplate({ platform, dev, actions }: { platform: NodeJS.Platform; dev: boolean; actions: MenuActions }): MenuItem[] {
  const mac = platform === 'darwin';
  const file: MenuItem = {
    label: '&File',
    submenu: [
      { label: 'Open archive…', accelerator: 'CmdOrCtrl+O', click: actions.openArchive },
      { label: 'New archive…', accelerator: 'CmdOrCtrl+Shift+N', click: actions.newArchive },
      { label: 'Back up archive…', click: actions.backupArchive },
      separator,
      { label: 'Import files…', accelerator: 'CmdOrCtrl+I', click: () => actions.send('import-files') },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.send('view-export') },
      // On macOS, Quit lives in the application menu.
      ...(mac ? [] : [separator, { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: actions.quit }]),
    ],
  };
  const edit: MenuItem = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItem = {
    label: '&View',
    submenu: [
      ...VIEW_ITEMS.map(({ command, label }, i): MenuItem => ({ label, accelerator: `CmdOrCtrl+${i + 1}`, click: () => actions.send(command) })),
      separator,
      { label: 'Search box', accelerator: 'CmdOrCtrl+F', click: () => actions.send('focus-search') },
      // The same command under the other shortcut people expect of a search box.
      { label: 'Search box', accelerator: 'CmdOrCtrl+K', visible: false, acceleratorWorksWhenHidden: true, click: () => actions.send('focus-search') },
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'togglefullscreen' },
      ...(dev
        ? [separator, { label: 'Reload', accelerator: 'CmdOrCtrl+R', click: actions.reload }, { label: 'Toggle developer tools', accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I', click: actions.toggleDevTools }]
        : []),
    ],
  };
  const help: MenuItem = { label: '&Help', submenu: [{ label: 'Documentation', click: actions.openDocs }] };
  return [...(mac ? [{ role: 'appMenu' } satisfies MenuItem] : []), file, edit, view, ...(mac ? [{ role: 'windowMenu' } satisfies MenuItem] : []), help];
}
