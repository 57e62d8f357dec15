import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

// `npm run bench`: prints figures; it is not part of `npm test` and asserts no times.
export default mergeConfig(
  base,
  defineConfig({ test: { include: ['tests/bench/**/*.bench.ts'], testTimeout: 30 * 60_000, hookTimeout: 30 * 60_000, maxWorkers: 1, fileParallelism: false } }),
);
