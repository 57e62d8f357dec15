import { beforeAll, describe, expect, it } from 'vitest';
import { cv as opencv } from 'opencv-wasm';
import type { MaskCrop } from '../../src-main/api/maskCodec.js';
import { type Cv, whenReady } from '../../src-main/vision/cv.js';
import { applyDisplay } from '../../src-main/vision/displayWindow.js';
import type { VisionImage } from '../../src-main/vision/visionImage.js';
import { runVisionOp } from '../../src-main/vision/visionOps.js';
import { ellipseScene, fullMask, rng } from '../helpers/visionScenes.js';

/**
 * The assists keep the last image, its grey plane and the wand's flood mask in OpenCV's heap
 * between calls (heldImage.ts). What they produce must not depend on what is held: each answer
 * here is checked against the definition, computed from scratch in plain TypeScript.
 */

let cv: Cv;
beforeAll(async () => {
  cv = (await whenReady(opencv)).cv;
});

/** The wand by definition: pixels connected to the seed whose every channel is within ⌊t⌋ of the seed's. */
function wandByDefinition(img: VisionImage, sx: number, sy: number, t: number, connectivity: 4 | 8): Uint8Array {
  const { width: w, height: h, channels: ch, data } = img;
  const tol = Math.floor(t);
  const seed = Array.from(data.subarray((sy * w + sx) * ch, (sy * w + sx) * ch + ch));
  const near = (i: number) => seed.every((v, c) => Math.abs(data[i * ch + c]! - v) <= tol);
  const out = new Uint8Array(w * h);
  const stack = [sy * w + sx];
  out[sy * w + sx] = 1;
  const steps = connectivity === 4 ? [[1, 0], [-1, 0], [0, 1], [0, -1]] : [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1]];
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % w;
    const y = (i - x) / w;
    for (const [dx, dy] of steps) {
      const xx = x + dx!;
      const yy = y + dy!;
      if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
      const j = yy * w + xx;
      if (!out[j] && near(j)) {
        out[j] = 1;
        stack.push(j);
      }
    }
  }
  return out;
}

/** Pixels where two full masks differ (toEqual on typed arrays this size is slow). */
function differing(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n + Math.abs(a.length - b.length);
}

/** The tight box of a full mask, to check a crop is tight. */
function tight(m: MaskCrop): boolean {
  const rowHas = (r: number) => m.bits.subarray(r * m.w, (r + 1) * m.w).includes(1);
  const colHas = (c: number) => Array.from({ length: m.h }, (_, r) => m.bits[r * m.w + c]).includes(1);
  return rowHas(0) && rowHas(m.h - 1) && colHas(0) && colHas(m.w - 1);
}

describe('the wand on a held image', () => {
  it('gives the pixels the definition gives, for tolerances dragged up and down, many seeds, both connectivities, grey and colour', () => {
    const W = 150;
    const H = 110;
    const rand = rng(7);
    for (const channels of [3, 1] as const) {
      // Noisy ellipses, one touching the border: ragged fills at low tolerances, solid ones higher up.
      const { image } = ellipseScene(W, H, [{ cx: 60, cy: 50, rx: 40, ry: 28 }, { cx: 140, cy: 95, rx: 30, ry: 25 }], { channels, noise: 20 });
      // Seeds revisited, so a fill follows a larger or smaller one on the same mask.
      const seeds = Array.from({ length: 7 }, () => ({ x: Math.floor(rand() * W), y: Math.floor(rand() * H) }));
      const visits = [...seeds, seeds[0]!, seeds[3]!, seeds[0]!, seeds[6]!];
      for (const seed of visits) {
        for (const tolerance of [30, 10, 45.7, 0, 22, 255]) {
          for (const connectivity of [8, 4] as const) {
            const { mask } = runVisionOp(cv, 'wand', { image, seeds: [{ ...seed, positive: true }], tolerance, connectivity });
            expect(mask).not.toBeNull();
            expect(tight(mask!)).toBe(true);
            expect(differing(fullMask(mask, W, H), wandByDefinition(image, seed.x, seed.y, tolerance, connectivity))).toBe(0);
          }
        }
      }
    }
  });

  it('a new image object, or new pixels in the same object, is used instead of what was held', () => {
    const W = 90;
    const H = 70;
    const a = ellipseScene(W, H, [{ cx: 30, cy: 30, rx: 20, ry: 15 }]).image;
    const b = ellipseScene(W, H, [{ cx: 60, cy: 40, rx: 22, ry: 18 }]).image;
    const seed = { x: 30, y: 30, positive: true };
    const wand = (image: VisionImage) => runVisionOp(cv, 'wand', { image, seeds: [seed], tolerance: 40, connectivity: 8 }).mask;
    expect(differing(fullMask(wand(a), W, H), wandByDefinition(a, 30, 30, 40, 8))).toBe(0);
    expect(differing(fullMask(wand(b), W, H), wandByDefinition(b, 30, 30, 40, 8))).toBe(0);
    const same = { ...a };
    same.data = b.data;
    expect(differing(fullMask(wand(a), W, H), wandByDefinition(a, 30, 30, 40, 8))).toBe(0);
    expect(differing(fullMask(wand(same), W, H), wandByDefinition(b, 30, 30, 40, 8))).toBe(0);
  });

  it('through a window/level: the pixels as windowed, when the window changes, is dropped and comes back', () => {
    const W = 120;
    const H = 90;
    const { image } = ellipseScene(W, H, [{ cx: 50, cy: 45, rx: 30, ry: 22 }], { noise: 20 });
    const windows = [{ slope: 0.3, intercept: 0.1 }, undefined, { slope: 2.5, intercept: -0.8 }, { slope: 0.3, intercept: 0.1 }, { slope: 1, intercept: 0 }];
    for (const display of windows) {
      const { mask } = runVisionOp(cv, 'wand', { image, display, seeds: [{ x: 50, y: 45, positive: true }], tolerance: 12, connectivity: 8 });
      const shown = display ? applyDisplay(image, display) : image;
      expect(differing(fullMask(mask, W, H), wandByDefinition(shown, 50, 45, 12, 8))).toBe(0);
    }
    // A window flat enough makes the object and its background one: the same click takes nearly all.
    const flat = runVisionOp(cv, 'wand', { image, display: { slope: 0.05, intercept: 0.2 }, seeds: [{ x: 50, y: 45, positive: true }], tolerance: 12, connectivity: 8 }).mask;
    expect(flat!.w * flat!.h).toBe(W * H);
  });

  it('Shift and Alt seeds on a held image combine as they do one at a time', () => {
    const W = 160;
    const H = 100;
    const { image } = ellipseScene(W, H, [{ cx: 40, cy: 50, rx: 30, ry: 25 }, { cx: 120, cy: 50, rx: 30, ry: 25 }]);
    const one = (x: number, y: number) => wandByDefinition(image, x, y, 40, 8);
    const both = runVisionOp(cv, 'wand', { image, seeds: [{ x: 40, y: 50, positive: true }, { x: 120, y: 50, positive: true }], tolerance: 40, connectivity: 8 }).mask;
    const right = one(120, 50);
    const expected = one(40, 50).map((v, i) => v | right[i]!);
    expect(differing(fullMask(both, W, H), expected)).toBe(0);
    const minus = runVisionOp(cv, 'wand', { image, base: both, seeds: [{ x: 120, y: 50, positive: false }], tolerance: 40, connectivity: 8 }).mask;
    expect(differing(fullMask(minus, W, H), one(40, 50))).toBe(0);
  });
});

