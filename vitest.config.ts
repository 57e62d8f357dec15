import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import { viteThreadPlugin } from './scripts/threadBundle.mjs';

/** Migrations are .sql files imported as text, the same way esbuild bundles them. */
function sqlText(): Plugin {
  return {
    name: 'sql-text',
    transform(code, id) {
      if (id.endsWith('.sql')) return { code: `export default ${JSON.stringify(code)};`, map: null };
      return undefined;
    },
  };
}

export default defineConfig({
  // Worker threads are bundled into the code that starts them, as scripts/build.mjs does (src-main/jobs/thread.ts).
  plugins: [sqlText(), viteThreadPlugin()],
  test: {
    include: ['tests/{unit,integration,electron,reliability}/**/*.test.ts', 'src-*/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
