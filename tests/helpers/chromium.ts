/**
 * How the end-to-end tests and the benches launch Chromium: Debian's own (never a downloaded
 * browser; CHROMIUM_PATH overrides), headless in a container (no sandbox, no GPU, no background
 * traffic), with Chromium's fake camera that grants itself permission.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
  ],
};
