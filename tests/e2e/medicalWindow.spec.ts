import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { makeDicom } from '../helpers/makeDicom.js';
import { artifact, serve, type Served } from './helpers/serve.js';

let server: Served;
let dataset: string;
const SIDE = 256;
/** The CT's values: a ramp across, −1000 HU at the left edge, +8 HU per column (+1040 at the right). */
const huAt = (x: number) => -1000 + 8 * x;

/** PS3.3 C.11.2.1.2, LINEAR, into 0..255: what a pixel of value x shows through centre c, width w. */
const linear = (x: number, c: number, w: number) => (x <= c - 0.5 - (w - 1) / 2 ? 0 : x > c - 0.5 + (w - 1) / 2 ? 255 : Math.round(((x - (c - 0.5)) / (w - 1) + 0.5) * 255));

test.beforeAll(async () => {
  dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-window-'));
  const pixels = new Int16Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) pixels[y * SIDE + x] = huAt(x) + 1024;
  fs.writeFileSync(
    path.join(dataset, 'chest.dcm'),
    makeDicom({ rows: SIDE, columns: SIDE, pixels, signed: true, slope: 1, intercept: -1024, windows: [[40, 400]], pixelSpacing: [0.5, 0.5], modality: 'CT' }),
  );
  // Labeled beforehand (through the CLI), so an export has it to write.
  const cli = path.resolve(import.meta.dirname, '..', '..', 'bin', 'lightbox.cjs');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-window-home-'));
  for (const args of [['scan', dataset], ['classes', dataset, 'add', 'lung'], ['label', dataset, 'chest.dcm', '--class', 'lung']]) execFileSync(process.execPath, [cli, ...args], { env: { ...process.env, LIGHTBOX_HOME: home }, stdio: 'pipe' });
  server = await serve(dataset);
});
test.afterAll(async () => {
  await server.stop();
  fs.rmSync(dataset, { recursive: true, force: true });
});

/** The grey level the image canvas shows at a client point. */
const greyAtClient = (c: Element, [cx, cy]: [number, number]) => {
  const el = c as HTMLCanvasElement;
  const r = el.getBoundingClientRect();
  const k = el.width / r.width;
  return el.getContext('2d')!.getImageData(Math.floor((cx - r.left) * k), Math.floor((cy - r.top) * k), 1, 1).data[0]!;
};

