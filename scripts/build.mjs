// Builds everything `npm start`, `npm run serve` and the `lightbox` command run:
// the main process, preload and CLI with esbuild, the renderer with Vite.
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildThreadPlugin } from './threadBundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const want = (part) => only.length === 0 || only.includes(part);

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  loader: { '.sql': 'text' },
  // Worker threads are bundled into the code that starts them (src-main/jobs/thread.ts).
  plugins: [esbuildThreadPlugin()],
  logLevel: 'warning',
  absWorkingDir: root,
};

const nodeEntries = [
  { part: 'cli', in: 'src-main/cli/index.ts', out: 'dist/cli/lightbox.cjs', opts: {} },
  { part: 'main', in: 'src-main/host/electron/main.ts', out: 'dist/main/main.cjs', opts: { external: ['electron'] } },
  // The sandboxed preload cannot require packages, so it is bundled whole (only electron stays outside).
  { part: 'main', in: 'src-main/host/electron/preload.ts', out: 'dist/main/preload.cjs', opts: { packages: undefined, external: ['electron'] } },
];

for (const e of nodeEntries) {
  if (!want(e.part) || !fs.existsSync(path.join(root, e.in))) continue;
  await esbuild({ ...common, entryPoints: [e.in], outfile: e.out, ...e.opts });
}

if (want('renderer')) {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
console.log('built', only.length ? only.join(', ') : 'cli, main, preload, renderer');
