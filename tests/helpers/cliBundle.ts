import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '..', '..');

/**
 * Bundle the CLI from the current sources (as `npm run build` does) into node_modules/.cache, so
 * a test can run `lightbox` in a child process without depending on a stale dist/.
 */
export async function bundleCli(): Promise<string> {
  const out = path.join(root, 'node_modules', '.cache', 'lightbox-tests', `lightbox-${process.pid}.cjs`);
  await build({
    entryPoints: [path.join(root, 'src-main', 'cli', 'index.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    loader: { '.sql': 'text' },
    logLevel: 'warning',
    absWorkingDir: root,
  });
  return out;
}
