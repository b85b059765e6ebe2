import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { WatchedFolder } from './api.js';
import { formatCount, openArchive, out, printJson, show } from './cli-common.js';

/*
 * `pantau folders`: the folders kept in the archive whose new files the desktop app, `pantau serve`
 * and `pantau watch` import while they run. docs/feeds.md#watched-folders has the rules.
 */

const when = (iso: string | null): string => (iso === null ? 'never' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));

function printFolders(folders: WatchedFolder[]): void {
  if (folders.length === 0) out('No watched folders yet; add one with `pantau folders add FOLDER`.');
  for (const f of folders) {
    out(f.path);
    out(`  ${formatCount(f.files)} file${f.files === 1 ? '' : 's'}, ${formatCount(f.articles)} new article${f.articles === 1 ? '' : 's'}; last check ${when(f.lastCheck)}; last import ${when(f.lastImport)}`);
    if (f.lastError) out(`  last error: ${f.lastError}`);
  }
}

export function addFoldersCommands(program: Command): void {
  const folders = program
    .command('folders')
    .description('folders whose new files the desktop app, pantau serve and pantau watch import while they run');
  folders
    .command('add')
    .description('watch a folder from now on; its files, and those that appear in it later, are imported once complete')
    .argument('<folder>', 'an existing folder')
    .option('--json', 'print JSON')
    .action(async (folder: string, opts: { json?: boolean }, cmd: Command) => {
      const wb = await openArchive(cmd, { create: true });
      let added: WatchedFolder;
      try {
        added = wb.foldersAdd({ path: folder });
      } finally {
        wb.close();
      }
      if (opts.json) printJson(added);
      else out(`Watching ${added.path}. The desktop app, \`pantau serve\` and \`pantau watch\` import what appears in it while they run.`);
    });
  folders
    .command('list')
    .description('every watched folder with its last check, last import, files and articles imported, and last error')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await show(cmd, opts.json, (wb) => ({ folders: wb.foldersList() }), (r) => printFolders(r.folders));
    });
  folders
    .command('remove')
    .description('stop watching a folder; the articles it brought stay')
    .argument('<folder>', 'the folder, as listed or relative to here')
    .option('--json', 'print JSON')
    .action(async (folder: string, opts: { json?: boolean }, cmd: Command) => {
      await show(
        cmd,
        opts.json,
        (wb) => {
          wb.foldersRemove({ path: folder });
          return { removed: resolve(folder) };
        },
        (r) => out(`Stopped watching ${r.removed}; the articles it brought stay.`),
      );
    });
}
