import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './helpers.js';

/* DESIGN §2: who may import whom. Cheap to check, expensive to untangle once broken. */

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name)) yield p;
  }
}

const imports = (file: string): string[] =>
  [...readFileSync(join(repoRoot, file), 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );

const ELECTRON_DOORS = new Set(['electron/main.ts', 'electron/ipc.ts', 'electron/preload.ts']);

test('only db/driver.ts imports better-sqlite3', () => {
  const offenders = ['db', 'electron', 'bench']
    .flatMap((d) => [...sources(d)])
    .filter((f) => f !== join('db', 'driver.ts') && imports(f).some((i) => i === 'better-sqlite3'));
  assert.deepEqual(offenders, []);
});

test('only the Electron front doors import the electron module', () => {
  const offenders = ['db', 'electron', 'renderer']
    .flatMap((d) => [...sources(d)])
    .filter((f) => !ELECTRON_DOORS.has(f) && imports(f).some((i) => i === 'electron' || i.startsWith('electron/')));
  assert.deepEqual(offenders, []);
});

test('db/ imports nothing from electron/ or renderer/', () => {
  const offenders = [...sources('db')].filter((f) => imports(f).some((i) => /^\.\.\/(\.\.\/)?(electron|renderer)\//.test(i)));
  assert.deepEqual(offenders, []);
});

test('the API contract stays free of Node and database modules', () => {
  const bad = imports(join('electron', 'api.ts')).filter((i) => i.startsWith('node:') || i.includes('db/') || i === 'better-sqlite3' || i === 'electron');
  assert.deepEqual(bad, []);
});

test('the import checker sees imports (it would catch a violation)', () => {
  const found = imports(join('db', 'driver.ts'));
  assert.ok(found.includes('better-sqlite3') && found.includes('node:module'), relative(repoRoot, join('db', 'driver.ts')));
});
