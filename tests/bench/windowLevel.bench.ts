/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { expect, it } from 'vitest';
import { startWebHost } from '../../src-main/host/web/webHost.js';
import { startScan } from '../../src-main/services/datasetsService.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { ValueImage, windowGrey } from '../../src-renderer/canvas/valueLut.js';
import { chromiumLaunchOptions } from '../helpers/chromium.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { tempDir } from '../helpers/tempDataset.js';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms`;

/**
 * The previous session's screen-bounded windowing, kept here as the baseline of the same run: a
 * table over [min, max] refilled every frame, offset subtracted and off-image branch per pixel.
 */
function baselineRenderView(values: Uint16Array, width: number, height: number, min: number, max: number, w: { center: number; width: number }, out: Uint32Array, cols: number, rows: number, view: { x: number; y: number; scale: number }): void {
  const table = new Uint32Array(max - min + 1);
  for (let k = 0; k < table.length; k++) {
    const g = windowGrey(min + k, w.center, w.width);
    table[k] = ((0xff << 24) | (g << 16) | (g << 8) | g) >>> 0;
  }
  const colOf = new Int32Array(cols);
  const k = 1 / view.scale;
  for (let i = 0; i < cols; i++) {
    const x = Math.floor((i + 0.5) * k - view.x / view.scale);
    colOf[i] = x >= 0 && x < width ? x : -1;
  }
  for (let j = 0; j < rows; j++) {
    const y = Math.floor((j + 0.5) * k - view.y / view.scale);
    const line = j * cols;
    if (y < 0 || y >= height) {
      out.fill(0, line, line + cols);
      continue;
    }
    const base = y * width;
    for (let i = 0; i < cols; i++) {
      const x = colOf[i]!;
      out[line + i] = x < 0 ? 0 : table[values[base + x]! - min]!;
    }
  }
}

it('window/level drag step on a 4096×4096 16-bit image, through the renderer lookup table (Node), against last session\'s loop in the same run', () => {
  const N = 4096;
  const values = new Uint16Array(N * N);
  for (let i = 0; i < values.length; i++) values[i] = (i * 7 + (i >> 12) * 13) & 4095;
  const img = new ValueImage(values, N, N, 0, 4095);
  // What the workspace does for an image this large: window the screen's pixels (a 1600 × 1000 device-pixel stage, image fitted).
  const cols = 1600;
  const rows = 1000;
  const view = new Uint32Array(cols * rows);
  const fit = { scale: rows / N, x: (cols - (N * rows) / N) / 2, y: 0 };
  // Zoomed in 4×: fewer image pixels, every screen pixel still windowed.
  const zoomed = { scale: 4, x: -6000, y: -6000 };
  const times = { fit: [] as number[], zoom: [] as number[], baseFit: [] as number[], baseZoom: [] as number[] };
  // Interleaved, so the machine's load falls on both alike.
  for (let k = 0; k < 60; k++) {
    const wl = { center: 1500 + k * 7, width: 2000 - k * 11 };
    let t = performance.now();
    img.renderView(wl, view, cols, rows, fit);
    times.fit.push(performance.now() - t);
    t = performance.now();
    baselineRenderView(values, N, N, 0, 4095, wl, view, cols, rows, fit);
    times.baseFit.push(performance.now() - t);
    t = performance.now();
    img.renderView(wl, view, cols, rows, zoomed);
    times.zoom.push(performance.now() - t);
    t = performance.now();
    baselineRenderView(values, N, N, 0, 4095, wl, view, cols, rows, zoomed);
    times.baseZoom.push(performance.now() - t);
  }
  // For comparison: every one of the 16.7 M pixels (what a full-resolution redraw would cost).
  const full = new Uint32Array(N * N);
  const stepFull: number[] = [];
  for (let k = 0; k < 10; k++) {
    const t = performance.now();
    img.render({ center: 1500 + k * 7, width: 2000 - k * 11 }, full);
    stepFull.push(performance.now() - t);
  }
  expect(view.some((p) => p !== 0)).toBe(true);
  const ratio = (a: number[], b: number[]) => (pct(b, 50) / pct(a, 50)).toFixed(2);
  console.log(
    `W/L step, 4096² 16-bit (budget ≤ 16 ms per frame): fitted in 1600×1000 ${fmt(times.fit)} (last session's loop ${fmt(times.baseFit)}, ${ratio(times.fit, times.baseFit)}× faster); ` +
      `zoomed 4× ${fmt(times.zoom)} (last session's ${fmt(times.baseZoom)}, ${ratio(times.zoom, times.baseZoom)}×); whole image 16.7 MP ${fmt(stepFull)} (for comparison)`,
  );
});

