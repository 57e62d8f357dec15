import { expect, type Page } from '@playwright/test';

/**
 * Open the library's first image in the workspace. A double click that lands while the grid is
 * still re-rendering its thumbnails is not a double click on one cell, so it is given again until
 * the workspace shows `name`.
 */
export async function openFirstImage(page: Page, name: string): Promise<void> {
  await expect(async () => {
    await page.getByTestId('grid-cell').first().dblclick();
    await expect(page.locator('.image-name')).toHaveText(name, { timeout: 3000 });
  }).toPass({ timeout: 20_000 });
}

/** The page position of image pixel (x, y), from the region layer's view. */
export async function pagePoint(page: Page, x: number, y: number): Promise<[number, number]> {
  const [scale, vx, vy] = (await page.getByTestId('region-layer').getAttribute('data-view'))!.split(' ').map(Number) as [number, number, number];
  const r = (await page.getByTestId('region-canvas').boundingBox())!;
  return [r.x + vx + x * scale, r.y + vy + y * scale];
}
