import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Start a worker thread from bundled code: `import code from './x.js?thread'` gives the entry
 * `x.ts` and everything it imports as one CommonJS text (scripts/threadBundle.mjs does it for
 * esbuild, which builds the app and the CLI, and for vitest alike). The text is evaluated, so there
 * is no second file to ship or to find. The thread sees the place of the module that starts it:
 * packages are resolved from there, `__filename`/`__dirname` are that module's (an evaluated
 * worker's own are "[worker eval]" and "."), and Electron's resources folder is passed on, so code
 * that finds a native binding beside the bundle (store/nativeBinding.ts) finds the same one.
 */
export function startThread(code: string, workerData: unknown): Worker {
  const from = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'index.js');
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const dir = path.dirname(from);
  const wrapped =
    `if (process.resourcesPath === undefined && ${JSON.stringify(resources ?? null)} !== null) process.resourcesPath = ${JSON.stringify(resources ?? null)};\n` +
    `(function (require, module, exports, __filename, __dirname) {\n${code}\n})(require('node:module').createRequire(${JSON.stringify(from)}), { exports: {} }, {}, ${JSON.stringify(from)}, ${JSON.stringify(dir)});`;
  return new Worker(wrapped, { eval: true, workerData });
}
