import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FuseState, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeBindingPath } from '../../src-main/store/nativeBinding.js';
import { repoRoot } from '../helpers/childProcess.js';
import { tempDir } from '../helpers/tempDataset.js';

const require = createRequire(import.meta.url);

interface AfterPackHook {
  writeFuses(binary: string, platform: string, arch: string): Promise<unknown>;
}
const hook = require('../../scripts/afterPack.cjs') as AfterPackHook;

/** @electron/fuses finds the fuse wire after this string in the Electron binary. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = FuseState.ENABLE;
const OFF = FuseState.DISABLE;

/**
 * The fuses as Electron 45 ships them, in wire order: RunAsNode, EnableCookieEncryption,
 * EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments,
 * EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar, LoadBrowserProcessSpecificV8Snapshot,
 * GrantFileProtocolExtraPrivileges, WasmTrapHandlers.
 */
const SHIPPED = [ON, OFF, ON, ON, OFF, OFF, OFF, ON, ON];

/** What an installed Lightbox must have, in the same order (WasmTrapHandlers left as shipped). */
const WANTED = {
  RunAsNode: OFF,
  EnableCookieEncryption: ON,
  EnableNodeOptionsEnvironmentVariable: OFF,
  EnableNodeCliInspectArguments: OFF,
  EnableEmbeddedAsarIntegrityValidation: ON,
  OnlyLoadAppFromAsar: ON,
  LoadBrowserProcessSpecificV8Snapshot: OFF,
  GrantFileProtocolExtraPrivileges: OFF,
  WasmTrapHandlers: ON,
};

/** Code bytes around the fuse wire, as in a real executable, so a test can see they stay untouched. */
const CODE_BEFORE = Buffer.from('#!/bin/sh\necho "a fake Electron"\n'.padEnd(5000, '\x90'));
const CODE_AFTER = Buffer.alloc(3000, 0xcc);

/** A file laid out like an Electron binary's fuse section: the sentinel, version 1, the wire length, the wire. */
function fakeElectron(file: string, wire: readonly number[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([CODE_BEFORE, Buffer.from(SENTINEL), Buffer.from([1, wire.length, ...wire]), CODE_AFTER]));
  fs.chmodSync(file, 0o755);
}

interface AsarEntry {
  files?: Record<string, AsarEntry>;
  offset?: string;
  size?: number;
  unpacked?: boolean;
}

/**
 * The files of an asar archive and a reader for one of them. The format: a pickled uint32 with the
 * header's size, then the header (a pickled JSON string: payload size, string length, the JSON),
 * then the files' bytes, each at its `offset` after the header.
 */
function readAsar(file: string): { files: string[]; read: (inner: string) => Buffer } {
  const bytes = fs.readFileSync(file);
  const headerSize = bytes.readUInt32LE(4);
  const jsonLength = bytes.readUInt32LE(12);
  const root = JSON.parse(bytes.subarray(16, 16 + jsonLength).toString('utf8')) as AsarEntry;
  const entries = new Map<string, AsarEntry>();
  const walk = (dir: AsarEntry, prefix: string) => {
    for (const [name, e] of Object.entries(dir.files ?? {})) {
      if (e.files) walk(e, `${prefix}/${name}`);
      else entries.set(`${prefix}/${name}`, e);
    }
  };
  walk(root, '');
  return {
    files: [...entries.keys()],
    read: (inner) => {
      const e = entries.get(inner)!;
      const start = 8 + headerSize + Number(e.offset);
      return bytes.subarray(start, start + e.size!);
    },
  };
}

/** The fuses read back from a binary, by name. */
async function fusesOf(binary: string): Promise<Record<keyof typeof WANTED, number>> {
  const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
  return Object.fromEntries(Object.keys(WANTED).map((name, i) => [name, wire[i]])) as Record<keyof typeof WANTED, number>;
}

describe('the Electron fuses set when packaging', () => {
  const tmp = tempDir('lightbox-fuses-');
  afterAll(() => tmp.cleanup());

  it('turn off RunAsNode, NODE_OPTIONS and --inspect and turn on asar integrity and asar-only loading, touching nothing else in the binary', async () => {
    const binary = path.join(tmp.dir, 'single', 'lightbox-studio');
    fakeElectron(binary, SHIPPED);
    await hook.writeFuses(binary, 'linux', 'x64');

    expect(await fusesOf(binary)).toEqual(WANTED);
    const bytes = fs.readFileSync(binary);
    expect(bytes.subarray(0, CODE_BEFORE.length).equals(CODE_BEFORE)).toBe(true);
    expect(bytes.subarray(bytes.length - CODE_AFTER.length).equals(CODE_AFTER)).toBe(true);
    expect(bytes.length).toBe(CODE_BEFORE.length + SENTINEL.length + 2 + SHIPPED.length + CODE_AFTER.length);
  });

  it('stop the packaging when the binary has no fuse wire, or one too short for these fuses', async () => {
    const none = path.join(tmp.dir, 'none', 'lightbox-studio');
    fs.mkdirSync(path.dirname(none), { recursive: true });
    fs.writeFileSync(none, CODE_BEFORE);
    await expect(hook.writeFuses(none, 'linux', 'x64')).rejects.toThrow(/sentinel/);

    // An Electron from before OnlyLoadAppFromAsar existed has 4 fuses: packaging must not ship it half-fused.
    const old = path.join(tmp.dir, 'old', 'lightbox-studio');
    fakeElectron(old, SHIPPED.slice(0, 4));
    await expect(hook.writeFuses(old, 'linux', 'x64')).rejects.toThrow(/not long enough/);
    expect([...fs.readFileSync(old).subarray(CODE_BEFORE.length + SENTINEL.length + 2, CODE_BEFORE.length + SENTINEL.length + 6)]).toEqual(SHIPPED.slice(0, 4));
  });
});

