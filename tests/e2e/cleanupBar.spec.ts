import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { type Ellipse, ellipseScene } from '../helpers/visionScenes.js';
import { artifact, serve, type Served } from './helpers/serve.js';
import { pagePoint } from './helpers/workspace.js';

/**
 * The clean-up bar of a selected mask (fill holes, islands, smooth, grow/shrink, to polygons) fits
 * one row in a 1280×800 window, in English and in Simplified Chinese, and every action in it still
 * names its key.
 */

const W = 400;
const H = 300;
const lesion: Ellipse = { cx: 150, cy: 150, rx: 60, ry: 40 };
const root = path.resolve(import.meta.dirname, '..', '..');

let server: Served;
let dataset: string;

test.beforeAll(async () => {
  dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-cleanupbar-'));
  const scene = ellipseScene(W, H, [lesion]);
  await sharp(Buffer.from(scene.image.data), { raw: { width: W, height: H, channels: 3 } }).png().toFile(path.join(dataset, 'lesion.png'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-cleanupbar-home-'));
  const cli = (...args: string[]) => execFileSync(process.execPath, [path.join(root, 'bin', 'lightbox.cjs'), ...args], { env: { ...process.env, LIGHTBOX_HOME: home }, stdio: 'pipe' });
  cli('scan', dataset);
  cli('classes', dataset, 'add', 'lesion', '--key', '1');
  // One mask region to select: the lesion by threshold in a box around it.
  cli('segment', dataset, 'lesion.png', '--class', 'lesion', '--method', 'threshold', '--box', `${lesion.cx - lesion.rx - 15},${lesion.cy - lesion.ry - 15},${2 * lesion.rx + 30},${2 * lesion.ry + 30}`);
  fs.rmSync(home, { recursive: true, force: true });
  server = await serve(dataset);
});
test.afterAll(async () => {
  await server.stop();
  fs.rmSync(dataset, { recursive: true, force: true });
});

/** The bar's controls laid out: each one's top and height, and whether the bar overflows its own width or the stage. */
async function layout(page: Page) {
  return page.getByTestId('cleanup-menu').evaluate((bar) => {
    const controls = Array.from(bar.querySelectorAll('button, input, select, strong')).map((el) => el.getBoundingClientRect());
    const b = bar.getBoundingClientRect();
    const stage = bar.parentElement!.getBoundingClientRect();
    return {
      count: controls.length,
      tops: controls.map((r) => r.top),
      tallest: Math.max(...controls.map((r) => r.height)),
      barHeight: b.height,
      barRight: b.right,
      stageRight: stage.right,
      overflows: bar.scrollWidth > bar.clientWidth + 1,
    };
  });
}

for (const lang of ['en', 'zh-CN'] as const) {
  test(`the clean-up bar of a selected mask is one row at 1280×800 (${lang}), and each action keeps its key`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(server.url);
    await expect(page.getByTestId('grid-cell')).toHaveCount(1);
    await page.getByTestId('language').selectOption(lang);
    await page.getByTestId('grid-cell').first().dblclick();
    await expect(page.locator('.image-name')).toHaveText('lesion.png');
    const layer = page.getByTestId('region-layer');
    const mode = page.getByTestId('region-mode');
    if ((await mode.getAttribute('aria-pressed')) !== 'true') await mode.click();
    await expect(layer).toHaveAttribute('data-shapes', '[["mask","lesion"]]');

    await page.keyboard.press('v');
    const [sx, sy] = await pagePoint(page, lesion.cx, lesion.cy);
    await page.mouse.click(sx, sy);
    const menu = page.getByTestId('cleanup-menu');
    await expect(menu).toBeVisible();
    await page.screenshot({ path: artifact(`cleanup-bar-${lang}.png`) });
    await menu.screenshot({ path: artifact(`cleanup-bar-${lang}-close.png`) });

    const l = await layout(page);
    // Title, five steps, three sizes, to polygons.
    expect(l.count).toBeGreaterThanOrEqual(10);
    // One row: no control starts below the first row, and the bar is one control high (plus its padding and border).
    expect(Math.max(...l.tops) - Math.min(...l.tops)).toBeLessThan(l.tallest / 2);
    expect(l.barHeight).toBeLessThanOrEqual(l.tallest + 12);
    // And it fits: nothing cut off at its end or past the stage.
    expect(l.overflows).toBe(false);
    expect(l.barRight).toBeLessThanOrEqual(l.stageRight);

    // Every action names its key in its tooltip (and aria-keyshortcuts), as the one key table says.
    const keys: [RegExp, string][] = [
      [lang === 'en' ? /Fill holes/ : /填充孔洞/, 'Shift+F'],
      [lang === 'en' ? /Remove islands/ : /去除小块/, 'Shift+I'],
      [lang === 'en' ? /Smooth/ : /平滑/, 'Shift+S'],
      [lang === 'en' ? /Grow/ : /扩大/, '.'],
      [lang === 'en' ? /Shrink/ : /缩小/, ','],
      [lang === 'en' ? /polygons/ : /多边形/, 'Shift+P'],
    ];
    for (const [name, key] of keys) {
      const button = menu.getByRole('button', { name });
      await expect(button).toHaveCount(1);
      const escaped = key.replace(/[.+]/g, '\\$&');
      await expect(button).toHaveAttribute('title', new RegExp(`[(（]${escaped}[)）]$`));
      await expect(button).toHaveAttribute('aria-keyshortcuts', key);
    }

    // The bar still works, by click and by key: the Grow button grows the mask by its 2 px (an ellipse of
    // 60 × 40 px radii gains about 2π·50·2 ≈ 630 px²), undo takes it back, and its key "." does the same.
    const area = async () => Number((await page.getByTestId('region-area').first().textContent())!.replace(/[^0-9]/g, ''));
    const before = await area();
    await menu.getByRole('button', { name: lang === 'en' ? /Grow/ : /扩大/ }).click();
    await expect.poll(area).toBeGreaterThan(before + 300);
    await page.keyboard.press('Control+z');
    await expect.poll(area).toBe(before);
    await page.keyboard.press('.');
    await expect.poll(area).toBeGreaterThan(before + 300);
    await page.keyboard.press('Control+z');
    await expect.poll(area).toBe(before);
  });
}
