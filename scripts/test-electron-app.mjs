// `npm run test:electron-app`: the Playwright `_electron` smoke test of the real desktop app
// (playwright.electron.config.ts). It exists as its own run, not as a skipped test: where there is
// no Electron binary (build machines without internet) it says so and runs nothing; the Electron
// glue is still tested there, against a mocked electron module, by `vitest run tests/electron`.
// `--no-build` skips the build (npm test has just built); `--require` makes a missing binary an error.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { electronBinary, ensureElectronSqlite, root } from './electronSetup.mjs';

const args = process.argv.slice(2);
const binary = electronBinary();
if (!binary) {
  console.log('Electron app smoke test not run: there is no Electron binary here (node_modules/electron/dist; `npm start` downloads it where there is internet).');
  process.exit(args.includes('--require') ? 1 : 0);
}
const sqlite = ensureElectronSqlite();
if (!sqlite.ok) {
  console.error(`Electron app smoke test cannot run: ${sqlite.reason}.`);
  process.exit(1);
}
if (!args.includes('--no-build')) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) process.exit(built.status ?? 2);
}
const playwright = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const run = spawnSync(process.execPath, [playwright, 'test', '--config', 'playwright.electron.config.ts'], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, LIGHTBOX_ELECTRON_BINARY: binary },
});
process.exit(run.status ?? 2);
