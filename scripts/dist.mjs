/*
 * `npm run dist` (after `npm run build`): the installers for the platform this runs on, in
 * dist/installers/ (AppImage and deb on Linux, NSIS on Windows, dmg on macOS). Needs network: the
 * first run downloads Electron's headers and electron-builder downloads Electron and its tools.
 *
 * better-sqlite3 must be built for Electron's ABI in the app, and for Node's in node_modules (the CLI
 * and the tests), so electron-builder is told never to rebuild node_modules (npmRebuild: false in
 * electron-builder.yml). Instead the Electron build `npm start` uses (scripts/start.mjs, cached under
 * node_modules/.cache/pantau-electron/) is copied to dist/native/, packed unpacked beside app.asar,
 * and loaded from there by the installed app (electron/desktop/packaged.ts).
 *
 * Arguments go to electron-builder: `npm run dist -- --dir` makes an unpacked app folder only.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_MODE, ensureBinding, ROOT, StartError } from './start.mjs';

/** Where the Electron build is put for electron-builder.yml's `files` and `asarUnpack` to take it (relative to the root). */
export const STAGED = ['dist', 'native', 'better_sqlite3.node'];
const MAIN = join(ROOT, 'dist', 'electron', 'desktop', 'main.js');
const BUILDER = join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
const ARCH_FLAGS = ['--x64', '--ia32', '--armv7l', '--arm64', '--universal'];

function fail(message) {
  console.error(`Cannot build the installers: ${message}`);
  process.exit(1);
}

function main() {
  const args = process.argv.slice(2);
  // The driver is built for this machine's processor only; an installer for another would not start.
  const otherArch = args.find((a) => ARCH_FLAGS.includes(a) && a !== `--${process.arch}`);
  if (otherArch) fail(`${otherArch} was asked for, but the SQLite driver can only be built here for ${process.arch}; build them on a machine with that processor.`);
  if (!existsSync(MAIN)) fail('the app is not built; run `npm run dist`, which builds it first.');

  let binding;
  try {
    binding = ensureBinding();
  } catch (err) {
    if (!(err instanceof StartError)) throw err;
    // start.mjs's advice to use browser mode is for running the app, not for packaging it.
    fail(err.message.replace(`; ${BROWSER_MODE}`, ''));
  }
  const staged = join(ROOT, ...STAGED);
  mkdirSync(dirname(staged), { recursive: true });
  copyFileSync(binding, staged);
  console.log(`SQLite driver for Electron: ${binding}`);

  const run = spawnSync(process.execPath, [BUILDER, '--config', 'electron-builder.yml', '--publish', 'never', ...args], { cwd: ROOT, stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) main();
