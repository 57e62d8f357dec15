import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { esbuildThreadPlugin } from '../../scripts/threadBundle.mjs';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundle a script (and the production code it imports) into one CommonJS file, the way the CLI
 * is built: `.sql` migrations as text, packages left to node_modules.
 */
async function bundleTo(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [path.resolve(repoRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    loader: { '.sql': 'text' },
    plugins: [esbuildThreadPlugin()],
    logLevel: 'warning',
    absWorkingDir: repoRoot,
  });
}

/**
 * Bundle a child script into the temp folder. Returns the bundle's path and a function that removes it.
 * `nearPackages` puts it under node_modules/.cache instead: a child whose code `import()`s an ES
 * module package (hyparquet-writer) needs that, since NODE_PATH serves `require` only.
 */
export async function bundleChild(entry: string, opts: { nearPackages?: boolean } = {}): Promise<{ file: string; remove: () => void }> {
  const parent = opts.nearPackages ? path.join(repoRoot, 'node_modules', '.cache', 'lightbox-tests') : os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, 'lightbox-child-'));
  const file = path.join(dir, `${path.basename(entry, '.ts')}.cjs`);
  await bundleTo(entry, file);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Bundle the CLI from the current sources (as `npm run build` does) into node_modules/.cache, where
 * its packages resolve without NODE_PATH, so a test can spawn `lightbox` without a stale dist/.
 */
export async function bundleCli(): Promise<string> {
  // A folder per test process, so parallel test files do not write one bundle at once.
  const dir = path.join(repoRoot, 'node_modules', '.cache', 'lightbox-tests', `cli-${process.pid}`);
  const file = path.join(dir, 'lightbox.cjs');
  await bundleTo('src-main/cli/index.ts', file);
  return file;
}

/** Fork a bundled child; its packages resolve from this repository's node_modules. */
export function forkChild(file: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return fork(file, args, {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules'), ...env },
  });
}

/** Call `onLine` for each complete line the child prints on stdout. */
export function onLines(child: ChildProcess, onLine: (line: string) => void): void {
  let buf = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      onLine(line);
    }
  });
}

/** Everything the child writes on stderr, for failure messages. */
export function collectStderr(child: ChildProcess): () => string {
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => {
    err = (err + c).slice(-20_000);
  });
  return () => err;
}

/** Resolves with the exit code (or the signal's name) once the child has ended. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
}
