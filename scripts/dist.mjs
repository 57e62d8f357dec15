// `npm run dist`: installers for this OS (Linux AppImage + deb, Windows NSIS, macOS dmg) in release/,
// configured by electron-builder.yml. Arguments after `--` go to electron-builder (`-- --linux deb`).
//
// electron-builder is a pinned devDependency and runs from node_modules. What it packages comes
// from the internet the first time: the Electron runtime (the same download `npm start` makes, kept
// in Electron's cache, so electron-builder finds it there), better-sqlite3 built for Electron
// (native/electron/, placed in resources/native/), and the tools of each installer format
// (AppImage, fpm, NSIS), which electron-builder downloads itself. The Electron fuses are set by
// scripts/afterPack.cjs.
//
// better-sqlite3 is made for the OS and CPU this runs on: build each platform's installer on that platform.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cannotRunMessage, electronVersion, ensureElectronBinary, ensureElectronSqlite, root } from './electronSetup.mjs';

const require = createRequire(path.join(root, 'package.json'));
const builderDir = path.dirname(require.resolve('electron-builder/package.json'));
const builder = JSON.parse(fs.readFileSync(path.join(builderDir, 'package.json'), 'utf8'));
const builderCli = path.join(builderDir, builder.bin['electron-builder']);

const electron = ensureElectronBinary();
if (!electron.ok) {
  console.error(cannotRunMessage('build its installers', electron.reason));
  console.error(
    [
      '',
      `An installer is made from the Electron ${electronVersion} runtime: with ELECTRON_MIRROR, a mirror of`,
      `github.com/electron/electron/releases may serve it, or electron-v${electronVersion}-${process.platform}-${process.arch}.zip`,
      'may be placed in the folder named by electron_config_cache.',
    ].join('\n'),
  );
  process.exit(1);
}

const sqlite = ensureElectronSqlite();
if (!sqlite.ok) {
  console.error(cannotRunMessage('build its installers', sqlite.reason));
  process.exit(1);
}

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 2);

console.log(`Packaging with electron-builder ${builder.version} (Electron ${electronVersion})…`);
const packaged = spawnSync(process.execPath, [builderCli, '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
if (packaged.status !== 0) {
  console.error(
    [
      '',
      'Packaging failed. electron-builder downloads the tools of each installer format (AppImage, fpm, NSIS) from GitHub',
      'the first time; without internet access it cannot finish (`npm run dist -- --dir` makes the unpacked app only).',
      'Meanwhile `npm run serve` runs Lightbox in the browser.',
    ].join('\n'),
  );
  process.exit(packaged.status ?? 2);
}
console.log(`Installers written to ${path.join(root, 'release')}`);
