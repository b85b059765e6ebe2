import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { openArchive, out, parsePositive } from './cli-common.js';
import { startServer } from './server.js';
import { startFeedTimer } from './sources/timer.js';

/* `pantau serve`: browser mode, the archive's API (and the UI, once built) on 127.0.0.1 until Ctrl-C. */

/** Where the renderer build lands (dist/renderer), beside the compiled CLI. */
const RENDERER = fileURLToPath(new URL('../renderer/', import.meta.url));

/** The system's way to open a URL in the default browser. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`Could not open a browser (${command}); open ${url} yourself.\n`));
  child.unref();
}

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('browser mode: serve the archive on 127.0.0.1 with a new access token each start, until Ctrl-C')
    .option('--port <n>', 'port to listen on (default: any free port)', parsePositive)
    .option('--open', 'open the printed address in the default browser')
    .option('--no-poll', 'do not poll the feeds (pantau feeds) while serving')
    .option('--no-watch', 'do not import what appears in the watched folders (pantau folders) while serving')
    .action(async (opts: { port?: number; open?: boolean; poll: boolean; watch: boolean }, cmd: Command) => {
      // A new archive is made: the first thing to do in the UI may be to import into it.
      const wb = await openArchive(cmd, { create: true });
      const server = await startServer(wb, { port: opts.port, staticDir: existsSync(RENDERER) ? RENDERER : undefined }).catch((err: NodeJS.ErrnoException) => {
        wb.close();
        throw err.code === 'EADDRINUSE' ? new Error(`port ${opts.port} is in use; choose another with --port, or leave it out`) : err;
      });
      out(`Pantau is serving ${wb.stats().archive}`);
      out(`Open ${server.url}`);
      out('Only this computer can reach it, and only with the token in that address. Ctrl-C stops it.');
      if (opts.open) openInBrowser(server.url);
      const feeds = opts.poll
        ? startFeedTimer((signal) => wb.feedsRun({}, { signal }), (err) => process.stderr.write(`feed polling: ${err instanceof Error ? err.message : String(err)}\n`))
        : null;
      // The uploads and downloads under way are never taken for a watched folder's files, should one hold the system's temporary folder.
      const folders = opts.watch
        ? wb.watchFolders({ exclude: [server.staging], onError: (err) => process.stderr.write(`folder watching: ${err instanceof Error ? err.message : String(err)}\n`) })
        : null;
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await Promise.all([feeds?.stop(), folders?.stop()]);
      await server.close();
      wb.close();
    });
}
