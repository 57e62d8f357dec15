import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import sharp from 'sharp';

// The real desktop app, started by Playwright's `_electron` where an Electron binary exists
// (`npm run test:electron-app`, playwright.electron.config.ts). Vitest does not collect this file.

const root = process.cwd();

async function jpeg(file: string, width: number, height: number, color: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await sharp({ create: { width, height, channels: 3, background: color } }).jpeg().toBuffer());
}

test('the desktop app opens the folder it is given in a locked-down window', async ({}, testInfo) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-electron-app-'));
  const dataset = path.join(tmp, 'dataset');
  await jpeg(path.join(dataset, 'cats', 'a.jpg'), 64, 48, '#cc3333');
  await jpeg(path.join(dataset, 'dogs', 'b.jpg'), 32, 32, '#3333cc');
  await jpeg(path.join(tmp, 'secret.jpg'), 16, 16, '#00ff00');

  // Chromium's sandbox does not start as root (some CI containers); everything else stays as shipped.
  const switches = process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await electron.launch({
    executablePath: process.env.LIGHTBOX_ELECTRON_BINARY,
    args: [...switches, root, dataset],
    env: { ...process.env, LIGHTBOX_HOME: path.join(tmp, 'home') } as Record<string, string>,
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://lightbox/index.html');

    // No Node in the page; one bridge with exactly call/on/pathForFile/transport.
    const surface = await page.evaluate(() => {
      const g = globalThis as unknown as { require?: unknown; process?: unknown; lightbox?: Record<string, unknown> };
      return { require: typeof g.require, process: typeof g.process, keys: Object.keys(g.lightbox ?? {}).sort(), transport: g.lightbox?.transport };
    });
    expect(surface).toEqual({ require: 'undefined', process: 'undefined', keys: ['call', 'on', 'pathForFile', 'transport'], transport: 'electron' });

    // The folder named on the command line is the open dataset.
    const info = await page.evaluate(() => (globalThis as unknown as { lightbox: { call(m: string, p?: unknown): Promise<{ root: string }> } }).lightbox.call('datasets.current', {}));
    expect(info.root).toBe(fs.realpathSync(dataset));

    // Errors reach the page with their code.
    const error = await page.evaluate(() =>
      (globalThis as unknown as { lightbox: { call(m: string, p?: unknown): Promise<unknown> } }).lightbox.call('images.get', { id: -1 }).then(
        () => null,
        (e: { code?: string }) => e.code ?? 'no code',
      ),
    );
    expect(error).toBe('BAD_PARAMS');

    await page.evaluate(() => (globalThis as unknown as { lightbox: { call(m: string, p?: unknown): Promise<unknown> } }).lightbox.call('datasets.scan', {}));
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { lightbox: { call(m: string, p?: unknown): Promise<{ total: number }> } }).lightbox.call('images.list', {}).then((r) => r.total)))
      .toBe(2);

    // Images of the dataset load through lightbox://; a path out of it does not.
    const load = (src: string) =>
      page.evaluate(async (url) => {
        const img = new (globalThis as unknown as { Image: new () => { src: string; decode(): Promise<void>; naturalWidth: number } }).Image();
        img.src = url;
        return img.decode().then(
          () => img.naturalWidth,
          () => 'refused',
        );
      }, src);
    expect(await load('lightbox://files/cats/a.jpg')).toBe(64);
    expect(await load('lightbox://files/%2e%2e/secret.jpg')).toBe('refused');
    expect(await load('lightbox://files/%252e%252e/secret.jpg')).toBe('refused');

    // window.open gives nothing, and still one window.
    expect(await page.evaluate(() => (globalThis as unknown as { open(u: string): unknown }).open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);

    const shot = testInfo.outputPath('electron-app.png');
    await page.screenshot({ path: shot });
    await testInfo.attach('window', { path: shot, contentType: 'image/png' });
  } finally {
    await app.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
