import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run bench`: prints figures; it is not part of `npm test` and asserts no times.
// Built from the base config's plugins only: mergeConfig would append the test globs to these.
export default defineConfig({
  plugins: base.plugins,
  test: {
    include: ['tests/bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
