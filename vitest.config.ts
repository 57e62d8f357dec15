import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';

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
  plugins: [sqlText()],
  test: {
    include: ['tests/{unit,integration,electron,reliability}/**/*.test.ts', 'src-*/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
