import { expect, type Page, test } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

/**
 * Issue 15, finding 7: in region mode an "Undone"/"Redone" notice goes away by itself after a few
 * seconds, and does not follow the user to the next image.
 */

let server: Served;
test.beforeAll(async () => {
  server = await serve();
});
test.afterAll(async () => {
  await server.stop();
});

async function drawBox(page: Page): Promise<void> {
  const r = (await page.getByTestId('region-canvas').boundingBox())!;
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  await page.mouse.move(cx - 120, cy - 90);
  await page.mouse.down();
  await page.mouse.move(cx - 20, cy - 10, { steps: 10 });
  await page.mouse.up();
}

test('the undo notice of region mode expires, and is not carried to the next image', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('circles/circle-01.jpg');
  await page.keyboard.press('b');
  const layer = page.getByTestId('region-layer');
  await expect(layer).toHaveAttribute('data-tool', 'box.idle');
  const notice = page.getByTestId('region-notice');

  await drawBox(page);
  await expect(layer).toHaveAttribute('data-shapes', '[["box","circle"]]');
  await page.keyboard.press('Control+z');
  await expect(layer).toHaveAttribute('data-shapes', '[]');
  await expect(notice).toContainText('Undone');
  await page.screenshot({ path: artifact('region-notice-undone.png') });
  // Nothing else happens: the notice leaves by itself (a few seconds; the wait is generous for a loaded machine).
  await expect(notice).toBeHidden({ timeout: 30_000 });

  await page.keyboard.press('Control+Shift+z');
  await expect(layer).toHaveAttribute('data-shapes', '[["box","circle"]]');
  await expect(notice).toContainText('Redone');
  // N: the next image to label (this one has its box now).
  await page.keyboard.press('n');
  await expect(page.locator('.image-name')).not.toHaveText('circles/circle-01.jpg');
  await expect(layer).toHaveAttribute('data-tool', 'box.idle');
  await expect(notice).toBeHidden();
  await page.screenshot({ path: artifact('region-notice-next-image.png') });
});
