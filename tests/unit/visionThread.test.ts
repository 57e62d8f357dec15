import { afterAll, describe, expect, it } from 'vitest';
import { cv as opencv } from 'opencv-wasm';
import { decodeMask, maskArea } from '../../src-main/api/maskCodec.js';
import { whenReady } from '../../src-main/vision/cv.js';
import { runVisionOp } from '../../src-main/vision/visionOps.js';
import { VisionThread } from '../../src-main/vision/visionThread.js';
import { ellipseScene, fullMask, iou, truthOf } from '../helpers/visionScenes.js';

const thread = new VisionThread();
afterAll(() => thread.close());

describe('the vision worker thread', () => {
  it('runs an assist off the main thread and gives the same mask as running it here', async () => {
    const { image, truth } = ellipseScene(160, 120, [{ cx: 80, cy: 60, rx: 40, ry: 25 }]);
    const params = { image, seeds: [{ x: 80, y: 60, positive: true }], tolerance: 40, connectivity: 8 as const };
    // The main thread keeps running while the worker works: a timer fires before the answer.
    let ticked = false;
    setImmediate(() => (ticked = true));
    const { mask } = await thread.call('wand', params);
    expect(ticked).toBe(true);
    expect(iou(fullMask(mask, 160, 120), truth)).toBeGreaterThanOrEqual(0.9);
    const { cv } = await whenReady(opencv);
    expect(mask).toEqual(runVisionOp(cv, 'wand', params).mask);
  });

  it("reports OpenCV's failure as an error and keeps working afterwards", async () => {
    const bad = { mask: { x: 0, y: 0, w: 4, h: 4, bits: new Uint8Array(3) }, tolerance: 0 };
    await expect(thread.call('toPolygons', bad)).rejects.toThrow();
    const { image } = ellipseScene(60, 40, [{ cx: 30, cy: 20, rx: 10, ry: 8 }]);
    const { mask } = await thread.call('wand', { image, seeds: [{ x: 30, y: 20, positive: true }], tolerance: 40, connectivity: 4 });
    expect(mask).not.toBeNull();
  });

  it('repeated calls on one image (the worker keeps its copy) answer each tolerance step right, and a new image replaces it', async () => {
    const a = ellipseScene(160, 120, [{ cx: 80, cy: 60, rx: 40, ry: 25 }]);
    const b = ellipseScene(160, 120, [{ cx: 40, cy: 30, rx: 20, ry: 15 }]);
    const { cv } = await whenReady(opencv);
    for (const [scene, seed] of [[a, { x: 80, y: 60 }], [a, { x: 80, y: 60 }], [b, { x: 40, y: 30 }], [a, { x: 80, y: 60 }]] as const) {
      for (const tolerance of [20, 40]) {
        const params = { image: scene.image, seeds: [{ ...seed, positive: true }], tolerance, connectivity: 8 as const };
        expect((await thread.call('wand', params)).mask).toEqual(runVisionOp(cv, 'wand', params).mask);
      }
    }
  });

  it('answers a mask already encoded as the contract carries it (runs as text, and the area), the same mask as the bits', async () => {
    const { image } = ellipseScene(160, 120, [{ cx: 70, cy: 50, rx: 40, ry: 25 }, { cx: 140, cy: 100, rx: 15, ry: 12 }]);
    const { cv } = await whenReady(opencv);
    const wand = { image, seeds: [{ x: 70, y: 50, positive: true }, { x: 140, y: 100, positive: true }], tolerance: 40, connectivity: 8 as const };
    const threshold = { image, box: { x: 20, y: 15, w: 130, h: 100 }, polarity: 'auto' as const };
    for (const [encoded, plain] of [
      [(await thread.callEncoded('wand', wand)).mask, runVisionOp(cv, 'wand', wand).mask],
      [(await thread.callEncoded('threshold', threshold)).mask, runVisionOp(cv, 'threshold', threshold).mask],
    ] as const) {
      expect(encoded && { x: encoded.x, y: encoded.y, w: encoded.w, h: encoded.h }).toEqual(plain && { x: plain.x, y: plain.y, w: plain.w, h: plain.h });
      expect(Buffer.from(decodeMask(encoded!.counts, encoded!.w, encoded!.h)).equals(Buffer.from(plain!.bits))).toBe(true);
      expect(encoded!.area).toBe(maskArea(plain!.bits));
    }
    const here = runVisionOp(cv, 'threshold', threshold);
    const there = await thread.callEncoded('threshold', threshold);
    expect([there.level, there.polarity]).toEqual([here.level, here.polarity]);
    const nothing = await thread.callEncoded('wand', { ...wand, seeds: [{ x: 500, y: 5, positive: true }] });
    expect(nothing.mask).toBeNull();
  });

  it('a one-click wand step encoded straight from the flood mask lands on the same pixels, for an object touching the border too', async () => {
    const W = 150;
    const H = 100;
    // One lesion over the top-left corner, one over the right and bottom edges, one inside.
    const lesions = [{ cx: 10, cy: 8, rx: 30, ry: 20 }, { cx: 140, cy: 92, rx: 25, ry: 18 }, { cx: 75, cy: 50, rx: 20, ry: 14 }];
    const { image } = ellipseScene(W, H, lesions);
    const { cv } = await whenReady(opencv);
    const clicks = [{ x: 3, y: 2 }, { x: 146, y: 97 }, { x: 75, y: 50 }, { x: 0, y: 0 }, { x: W - 1, y: H - 1 }];
    for (const [i, seed] of clicks.entries()) {
      for (const [tolerance, connectivity, display] of [[40, 8, undefined], [25, 4, undefined], [40, 8, { slope: 1.4, intercept: -0.1 }]] as const) {
        const wand = { image, display, seeds: [{ ...seed, positive: true }], tolerance, connectivity };
        const encoded = (await thread.callEncoded('wand', wand)).mask!;
        const plain = runVisionOp(cv, 'wand', wand).mask!;
        const what = `click ${seed.x},${seed.y} tolerance ${tolerance} ${connectivity}-connected${display ? ' windowed' : ''}`;
        expect({ x: encoded.x, y: encoded.y, w: encoded.w, h: encoded.h }, what).toEqual({ x: plain.x, y: plain.y, w: plain.w, h: plain.h });
        expect(Buffer.from(decodeMask(encoded.counts, encoded.w, encoded.h)).equals(Buffer.from(plain.bits)), what).toBe(true);
        expect(encoded.area, what).toBe(maskArea(plain.bits));
        if (i < 3 && !display) expect(iou(fullMask({ ...encoded, bits: decodeMask(encoded.counts, encoded.w, encoded.h) }, W, H), truthOf(W, H, [lesions[i]!])), what).toBeGreaterThan(0.85);
      }
    }
    // The corner lesions' masks reach the image's edges, and no further.
    const corner = (await thread.callEncoded('wand', { image, seeds: [{ x: 3, y: 2, positive: true }], tolerance: 40, connectivity: 8 })).mask!;
    expect([corner.x, corner.y]).toEqual([0, 0]);
    const far = (await thread.callEncoded('wand', { image, seeds: [{ x: 146, y: 97, positive: true }], tolerance: 40, connectivity: 8 })).mask!;
    expect([far.x + far.w, far.y + far.h]).toEqual([W, H]);
  });
});
