import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { parse } from 'yaml';
import { BUNDLED_BINDING, outsideAsar, useBundledSqlite } from '../electron/desktop/packaged.js';
import { repoRoot } from './helpers.js';

/*
 * The installers cannot be built here (electron-builder downloads Electron), so the packaging is
 * checked as data: electron-builder.yml against electron-builder's own schema, with its own
 * validator (ajv) and its own file matching (app-builder-lib's FileMatcher, minimatch with its
 * options and default exclusions), over the app as `npm run build` leaves it in dist/.
 */

const CONFIG_FILE = join(repoRoot, 'electron-builder.yml');
const builderRequire = createRequire(join(repoRoot, 'node_modules', 'app-builder-lib', 'package.json'));

interface PlatformOptions {
  target?: string | (string | { target: string })[];
  files?: unknown;
  fileAssociations?: unknown;
  protocols?: unknown;
  [key: string]: unknown;
}
interface BuilderConfig extends PlatformOptions {
  appId?: string;
  productName?: string;
  directories?: { buildResources?: string; output?: string };
  asarUnpack?: string[];
  npmRebuild?: boolean;
  nodeGypRebuild?: boolean;
  electronFuses?: Record<string, boolean>;
  publish?: unknown;
  linux?: PlatformOptions;
  win?: PlatformOptions;
  mac?: PlatformOptions;
  nsis?: Record<string, unknown>;
}

const config = parse(readFileSync(CONFIG_FILE, 'utf8')) as BuilderConfig;

/** ajv as electron-builder constructs it (app-builder-lib/out/util/config/schemaValidator.js), without coercion, which would rewrite the config. */
function schemaValidator(): (data: unknown) => { ok: boolean; errors: string } {
  const Ajv = (builderRequire('ajv') as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null } } }).default;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(builderRequire.resolve('./scheme.json'), 'utf8')) as object);
  return (data) => {
    const ok = validate(data);
    return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ') };
  };
}

/* app-builder-lib's file matching, as its packager runs it. */
interface Stat {
  isDirectory(): boolean;
  moduleFullFilePath?: string;
}
interface FileMatcher {
  patterns: string[];
  createFilter(): (file: string, stat: Stat) => boolean;
}
interface FileMatcherModule {
  FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns?: string[]) => FileMatcher;
  getMainFileMatchers(appDir: string, to: string, expand: (s: string) => string, platform: object, packager: object, outDir: string, electronCompile: boolean): FileMatcher[];
  getNodeModuleFileMatcher(appDir: string, to: string, expand: (s: string) => string, platform: object, info: object): FileMatcher;
}
const matching = builderRequire('./out/fileMatcher.js') as FileMatcherModule;
const same = (s: string): string => s;
const OUT = '/packaged-app';
const stat = (directory: boolean, moduleFullFilePath?: string): Stat => ({ isDirectory: () => directory, moduleFullFilePath });
/** The fields of electron-builder's packager that its file matching reads. */
const packagerInfo = {
  projectDir: repoRoot,
  buildResourcesDir: resolve(repoRoot, config.directories?.buildResources ?? 'build'),
  config,
  isPrepackedAppAsar: false,
  debugLogger: { isEnabled: false },
};

/**
 * Whether electron-builder copies the file at `rel` (a path from the root, with /) into the app:
 * it walks the tree and descends only into folders its filter lets through.
 */
function packs(filter: (file: string, stat: Stat) => boolean, rel: string): boolean {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) if (!filter(join(repoRoot, ...parts.slice(0, i)), stat(true))) return false;
  return filter(join(repoRoot, ...parts), stat(false));
}

function appFilter(platform: PlatformOptions): (file: string, stat: Stat) => boolean {
  const matchers = matching.getMainFileMatchers(repoRoot, OUT, same, platform, { info: packagerInfo }, resolve(repoRoot, config.directories?.output ?? 'dist'), false);
  assert.equal(matchers.length, 1, 'one set of patterns, from the project root');
  return matchers[0]!.createFilter();
}

/** electron-builder's filter for the files of the package `name` in node_modules. */
function moduleFilter(platform: PlatformOptions, name: string): (rel: string, directory?: boolean) => boolean {
  const patterns = matching.getNodeModuleFileMatcher(repoRoot, OUT, same, platform, packagerInfo).patterns;
  const dir = join(repoRoot, 'node_modules', name);
  const filter = new matching.FileMatcher(dir, join(OUT, 'node_modules', name), same, patterns).createFilter();
  return (rel, directory = false) => filter(join(dir, rel), stat(directory, `node_modules/${name}/${rel}`));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile());
}
const rel = (file: string): string => relative(repoRoot, file).split(sep).join('/');
const targets = (options: PlatformOptions | undefined): string[] => [options?.target ?? []].flat().map((t) => (typeof t === 'string' ? t : t.target));
const PLATFORMS = { linux: config.linux ?? {}, win: config.win ?? {}, mac: config.mac ?? {} };

