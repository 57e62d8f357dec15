import { beforeAll, describe, expect, it } from 'vitest';
import { cv as opencv } from 'opencv-wasm';
import { type Cv, whenReady } from '../../src-main/vision/cv.js';
import { runVisionOp } from '../../src-main/vision/visionOps.js';
import { ellipseScene, fullMask, iou, truthOf } from '../helpers/visionScenes.js';

let cv: Cv;
beforeAll(async () => {
  cv = (await whenReady(opencv)).cv;
});

const W = 240;
const H = 180;
const lesion = { cx: 110, cy: 95, rx: 55, ry: 35 };

describe('magic wand', () => {
  it('takes the ellipse clicked in its middle, not the textured background', () => {
    const { image, truth } = ellipseScene(W, H, [lesion]);
    const { mask } = runVisionOp(cv, 'wand', { image, seeds: [{ x: 110, y: 95, positive: true }], tolerance: 40, connectivity: 8 });
    expect(iou(fullMask(mask, W, H), truth)).toBeGreaterThanOrEqual(0.9);
  });

  it('a higher tolerance reaches further: tolerance 0 takes little, a huge one takes the whole image', () => {
    const { image } = ellipseScene(W, H, [lesion]);
    const area = (t: number) => fullMask(runVisionOp(cv, 'wand', { image, seeds: [{ x: 110, y: 95, positive: true }], tolerance: t, connectivity: 8 }).mask, W, H).reduce((a, b) => a + b, 0);
    expect(area(0)).toBeLessThan(200);
    expect(area(255)).toBe(W * H);
  });

  it('works on a grey image and on an object touching the border', () => {
    const edge = { cx: 20, cy: 90, rx: 50, ry: 40 };
    const { image, truth } = ellipseScene(W, H, [edge], { channels: 1 });
    const { mask } = runVisionOp(cv, 'wand', { image, seeds: [{ x: 5, y: 90, positive: true }], tolerance: 40, connectivity: 4 });
    expect(mask?.x).toBe(0);
    expect(iou(fullMask(mask, W, H), truth)).toBeGreaterThanOrEqual(0.9);
  });

  it('Shift adds the second object, Alt takes it away again', () => {
    const a = { cx: 60, cy: 60, rx: 35, ry: 25 };
    const b = { cx: 170, cy: 120, rx: 40, ry: 30 };
    const { image, truth } = ellipseScene(W, H, [a, b]);
    const first = runVisionOp(cv, 'wand', { image, seeds: [{ x: 60, y: 60, positive: true }], tolerance: 40, connectivity: 8 }).mask;
    // One click takes only the object it lands on.
    expect(iou(fullMask(first, W, H), truthOf(W, H, [a]))).toBeGreaterThanOrEqual(0.9);
    const both = runVisionOp(cv, 'wand', { image, base: first, seeds: [{ x: 170, y: 120, positive: true }], tolerance: 40, connectivity: 8 }).mask;
    expect(iou(fullMask(both, W, H), truth)).toBeGreaterThanOrEqual(0.9);
    const back = runVisionOp(cv, 'wand', { image, base: both, seeds: [{ x: 170, y: 120, positive: false }], tolerance: 40, connectivity: 8 }).mask;
    expect(fullMask(back, W, H)).toEqual(fullMask(first, W, H));
  });

  it('a seed outside the image finds nothing', () => {
    const { image } = ellipseScene(W, H, [lesion]);
    expect(runVisionOp(cv, 'wand', { image, seeds: [{ x: W + 3, y: 5, positive: true }], tolerance: 40, connectivity: 8 }).mask).toBeNull();
  });
});

describe('GrabCut', () => {
  it('finds the ellipse in a box drawn loosely around it', () => {
    const { image, truth } = ellipseScene(W, H, [lesion]);
    const { mask } = runVisionOp(cv, 'grabcut', { image, box: { x: 45, y: 50, w: 130, h: 90 }, iterations: 4, hints: [] });
    expect(iou(fullMask(mask, W, H), truth)).toBeGreaterThanOrEqual(0.9);
  });

  it('takes only the object in the box when the image has two, and handles a box at the border', () => {
    const a = { cx: 60, cy: 60, rx: 35, ry: 25 };
    const b = { cx: 195, cy: 120, rx: 45, ry: 30 };
    const { image } = ellipseScene(W, H, [a, b]);
    const { mask } = runVisionOp(cv, 'grabcut', { image, box: { x: 140, y: 80, w: 100, h: 80 }, iterations: 4, hints: [] });
    expect(iou(fullMask(mask, W, H), truthOf(W, H, [b]))).toBeGreaterThanOrEqual(0.9);
  });

  it('a background hint removes a part the box alone took', () => {
    // Two touching blobs of the object's colour: the box covers both; a background dab on the small one drops it.
    const big = { cx: 100, cy: 90, rx: 45, ry: 35 };
    const small = { cx: 160, cy: 90, rx: 18, ry: 18 };
    const { image } = ellipseScene(W, H, [big, small]);
    const box = { x: 45, y: 45, w: 145, h: 90 };
    const plain = fullMask(runVisionOp(cv, 'grabcut', { image, box, iterations: 3, hints: [] }).mask, W, H);
    expect(plain[90 * W + 165]).toBe(1);
    const hinted = fullMask(runVisionOp(cv, 'grabcut', { image, box, iterations: 3, hints: [{ x: 163, y: 90, radius: 14, foreground: false }] }).mask, W, H);
    expect(hinted[90 * W + 165]).toBe(0);
    expect(iou(hinted, truthOf(W, H, [big]))).toBeGreaterThanOrEqual(0.85);
  });

  it('a box larger than the working size is scaled down and back with the object intact', () => {
    const SW = 900;
    const SH = 700;
    const e = { cx: 450, cy: 350, rx: 260, ry: 190 };
    const { image, truth } = ellipseScene(SW, SH, [e]);
    const { mask } = runVisionOp(cv, 'grabcut', { image, box: { x: 160, y: 130, w: 580, h: 440 }, iterations: 3, hints: [] });
    expect(iou(fullMask(mask, SW, SH), truth)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('threshold in a box', () => {
  it("Otsu's level separates the brighter object, polarity found from the box's edge", () => {
    const { image, truth } = ellipseScene(W, H, [lesion], { channels: 1 });
    const r = runVisionOp(cv, 'threshold', { image, box: { x: 45, y: 50, w: 130, h: 90 }, polarity: 'auto' });
    expect(r.polarity).toBe('brighter');
    expect(r.level).toBeGreaterThan(100);
    expect(r.level).toBeLessThan(160);
    expect(iou(fullMask(r.mask, W, H), truth)).toBeGreaterThanOrEqual(0.9);
  });

  it('finds a darker object with a given level', () => {
    const { image, truth } = ellipseScene(W, H, [lesion], { object: [30, 25, 20] });
    const r = runVisionOp(cv, 'threshold', { image, box: { x: 45, y: 50, w: 130, h: 90 }, level: 50, polarity: 'auto' });
    expect(r.polarity).toBe('darker');
    expect(iou(fullMask(r.mask, W, H), truth)).toBeGreaterThanOrEqual(0.9);
    const forced = runVisionOp(cv, 'threshold', { image, box: { x: 45, y: 50, w: 130, h: 90 }, level: 50, polarity: 'brighter' });
    // The other polarity takes the background around it instead.
    expect(iou(fullMask(forced.mask, W, H), truth)).toBe(0);
  });
});
