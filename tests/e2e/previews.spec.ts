import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { artifact, serve, type Served } from './helpers/serve.js';

let server: Served;
let dataset: string;

test.beforeAll(async () => {
  dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-previews-'));
  // A large photo-sized JPEG, and a TIFF (which browsers cannot show themselves).
  await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#2a7f62' } }).jpeg().toFile(path.join(dataset, 'a-large.jpg'));
  await sharp({ create: { width: 400, height: 300, channels: 3, background: '#b03a2e' } }).tiff().toFile(path.join(dataset, 'b-scan.tif'));
  server = await serve(dataset);
});
test.afterAll(async () => {
  await server.stop();
  fs.rmSync(dataset, { recursive: true, force: true });
});

test('large images are shown from a cached preview until zoomed in, and TIFFs are shown at all', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('grid-cell')).toHaveCount(2);
  await page.getByTestId('grid-cell').first().dblclick();
  const img = page.getByTestId('image-view').locator('img');
  await expect(img).toHaveAttribute('src', /\/previews\/\d+\?v=[0-9a-f]{12}$/);
  await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(2048);
  // Zoomed in past the preview's detail, the original takes its place (and the view stays where it was).
  for (let i = 0; i < 6; i++) await page.keyboard.press('+');
  await expect(img).toHaveAttribute('src', /\/files\/a-large\.jpg\?v=[0-9a-f]{12}$/);
  await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(3000);

  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.image-name')).toHaveText('b-scan.tif');
  await expect(img).toHaveAttribute('src', /\/previews\/\d+\?v=[0-9a-f]{12}$/);
  await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(400);
  await page.screenshot({ path: artifact('tiff-preview.png') });

  // The region canvas shows it too (from the same preview), so a TIFF can be annotated.
  await page.keyboard.press('v');
  await expect(page.getByTestId('region-canvas')).toBeVisible();
  const canvas = page.locator('canvas.region-image');
  await expect
    .poll(() =>
      canvas.evaluate((c) => {
        const el = c as HTMLCanvasElement;
        const [r, g, b] = el.getContext('2d')!.getImageData(el.width >> 1, el.height >> 1, 1, 1).data;
        return [r, g, b];
      }),
    )
    .toEqual([176, 58, 46]);
});
