import { defineConfig } from '@playwright/test';

// The smoke test of the real desktop app through Playwright's `_electron`. Run by
// `npm run test:electron-app` (scripts/test-electron-app.mjs) only where an Electron binary exists,
// which passes it as LIGHTBOX_ELECTRON_BINARY; the build machines have none and test the Electron
// glue against a mocked electron module instead (tests/electron/*.test.ts, under vitest).
export default defineConfig({
  testDir: 'tests/electron',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/electron-app',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
});
