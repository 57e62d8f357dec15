import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is compiled for Node (npm test, the CLI). Inside Electron it needs a build for
 * Electron's ABI; `npm start`/`npm run dist` put one at `native/electron/better_sqlite3.node`
 * and this picks it when running under Electron, so one install holds both.
 */
export function nativeBindingPath(): string | undefined {
  if (!process.versions.electron) return undefined;
  const override = process.env.LIGHTBOX_SQLITE_BINDING;
  if (override) return override;
  const candidates = [
    // packaged app: extraResources
    path.join((process as { resourcesPath?: string }).resourcesPath ?? '', 'native', 'better_sqlite3.node'),
    path.join(__dirname, '..', '..', 'native', 'electron', 'better_sqlite3.node'),
  ];
  return candidates.find((c) => c && fs.existsSync(c));
}
