import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { type ImageServer, startImageServer } from '../helpers/imageServer.js';
import { artifact, serve, type Served } from './helpers/serve.js';

let server: Served;
let images: ImageServer;
let dataset: string;

test.beforeAll(async () => {
  dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-acquire-'));
  images = await startImageServer({ images: 5 });
  server = await serve(dataset);
});
test.afterAll(async () => {
  await server.stop();
  await images.close();
  fs.rmSync(dataset, { recursive: true, force: true });
});

function rows(): { path: string; source: string }[] {
  const db = new Database(path.join(dataset, '.lightbox', 'labels.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT path, source FROM images WHERE missing = 0 ORDER BY path').all() as { path: string; source: string }[];
  } finally {
    db.close();
  }
}

test('URL list: refused without the opt-in, downloaded with it, failures listed', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('import-menu').getByText('Import', { exact: true }).click();
  await page.getByRole('menuitem', { name: 'Import URLs…' }).click();
  const list = `${images.base}/good/1.jpg,cat\n${images.base}/good/2.jpg,dog\n${images.base}/page.jpg\n`;
  await page.getByTestId('url-list').fill(list);
  await page.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByTestId('url-summary')).toContainText('3 addresses: 0 saved, 0 duplicates skipped, 3 failed.');
  await expect(page.getByTestId('url-summary')).toContainText('loopback');

  await page.getByTestId('allow-private').check();
  await page.getByRole('button', { name: 'Download' }).click();
  await expect(page.getByTestId('url-summary')).toContainText('3 addresses: 2 saved, 0 duplicates skipped, 1 failed.');
  await expect(page.getByTestId('url-summary')).toContainText('not an image');
  await page.screenshot({ path: artifact('import-urls.png') });
  expect(rows().filter((r) => r.source === 'url')).toHaveLength(2);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('image-count')).toHaveText('2 images');
});

test('dropping image files on the window adds them, with duplicates and non-images reported', async ({ page }) => {
  await page.goto(server.url);
  // The drop target is there once the dataset is open on screen, as a person would wait to see it.
  await expect(page.getByTestId('image-count')).toHaveText('2 images');
  const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#884422' } }).png().toBuffer();
  const dup = images.image(1); // already imported from the URL list
  const dataTransfer = await page.evaluateHandle(
    ([a, b]) => {
      const dt = new DataTransfer();
      const bytes = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes(a!)], 'dropped.png', { type: 'image/png' }));
      dt.items.add(new File([bytes(b!)], 'again.jpg', { type: 'image/jpeg' }));
      dt.items.add(new File(['not an image'], 'notes.jpg', { type: 'image/jpeg' }));
      return dt;
    },
    [png.toString('base64'), dup.toString('base64')],
  );
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  await expect(page.getByTestId('drop-status')).toContainText('1 added, 1 already in the dataset, 1 skipped.');
  await page.screenshot({ path: artifact('drop.png') });
  expect(rows().filter((r) => r.source === 'import').map((r) => r.path)).toEqual([expect.stringMatching(/^added\/\d{4}-\d{2}-\d{2}\/dropped\.png$/)]);
  await expect(page.getByTestId('image-count')).toHaveText('3 images');
});

test('importing an ImageFolder dataset from the dialog', async ({ page }) => {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-folder-'));
  try {
    for (const [rel, color] of [
      ['train/bird/a.jpg', '#101010'],
      ['train/fish/b.jpg', '#202020'],
      ['val/bird/c.jpg', '#303030'],
    ] as const) {
      fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
      fs.writeFileSync(path.join(src, rel), await sharp({ create: { width: 16, height: 16, channels: 3, background: color } }).jpeg().toBuffer());
    }
    await page.goto(server.url);
    await page.getByTestId('import-menu').getByText('Import', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Import dataset…' }).click();
    await page.getByTestId('import-from').fill(src);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByTestId('import-summary')).toContainText('3 imported, 0 matched to images already here, 3 labels written, 0 skipped.');
    await expect(page.getByTestId('import-summary')).toContainText('New classes: bird, fish');
    expect(rows().filter((r) => r.path.startsWith('imported/'))).toHaveLength(3);
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});
