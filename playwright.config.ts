import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/helpers/chromium.js';

// End-to-end tests drive the real renderer served by `lightbox serve` in Debian's Chromium.
// Never download a browser: the executable is the system one (tests/helpers/chromium.ts).
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  // One retry on CI, reported as "flaky" in the output: a red CI on a rare timing blip blocks every change.
  // A test that needs it is a bug to chase (seen once: regions.spec under a loaded machine).
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: chromiumLaunchOptions,
  },
});
