import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { samTestDecoder, samTestEncoder } from '../helpers/samTestModels.js';
import { openRpc, rpcReply } from '../helpers/wsRpc.js';
import { artifact, serve, type Served } from './helpers/serve.js';

// The SAM tool as a person uses it: no model yet (the tool says how to add one: Settings → Models),
// the pair added there and then offered by the tool, a click previews the mask, Alt+click takes
// part away, Enter keeps it as a region that is still there after a reload. The model pair is the
// tests' SAM-interface pair (disks around the clicks, 25 px on this 400 px wide image; the previous
// click's mask fed back shows as a disk twice as wide), so the mask on screen shows whether the clicks reached it right.

let server: Served;
let work: string;
let ds: string;
const root = path.resolve(import.meta.dirname, '..', '..');

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-sam-'));
  ds = path.join(work, 'dataset');
  fs.mkdirSync(ds);
  fs.writeFileSync(path.join(work, 'encoder.onnx'), samTestEncoder());
  fs.writeFileSync(path.join(work, 'decoder.onnx'), samTestDecoder());
  const w = 400;
  const h = 300;
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.fill(((x >> 4) + (y >> 4)) % 2 ? 170 : 90, (y * w + x) * 3, (y * w + x) * 3 + 3);
  await sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().toFile(path.join(ds, 'skin.png'));
  const cli = path.join(root, 'bin', 'lightbox.cjs');
  execFileSync(process.execPath, [cli, 'scan', ds], { env: { ...process.env, LIGHTBOX_HOME: path.join(work, 'home') } });
  execFileSync(process.execPath, [cli, 'classes', ds, 'add', 'lesion', '--key', '1'], { env: { ...process.env, LIGHTBOX_HOME: path.join(work, 'home') } });
  server = await serve(ds);
});

test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The overlay canvas's alpha at an image pixel: 0 where nothing is drawn. */
async function alphaAt(page: Page, ix: number, iy: number, scale: { x0: number; y0: number; k: number }): Promise<number> {
  return page.getByTestId('region-canvas').evaluate(
    (c: HTMLCanvasElement, [sx, sy]) => {
      const r = c.getBoundingClientRect();
      const k = c.width / r.width;
      return c.getContext('2d')!.getImageData(Math.round((sx - r.left) * k), Math.round((sy - r.top) * k), 1, 1).data[3]!;
    },
    [scale.x0 + ix * scale.k, scale.y0 + iy * scale.k] as const,
  );
}

