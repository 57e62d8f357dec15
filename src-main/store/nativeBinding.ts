import fs from 'node:fs';
import path from 'node:path';

/** Where this process runs, as far as choosing the SQLite binding goes. */
export interface BindingRuntime {
  /** process.versions.electron: undefined under plain Node. */
  electron: string | undefined;
  /** Electron's resources folder (process.resourcesPath); in an installed app it holds app.asar. */
  resourcesPath: string | undefined;
  /** The folder of the running bundle (dist/main, or dist/main inside app.asar once packaged). */
  bundleDir: string;
  /** LIGHTBOX_SQLITE_BINDING: a developer's override of the binding's path. */
  override: string | undefined;
}

const here = (): BindingRuntime => ({
  electron: process.versions.electron,
  resourcesPath: (process as { resourcesPath?: string }).resourcesPath,
  bundleDir: __dirname,
  override: process.env.LIGHTBOX_SQLITE_BINDING,
});

/**
 * better-sqlite3 is compiled for Node (npm test, the CLI). Inside Electron it needs a build for
 * Electron's ABI; `npm start`/`npm run dist` put one at `native/electron/better_sqlite3.node`
 * and this picks it when running under Electron, so one install holds both. An installed app
 * loads the copy electron-builder's extraResources put in resources/native/ (outside app.asar,
 * since a native module cannot be loaded from inside an archive) and ignores the override: an
 * environment variable must not choose the native code a fused app runs, as NODE_OPTIONS cannot.
 */
export function nativeBindingPath(runtime: BindingRuntime = here()): string | undefined {
  if (!runtime.electron) return undefined;
  const packaged = runtime.bundleDir.split(/[\\/]/).includes('app.asar');
  if (runtime.override && !packaged) return runtime.override;
  const candidates = [
    // packaged app: extraResources
    runtime.resourcesPath ? path.join(runtime.resourcesPath, 'native', 'better_sqlite3.node') : '',
    ...(packaged ? [] : [path.join(runtime.bundleDir, '..', '..', 'native', 'electron', 'better_sqlite3.node')]),
  ];
  return candidates.find((c) => c && fs.existsSync(c));
}
