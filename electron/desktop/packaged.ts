import { join, sep } from 'node:path';

/*
 * What changes once electron-builder has packaged the app: its files sit inside
 * resources/app.asar, an archive only Electron's own file functions can read. The operating system
 * can neither load a native library from it nor open a document in it for another program, so those
 * files are unpacked beside it (electron-builder.yml, asarUnpack) and reached here by their real path.
 */

/** The SQLite driver built for Electron, under the app's resources: scripts/dist.mjs stages it at dist/native/ and asarUnpack keeps it a real file. */
export const BUNDLED_BINDING = ['app.asar.unpacked', 'dist', 'native', 'better_sqlite3.node'] as const;

/**
 * In an installed app, points db/driver.ts (PANTAU_SQLITE_BINDING) at the driver shipped with it,
 * before any worker starts, since workers copy the environment when they start. It overrides a value
 * from outside: an installed app loads no native code but its own.
 */
export function useBundledSqlite(packaged: boolean, resourcesPath: string, env: NodeJS.ProcessEnv = process.env): void {
  if (packaged) env.PANTAU_SQLITE_BINDING = join(resourcesPath, ...BUNDLED_BINDING);
}

/** The unpacked copy of a file inside app.asar, for a file another program opens; other paths unchanged. */
export function outsideAsar(path: string): string {
  return path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
}