test('SAM: add the model pair in Settings → Models, click for a mask, Alt+click to take part away, Enter keeps it', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('skin.png');
  await page.keyboard.press('i');
  const layer = page.getByTestId('region-layer');
  await expect(layer).toHaveAttribute('data-tool', 'sam.idle');
  await expect(page.getByTestId('sam-no-model')).toContainText('No SAM model yet');
  await expect(page.getByTestId('sam-no-model')).toContainText('Settings → Models');
  await page.screenshot({ path: artifact('sam-no-model.png') });

  await page.getByTestId('open-settings').click();
  await page.getByLabel('Path of a model (.onnx)').fill(path.join(work, 'encoder.onnx'));
  await page.getByLabel('SAM decoder (.onnx), for a SAM pair').fill(path.join(work, 'decoder.onnx'));
  await page.getByRole('button', { name: 'Add model' }).click();
  await expect(page.locator('tr[data-model="encoder.onnx"]')).toBeVisible();
  await page.keyboard.press('Escape');
  const picker = page.getByTestId('sam-model');
  await expect(picker.locator('option:checked')).toHaveText('encoder.onnx + decoder.onnx');
  const status = page.getByTestId('sam-status');
  await expect(status).toHaveAttribute('data-state', 'idle');

  // Where image pixels are on screen: the image is fitted and centred in the stage.
  const canvas = (await page.getByTestId('region-canvas').boundingBox())!;
  const k = Math.min(canvas.width / 400, canvas.height / 300);
  const x0 = canvas.x + (canvas.width - 400 * k) / 2;
  const y0 = canvas.y + (canvas.height - 300 * k) / 2;
  const at = { x0, y0, k };
  const screen = (ix: number, iy: number): [number, number] => [x0 + (ix + 0.5) * k, y0 + (iy + 0.5) * k];

  await page.mouse.click(...screen(150, 120));
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.screenshot({ path: artifact('sam-click.png') });
  expect(await alphaAt(page, 150, 112, at)).toBeGreaterThan(0);
  expect(await alphaAt(page, 150, 160, at)).toBe(0);
  const whole = Number(/(\d+) px/.exec((await status.textContent())!)![1]);

  await page.keyboard.down('Alt');
  await page.mouse.click(...screen(170, 120));
  await page.keyboard.up('Alt');
  await expect(status).not.toHaveText(new RegExp(`${whole} px`));
  await expect(status).toHaveAttribute('data-state', 'ready');
  // The negative carves the first click's mask, which came back to the decoder (twice as wide).
  expect(await alphaAt(page, 165, 120, at)).toBe(0);
  expect(await alphaAt(page, 150, 80, at)).toBeGreaterThan(0);
  expect(await alphaAt(page, 130, 120, at)).toBeGreaterThan(0);
  await page.screenshot({ path: artifact('sam-negative.png') });

  // A window/level on screen: the encoder sees the picture through it (its own cached embedding).
  const cache = path.join(ds, '.lightbox', 'cache', 'sam');
  const windowed = () => fs.readdirSync(cache, { recursive: true }).map(String).filter((f) => /-w[0-9a-f]{16}\.bin$/.test(f));
  expect(windowed()).toEqual([]);
  await page.getByLabel('Window/level preset').selectOption({ label: 'High contrast' });
  await expect.poll(windowed, { timeout: 60_000 }).toHaveLength(1);
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByLabel('Window/level preset').selectOption({ label: 'Full range' });
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

  await page.keyboard.press('Enter');
  await expect(layer).toHaveAttribute('data-shapes', JSON.stringify([['mask', 'lesion']]));
  await expect(page.getByTestId('region-save')).toHaveText('Saved');
  await page.screenshot({ path: artifact('sam-kept.png') });

  // Still there after a reload: it was written to the dataset.
  await page.reload();
  // The app comes back on the screen it was on (the workspace) or on the library.
  const cell = page.getByTestId('grid-cell').first();
  await expect(cell.or(page.locator('.image-name'))).toBeVisible();
  if (await cell.isVisible()) await cell.dblclick();
  await expect(page.locator('.image-name')).toHaveText('skin.png');
  await page.keyboard.press('i');
  await expect(page.getByTestId('region-layer')).toHaveAttribute('data-shapes', JSON.stringify([['mask', 'lesion']]));
  await expect(page.getByTestId('sam-model').locator('option:checked')).toHaveText('encoder.onnx + decoder.onnx');
});

test("SAM: a dataset that names its pair by path (before the registry) has it added to Settings → Models and remembered by id", async ({ page }) => {
  const old = path.join(work, 'old-dataset');
  fs.mkdirSync(old);
  fs.copyFileSync(path.join(ds, 'skin.png'), path.join(old, 'skin.png'));
  const cli = path.join(root, 'bin', 'lightbox.cjs');
  const env = { ...process.env, LIGHTBOX_HOME: path.join(work, 'home') };
  execFileSync(process.execPath, [cli, 'scan', old], { env });
  execFileSync(process.execPath, [cli, 'classes', old, 'add', 'lesion', '--key', '1'], { env });
  const pair = { encoder: path.join(work, 'encoder.onnx'), decoder: path.join(work, 'decoder.onnx') };
  const oldServer = await serve(old);
  const url = new URL(oldServer.url);
  const ws = await openRpc(Number(url.port), url.searchParams.get('token')!, url.origin);
  const rpc = async (id: number, method: string, params: unknown) => (await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id, method, params }), id)).result;
  try {
    // The setting as datasets from before the registry hold it.
    await rpc(1, 'settings.set', { key: 'sam.model', value: pair });
    await page.goto(oldServer.url);
    await page.getByTestId('grid-cell').first().dblclick();
    await page.keyboard.press('i');
    await expect(page.getByTestId('sam-model').locator('option:checked')).toHaveText('encoder.onnx + decoder.onnx');
    await page.screenshot({ path: artifact('sam-old-setting.png') });
    await page.getByTestId('open-settings').click();
    await expect(page.locator('tr[data-model="encoder.onnx"]')).toBeVisible();
    await page.keyboard.press('Escape');
    const remembered = (await rpc(2, 'settings.get', { key: 'sam.model' })) as { value: { id?: string } | null };
    expect(remembered.value?.id).toMatch(/^[0-9a-f]{64}$/);
    // And the pair works from there.
    await page.mouse.click(...(await (async () => {
      const c = (await page.getByTestId('region-canvas').boundingBox())!;
      return [c.x + c.width / 2, c.y + c.height / 2] as [number, number];
    })()));
    await expect(page.getByTestId('sam-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  } finally {
    ws.close();
    await oldServer.stop();
  }
});
