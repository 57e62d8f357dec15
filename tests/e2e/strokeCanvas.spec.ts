import path from 'node:path';
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';

/**
 * The stroke being painted, as the region layer shows it while the mouse is down: the editor
 * core paints into its full-resolution mask and the stroke canvas (tiles made as a stroke first
 * reaches them, kept for the next strokes) mirrors it. OffscreenCanvas exists only in a browser,
 * so this runs the two together on a blank page in Chromium and compares, pixel for pixel, what
 * the canvas shows with the mask after each stroke: across tiles, at the image's ragged edge,
 * erasing along a tile edge, a second stroke, continuing a mask from far away, erasing it all.
 */
for (const [w, h] of [
  [1300, 700],
  [512, 512],
] as const) {
  test(`the stroke canvas shows exactly the mask being painted (${w}×${h} image)`, async ({ page }) => {
    const bundle = await build({
      entryPoints: [path.join(import.meta.dirname, 'helpers', 'strokePage.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      logLevel: 'warning',
    });
    await page.setContent('<!doctype html><body></body>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const steps = await page.evaluate(
      ([width, height]) => (globalThis as never as { strokeSteps: (a: number, b: number) => Record<string, { wrong: number; shown: number }> }).strokeSteps(width, height),
      [w, h] as const,
    );
    expect(Object.keys(steps)).toEqual([
      'a stroke across tiles to the image edge',
      'erasing along a tile edge',
      'the next stroke, a new mask',
      'continuing the first mask far from it',
      'erasing all of it',
    ]);
    for (const [name, s] of Object.entries(steps)) {
      expect(s.wrong, name).toBe(0);
      if (name !== 'erasing all of it') expect(s.shown, name).toBeGreaterThan(0);
    }
    expect(steps['erasing all of it']!.shown).toBe(0);
  });
}
