// What `npm start`, `npm run dist` and `npm run test:electron-app` need before Electron can run:
// the Electron binary (downloaded by the electron package on first use) and a build of
// better-sqlite3 for Electron's ABI, kept in native/electron/ beside the Node build in
// node_modules (which `npm test` and the CLI keep using). Both come from the internet.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

const electronDir = path.dirname(require.resolve('electron/package.json'));
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
export const electronVersion = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
const sqliteVersion = JSON.parse(fs.readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version;

/** Where src-main/store/nativeBinding.ts looks for the Electron build (LIGHTBOX_SQLITE_BINDING overrides it there). */
export const nativeDir = path.join(root, 'native', 'electron');
export const nativeBinding = path.join(nativeDir, 'better_sqlite3.node');
const stampFile = path.join(nativeDir, 'better_sqlite3.json');
/** Electron's module ABI: a native module built for it registers `node_register_module_v<abi>`. */
const electronAbi = fs.readFileSync(path.join(electronDir, 'abi_version'), 'utf8').trim();
const wantedStamp = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };

/** The Electron executable if it is installed, without triggering a download (require('electron') would). */
export function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const rel = fs.readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist');
  const bin = path.join(dist, rel);
  return fs.existsSync(bin) ? bin : null;
}

/** The last meaningful line a failed tool printed: the reason to show the person. */
function lastLine(text) {
  const lines = String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '));
  const error = lines.filter((l) => /error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|fail/i.test(l)).pop();
  return (error ?? lines.pop() ?? 'no output').slice(0, 300);
}

/**
 * The environment for the build tools, without npm settings that would aim them at another
 * runtime: an npmrc `nodedir` (set on some machines to build offline against Node's own headers)
 * would silently produce a Node build.
 */
function toolEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|target_arch|runtime|disturl|dist_url|build_from_source)$/i.test(k)) delete env[k];
  }
  return env;
}

/** True when the file is a native module for Electron's ABI (not, say, for this Node). */
function builtForElectron(file) {
  return fs.readFileSync(file).includes(`node_register_module_v${electronAbi}\0`);
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10 * 60_000, env: toolEnv(), ...opts });
  const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  if (r.error) return { ok: false, reason: r.error.code === 'ETIMEDOUT' ? 'it took longer than 10 minutes' : r.error.message };
  return r.status === 0 ? { ok: true, out } : { ok: false, out, reason: lastLine(out) };
}

/** Make sure the Electron binary is there, downloading it if needed. */
export function ensureElectronBinary(log = console.log) {
  if (electronBinary()) return { ok: true };
  log(`Downloading Electron ${electronVersion}…`);
  const r = run(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir });
  if (electronBinary()) return { ok: true };
  return { ok: false, reason: `the Electron ${electronVersion} binary is not installed, and downloading it failed (${r.reason ?? 'no binary after install'})` };
}

function stampMatches() {
  try {
    return fs.existsSync(nativeBinding) && builtForElectron(nativeBinding) && JSON.stringify(JSON.parse(fs.readFileSync(stampFile, 'utf8'))) === JSON.stringify(wantedStamp);
  } catch {
    return false;
  }
}

/** npm's own node-gyp: npm names it in the environment of scripts, else it sits beside npm. */
function nodeGypScript() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((c) => c && fs.existsSync(c)) ?? null;
}

/**
 * Make sure native/electron/better_sqlite3.node is better-sqlite3 built for this Electron. It is
 * made in a scratch copy of the package, never in node_modules/better-sqlite3/build, so the Node
 * build that `npm test` and the CLI load stays as it is. First a prebuilt binary
 * (prebuild-install, which better-sqlite3 itself installs with), else a compile against
 * Electron's headers with npm's node-gyp.
 */
export function ensureElectronSqlite(log = console.log) {
  if (stampMatches()) return { ok: true };
  const work = path.join(root, 'native', '.build', 'better-sqlite3');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(work), { recursive: true });
  fs.cpSync(sqliteDir, work, { recursive: true, filter: (src) => path.relative(sqliteDir, src).split(path.sep)[0] !== 'build' });
  const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
  const target = ['--arch', process.arch, '--platform', process.platform];

  log(`Fetching better-sqlite3 ${sqliteVersion} built for Electron ${electronVersion}…`);
  const prebuild = require.resolve('prebuild-install/bin.js', { paths: [sqliteDir] });
  const fetched = run(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, ...target], { cwd: work });
  const reasons = [];
  if (!fetched.ok || !fs.existsSync(built)) {
    reasons.push(`no prebuilt binary could be downloaded (${fetched.reason ?? 'none was found'})`);
    const gyp = nodeGypScript();
    if (gyp) {
      log('No prebuilt binary; compiling it against the Electron headers…');
      const compiled = run(
        process.execPath,
        [gyp, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`],
        { cwd: work },
      );
      const offline = /network connectivity|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/.test(compiled.out ?? '');
      if (!compiled.ok) reasons.push(offline ? "compiling it needs Electron's headers, which could not be downloaded" : `compiling it failed (${compiled.reason})`);
    } else {
      reasons.push("npm's node-gyp was not found to compile it");
    }
  }
  if (fs.existsSync(built) && !builtForElectron(built)) {
    reasons.push(`the module that came out is not for Electron's ABI ${electronAbi}`);
    fs.rmSync(built);
  }
  if (!fs.existsSync(built)) {
    fs.rmSync(path.join(root, 'native', '.build'), { recursive: true, force: true });
    return { ok: false, reason: `better-sqlite3 could not be built for Electron ${electronVersion}: ${reasons.join('; ')}` };
  }
  fs.mkdirSync(nativeDir, { recursive: true });
  fs.copyFileSync(built, `${nativeBinding}.tmp`);
  fs.renameSync(`${nativeBinding}.tmp`, nativeBinding);
  fs.writeFileSync(stampFile, `${JSON.stringify(wantedStamp, null, 2)}\n`);
  fs.rmSync(path.join(root, 'native', '.build'), { recursive: true, force: true });
  return { ok: true };
}

/** The explanation printed when the desktop app cannot run here, with the way that works instead. */
export function cannotRunMessage(what, reason) {
  return [
    `Lightbox Studio cannot ${what} on this machine: ${reason}.`,
    'Electron and its database module are downloaded from the internet (GitHub) the first time; this machine could not reach it.',
    '',
    'Open Lightbox in your browser instead — same app, served on 127.0.0.1 only:',
    '  npm run serve                       (the sample dataset)',
    '  npm run serve -- /path/to/dataset   (your own folder)',
    '',
    `With internet access, run the same command again: it downloads Electron ${electronVersion} and builds the module once.`,
  ].join('\n');
}