const COUNT = 64; // 31 steps per view, so the p95 is not only the slowest step
const SIDE = 512;

it(`next image, ${COUNT} 512×512 CT DICOMs windowed from their HU values, in Chromium: the plain view and region mode`, async () => {
  const { dir, cleanup } = tempDir('lightbox-bench-ct-next-');
  const pixels = new Int16Array(SIDE * SIDE).map((_, i) => ((i * 7) % 2400) - 1000 + 1024);
  for (let i = 0; i < COUNT; i++) {
    pixels[0] = i;
    fs.writeFileSync(path.join(dir, `IM${String(i).padStart(4, '0')}`), makeDicom({ rows: SIDE, columns: SIDE, pixels, signed: true, slope: 1, intercept: -1024, windows: [[40, 400]], pixelSpacing: [0.7, 0.7], modality: 'CT' }));
  }
  const session = new Session({}, path.join(dir, '.home'));
  session.open(dir);
  await startScan(session, false).promise;
  const ids = (session.require().db.prepare('SELECT id FROM images ORDER BY path').all() as { id: number }[]).map((r) => r.id);
  // The first call starts the values thread; the figure is per image once it runs.
  let t = performance.now();
  await dispatch(session, 'images.values', { id: ids[0]! });
  const firstMs = performance.now() - t;
  t = performance.now();
  for (const id of ids.slice(1, 9)) await dispatch(session, 'images.values', { id });
  const valuesMs = (performance.now() - t) / 8;

  const host = await startWebHost(session, { rendererDir: path.resolve('dist/renderer') });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    /**
     * From the key (a real key press: region mode takes keys as a person gives them) to a frame
     * showing the next CT's values; `canvas` is the view's values canvas. The listener is set
     * first, then the key pressed, then its answer read.
     */
    const step = async (canvas: string) => {
      await page.evaluate((sel) => {
        const w = window as unknown as { benchStep: Promise<number> };
        w.benchStep = new Promise<number>((resolve) => {
          const name = () => document.querySelector('.image-name')?.textContent;
          const before = name();
          window.addEventListener(
            'keydown',
            (e) => {
              const start = e.timeStamp;
              // A step that never shows is reported (as Infinity), not waited for forever.
              const give = setTimeout(() => resolve(Number.POSITIVE_INFINITY), 10_000);
              const check = () => {
                const ready = document.querySelector(sel)?.getAttribute('data-values') === 'ready';
                if (name() === before || !ready) return requestAnimationFrame(check);
                requestAnimationFrame(() => {
                  clearTimeout(give);
                  resolve(performance.now() - start);
                });
              };
              requestAnimationFrame(check);
            },
            { once: true, capture: true },
          );
        });
      }, canvas);
      await page.keyboard.press('ArrowRight');
      return page.evaluate(() => (window as unknown as { benchStep: Promise<number> }).benchStep);
    };
    const run = async (canvas: string) => {
      const times: number[] = [];
      for (let i = 0; i < COUNT / 2 - 1; i++) {
        await page.waitForTimeout(300); // a person looking before the next key
        times.push(await step(canvas));
      }
      return times;
    };
    await page.goto(`${host.url}#/workspace/${ids[0]}`);
    await page.waitForSelector('canvas.image-values[data-values="ready"]');
    const plain = await run('canvas.image-values');
    await page.keyboard.press('v');
    await page.waitForSelector('canvas.region-image[data-values="ready"]');
    const region = await run('canvas.region-image');
    console.log(
      `next CT shown from its HU values (512², budget p95 ≤ 100 ms): plain view ${fmt(plain)}; region mode ${fmt(region)}; ` +
        `images.values ${valuesMs.toFixed(1)} ms per image on its thread (the first call, starting the thread, ${firstMs.toFixed(0)} ms)`,
    );
  } finally {
    await browser.close();
    await host.close();
    session.close();
    cleanup();
  }
});
