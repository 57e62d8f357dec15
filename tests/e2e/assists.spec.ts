import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { makeDicom } from '../helpers/makeDicom.js';
import { cocoRleToCrop } from '../../src-main/formats/cocoRle.js';
import { type Ellipse, ellipseScene, fullMask, iou, truthOf } from '../helpers/visionScenes.js';
import { artifact, serve, type Served } from './helpers/serve.js';
import { pagePoint } from './helpers/workspace.js';

/**
 * The region assists as a person uses them: the magic wand on one object (its tolerance dragged
 * and scrolled, the preview kept with Enter), GrabCut from a box on the other, a COCO export whose two
 * masks match the objects drawn into the image, a clean-up step, and undo of each.
 */

const W = 400;
const H = 300;
const left: Ellipse = { cx: 120, cy: 150, rx: 60, ry: 40 };
const right: Ellipse = { cx: 290, cy: 140, rx: 50, ry: 70 };
const root = path.resolve(import.meta.dirname, '..', '..');

let server: Served;
let dataset: string;

test.beforeAll(async () => {
  dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-assists-'));
  const scene = ellipseScene(W, H, [left, right]);
  await sharp(Buffer.from(scene.image.data), { raw: { width: W, height: H, channels: 3 } }).png().toFile(path.join(dataset, 'two-lesions.png'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-assists-home-'));
  execFileSync(process.execPath, [path.join(root, 'bin', 'lightbox.cjs'), 'classes', dataset, 'add', 'lesion', '--key', '1'], { env: { ...process.env, LIGHTBOX_HOME: home } });
  fs.rmSync(home, { recursive: true, force: true });
  server = await serve(dataset);
});
test.afterAll(async () => {
  await server.stop();
  fs.rmSync(dataset, { recursive: true, force: true });
});

/** The preview has settled: no request out, and a mask of some area. */
async function settled(page: Page): Promise<number> {
  const bar = page.getByTestId('assist-bar');
  await expect(bar).toHaveAttribute('data-busy', '0');
  await expect(bar).not.toHaveAttribute('data-area', '0');
  return Number(await bar.getAttribute('data-area'));
}

test('wand a region, change its tolerance, keep it; GrabCut another; export COCO; undo each', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('grid-cell')).toHaveCount(1);
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('two-lesions.png');
  const layer = page.getByTestId('region-layer');

  // The cheat sheet lists the assists with their keys, from the one key table.
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog');
  await expect(sheet).toContainText('Magic wand');
  await expect(sheet).toContainText('GrabCut');
  await expect(sheet).toContainText('Threshold in a box');
  await expect(sheet).toContainText('Clean-up: fill holes');
  await page.screenshot({ path: artifact('assists-cheat-sheet.png') });
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);

  // Q: the magic wand. A click inside the left lesion, then a drag up raises the tolerance live.
  await page.keyboard.press('q');
  await expect(layer).toHaveAttribute('data-tool', 'wand.idle');
  await expect(page.getByTestId('assist-bar')).toContainText('Click inside the object');
  const [sx, sy] = await pagePoint(page, left.cx, left.cy);
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx, sy - 20, { steps: 10 });
  await page.mouse.up();
  const bar = page.getByTestId('assist-bar');
  await expect(bar).toHaveAttribute('data-tolerance', '42');
  const first = await settled(page);
  // The wheel changes the tolerance too (up: more), and the preview follows.
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -100);
  await expect(bar).toHaveAttribute('data-tolerance', '48');
  await expect(page.getByTestId('assist-tolerance')).toHaveText('48');
  const second = await settled(page);
  expect(second).toBeGreaterThan(0.8 * first);
  await page.screenshot({ path: artifact('assists-wand-preview.png') });
  await page.keyboard.press('Enter');
  await expect(layer).toHaveAttribute('data-shapes', '[["mask","lesion"]]');
  await expect(page.getByTestId('region-save')).toHaveText('Saved');

  // U: GrabCut from a box around the right lesion.
  await page.keyboard.press('u');
  await expect(layer).toHaveAttribute('data-tool', 'grabcut.idle');
  const [bx0, by0] = await pagePoint(page, right.cx - right.rx - 15, right.cy - right.ry - 15);
  const [bx1, by1] = await pagePoint(page, right.cx + right.rx + 15, right.cy + right.ry + 15);
  await page.mouse.move(bx0, by0);
  await page.mouse.down();
  await page.mouse.move(bx1, by1, { steps: 12 });
  await page.mouse.up();
  await settled(page);
  await page.screenshot({ path: artifact('assists-grabcut-preview.png') });
  await page.keyboard.press('Enter');
  await expect(layer).toHaveAttribute('data-shapes', '[["mask","lesion"],["mask","lesion"]]');
  await expect(page.getByTestId('region-save')).toHaveText('Saved');

  // T: threshold in a box around the left lesion; Otsu's level fills the field; a typed level
  // changes the preview; Esc drops it without keeping anything.
  await page.keyboard.press('t');
  const [tx0, ty0] = await pagePoint(page, left.cx - left.rx - 10, left.cy - left.ry - 10);
  const [tx1, ty1] = await pagePoint(page, left.cx + left.rx + 10, left.cy + left.ry + 10);
  await page.mouse.move(tx0, ty0);
  await page.mouse.down();
  await page.mouse.move(tx1, ty1, { steps: 8 });
  await page.mouse.up();
  const otsu = await settled(page);
  const level = page.getByTestId('assist-level');
  await expect(level).not.toHaveValue('');
  await level.fill('250');
  await expect(page.getByTestId('assist-problem')).toContainText('Nothing in the box');
  await level.fill('120');
  expect(Math.abs((await settled(page)) - otsu)).toBeLessThan(otsu * 0.2);
  await page.screenshot({ path: artifact('assists-threshold-preview.png') });
  // Typing went to the field: leave it, and Esc reaches the tool.
  await level.evaluate((e) => (e as HTMLElement).blur());
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('assist-bar')).toHaveAttribute('data-area', '0');
  await expect(layer).toHaveAttribute('data-shapes', '[["mask","lesion"],["mask","lesion"]]');

  // Export COCO at the original size and score each mask against the lesions drawn into the image.
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-assists-coco-')), 'coco');
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await dialog.locator('select').first().selectOption('coco');
  await dialog.getByLabel('Output folder').fill(out);
  await dialog.getByLabel('Resize to').uncheck();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-summary')).toContainText(`to ${out}`);
  await page.keyboard.press('Escape');
  const docs = fs.readdirSync(path.join(out, 'annotations')).map((f) => JSON.parse(fs.readFileSync(path.join(out, 'annotations', f), 'utf8')));
  const anns = docs.flatMap((d) => d.annotations) as { segmentation: { size: [number, number]; counts: string }; area: number }[];
  expect(anns).toHaveLength(2);
  const masks = anns.map((a) => fullMask(cocoRleToCrop(a.segmentation), W, H));
  expect(iou(masks[0]!, truthOf(W, H, [left]))).toBeGreaterThanOrEqual(0.85);
  expect(iou(masks[1]!, truthOf(W, H, [right]))).toBeGreaterThanOrEqual(0.85);

  // The clean-up menu of a selected mask: V, click the first mask, grow it by 2 px (one undoable edit);
  // fill holes on a mask without any says so and changes nothing.
  await page.keyboard.press('v');
  await page.mouse.click(sx, sy);
  const menu = page.getByTestId('cleanup-menu');
  await expect(menu).toBeVisible();
  await page.screenshot({ path: artifact('assists-cleanup-menu.png') });
  await menu.getByRole('button', { name: /Fill holes/ }).click();
  await expect(page.getByTestId('region-notice')).toHaveText('That step changes nothing on this mask.');
  await menu.getByRole('button', { name: /Grow/ }).click();
  await expect(page.getByTestId('region-list')).toContainText(/mask · 8[0-9]{3} px²/);
  await expect(page.getByTestId('region-save')).toHaveText('Saved');

  // Undo each: the clean-up, then GrabCut's mask, then the wand's.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('region-notice')).toContainText('Undone');
  await page.keyboard.press('Control+z');
  await expect(layer).toHaveAttribute('data-shapes', '[["mask","lesion"]]');
  await page.keyboard.press('Control+z');
  await expect(layer).toHaveAttribute('data-shapes', '[]');
  await page.screenshot({ path: artifact('assists-undone.png') });
});

