import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI } from './cli-run.js';
import { fixture, tempDir } from './helpers.js';

/*
 * A real ABI mismatch: the better-sqlite3 binary built by `npm ci` for this Node, loaded by another
 * major version of Node fetched from the npm registry. Skipped, with the reason, where that
 * download is impossible.
 */
const OTHER_NODE = process.versions.node.startsWith('22.') ? 'node@20' : 'node@22';

test('a SQLite driver built for another Node gives a message that says how to fix it', { timeout: 300_000 }, (t) => {
  const db = join(tempDir(t), 'abi.db');
  const r = spawnSync('npx', ['-y', OTHER_NODE, CLI, 'import', fixture('text', 'upah-crlf.txt'), '--db', db], { encoding: 'utf8', timeout: 280_000, env: { ...process.env, PANTAU_DB: '' } });
  if (r.error || (r.status !== 2 && !/better-sqlite3/.test(r.stderr))) {
    t.skip(`could not run ${OTHER_NODE} through npx: ${(r.error?.message ?? r.stderr).trim().split('\n').slice(-1)[0]}`);
    return;
  }
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^pantau: The SQLite driver \(better-sqlite3\) was built for a different Node\.js or Electron than the one running now/);
  assert.match(r.stderr, /Rebuild it: run `npm rebuild better-sqlite3`/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});