test('electron-builder.yml is data that electron-builder’s own schema accepts', () => {
  const validate = schemaValidator();
  const result = validate(config);
  assert.ok(result.ok, result.errors);
  // The validator bites: a misspelt key and a wrong type are refused.
  assert.equal(validate({ ...config, fileAssocations: [] }).ok, false);
  assert.equal(validate({ ...config, npmRebuild: 'no' }).ok, false);
});

test('the installers: app id, product name, AppImage and deb, NSIS, dmg; nothing published, nothing associated', () => {
  assert.equal(config.appId, 'org.pantau.app');
  assert.equal(config.productName, 'Pantau');
  assert.deepEqual(targets(config.linux).sort(), ['AppImage', 'deb']);
  assert.deepEqual(targets(config.win), ['nsis']);
  assert.deepEqual(targets(config.mac), ['dmg']);
  assert.equal(config.publish, null, 'the release workflow attaches the installers; electron-builder never publishes');
  // Nothing opens Pantau by double-click or link: no file type, no URL scheme, on any platform.
  for (const options of [config, ...Object.values(PLATFORMS)]) {
    assert.equal(options.fileAssociations, undefined);
    assert.equal(options.protocols, undefined);
  }
  assert.equal(config.nsis?.deleteAppDataOnUninstall, false, 'uninstalling never deletes the archive');
  assert.equal(config.directories?.output, 'dist/installers', 'the output stays under dist/, which git ignores');
});

test('fuses: no running as Node, no NODE_OPTIONS or inspector, asar integrity checked, the app only from its asar', () => {
  const fuses = config.electronFuses ?? {};
  assert.equal(fuses.runAsNode, false);
  assert.equal(fuses.enableNodeOptionsEnvironmentVariable, false);
  assert.equal(fuses.enableNodeCliInspectArguments, false);
  assert.equal(fuses.enableEmbeddedAsarIntegrityValidation, true);
  assert.equal(fuses.onlyLoadAppFromAsar, true);
  assert.notEqual(config.asar, false, 'onlyLoadAppFromAsar needs an asar');
});

test('native module: node_modules is never rebuilt; the Electron build ships unpacked and the Node build stays out', async () => {
  assert.equal(config.npmRebuild, false, "a rebuild would turn node_modules' better-sqlite3 into Electron's and break the CLI and tests");
  assert.equal(config.nodeGypRebuild, false);
  const { STAGED } = (await import(pathToFileURL(join(repoRoot, 'scripts', 'dist.mjs')).href)) as { STAGED: string[] };
  const staged = STAGED.join('/');
  // What scripts/dist.mjs stages is where the installed app looks (electron/desktop/packaged.ts).
  assert.deepEqual(BUNDLED_BINDING, ['app.asar.unpacked', ...STAGED]);
  const unpack = new matching.FileMatcher(repoRoot, OUT, same, config.asarUnpack).createFilter();
  assert.ok(unpack(join(repoRoot, ...STAGED), stat(false)), `asarUnpack covers ${staged}`);
  assert.ok(unpack(join(repoRoot, 'docs', 'desktop.md'), stat(false)), 'asarUnpack covers the documentation the app hands to another program');
  for (const platform of Object.values(PLATFORMS)) {
    assert.ok(packs(appFilter(platform), staged), `files include ${staged}`);
    const sqlite = moduleFilter(platform, 'better-sqlite3');
    assert.ok(sqlite('lib/index.js') && sqlite('package.json'), "better-sqlite3's JavaScript is packed");
    assert.equal(sqlite('build', true), false, "better-sqlite3's build for Node is left out");
    assert.equal(sqlite('build/Release/better_sqlite3.node'), false);
    assert.equal(sqlite('deps', true), false, "SQLite's sources are left out");
  }
});

