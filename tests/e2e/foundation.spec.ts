import { expect, test } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

let server: Served;
test.beforeAll(async () => {
  server = await serve();
});
test.afterAll(async () => {
  await server.stop();
});

test('the sample dataset opens as a grid of 24 images, in English and in Chinese', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');
  await expect(page.getByTestId('grid-cell')).toHaveCount(24);
  // Thumbnails really load (served by the confined file route).
  await expect.poll(() => page.locator('[data-testid="grid-cell"] img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(24);
  await expect(page.getByText('12 of 24 images labeled')).toBeVisible();
  await page.screenshot({ path: artifact('foundation-library-en.png') });

  await page.getByTestId('language').selectOption('zh-CN');
  await expect(page.getByTestId('image-count')).toHaveText('24 张图像');
  await expect(page.getByRole('button', { name: '图库' })).toBeVisible();
  await page.screenshot({ path: artifact('foundation-library-zh.png') });

  await page.getByTestId('language').selectOption('en');
  await expect(page.getByTestId('image-count')).toHaveText('24 images');
});

test('the library works from the keyboard: move, select, label the selection, open', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('grid-cell')).toHaveCount(24);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('x');
  await expect(page.getByText('2 selected')).toBeVisible();
  // ArrowDown moves one row: the cell as many columns further on as the grid has.
  const columns = await page.locator('.grid-row').first().getByTestId('grid-cell').count();
  const paths = await page.locator('.cell .name').allTextContents();
  const names = paths.map((p) => p.slice(p.lastIndexOf('/') + 1));
  await expect(page.locator('.cell.selected .name .base')).toHaveText([names[2]!, names[2 + columns]!]);
  await page.getByLabel('Label as…').selectOption({ label: 'triangle' });
  await expect(page.locator('.cell.selected .tag')).toHaveText(['triangle', 'triangle']);
  await page.keyboard.press('Enter');
  // The cursor went from the 3rd image down a row.
  await expect(page.locator('.image-name')).toHaveText(paths[2 + columns]!);
  await expect(page.getByTestId('current-labels')).toHaveText('triangle');
});
