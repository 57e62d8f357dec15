import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../helpers/chromium.js';

/**
 * Brush painting on a 4096×4096 image in Chromium (DESIGN.md budget: ≤ 16 ms per stroke segment).
 * The editor core paints each segment into the full-resolution mask and the stroke canvas
 * recolours the touched rectangle; "with frame" adds drawing the stroke canvas to a screen canvas,
 * as the region layer does once per animation frame. Stroke start is timed for the first stroke
 * on an image, the next one (a new mask) and one that continues the mask just painted.
 */
it('brush stroke segments on a 4096×4096 mask, in Chromium', async () => {
  const bundle = await build({
    entryPoints: [path.join(import.meta.dirname, 'brushPage.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><body></body>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    for (const [radius, step] of [
      [10, 6],
      [40, 12],
      [150, 25],
    ] as const) {
      const r = await page.evaluate(([rad, st]) => (globalThis as never as { brushBench: (a: number, b: number, c: number) => Record<string, number> }).brushBench(rad, 600, st), [radius, step] as const);
      expect(r.segments).toBe(600);
      console.log(
        `[bench] brush r=${radius}px step ${step}px on 4096×4096 (Chromium): per segment median ${r.medianMs!.toFixed(2)} ms, p95 ${r.p95Ms!.toFixed(2)} ms, max ${r.maxMs!.toFixed(2)} ms; ` +
          `with the frame draw median ${r.withFrameMedianMs!.toFixed(2)} ms, p95 ${r.withFrameP95Ms!.toFixed(2)} ms (budget 16 ms); stroke start: first on the image ${r.strokeStartMs!.toFixed(1)} ms, next ${r.nextStrokeStartMs!.toFixed(1)} ms, continuing the painted mask ${r.continueStrokeStartMs!.toFixed(1)} ms; stroke end (crop+commit) ${r.strokeEndMs!.toFixed(1)} ms; load ${os.loadavg()[0]!.toFixed(2)}`,
      );
    }
  } finally {
    await browser.close();
  }
});
