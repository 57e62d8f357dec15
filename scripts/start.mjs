// `npm start`: build, make sure Electron and its better-sqlite3 build are there, launch the app.
// Arguments after `--` go to the app (a dataset folder: `npm start -- ~/my-dataset`).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { cannotRunMessage, electronBinary, ensureElectronBinary, ensureElectronSqlite, root } from './electronSetup.mjs';

function fail(reason) {
  console.error(cannotRunMessage('start as a desktop app', reason));
  process.exit(1);
}

const binary = ensureElectronBinary();
if (!binary.ok) fail(binary.reason);
const sqlite = ensureElectronSqlite();
if (!sqlite.ok) fail(sqlite.reason);

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 2);

if (process.platform === 'linux' && process.getuid?.() === 0) {
  console.warn('Note: Electron refuses to run as root (its sandbox needs a normal user). Start it as your own user, or use `npm run serve`.');
}

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
// npm runs scripts in the project folder: a relative dataset path means the folder npm was run from.
const from = process.env.INIT_CWD ?? process.cwd();
const appArgs = process.argv.slice(2).map((a) => (a.startsWith('-') ? a : path.resolve(from, a)));
const child = spawn(electronBinary(), [root, ...appArgs], { stdio: 'inherit', cwd: root, env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