test('the wand on a CT slice sees it through its window, and through the window/level chosen on screen', async ({ page }) => {
  // Air, a soft-tissue disk (40 HU, r 30) and a denser ring around it (120 HU, r 30–45).
  const SIDE = 128;
  const pixels = new Int16Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const r = Math.hypot(x + 0.5 - 64, y + 0.5 - 64);
      pixels[y * SIDE + x] = (r <= 30 ? 40 : r <= 45 ? 120 : -1000) + 1024;
    }
  }
  const ct = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-assists-ct-'));
  fs.writeFileSync(path.join(ct, 'IM0001'), makeDicom({ rows: SIDE, columns: SIDE, pixels, signed: true, slope: 1, intercept: -1024, windows: [[40, 400]] }));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-assists-home-'));
  execFileSync(process.execPath, [path.join(root, 'bin', 'lightbox.cjs'), 'classes', ct, 'add', 'lesion', '--key', '1'], { env: { ...process.env, LIGHTBOX_HOME: home } });
  fs.rmSync(home, { recursive: true, force: true });
  const ctServer = await serve(ct);
  try {
    await page.goto(ctServer.url);
    await expect(page.getByTestId('grid-cell')).toHaveCount(1);
    await page.getByTestId('grid-cell').first().dblclick();
    await expect(page.locator('.image-name')).toHaveText('IM0001');
    await page.keyboard.press('q');
    const [cx, cy] = await pagePoint(page, 64, 64);
    await page.mouse.click(cx, cy);
    // In the file's window (40/400) the disk (mid-grey) and the ring (lighter) differ: the disk alone.
    const disk = await settled(page);
    expect(Math.abs(disk - Math.PI * 30 * 30)).toBeLessThan(0.1 * Math.PI * 30 * 30);
    await page.screenshot({ path: artifact('assists-ct-wand-file-window.png') });
    // Through the histogram window (auto, about −1000/+120 HU) both are nearly white: the same click takes the ring too.
    await page.getByLabel('Window/level preset').selectOption('auto');
    await expect.poll(() => page.getByTestId('assist-bar').getAttribute('data-area').then(Number)).toBeGreaterThan(0.9 * Math.PI * 45 * 45);
    const both = await settled(page);
    expect(both).toBeLessThan(1.1 * Math.PI * 45 * 45);
    await page.screenshot({ path: artifact('assists-ct-wand-shadows.png') });
    await page.getByLabel('Window/level preset').evaluate((e) => (e as HTMLElement).blur());
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('region-layer')).toHaveAttribute('data-shapes', '[["mask","lesion"]]');
    await expect(page.getByTestId('region-list')).toContainText(`${both} px²`);
  } finally {
    await ctServer.stop();
    fs.rmSync(ct, { recursive: true, force: true });
  }
});
