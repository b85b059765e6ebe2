import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { fixture, repoRoot } from './helpers.js';

/*
 * DESIGN §2, who may import whom, checked by dependency-cruiser with the rules in
 * .dependency-cruiser.cjs. Cheap to check, expensive to untangle once broken. The same rules run
 * over tests/fixtures/layers/, which breaks each of them on purpose, to show that each one bites.
 */

const config = createRequire(import.meta.url)(join(repoRoot, '.dependency-cruiser.cjs')) as IConfiguration;

async function cruiseFrom(baseDir: string, folders: string[]): Promise<ICruiseResult> {
  const { output } = await cruise(folders, { ...config.options, baseDir, ruleSet: { forbidden: config.forbidden }, validate: true });
  return output as ICruiseResult;
}

/** A package shows as its name, not as the path of the file its import resolved to. */
const named = (path: string): string => path.replace(/^(?:\.\.\/)*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, '$1');

const violations = (result: ICruiseResult): string[] => result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${named(v.to)}`).sort();

test('the sources keep to the layering rules', async () => {
  const result = await cruiseFrom(repoRoot, ['db', 'electron', 'renderer', 'bench']);
  assert.deepEqual(violations(result), []);
  // A cruise that found no files, or no imports, would pass the line above for nothing.
  const driver = result.modules.find((m) => m.source === 'db/driver.ts');
  assert.ok(driver?.dependencies.some((d) => d.module === 'better-sqlite3'), 'db/driver.ts and its import of better-sqlite3 are seen');
  assert.ok(result.modules.some((m) => m.source === 'electron/service.ts'), 'electron/service.ts is seen');
});

test('every rule reports its violation in the fixture tree, and nothing else is reported', async () => {
  const result = await cruiseFrom(fixture('layers'), ['db', 'electron', 'renderer']);
  assert.deepEqual(
    violations(result),
    [
      'contract-not-db: electron/api.ts → db/driver.ts',
      'contract-not-electron-module: electron/api.ts → electron',
      'contract-not-node: electron/api.ts → path',
      'db-imports-only-node-and-sqlite: db/archive.ts → zod',
      'db-not-application: db/archive.ts → electron/import/run.ts',
      'db-not-application: db/search/compile.ts → electron/api.ts',
      'db-not-application: db/search/compile.ts → renderer/app.ts',
      'db-not-electron-module: db/archive.ts → electron',
      'db-not-react: db/archive.ts → react',
      'domain-not-electron-module: electron/import/run.ts → electron',
      'domain-not-electron-module: electron/service.ts → electron',
      'domain-not-react: electron/import/run.ts → react',
      'domain-not-renderer: electron/import/run.ts → renderer/app.ts',
      'electron-module-only-in-main-process: electron/cli.ts → electron',
      'electron-module-only-in-main-process: electron/paths.ts → electron',
      'front-door-not-db: electron/cli.ts → db/driver.ts',
      'front-door-not-renderer: electron/cli.ts → renderer/app.ts',
      'only-driver-imports-better-sqlite3: db/archive.ts → better-sqlite3',
      'only-driver-imports-better-sqlite3: electron/api.ts → better-sqlite3',
      'ui-not-db: renderer/app.ts → db/driver.ts',
      'ui-not-electron-module: renderer/app.ts → electron',
      'ui-not-node: renderer/app.ts → fs',
      'ui-only-contract-from-electron: renderer/app.ts → electron/service.ts',
      'ui-only-types-from-contract: renderer/app.ts → electron/api.ts',
    ].sort(),
  );
  // Every rule in the configuration is among those shown to bite.
  const bitten = new Set(result.summary.violations.map((v) => v.rule.name));
  assert.deepEqual(config.forbidden?.map((r) => r.name).filter((name) => !bitten.has(name!)), []);
});