/** The part `r` of an image as an image of its own (a new object, so nothing of the first is held for it). */
function cutOut(img: VisionImage, r: { x: number; y: number; w: number; h: number }): VisionImage {
  const ch = img.channels;
  const data = new Uint8Array(r.w * r.h * ch);
  for (let row = 0; row < r.h; row++) data.set(img.data.subarray(((r.y + row) * img.width + r.x) * ch, ((r.y + row) * img.width + r.x + r.w) * ch), row * r.w * ch);
  return { width: r.w, height: r.h, channels: ch, data };
}

/** A crop moved by (dx, dy), as a full mask of a w×h image. */
function shifted(m: MaskCrop | null, dx: number, dy: number, w: number, h: number): Uint8Array {
  return fullMask(m && { ...m, x: m.x + dx, y: m.y + dy }, w, h);
}

describe('threshold and GrabCut on a held image', () => {
  const W = 200;
  const H = 150;
  const lesion = { cx: 90, cy: 80, rx: 45, ry: 30 };

  it('threshold in a box gives what it gives on the box cut out as an image of its own: small and large boxes, grey and colour, Otsu or a level', () => {
    for (const channels of [3, 1] as const) {
      const { image } = ellipseScene(W, H, [lesion], { channels, noise: 15 });
      // Small boxes first (converted on their own), then a large one (the grey plane is made), then small ones again (views of it).
      const boxes = [{ x: 40, y: 45, w: 100, h: 70 }, { x: 0, y: 100, w: 60, h: 50 }, { x: 5, y: 5, w: 190, h: 140 }, { x: 40, y: 45, w: 100, h: 70 }, { x: 150, y: 0, w: 50, h: 40 }];
      for (const box of boxes) {
        for (const extra of [{}, { level: 120 }, { level: 60, polarity: 'darker' as const }]) {
          const params = { box, polarity: 'auto' as const, ...extra };
          const held = runVisionOp(cv, 'threshold', { image, ...params });
          const alone = runVisionOp(cv, 'threshold', { image: cutOut(image, box), ...params, box: { x: 0, y: 0, w: box.w, h: box.h } });
          expect([held.level, held.polarity]).toEqual([alone.level, alone.polarity]);
          expect(differing(fullMask(held.mask, W, H), shifted(alone.mask, box.x, box.y, W, H))).toBe(0);
        }
      }
    }
  });

  it('GrabCut in a box gives what it gives on the box and its margin cut out as an image of its own', () => {
    const { image } = ellipseScene(W, H, [lesion, { cx: 170, cy: 130, rx: 20, ry: 15 }]);
    for (const [box, hints] of [
      [{ x: 50, y: 50, w: 90, h: 65 }, []],
      [{ x: 30, y: 40, w: 130, h: 90 }, [{ x: 90, y: 80, radius: 5, foreground: true }]],
    ] as const) {
      const m = Math.max(8, Math.round(0.15 * Math.max(box.w, box.h)));
      const crop = { x: box.x - m, y: box.y - m, w: box.w + 2 * m, h: box.h + 2 * m };
      const held = runVisionOp(cv, 'grabcut', { image, box, iterations: 2, hints: [...hints] });
      const moved = hints.map((h) => ({ ...h, x: h.x - crop.x, y: h.y - crop.y }));
      const alone = runVisionOp(cv, 'grabcut', { image: cutOut(image, crop), box: { ...box, x: m, y: m }, iterations: 2, hints: moved });
      expect(held.mask).not.toBeNull();
      expect(differing(fullMask(held.mask, W, H), shifted(alone.mask, crop.x, crop.y, W, H))).toBe(0);
    }
  });
});
