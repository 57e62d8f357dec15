// `npm run dist`: installers for this OS (Linux AppImage + deb, Windows NSIS, macOS dmg) in release/,
// configured by electron-builder.yml. Arguments after `--` go to electron-builder (`-- --linux deb`).
//
// electron-builder is not a devDependency: it is large and downloads Electron and its packaging tools
// (from GitHub) when it runs, so it would slow every `npm install` and still need the internet here.
// It is fetched on demand, at a pinned version, through npm (`npm exec`).
//
// The installer carries better-sqlite3 built for Electron (native/electron/, placed in resources/native/),
// made for the OS and CPU this runs on: build each platform's installer on that platform.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { cannotRunMessage, electronVersion, ensureElectronSqlite, root } from './electronSetup.mjs';

const ELECTRON_BUILDER = 'electron-builder@26.17.0';

const sqlite = ensureElectronSqlite();
if (!sqlite.ok) {
  console.error(cannotRunMessage('build its installers', sqlite.reason));
  process.exit(1);
}

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 2);

console.log(`Packaging with ${ELECTRON_BUILDER} (Electron ${electronVersion})…`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packaged = spawnSync(npm, ['exec', '--yes', `--package=${ELECTRON_BUILDER}`, '--', 'electron-builder', '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
  shell: process.platform === 'win32',
});
if (packaged.status !== 0) {
  console.error(
    [
      '',
      'Packaging failed. electron-builder downloads the Electron runtime and its packaging tools (AppImage, NSIS, fpm) from GitHub;',
      'without internet access it cannot finish. Meanwhile `npm run serve` runs Lightbox in the browser.',
    ].join('\n'),
  );
  process.exit(packaged.status ?? 2);
}
console.log(`Installers written to ${path.join(root, 'release')}`);