/**
 * electron-builder itself, run on this repository's electron-builder.yml and afterPack hook, with a
 * fake Electron distribution in place of the download (which this machine cannot make): the
 * unpacked app (`--dir`) shows what an installer would contain.
 */
describe('the unpacked app electron-builder makes from electron-builder.yml', () => {
  const tmp = tempDir('lightbox-pack-');
  const project = path.join(tmp.dir, 'project');
  const appDir = path.join(project, 'release', 'linux-unpacked');
  const resources = path.join(appDir, 'resources');
  let log = '';

  beforeAll(() => {
    if (!fs.existsSync(path.join(repoRoot, 'dist', 'main', 'main.cjs'))) throw new Error('The app is not built: run `npm run build` first.');
    // A copy of what packaging reads, so the real native/ and release/ folders are left alone.
    fs.mkdirSync(path.join(project, 'scripts'), { recursive: true });
    for (const f of ['package.json', 'electron-builder.yml', 'scripts/afterPack.cjs']) fs.copyFileSync(path.join(repoRoot, f), path.join(project, f));
    fs.cpSync(path.join(repoRoot, 'dist'), path.join(project, 'dist'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'assets', 'sample-dataset'), path.join(project, 'assets', 'sample-dataset'), { recursive: true });
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    fs.mkdirSync(path.join(project, 'native', 'electron'), { recursive: true });
    fs.writeFileSync(path.join(project, 'native', 'electron', 'better_sqlite3.node'), 'better-sqlite3 built for Electron');

    const electronDist = path.join(tmp.dir, 'electron-dist');
    fakeElectron(path.join(electronDist, 'electron'), SHIPPED);
    fs.writeFileSync(path.join(electronDist, 'LICENSE'), 'MIT');
    fs.mkdirSync(path.join(electronDist, 'resources'));

    const builderDir = path.dirname(require.resolve('electron-builder/package.json'));
    const r = spawnSync(
      process.execPath,
      [path.join(builderDir, 'cli.js'), '--config', 'electron-builder.yml', '--publish', 'never', '--linux', 'dir', `-c.electronDist=${electronDist}`],
      { cwd: project, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ELECTRON_BUILDER_CACHE: path.join(tmp.dir, 'cache') } },
    );
    log = `${r.stdout}\n${r.stderr}`;
    if (r.status !== 0) throw new Error(`electron-builder failed (${r.status ?? r.signal}):\n${log.slice(-4000)}`);
  }, 180_000);
  afterAll(() => tmp.cleanup());

  it('has the fuses set in the packaged executable, by the hook electron-builder.yml names', async () => {
    expect(await fusesOf(path.join(appDir, 'lightbox-studio'))).toEqual(WANTED);
    expect(log).toContain('Electron fuses set');
  });

  it('holds the app in one app.asar, with no app/ folder Electron could load instead', () => {
    expect(fs.statSync(path.join(resources, 'app.asar')).isFile()).toBe(true);
    expect(fs.existsSync(path.join(resources, 'app'))).toBe(false);
    const asar = readAsar(path.join(resources, 'app.asar'));
    const files = asar.files;
    const pkg = JSON.parse(asar.read('/package.json').toString('utf8')) as { main: string };
    expect(files).toContain(`/${pkg.main}`);
    expect(files).toContain('/dist/main/preload.cjs');
    expect(files).toContain('/dist/renderer/index.html');
    expect(files.filter((f) => f.startsWith('/dist/') && f.endsWith('.map'))).toEqual([]);
  });

  it('keeps native modules outside the archive, and the installed app loads its own SQLite build whatever the environment says', () => {
    expect(fs.existsSync(path.join(resources, 'app.asar.unpacked', 'node_modules', 'sharp', 'package.json'))).toBe(true);
    expect(fs.existsSync(path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'package.json'))).toBe(true);
    const packaged = path.join(resources, 'native', 'better_sqlite3.node');
    expect(fs.readFileSync(packaged, 'utf8')).toBe('better-sqlite3 built for Electron');
    const runtime = { electron: '45.5.0', resourcesPath: resources, bundleDir: path.join(resources, 'app.asar', 'dist', 'main') };
    expect(nativeBindingPath({ ...runtime, override: undefined })).toBe(packaged);
    expect(nativeBindingPath({ ...runtime, override: path.join(tmp.dir, 'planted.node') })).toBe(packaged);
    // A developer's `npm start` (not packaged) still honours the override.
    const dev = { electron: '45.5.0', resourcesPath: path.join(tmp.dir, 'electron', 'resources'), bundleDir: path.join(project, 'dist', 'main') };
    expect(nativeBindingPath({ ...dev, override: path.join(tmp.dir, 'planted.node') })).toBe(path.join(tmp.dir, 'planted.node'));
  });
});

describe('npm run dist without the Electron runtime', () => {
  const tmp = tempDir('lightbox-dist-');
  afterAll(() => tmp.cleanup());

  it('stops before building, saying what it needs and what works meanwhile', () => {
    const empty = path.join(tmp.dir, 'empty');
    fs.mkdirSync(empty);
    const electronVersion = (require('electron/package.json') as { version: string }).version;
    // No installed Electron, no cached download, and a mirror that refuses connections: the machine offline.
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'dist.mjs')], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty, electron_config_cache: empty, ELECTRON_MIRROR: 'http://127.0.0.1:9/' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Lightbox Studio cannot build its installers on this machine: the Electron ${electronVersion} binary is not installed`);
    expect(r.stderr).toContain('npm run serve');
    expect(r.stdout).not.toContain('Packaging with electron-builder');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
