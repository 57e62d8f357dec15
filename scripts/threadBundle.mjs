// `import code from './x.js?thread'`: the worker thread entry x.ts and everything it imports,
// bundled to one CommonJS text, which src-main/jobs/thread.ts evaluates in a worker. The same
// bundling for esbuild (scripts/build.mjs: the app and the CLI; the tests' child bundles) and for
// vite (vitest), so a worker runs the same code from the built app and under the tests.
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const SUFFIX = '?thread';

/** The file a `?thread` import names: `./x.js` is the TypeScript source `./x.ts`. */
function entryFile(spec, fromDir) {
  const file = path.resolve(fromDir, spec.slice(0, -SUFFIX.length));
  const ts = file.replace(/\.js$/, '.ts');
  return fs.existsSync(ts) ? ts : file;
}

export function bundleThread(entry) {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    loader: { '.sql': 'text' },
    write: false,
    logLevel: 'warning',
    metafile: true,
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

export function esbuildThreadPlugin() {
  return {
    name: 'thread-bundle',
    setup(build) {
      build.onResolve({ filter: /\?thread$/ }, (args) => ({ path: entryFile(args.path, args.resolveDir), namespace: 'thread' }));
      build.onLoad({ filter: /.*/, namespace: 'thread' }, (args) => {
        const { code, inputs } = bundleThread(args.path);
        return { contents: code, loader: 'text', watchFiles: inputs.map((f) => path.resolve(f)) };
      });
    },
  };
}

export function viteThreadPlugin() {
  return {
    name: 'thread-bundle',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source.endsWith(SUFFIX) && importer) return `${entryFile(source, path.dirname(importer))}${SUFFIX}`;
      return undefined;
    },
    load(id) {
      if (!id.endsWith(SUFFIX)) return undefined;
      return `export default ${JSON.stringify(bundleThread(id.slice(0, -SUFFIX.length)).code)};`;
    },
  };
}
