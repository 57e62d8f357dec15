import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

let server: Served;
test.beforeAll(async () => {
  server = await serve();
});
test.afterAll(async () => {
  await server.stop();
});

test('label 10 images by keyboard, undo, redo, reload, then export', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');

  // Create a class from the class panel (C), keyboard only.
  await page.keyboard.press('c');
  await page.getByLabel('New class name').fill('blob');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('class-row')).toHaveCount(4);
  await page.keyboard.press('Escape');

  // Open the workspace on the first image and label 10 images with number keys only.
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.getByTestId('image-view').locator('img')).toBeVisible();
  const keys = ['2', '2', '3', '4', '1', '2', '3', '4', '4', '1'];
  for (const k of keys) {
    const before = await page.locator('.image-name').textContent();
    await page.keyboard.press(k);
    await expect(page.locator('.image-name')).not.toHaveText(before!);
  }
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await expect(page.locator('.image-name')).toHaveText('squares/square-03.jpg');

  // Undo twice: the last two labels are gone; redo once brings one back.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('status-message')).toContainText('Undone');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('status-message')).toContainText('Redone');
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.screenshot({ path: artifact('workspace.png') });

  // Redo brought back the 9th label and shows that image; the 10th label stays undone.
  await expect(page.locator('.image-name')).toHaveText('squares/square-01.jpg');
  await expect(page.getByTestId('current-labels')).toHaveText('blob');

  // After a reload the page comes back to the same image with the same label.
  await page.reload();
  await expect(page.locator('.image-name')).toHaveText('squares/square-01.jpg');
  await expect(page.getByTestId('current-labels')).toHaveText('blob');
  await page.keyboard.press('g');
  await expect(page.getByTestId('grid-cell').nth(8).locator('.tag')).toHaveText('blob');
  // The 10th image had "square" from the sample before it was labeled "circle": undo restored it.
  await expect(page.getByTestId('grid-cell').nth(9).locator('.tag')).toHaveText('square');
  await expect(page.getByTestId('grid-cell').nth(0).locator('.tag')).toHaveText('square');
  await expect(page.getByTestId('grid-cell').nth(2).locator('.tag')).toHaveText('triangle');
  await page.screenshot({ path: artifact('workspace-library-after-reload.png') });

  // Export ImageFolder at 224×224 from the dialog (Ctrl+E), then check the files on disk.
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-out-')), 'export');
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Output folder').fill(out);
  await expect(dialog.getByLabel('Width')).toHaveValue('224');
  await page.screenshot({ path: artifact('export-dialog.png') });
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-summary')).toContainText(`Exported 16 images to ${out}`);
  await page.screenshot({ path: artifact('export-done.png') });

  // Beside the class folders, the marker that lets a later export replace this one (and nothing else).
  expect(fs.readdirSync(out)).toContain('.lightbox-export.json');
  const classes = fs.readdirSync(out).filter((n) => n !== '.lightbox-export.json').sort();
  expect(classes).toEqual(['blob', 'circle', 'square', 'triangle']);
  expect(fs.readdirSync(path.join(out, 'blob')).sort()).toEqual(['circle-04.jpg', 'circle-08.jpg', 'square-01.jpg']);
  const files = classes.flatMap((c) => fs.readdirSync(path.join(out, c)).map((f) => path.join(out, c, f)));
  expect(files).toHaveLength(16);
  for (const f of files) {
    const meta = await sharp(f).metadata();
    expect([meta.width, meta.height]).toEqual([224, 224]);
  }
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});
