import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pantau } from './cli-run.js';
import { tempDir } from './helpers.js';

/*
 * The desktop app loads the SQLite driver PANTAU_SQLITE_BINDING names: the Electron build `npm start`
 * makes, or the one an installer ships. When that file is damaged or gone, the message says what to
 * do in both cases. The real CLI stands in for the app here, since both go through db/driver.ts;
 * tests/abi.test.ts covers node_modules' own build loaded by the wrong Node.
 */

test('a damaged or missing SQLite driver for the desktop app: reinstall, or rebuild from source; no stack trace', async (t) => {
  const dir = tempDir(t);
  const damaged = join(dir, 'rusak', 'better_sqlite3.node');
  mkdirSync(join(dir, 'rusak'));
  writeFileSync(damaged, 'bukan pustaka bersama — not a shared library\n'.repeat(100));
  const missing = join(dir, 'hilang', 'better_sqlite3.node');
  const article = join(dir, 'berita.txt');
  writeFileSync(article, 'Banjir di Jakarta Timur\n\nHujan deras sejak pagi merendam ratusan rumah di Jakarta Timur.\n');
  const archive = join(dir, 'arsip.db');
  for (const binding of [damaged, missing]) {
    const r = await pantau(['import', article, '--db', archive], { PANTAU_SQLITE_BINDING: binding });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^pantau: The SQLite driver built for the desktop app \(/);
    assert.ok(r.stderr.includes(`(${binding}) cannot be loaded by this Node ${process.versions.node} (ABI ${process.versions.modules})`), r.stderr);
    assert.match(r.stderr, /If Pantau was installed, its installation is damaged: install it again from the installer\./);
    assert.match(r.stderr, /delete node_modules\/\.cache\/pantau-electron and run `npm start` again/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.equal(existsSync(archive), false, 'nothing was created');
});
