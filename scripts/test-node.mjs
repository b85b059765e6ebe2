/*
 * Runs the whole suite under another version of Node: `npm run test:node -- 24` (a major line, or an
 * exact version such as 24.21.0).
 *
 * better-sqlite3 is compiled for one Node ABI, so running the tests with another Node against this
 * checkout's node_modules fails, and rebuilding them for it breaks them for the usual Node. So the
 * suite runs in a copy of the project, in the system's temporary folder, whose node_modules are
 * installed by that Node. The Node itself comes from the npm registry as node-<platform>-<arch>,
 * which also carries the headers node-gyp compiles better-sqlite3 against.
 * The folder is <tmp>/pantau-node-<version>-<checkout>, one per checkout so that two checkouts
 * testing at once do not share it; set PANTAU_NODE_WORK to use another.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const version = process.argv[2];
if (!version || !/^\d+(\.\d+){0,2}$/.test(version)) {
  console.error('usage: npm run test:node -- <version>   e.g. 24, 22 or 24.21.0');
  process.exit(2);
}
if (process.platform !== 'linux' && process.platform !== 'darwin') {
  console.error(`test:node knows where Node keeps its files on Linux and macOS, not on ${process.platform}`);
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const checkout = createHash('sha256').update(root).digest('hex').slice(0, 8);
const work = process.env.PANTAU_NODE_WORK || join(tmpdir(), `pantau-node-${version}-${checkout}`);
const tools = join(work, 'node');
const project = join(work, 'project');
const nodePackage = `node-${process.platform}-${process.arch}`;
const nodeDir = join(tools, 'node_modules', nodePackage);

/** Run a command, echoing it; stop here if it fails. */
function run(command, args, options = {}) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status ?? r.signal})`}`);
    process.exit(r.status || 1);
  }
}

// 1. That Node, from the npm registry, with this machine's npm.
mkdirSync(tools, { recursive: true });
run('npm', ['install', '--prefix', tools, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${nodePackage}@${version}`]);

// 2. A copy of the project without what is built or installed: those are made again for that Node.
const SKIP = ['node_modules', 'dist', '.git', 'bench/.corpus'];
const copied = (src) => {
  const path = relative(root, src).split(sep).join('/');
  return !SKIP.some((skip) => path === skip || path.startsWith(`${skip}/`));
};
rmSync(project, { recursive: true, force: true });
cpSync(root, project, { recursive: true, filter: copied });

// 3. Install and test there, with that Node first on the PATH (npm's own `#!/usr/bin/env node` too)
//    and its headers for node-gyp. npm settings inherited from a parent `npm run` are left behind.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
env.PATH = `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH ?? ''}`;
env.npm_config_nodedir = nodeDir;
run('node', ['--version'], { env, cwd: project });
run('npm', ['ci', '--no-audit', '--no-fund'], { env, cwd: project });
run('npm', ['test'], { env, cwd: project });
