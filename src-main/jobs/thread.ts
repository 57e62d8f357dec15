import { Worker } from 'node:worker_threads';

/**
 * Start a worker thread from bundled code: `import code from './x.js?thread'` gives the entry
 * `x.ts` and everything it imports as one CommonJS text (scripts/threadBundle.mjs does it for
 * esbuild, which builds the app and the CLI, and for vitest alike). The text is evaluated, so there
 * is no second file to ship or to find; the packages it requires are resolved from this module's
 * place, as they are for the code that starts it.
 */
export function startThread(code: string, workerData: unknown): Worker {
  const from = typeof __filename === 'string' ? __filename : `${process.cwd()}/index.js`;
  const wrapped = `(function (require, module, exports) {\n${code}\n})(require('node:module').createRequire(${JSON.stringify(from)}), { exports: {} }, {});`;
  return new Worker(wrapped, { eval: true, workerData });
}
