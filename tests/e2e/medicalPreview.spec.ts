import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { makeDicom } from '../helpers/makeDicom.js';
import { artifact, serve, type Served } from './helpers/serve.js';
import { openFirstImage } from './helpers/workspace.js';

let server: Served;
let dataset: string;
const SIDE = 256;

test.beforeAll(async () => {
  dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-medical-'));
  // A CT slice named as a scanner names it: air (-1000 HU) with a soft-tissue disc (+40 HU) in the middle.
  const pixels = new Int16Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) pixels[y * SIDE + x] = ((x - 128) ** 2 + (y - 128) ** 2 < 60 ** 2 ? 40 : -1000) + 1024;
  fs.writeFileSync(path.join(dataset, 'IM0001'), makeDicom({ rows: SIDE, columns: SIDE, pixels, signed: true, slope: 1, intercept: -1024, windows: [[40, 400]] }));
  // A 12-bit image in a 16-bit PNG: left half 300, right half 3800 (out of 65535, so nearly black as 8 bits).
  const grey = new Uint16Array(SIDE * SIDE).map((_, i) => (i % SIDE < SIDE / 2 ? 300 : 3800));
  await sharp(grey, { raw: { width: SIDE, height: SIDE, channels: 1 } }).toColourspace('grey16').png().toFile(path.join(dataset, 'slice16.png'));
  server = await serve(dataset);
});
test.afterAll(async () => {
  await server.stop();
  fs.rmSync(dataset, { recursive: true, force: true });
});

/** The grey level of the region canvas at a fraction (fx, fy) of its size. */
const greyAt = (c: Element, [fx, fy]: [number, number]) => {
  const el = c as HTMLCanvasElement;
  const [r] = el.getContext('2d')!.getImageData(Math.floor(el.width * fx), Math.floor(el.height * fy), 1, 1).data;
  return r;
};

test('a DICOM and a 16-bit PNG are shown through their windowed previews, not black', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('grid-cell')).toHaveCount(2);
  await openFirstImage(page, 'IM0001');
  // The plain view draws the CT from its HU values through the file's 40/400 window: the +40 HU disc
  // in the middle is mid-grey, not the black a 16-bit picture read as 8 bits would give.
  const plain = page.getByTestId('image-view').locator('canvas.image-values[data-values="ready"]');
  await expect.poll(() => plain.evaluate(greyAt, [0.5, 0.5] as [number, number])).toBeGreaterThan(110);
  expect(await plain.evaluate(greyAt, [0.5, 0.5] as [number, number])).toBeLessThan(145);
  await page.screenshot({ path: artifact('dicom-preview.png') });

  // The region canvas draws the same preview: the disc at +40 HU is mid-grey in the 40/400 window, air is black.
  await page.keyboard.press('v');
  const canvas = page.locator('canvas.region-image');
  await expect.poll(() => canvas.evaluate(greyAt, [0.5, 0.5] as [number, number])).toBeGreaterThan(110);
  expect(await canvas.evaluate(greyAt, [0.5, 0.5] as [number, number])).toBeLessThan(145);
  expect(await canvas.evaluate(greyAt, [0.05, 0.05] as [number, number])).toBeLessThan(10);

  // The next image, the 16-bit PNG, is drawn from its preview too, though Chromium decodes PNG (and would keep the high byte: 1 and 14).
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.image-name')).toHaveText('slice16.png');
  // Through the histogram window the two halves are black and white, not two shades of black.
  await expect.poll(() => canvas.evaluate(greyAt, [0.75, 0.5] as [number, number])).toBeGreaterThan(240);
  expect(await canvas.evaluate(greyAt, [0.25, 0.5] as [number, number])).toBeLessThan(15);
  await page.screenshot({ path: artifact('grey16-preview.png') });
});
