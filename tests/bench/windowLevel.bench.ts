/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { expect, it } from 'vitest';
import { startWebHost } from '../../src-main/host/web/webHost.js';
import { startScan } from '../../src-main/services/datasetsService.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { ValueImage } from '../../src-renderer/canvas/valueLut.js';
import { chromiumLaunchOptions } from '../helpers/chromium.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { tempDir } from '../helpers/tempDataset.js';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms`;

it('window/level drag step on a 4096×4096 16-bit image, through the renderer lookup table (Node)', () => {
  const N = 4096;
  const values = new Uint16Array(N * N);
  for (let i = 0; i < values.length; i++) values[i] = (i * 7 + (i >> 12) * 13) & 4095;
  const img = new ValueImage(values, N, N, 0, 4095);
  // What the workspace does for an image this large: window the screen's pixels (a 1600 × 1000 device-pixel stage, image fitted).
  const cols = 1600;
  const rows = 1000;
  const view = new Uint32Array(cols * rows);
  const fit = { scale: rows / N, x: (cols - (N * rows) / N) / 2, y: 0 };
  const stepView: number[] = [];
  for (let k = 0; k < 40; k++) {
    const t = performance.now();
    img.renderView({ center: 1500 + k * 7, width: 2000 - k * 11 }, view, cols, rows, fit);
    stepView.push(performance.now() - t);
  }
  // Zoomed in 4×: fewer image pixels, every screen pixel still windowed.
  const zoomed = { scale: 4, x: -6000, y: -6000 };
  const stepZoom: number[] = [];
  for (let k = 0; k < 40; k++) {
    const t = performance.now();
    img.renderView({ center: 1500 + k * 7, width: 2000 - k * 11 }, view, cols, rows, zoomed);
    stepZoom.push(performance.now() - t);
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
  console.log(
    `W/L step, 4096² 16-bit: screen-bounded 1600×1000 fitted ${fmt(stepView)}, zoomed 4× ${fmt(stepZoom)} (budget ≤ 16 ms per frame); ` +
      `whole image 16.7 MP ${fmt(stepFull)} (for comparison; main-process applyWindow took 320–450 ms)`,
  );
});

const COUNT = 24;
const SIDE = 512;

it(`next image in region mode, ${COUNT} 512×512 CT DICOMs windowed from their HU values, in Chromium`, async () => {
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
  let t = performance.now();
  for (const id of ids.slice(0, 8)) await dispatch(session, 'images.values', { id });
  const valuesMs = (performance.now() - t) / 8;

  const host = await startWebHost(session, { rendererDir: path.resolve('dist/renderer') });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${host.url}#/workspace/${ids[0]}`);
    await page.keyboard.press('v');
    await page.waitForSelector('canvas.region-image[data-values="ready"]');
    const step = () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const name = () => document.querySelector('.image-name')?.textContent;
            const before = name();
            const start = performance.now();
            window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
            const check = () => {
              const ready = document.querySelector('canvas.region-image')?.getAttribute('data-values') === 'ready';
              if (name() === before || !ready) return requestAnimationFrame(check);
              requestAnimationFrame(() => resolve(performance.now() - start));
            };
            requestAnimationFrame(check);
          }),
      );
    const times: number[] = [];
    for (let i = 0; i < COUNT - 1; i++) {
      await page.waitForTimeout(300); // a person looking before the next key
      times.push(await step());
    }
    console.log(`next CT shown from its HU values (512², region mode): ${fmt(times)} (budget p95 ≤ 100 ms); images.values itself ${valuesMs.toFixed(1)} ms per image`);
  } finally {
    await browser.close();
    await host.close();
    session.close();
    cleanup();
  }
});
