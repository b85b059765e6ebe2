/*
 * DESIGN §2, "Layers and who may import whom", as dependency-cruiser rules: one group of rules
 * per row of the table. tests/layers.test.ts runs them over the sources on every `npm test`, and
 * over tests/fixtures/layers/, a small tree that breaks each rule once, to show each one bites.
 * Paths are relative to the folder cruised from (the repository root, or the fixture tree).
 *
 * Only the Electron main process imports the `electron` module: electron/main.ts, electron/ipc.ts,
 * electron/preload.ts, and their small siblings, which by convention are named electron/*.main.ts.
 * The desktop shell lives in electron/desktop/ (a front door): of it, only desktop/main.ts and the
 * preload script (electron/preload.cts, CommonJS as a sandboxed preload must be) import `electron`;
 * its other modules take narrow interfaces, so they are tested under plain Node.
 */

const DB = '^db/';
const DOMAIN = ['^electron/(import|search|analysis|export|sources)/', '^electron/service\\.ts$'];
// A front door may have small siblings of its own: electron/cli-common.ts, electron/cli-entities.ts.
const FRONT_DOORS = ['^electron/(main|ipc|preload|server|cli)\\.ts$', '^electron/(main|ipc|preload|server|cli)-[a-z]+\\.ts$', '^electron/desktop/', '^electron/preload\\.cts$'];
const CONTRACT = '^electron/api\\.ts$';
const UI = '^renderer/';
const ELECTRON_HOSTS = ['^electron/((main|ipc|preload)|[^/]+\\.main)\\.ts$', '^electron/desktop/main\\.ts$', '^electron/preload\\.cts$'];

// A package reads as its bare name while it is not installed, and as its node_modules path once it is.
const pkg = (name) => [`^${name}(/|$)`, `(^|/)node_modules/${name}/`];
// Local files are told from packages of the same name (the electron/ folder, the `electron` module) by type.
const ELECTRON_MODULE = { path: pkg('electron'), dependencyTypesNot: ['local'] };
const REACT = { path: [...pkg('react'), ...pkg('react-dom')], dependencyTypesNot: ['local'] };
const BETTER_SQLITE3 = { path: pkg('better-sqlite3'), dependencyTypesNot: ['local'] };
const NODE = { dependencyTypes: ['core'] };
const local = (path) => ({ path, dependencyTypes: ['local'] });

const rule = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // storage: db/ may import node and better-sqlite3 (only db/driver.ts), and nothing of the application or UI.
    // (electron and react have rules of their own below, to name them in the report.)
    rule('db-imports-only-node-and-sqlite', 'db/ uses node and better-sqlite3, nothing else from npm', { path: DB }, {
      dependencyTypesNot: ['local', 'core'],
      pathNot: [...pkg('better-sqlite3'), ...pkg('electron'), ...pkg('react'), ...pkg('react-dom')],
    }),
    rule('only-driver-imports-better-sqlite3', 'db/driver.ts is the one door to better-sqlite3', { pathNot: '^db/driver\\.ts$' }, BETTER_SQLITE3),
    rule('db-not-electron-module', 'storage runs under plain Node', { path: DB }, ELECTRON_MODULE),
    rule('db-not-react', 'storage knows nothing of the UI', { path: DB }, REACT),
    rule('db-not-application', 'storage is the bottom layer: nothing in electron/ or renderer/', { path: DB }, local(['^electron/', '^renderer/'])),

    // domain: db/, node and field libraries; not the electron module, react or renderer/.
    rule('domain-not-electron-module', 'the domain runs under plain Node, so it is tested without Electron', { path: DOMAIN }, ELECTRON_MODULE),
    rule('domain-not-react', 'the domain knows nothing of the UI', { path: DOMAIN }, REACT),
    rule('domain-not-renderer', 'the domain knows nothing of the UI', { path: DOMAIN }, local(UI)),

    // front doors: the service and the API contract; not renderer code, not db/.
    rule('front-door-not-renderer', 'front doors talk to the UI only through the contract', { path: FRONT_DOORS }, local(UI)),
    rule('front-door-not-db', 'front doors reach storage only through the service', { path: FRONT_DOORS }, local(DB)),

    // contract: zod or similar; nothing Node-only.
    rule('contract-not-node', 'the contract is loaded by the renderer too', { path: CONTRACT }, NODE),
    rule('contract-not-electron-module', 'the contract is loaded by the renderer too', { path: CONTRACT }, ELECTRON_MODULE),
    // (better-sqlite3 it may not import either: only-driver-imports-better-sqlite3 covers every file.)
    rule('contract-not-db', 'the contract does not expose storage internals', { path: CONTRACT }, local(DB)),

    // UI: react, UI libraries, `import type` from the contract; not electron, node, db/.
    rule('ui-not-electron-module', 'the renderer reaches the main process through the preload bridge', { path: UI }, ELECTRON_MODULE),
    rule('ui-not-node', 'the renderer runs in a browser context', { path: UI }, NODE),
    rule('ui-not-db', 'the renderer reaches storage only through the contract', { path: UI }, local(DB)),
    rule('ui-only-contract-from-electron', 'of electron/, the renderer may import the contract alone', { path: UI }, {
      ...local('^electron/'),
      pathNot: CONTRACT,
    }),
    rule('ui-only-types-from-contract', 'the renderer takes types from the contract (`import type`), never its code', { path: UI }, {
      path: CONTRACT,
      dependencyTypesNot: ['type-only'],
    }),

    // The electron module outside the layers above: only the main process files.
    rule('electron-module-only-in-main-process', 'only electron/main.ts, ipc.ts, preload.ts and electron/*.main.ts import electron', {
      pathNot: [...ELECTRON_HOSTS, DB, ...DOMAIN, CONTRACT, UI],
    }, ELECTRON_MODULE),
  ],
  options: {
    // Type-only imports count: they couple layers as much as any other, and the UI rule needs to see them.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  },
};
