/*
 * Runs the compiled tests with node's test runner: `node scripts/run-tests.mjs [part-of-a-name…]`.
 * The files are listed here because the runner's arguments differ by version: Node 20 takes files
 * or a folder but no glob, Node 22 and later take globs but no longer a folder.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../dist/tests/', import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.test.js') && (wanted.length === 0 || wanted.some((w) => name.includes(w))))
  .sort()
  .map((name) => dir + name);
if (files.length === 0) {
  console.error(`no test files in ${dir}${wanted.length ? ` matching ${wanted.join(', ')}` : ''}; run \`npm run build\` first`);
  process.exit(1);
}
console.log(`node ${process.version}: ${files.length} test files`);
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