test('every file the packaged app needs is in its files patterns, and no test, benchmark, source or map', () => {
  const main = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string }).main;
  assert.ok(existsSync(join(repoRoot, main)), `${main} is built (npm run build)`);
  const code = [...filesUnder(join(repoRoot, 'dist', 'electron')), ...filesUnder(join(repoRoot, 'dist', 'db'))].filter((f) => /\.c?js$/.test(f));
  // Files the code reaches from its own location at run time: workers, the preload script, the
  // renderer, the documentation, the sample articles. Each must exist, and a folder brings all it holds.
  const reached = new Set<string>();
  for (const file of code) {
    for (const m of readFileSync(file, 'utf8').matchAll(/new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g)) {
      const target = resolve(dirname(file), m[1]!);
      assert.ok(existsSync(target), `${rel(file)} reaches ${m[1]}, which does not exist`);
      for (const f of statSync(target).isDirectory() ? filesUnder(target) : [target]) reached.add(f);
    }
  }
  assert.ok(reached.has(join(repoRoot, 'docs', 'desktop.md')) && reached.has(join(repoRoot, 'dist', 'electron', 'preload.cjs')), 'the scan finds what main.ts opens');
  const needed = [...new Set([main, 'package.json', ...[...code, ...filesUnder(join(repoRoot, 'dist', 'renderer')), ...reached].map(rel)])].filter((f) => !f.endsWith('.map'));
  assert.ok(needed.some((f) => f.startsWith('dist/renderer/')) && needed.some((f) => f.endsWith('service-host.js')));
  const unwanted = [
    ...['dist/tests', 'dist/bench', 'tests', 'renderer', 'electron', 'db'].flatMap((d) => filesUnder(join(repoRoot, d)).map(rel)).filter((f) => !f.startsWith('electron/samples/')),
    // The benchmark's generated corpus holds many thousands of files: its own files stand for it.
    ...readdirSync(join(repoRoot, 'bench')).filter((name) => name.endsWith('.ts')).map((name) => `bench/${name}`),
    ...filesUnder(join(repoRoot, 'dist')).map(rel).filter((f) => f.endsWith('.map')),
    'electron-builder.yml',
    'tsconfig.json',
  ];
  for (const [name, platform] of Object.entries(PLATFORMS)) {
    const filter = appFilter(platform);
    assert.deepEqual(needed.filter((f) => !packs(filter, f)), [], `${name}: needed files left out`);
    assert.deepEqual(unwanted.filter((f) => packs(filter, f)), [], `${name}: files packed that the app does not need`);
  }
});

test('every package the compiled app imports is a production dependency, so electron-builder packs it', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const imported = new Set<string>();
  for (const file of [...filesUnder(join(repoRoot, 'dist', 'electron')), ...filesUnder(join(repoRoot, 'dist', 'db'))].filter((f) => /\.c?js$/.test(f))) {
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm), ...text.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)];
    for (const m of specs) {
      const spec = m[1]!;
      if (spec.startsWith('.') || isBuiltin(spec)) continue;
      imported.add(spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'));
    }
  }
  assert.ok(imported.has('better-sqlite3') && imported.has('zod'), 'the scan finds the imports');
  // Electron itself is the runtime; electron-builder requires it among the devDependencies.
  imported.delete('electron');
  assert.deepEqual([...imported].filter((name) => !(name in pkg.dependencies)), []);
});

test('the icon electron-builder converts is a square RGBA PNG of at least 512 pixels', () => {
  const icon = join(repoRoot, config.directories?.buildResources ?? 'build', 'icon.png');
  const png = readFileSync(icon);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.ok(width >= 512 && width === height, `${width}×${height}`);
  assert.deepEqual([png[24], png[25]], [8, 6], '8-bit RGBA');
  // The image data is whole: one filter byte and four bytes per pixel on every row.
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  assert.equal(inflateSync(Buffer.concat(idat)).length, height * (width * 4 + 1));
});

test('an installed app loads the SQLite driver it ships, whatever the environment says; from source, the environment decides', () => {
  const resources = join(sep, 'opt', 'Pantau', 'resources');
  const env: NodeJS.ProcessEnv = { PANTAU_SQLITE_BINDING: '/tmp/elsewhere.node' };
  useBundledSqlite(true, resources, env);
  assert.equal(env.PANTAU_SQLITE_BINDING, join(resources, 'app.asar.unpacked', 'dist', 'native', 'better_sqlite3.node'));
  const dev: NodeJS.ProcessEnv = { PANTAU_SQLITE_BINDING: '/cache/better_sqlite3.node' };
  useBundledSqlite(false, resources, dev);
  assert.deepEqual(dev, { PANTAU_SQLITE_BINDING: '/cache/better_sqlite3.node' });
  assert.equal(outsideAsar(join(resources, 'app.asar', 'docs', 'desktop.md')), join(resources, 'app.asar.unpacked', 'docs', 'desktop.md'));
  assert.equal(outsideAsar(join(repoRoot, 'docs', 'desktop.md')), join(repoRoot, 'docs', 'desktop.md'));
});