test('a CT is windowed in HU: the lung preset, HU under the cursor, a ruler in mm', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('chest.dcm');
  await page.keyboard.press('v');
  const canvas = page.locator('canvas.region-image');
  await expect(canvas).toHaveAttribute('data-values', 'ready');
  // The file's window first.
  await expect(page.getByTestId('wl-status')).toHaveText('W 400 L 40');
  await page.keyboard.press('Control+1'); // 1:1, so a screen pixel is an image pixel
  await expect(page.getByTestId('zoom-status')).toHaveText(/100\s*%/);

  // The lung window from the menu.
  await page.getByTestId('wl-preset').selectOption('ct.lung');
  await expect(page.getByTestId('wl-status')).toHaveText('W 1500 L -600');
  await expect(page.getByTestId('wl-field')).toHaveValue('-600/1500');

  // The value under the cursor, at the pixel the status bar names: HU of that column.
  const box = (await page.getByTestId('region-canvas').boundingBox())!;
  const at: [number, number] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
  await page.mouse.move(...at);
  const readout = page.getByTestId('value-under-cursor');
  await expect(readout).toHaveText(/HU at \(\d+, \d+\)/);
  const [, hu, px, py] = /^(-?\d+) HU at \((\d+), (\d+)\)$/.exec((await readout.textContent())!)!.map(Number) as number[];
  expect(Math.abs(px! - SIDE / 2)).toBeLessThanOrEqual(1);
  expect(Math.abs(py! - SIDE / 2)).toBeLessThanOrEqual(1);
  expect(hu).toBe(huAt(px!));
  // What is drawn there is that HU through the lung window.
  expect(await canvas.evaluate(greyAtClient, at)).toBe(linear(huAt(px!), -600, 1500));
  await page.screenshot({ path: artifact('ct-lung-window.png') });

  // The bone window by its key, and the same pixel follows it.
  await page.keyboard.press('Alt+8');
  await expect(page.getByTestId('wl-status')).toHaveText('W 2800 L 600');
  await expect.poll(() => canvas.evaluate(greyAtClient, at)).toBe(linear(huAt(px!), 600, 2800));
  await page.screenshot({ path: artifact('ct-bone-window.png') });

  // A typed window.
  await page.getByTestId('wl-field').fill('40/80');
  await page.getByTestId('wl-field').press('Enter');
  await expect(page.getByTestId('wl-status')).toHaveText('W 80 L 40');

  // A ruler: 120 screen pixels across at 1:1 is 120 image pixels, 60 mm at 0.5 mm per pixel.
  await page.keyboard.press('l');
  await expect(page.getByTestId('region-tool')).toHaveText('Ruler');
  const from: [number, number] = [at[0] - 60, at[1] + 30];
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(from[0] + 60, from[1], { steps: 4 });
  await page.mouse.move(from[0] + 120, from[1], { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('ruler-length')).toHaveText(['60.00 mm']);
  await expect(page.getByTestId('pixel-spacing')).toHaveText('Pixel spacing 0.5 × 0.5 mm');
  await page.screenshot({ path: artifact('ct-ruler.png') });

  // Kept with the image: there after a reload, and Ctrl+Z takes it away.
  await page.reload();
  await expect(page.locator('.image-name')).toHaveText('chest.dcm');
  await expect(page.getByTestId('ruler-length')).toHaveText(['60.00 mm']);
  await page.getByTestId('region-canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('ruler-length')).toHaveCount(0);
});

test('a CT is classified in HU without region mode: presets, a typed window, a right-drag and the value under the cursor', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('chest.dcm');
  await expect(page.getByTestId('region-layer')).toHaveCount(0);
  // The plain view draws the values themselves, through the file's window.
  const canvas = page.getByTestId('image-values');
  await expect(canvas).toHaveAttribute('data-values', 'ready');
  await expect(page.getByTestId('wl-status')).toHaveText('W 400 L 40');
  await page.keyboard.press('Control+1');
  await expect(page.getByTestId('zoom-status')).toHaveText(/100\s*%/);

  const box = (await page.getByTestId('image-view').boundingBox())!;
  const at: [number, number] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
  await page.mouse.move(...at);
  const readout = page.getByTestId('value-under-cursor');
  await expect(readout).toHaveText(/HU at \(\d+, \d+\)/);
  const [, hu, px] = /^(-?\d+) HU at \((\d+), (\d+)\)$/.exec((await readout.textContent())!)!.map(Number) as number[];
  expect(Math.abs(px! - SIDE / 2)).toBeLessThanOrEqual(1);
  expect(hu).toBe(huAt(px!));
  expect(await canvas.evaluate(greyAtClient, at)).toBe(linear(huAt(px!), 40, 400));

  // The lung window by its key, as in region mode.
  await page.keyboard.press('Alt+4');
  await expect(page.getByTestId('wl-status')).toHaveText('W 1500 L -600');
  await expect.poll(() => canvas.evaluate(greyAtClient, at)).toBe(linear(huAt(px!), -600, 1500));
  await page.screenshot({ path: artifact('ct-plain-lung-window.png') });

  // A typed window.
  await page.getByTestId('wl-field').fill('100/700');
  await page.getByTestId('wl-field').press('Enter');
  await expect(page.getByTestId('wl-status')).toHaveText('W 700 L 100');
  await expect.poll(() => canvas.evaluate(greyAtClient, at)).toBe(linear(huAt(px!), 100, 700));

  // A right-drag to the right widens the window; R goes back to the file's.
  await page.mouse.move(...at);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(at[0] + 100, at[1], { steps: 5 });
  await page.mouse.up({ button: 'right' });
  const [, width] = /^W (\d+) L 100$/.exec((await page.getByTestId('wl-status').textContent())!)!.map(Number) as number[];
  expect(width).toBeGreaterThan(700);
  await expect.poll(() => canvas.evaluate(greyAtClient, at)).toBe(linear(huAt(px!), 100, width!));
  await page.keyboard.press('r');
  await expect(page.getByTestId('wl-status')).toHaveText('W 400 L 40');
  await page.screenshot({ path: artifact('ct-plain-file-window.png') });
});

test('the export dialog offers the window of medical images, and a typed one is applied by the VOI formula', async ({ page }) => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-window-out-')), 'export');
  await page.goto(server.url);
  await expect(page.getByTestId('grid-cell')).toHaveCount(1);
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await expect(dialog.getByTestId('export-window')).toContainText('Medical images (1 DICOM, 0 16-bit)');
  await dialog.getByTestId('export-window-choice').selectOption('custom');
  await dialog.getByTestId('export-window-cw').fill('40/');
  await expect(dialog.getByRole('button', { name: 'Export', exact: true })).toBeDisabled();
  await dialog.getByTestId('export-window-cw').fill('40/400');
  await dialog.getByLabel('Output folder').fill(out);
  await dialog.getByLabel('Resize to').uncheck();
  await page.screenshot({ path: artifact('export-window.png') });
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-summary')).toContainText(`to ${out}`);
  const { data, info } = await sharp(path.join(out, 'lung', 'chest.png')).greyscale().raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([SIDE, SIDE]);
  const row = Array.from(data.subarray(10 * SIDE, 11 * SIDE));
  expect(row).toEqual(Array.from({ length: SIDE }, (_, x) => linear(huAt(x), 40, 400)));
});
