import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_WINDOW, walk, type WalkEntry } from '../electron/import/walk.js';
import { tempDir } from './helpers.js';

async function collect(paths: string[]): Promise<WalkEntry[]> {
  const entries: WalkEntry[] = [];
  for await (const entry of walk(paths)) entries.push(entry);
  return entries;
}

/** Writes files (creating folders) under root; content length is the expected size. */
function tree(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

test('walks nested folders depth first in sorted order, skipping hidden and system files', async (t) => {
  const root = tempDir(t);
  tree(root, {
    'b.txt': 'bb',
    'a/z.html': '<p>z</p>',
    'a/deep/x.md': '# x',
    'a/.DS_Store': 'junk',
    'a/Thumbs.db': 'junk',
    'a/~$draft.docx': 'lock',
    '.git/HEAD': 'ref: refs/heads/main',
    '__MACOSX/a/._z.html': 'junk',
    'C.txt': 'C',
  });
  assert.deepEqual(await collect([root]), [
    { path: join(root, 'C.txt'), size: 1 },
    { path: join(root, 'a/deep/x.md'), size: 3 },
    { path: join(root, 'a/z.html'), size: 8 },
    { path: join(root, 'b.txt'), size: 2 },
  ]);
});

test('yields files given directly even when their name would be ignored', async (t) => {
  const root = tempDir(t);
  tree(root, { '.DS_Store': 'x', 'Thumbs.db': 'yy', 'news.txt': 'zzz' });
  const paths = [join(root, 'news.txt'), join(root, '.DS_Store'), join(root, 'Thumbs.db')];
  assert.deepEqual(await collect(paths), [
    { path: paths[0], size: 3 },
    { path: paths[1], size: 1 },
    { path: paths[2], size: 2 },
  ]);
});

test('reports a missing path and carries on with the next one', async (t) => {
  const root = tempDir(t);
  tree(root, { 'news.txt': 'abc' });
  assert.deepEqual(await collect([join(root, 'missing'), join(root, 'news.txt')]), [
    { path: join(root, 'missing'), error: 'no such file or directory' },
    { path: join(root, 'news.txt'), size: 3 },
  ]);
});

test('reports a path that runs through a file', async (t) => {
  const root = tempDir(t);
  tree(root, { 'news.txt': 'abc' });
  assert.deepEqual(await collect([join(root, 'news.txt', 'inside.txt')]), [{ path: join(root, 'news.txt', 'inside.txt'), error: 'not a directory' }]);
});

test('does not follow a symlink loop', async (t) => {
  const root = tempDir(t);
  tree(root, { 'a/one.txt': '1', 'a/sub/two.txt': '22' });
  symlinkSync('..', join(root, 'a/loop'));
  symlinkSync('../..', join(root, 'a/sub/up'));
  assert.deepEqual(await collect([root]), [
    { path: join(root, 'a/one.txt'), size: 1 },
    { path: join(root, 'a/sub/two.txt'), size: 2 },
  ]);
});

test('follows symlinks to files and to folders outside the tree', async (t) => {
  const root = tempDir(t);
  const elsewhere = tempDir(t);
  tree(elsewhere, { 'shared/arsip.txt': 'arsip', 'single.txt': 'satu' });
  tree(root, { 'local.txt': 'L' });
  symlinkSync(join(elsewhere, 'shared'), join(root, 'linked-folder'));
  symlinkSync(join(elsewhere, 'single.txt'), join(root, 'linked-file.txt'));
  assert.deepEqual(await collect([root]), [
    { path: join(root, 'linked-file.txt'), size: 4 },
    { path: join(root, 'linked-folder/arsip.txt'), size: 5 },
    { path: join(root, 'local.txt'), size: 1 },
  ]);
});

test('reports a dangling symlink inside a folder', async (t) => {
  const root = tempDir(t);
  tree(root, { 'ok.txt': 'ok' });
  symlinkSync(join(root, 'gone.txt'), join(root, 'broken.txt'));
  assert.deepEqual(await collect([root]), [
    { path: join(root, 'broken.txt'), error: 'no such file or directory' },
    { path: join(root, 'ok.txt'), size: 2 },
  ]);
});

test('a folder of many entries keeps its order, its problems and its subfolders in place', async (t) => {
  const root = tempDir(t);
  // More entries than the walk ever looks at together, with a problem and folders at the widest
  // window's edges, and a folder inside that is itself more than a window.
  const name = (i: number): string => `f${String(i).padStart(4, '0')}`;
  const count = 2 * MAX_WINDOW + 22;
  const gone = MAX_WINDOW - 1;
  const small = [MAX_WINDOW, 2 * MAX_WINDOW];
  const big = 10;
  const inside = Array.from({ length: MAX_WINDOW + 5 }, (_, i) => name(i));
  for (let i = 0; i < count; i++) {
    if (i === gone) symlinkSync(join(root, 'gone'), join(root, name(i)));
    else if (small.includes(i)) tree(root, { [`${name(i)}/inner.txt`]: 'in' });
    else if (i === big) tree(root, Object.fromEntries(inside.map((n, k) => [`${name(i)}/${n}`, 'y'.repeat(k % 5)])));
    else tree(root, { [name(i)]: 'x'.repeat(i % 7) });
  }
  const expected = Array.from({ length: count }, (_, i): WalkEntry[] => {
    if (i === gone) return [{ path: join(root, name(i)), error: 'no such file or directory' }];
    if (small.includes(i)) return [{ path: join(root, name(i), 'inner.txt'), size: 2 }];
    if (i === big) return inside.map((n, k) => ({ path: join(root, name(i), n), size: k % 5 }));
    return [{ path: join(root, name(i)), size: i % 7 }];
  }).flat();
  assert.deepEqual(await collect([root]), expected);
});

test('yields entries as it goes instead of listing the whole tree first', async (t) => {
  const root = tempDir(t);
  tree(root, { 'a/first.txt': '1', 'b/second.txt': '2' });
  const walker = walk([root]);
  const first = await walker.next();
  assert.deepEqual(first.value, { path: join(root, 'a/first.txt'), size: 1 });
  // A folder created after the first entry was yielded is still found: b's listing was not read yet.
  tree(root, { 'b/third.txt': '3' });
  const rest: WalkEntry[] = [];
  for await (const entry of walker) rest.push(entry);
  assert.deepEqual(rest, [
    { path: join(root, 'b/second.txt'), size: 1 },
    { path: join(root, 'b/third.txt'), size: 1 },
  ]);
});

/**
 * Root reads any folder. As root, the walk runs in a child process stripped of the capabilities
 * that allow it (setpriv, from util-linux), so the check meets the folder as an ordinary user would.
 */
function collectWithoutPrivilege(paths: string[]): Promise<WalkEntry[]> {
  if (process.getuid?.() !== 0) return collect(paths);
  const walkModule = new URL('../electron/import/walk.js', import.meta.url).href;
  const script = `const { walk } = await import(${JSON.stringify(walkModule)});
    const entries = [];
    for await (const entry of walk(${JSON.stringify(paths)})) entries.push(entry);
    process.stdout.write(JSON.stringify(entries));`;
  const r = spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.error?.message ?? r.stderr);
  return Promise.resolve(JSON.parse(r.stdout) as WalkEntry[]);
}

test('reports an unreadable folder and carries on', async (t) => {
  const root = tempDir(t);
  tree(root, { 'locked/secret.txt': 's', 'open/news.txt': 'n' });
  chmodSync(join(root, 'locked'), 0o000);
  try {
    assert.deepEqual(await collectWithoutPrivilege([root]), [
      { path: join(root, 'locked'), error: 'permission denied' },
      { path: join(root, 'open/news.txt'), size: 1 },
    ]);
  } finally {
    // Before tempDir's cleanup, which could not empty the folder otherwise.
    chmodSync(join(root, 'locked'), 0o755);
  }
});
