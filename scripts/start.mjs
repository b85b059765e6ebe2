/*
 * `npm start` (after `npm run build`): launches the desktop app on the default archive.
 *
 * 1. The Electron binary: the electron package fetches it on first use; where that cannot happen
 *    (no network), this says so in one sentence and points to browser mode.
 * 2. better-sqlite3 for Electron: Electron has an ABI of its own, while the CLI and the tests need
 *    node_modules/better-sqlite3 built for Node. So a copy of the package is built for Electron,
 *    once per Electron and better-sqlite3 version, under node_modules/.cache/pantau-electron/, with
 *    the node-gyp npm ships (its headers come from electronjs.org the first time).
 * 3. Electron runs the app (package.json "main") with PANTAU_SQLITE_BINDING naming that build,
 *    which db/driver.ts hands to better-sqlite3. Arguments after `npm start --` go to the app
 *    (`--db <archive>`, files to import).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ELECTRON = join(ROOT, 'node_modules', 'electron');
const SQLITE = join(ROOT, 'node_modules', 'better-sqlite3');
const HEADERS_URL = 'https://electronjs.org/headers';
export const BROWSER_MODE = 'run Pantau in your browser instead with `npm run pantau -- serve --open`';

/** A failure to start, told to the user as one sentence. */
export class StartError extends Error {}

const versionOf = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
export const electronVersion = () => versionOf(ELECTRON);

/** The first line of a tool's error output worth showing. */
const reason = (text) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /error|fail|ENOTFOUND|EAI_AGAIN|ECONN/i.test(l)) ?? text.trim().split('\n').pop() ?? '';

/** The Electron executable, if it is installed; the same lookup as `require('electron')`, without its download. */
export function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
    return existsSync(path) ? path : null;
  }
  const pathFile = join(ELECTRON, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const path = join(ELECTRON, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(path) ? path : null;
}

/** The Electron executable, downloaded by the electron package's installer when it is missing. */
function ensureElectron() {
  const installed = electronBinary();
  if (installed) return installed;
  console.log(`Downloading Electron ${electronVersion()} (once)…`);
  const run = spawnSync(process.execPath, [join(ELECTRON, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  const downloaded = electronBinary();
  if (downloaded) return downloaded;
  throw new StartError(`The Electron ${electronVersion()} binary is not installed and could not be downloaded (${reason(run.stderr ?? '') || 'no network?'}); ${BROWSER_MODE}.`);
}

/** Where the Electron build of better-sqlite3 is kept, by Electron and driver version, platform and processor. */
export function nativeCache(version = electronVersion()) {
  return join(ROOT, 'node_modules', '.cache', 'pantau-electron', `electron-${version}-${process.platform}-${process.arch}`, `better-sqlite3-${versionOf(SQLITE)}`);
}

export const bindingIn = (dir) => join(dir, 'build', 'Release', 'better_sqlite3.node');

/** npm's own node-gyp: npm names it to the scripts it runs; outside npm, the copy in npm's install folder. */
function nodeGyp() {
  const named = process.env.npm_config_node_gyp;
  if (named && existsSync(named)) return named;
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8', shell: process.platform === 'win32' }).stdout?.trim();
  const bundled = npmRoot ? join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js') : '';
  return bundled && existsSync(bundled) ? bundled : null;
}

/** The better-sqlite3 binding built for Electron `version`: from the cache, or built now (a minute or two, once). */
export function ensureBinding(version = electronVersion()) {
  const dir = nativeCache(version);
  const binding = bindingIn(dir);
  if (existsSync(binding)) return binding;
  const gyp = nodeGyp();
  if (!gyp) throw new StartError(`The SQLite driver cannot be built for Electron ${version} because node-gyp (part of npm) was not found; ${BROWSER_MODE}.`);
  console.log(`Building the SQLite driver for Electron ${version} (once; a minute or two)…`);
  // Built in a scratch copy and moved into place whole, so a failed build is never taken for a cached one.
  const scratch = `${dir}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  cpSync(SQLITE, scratch, { recursive: true, filter: (src) => src !== join(SQLITE, 'build') && src !== join(SQLITE, 'node_modules') });
  const build = spawnSync(
    process.execPath,
    [gyp, 'rebuild', '--release', '--runtime=electron', `--target=${version}`, `--dist-url=${HEADERS_URL}`, `--devdir=${join(dir, '..', 'headers')}`],
    { cwd: scratch, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (build.status !== 0 || !existsSync(bindingIn(scratch))) {
    rmSync(scratch, { recursive: true, force: true });
    const output = `${build.stderr ?? ''}\n${build.stdout ?? ''}`;
    if (/network connectivity|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|getaddrinfo|fetch failed/i.test(output)) {
      throw new StartError(`The SQLite driver cannot be built for Electron ${version} because its headers could not be downloaded from ${HEADERS_URL} (no network?); ${BROWSER_MODE}.`);
    }
    throw new StartError(`The SQLite driver could not be built for Electron ${version} (${reason(output) || `node-gyp exited with ${build.status}`}); ${BROWSER_MODE}.`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(scratch, dir);
  return binding;
}

/** The environment Electron runs the app in. */
export function appEnv(binding, env = process.env) {
  // With this set, Electron would run as plain Node and never open a window.
  const { ELECTRON_RUN_AS_NODE: _, ...rest } = env;
  return { ...rest, PANTAU_SQLITE_BINDING: binding };
}

function main() {
  let electron;
  let binding;
  try {
    electron = ensureElectron();
    binding = ensureBinding();
  } catch (err) {
    if (!(err instanceof StartError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
  const app = spawn(electron, [ROOT, ...process.argv.slice(2)], { stdio: 'inherit', env: appEnv(binding) });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
  app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) main();
