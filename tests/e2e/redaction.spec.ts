import { expect, test, type Page } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

/** A redaction class, drawn blacked out in the workspace, and applied to the images like this one with Shift+A. */

let server: Served;
test.beforeAll(async () => {
  server = await serve();
});
test.afterAll(async () => {
  await server.stop();
});

async function drag(page: Page, from: [number, number], to: [number, number], steps = 12): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps });
  await page.mouse.up();
}

test('mark a class Redact, draw a box of it, see it blacked out, and apply it to the same-size images of its folder', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');

  // C: the classes dialog; a new class, made a redaction class.
  await page.keyboard.press('c');
  await page.getByLabel('New class name').fill('banner');
  await page.keyboard.press('Enter');
  const rows = page.getByTestId('class-row');
  await expect(rows).toHaveCount(4);
  const redact = rows.nth(3).getByTestId('class-redact');
  await redact.click();
  await expect(redact).toBeChecked();
  await page.screenshot({ path: artifact('redaction-class.png') });
  await page.keyboard.press('Escape');

  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('circles/circle-01.jpg');
  await page.keyboard.press('b');
  await page.keyboard.press('4');
  const layer = page.getByTestId('region-layer');
  const r = (await page.getByTestId('region-canvas').boundingBox())!;
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  await drag(page, [cx - 150, cy - 120], [cx + 150, cy - 40]);
  await expect(layer).toHaveAttribute('data-shapes', '[["box","banner"]]');
  await expect(page.getByTestId('region-save')).toHaveText('Saved');
  await page.screenshot({ path: artifact('redaction-drawn.png') });

  // Shift+A: the box just drawn goes on every image of the same size in circles/, as one command.
  await page.keyboard.press('Shift+A');
  await expect(page.getByTestId('region-notice')).toHaveText(/Added to [1-9]\d* more image\(s\) of the same size and source/);
  await page.keyboard.press('d');
  await expect(page.locator('.image-name')).toHaveText('circles/circle-02.jpg');
  await expect(layer).toHaveAttribute('data-shapes', '[["box","banner"]]');
  await page.screenshot({ path: artifact('redaction-applied.png') });
});
