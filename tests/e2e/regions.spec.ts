import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

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

test('draw a box, a polygon and a brush stroke, relabel by key, undo/redo, reload, export COCO', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('circles/circle-01.jpg');

  // B: region mode with the box tool.
  await page.keyboard.press('b');
  const layer = page.getByTestId('region-layer');
  await expect(layer).toHaveAttribute('data-tool', 'box.idle');
  const canvas = page.getByTestId('region-canvas');
  const r = (await canvas.boundingBox())!;
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  await drag(page, [cx - 200, cy - 150], [cx - 60, cy - 40]);
  await expect(layer).toHaveAttribute('data-shapes', '[["box","circle"]]');

  // P: a polygon, clicked vertex by vertex, closed with Enter.
  await page.keyboard.press('p');
  for (const [x, y] of [
    [cx + 40, cy - 150],
    [cx + 200, cy - 120],
    [cx + 120, cy - 20],
  ] as const)
    await page.mouse.click(x, y);
  await page.keyboard.press('Enter');
  await expect(layer).toHaveAttribute('data-shapes', '[["box","circle"],["polygon","circle"]]');

  // M: a brush stroke with class 3 (triangle) chosen first.
  await page.keyboard.press('m');
  await page.keyboard.press('Escape'); // nothing selected: the stroke starts a new mask
  await page.keyboard.press('3');
  await drag(page, [cx - 150, cy + 80], [cx + 150, cy + 120], 25);
  await expect(layer).toHaveAttribute('data-shapes', '[["box","circle"],["polygon","circle"],["mask","triangle"]]');

  // V, click the box's edge, 2: the box becomes a square.
  await page.keyboard.press('v');
  await page.mouse.click(cx - 200, cy - 100);
  await page.keyboard.press('2');
  await expect(layer).toHaveAttribute('data-shapes', '[["box","square"],["polygon","circle"],["mask","triangle"]]');
  await expect(page.getByTestId('region-save')).toHaveText('Saved');
  await page.screenshot({ path: artifact('regions-drawn.png') });

  // Ctrl+Z undoes the class change, Ctrl+Shift+Z redoes it: the one history of the store.
  await page.keyboard.press('Control+z');
  await expect(layer).toHaveAttribute('data-shapes', '[["box","circle"],["polygon","circle"],["mask","triangle"]]');
  await expect(page.getByTestId('region-notice')).toContainText('Undone');
  await page.keyboard.press('Control+z'); // and the brush stroke
  await expect(layer).toHaveAttribute('data-shapes', '[["box","circle"],["polygon","circle"]]');
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+Shift+z');
  await expect(layer).toHaveAttribute('data-shapes', '[["box","square"],["polygon","circle"],["mask","triangle"]]');

  // The cheat sheet lists the region keys; Escape closes it (not taken by the region tools).
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog');
  await expect(sheet).toContainText('Polygon tool');
  await page.screenshot({ path: artifact('regions-cheat-sheet.png') });
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);

  // Right-drag changes window/level; R resets it.
  await page.mouse.move(cx, cy);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(cx + 60, cy + 30, { steps: 5 });
  await page.mouse.up({ button: 'right' });
  await expect(page.getByTestId('wl-status')).not.toHaveText('W 255 L 128');
  await page.screenshot({ path: artifact('regions-window-level.png') });
  await page.keyboard.press('r');
  await expect(page.getByTestId('wl-status')).toHaveText('W 255 L 128');

  // Reload: the regions come back from the store, region mode too.
  await page.reload();
  await expect(page.locator('.image-name')).toHaveText('circles/circle-01.jpg');
  await expect(layer).toHaveAttribute('data-shapes', '[["box","square"],["polygon","circle"],["mask","triangle"]]');
  await page.screenshot({ path: artifact('regions-after-reload.png') });

  // Export COCO from the dialog, original size, and read the JSON.
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-coco-')), 'coco');
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await dialog.locator('select').first().selectOption('coco');
  await dialog.getByLabel('Output folder').fill(out);
  await dialog.getByLabel('Resize to').uncheck();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-summary')).toContainText(`to ${out}`);
  await page.screenshot({ path: artifact('regions-export-done.png') });

  const files = fs.readdirSync(path.join(out, 'annotations'));
  const docs = files.map((f) => JSON.parse(fs.readFileSync(path.join(out, 'annotations', f), 'utf8')));
  const doc = docs.find((d) => d.images.some((i: { file_name: string }) => i.file_name === 'circle-01.jpg'))!;
  const img = doc.images.find((i: { file_name: string }) => i.file_name === 'circle-01.jpg');
  expect({ w: img.width, h: img.height }).toEqual({ w: 320, h: 240 });
  const cat = new Map(doc.categories.map((c: { id: number; name: string }) => [c.id, c.name]));
  const anns = doc.annotations.filter((a: { image_id: number }) => a.image_id === img.id);
  expect(anns.map((a: { category_id: number }) => cat.get(a.category_id))).toEqual(['square', 'circle', 'triangle']);
  const [box, poly, mask] = anns;
  expect(box.segmentation[0]).toHaveLength(8);
  expect(box.bbox[2]).toBeGreaterThan(20);
  expect(poly.segmentation[0]).toHaveLength(6);
  expect(mask.segmentation).toMatchObject({ size: [240, 320], counts: expect.any(String) });
  expect(mask.area).toBeGreaterThan(100);
  for (const a of anns) expect(a.iscrowd).toBe(0);
});
