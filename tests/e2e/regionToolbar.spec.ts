import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { encodeGrayPng } from '../../src-main/formats/pngWrite.js';
import { artifact, serve, type Served } from './helpers/serve.js';

// Region mode at 1280×800 as a person sees it: the tool bar is one row (every tool reachable, its
// name and key in the tooltip); a ring brushed as a mask and turned into a polygon (Shift+P) keeps
// its hole, drawn open.

let server: Served;
let work: string;
const W = 400;
const H = 300;
const root = path.resolve(import.meta.dirname, '..', '..');

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-toolbar-'));
  const ds = path.join(work, 'dataset');
  fs.mkdirSync(ds);
  const px = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) px[y * W + x] = ((x >> 4) + (y >> 4)) % 2 ? 150 : 110;
  fs.writeFileSync(path.join(ds, 'slide.png'), encodeGrayPng(px, W, H));
  const cli = path.join(root, 'bin', 'lightbox.cjs');
  const env = { ...process.env, LIGHTBOX_HOME: path.join(work, 'home') };
  execFileSync(process.execPath, [cli, 'scan', ds], { env });
  execFileSync(process.execPath, [cli, 'classes', ds, 'add', 'lesion', '--key', '1'], { env });
  server = await serve(ds);
});

test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('region mode at 1280×800: the tool bar is one row, and a polygon with a hole is drawn with the hole open', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.url);
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('slide.png');
  await page.getByTestId('region-mode').click();
  const layer = page.getByTestId('region-layer');
  const bar = page.getByRole('toolbar', { name: 'Region tools' });
  await expect(bar).toBeVisible();
  await page.screenshot({ path: artifact('region-toolbar-1280.png') });

  // One row: every button sits on the same line, inside the bar.
  const buttons = bar.getByRole('button');
  const boxes = await buttons.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, right: r.right })));
  const barBox = (await bar.boundingBox())!;
  expect(boxes.length).toBeGreaterThanOrEqual(12);
  for (const b of boxes) {
    expect(Math.abs(b.top - boxes[0]!.top)).toBeLessThan(2);
    expect(b.right).toBeLessThanOrEqual(barBox.x + barBox.width + 1);
  }
  expect(barBox.height).toBeLessThan((boxes[0]!.bottom - boxes[0]!.top) * 2);
  // Each tool says its name and key in its tooltip, and is still a button by name.
  await expect(bar.getByRole('button', { name: 'Polygon' })).toHaveAttribute('title', /^Polygon \(P\)/);
  await bar.getByRole('button', { name: 'Magic wand' }).click();
  await expect(bar.getByRole('button', { name: 'Magic wand' })).toHaveAttribute('aria-pressed', 'true');

  // Brush a ring (radius 80 around 200,150) and outline it as a polygon: the hole is kept.
  const canvas = (await page.getByTestId('region-canvas').boundingBox())!;
  const k = Math.min(canvas.width / W, canvas.height / H);
  const x0 = canvas.x + (canvas.width - W * k) / 2;
  const y0 = canvas.y + (canvas.height - H * k) / 2;
  const at = (ix: number, iy: number): [number, number] => [x0 + ix * k, y0 + iy * k];
  await page.keyboard.press('m');
  await page.mouse.move(...at(280, 150));
  await page.mouse.down();
  for (let a = 0; a <= 72; a++) await page.mouse.move(...at(200 + 80 * Math.cos((a / 72) * 2 * Math.PI), 150 + 80 * Math.sin((a / 72) * 2 * Math.PI)));
  await page.mouse.up();
  await expect(layer).toHaveAttribute('data-shapes', JSON.stringify([['mask', 'lesion']]));
  await page.keyboard.press('Shift+P');
  // The first conversion starts the vision thread (opencv-wasm): seconds on a loaded machine.
  await expect(layer).toHaveAttribute('data-shapes', JSON.stringify([['polygon', 'lesion']]), { timeout: 60_000 });
  await expect(page.getByTestId('region-save')).toHaveText('Saved');
  // Nothing selected, so the fill is what shows.
  await page.keyboard.press('Escape');
  const alphaAt = (ix: number, iy: number) =>
    page.getByTestId('region-canvas').evaluate(
      (c: HTMLCanvasElement, [sx, sy]) => {
        const r = c.getBoundingClientRect();
        const s = c.width / r.width;
        return c.getContext('2d')!.getImageData(Math.round((sx - r.left) * s), Math.round((sy - r.top) * s), 1, 1).data[3]!;
      },
      [x0 + ix * k, y0 + iy * k] as const,
    );
  expect(await alphaAt(200, 150)).toBe(0);
  expect(await alphaAt(200, 190)).toBe(0);
  expect(await alphaAt(280, 150)).toBeGreaterThan(0);
  expect(await alphaAt(200, 70)).toBeGreaterThan(0);
  expect(await alphaAt(50, 150)).toBe(0);
  await page.screenshot({ path: artifact('region-polygon-hole.png') });
});
