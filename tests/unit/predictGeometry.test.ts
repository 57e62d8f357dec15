import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { modelInput } from '../../src-main/models/modelInput.js';
import { classProbabilities, decodeDetections, nms, topClasses } from '../../src-main/models/postprocess.js';
import { boxToImage, placement, toTensorData } from '../../src-main/models/preprocess.js';
import { tempDir } from '../helpers/tempDataset.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Where an image box lands in the model input under a placement (the forward mapping, written out). */
function forward(p: ReturnType<typeof placement>, b: { x: number; y: number; w: number; h: number }) {
  const sx = p.resizeW / p.imageW;
  const sy = p.resizeH / p.imageH;
  return { x: b.x * sx + p.left, y: b.y * sy + p.top, w: b.w * sx, h: b.h * sy };
}

describe('letterbox and the way back', () => {
  it.each([
    [1280, 720],
    [720, 1280],
    [640, 640],
    [4000, 300],
    [333, 2000],
  ])('a %i×%i image: padded evenly, boxes map back to upright pixels', (w, h) => {
    const p = placement(w, h, 640, 640, 'letterbox');
    expect(Math.max(p.resizeW, p.resizeH)).toBe(640);
    expect(p.left).toBeGreaterThanOrEqual(0);
    expect(p.top).toBeGreaterThanOrEqual(0);
    expect(Math.abs(p.inputW - p.resizeW - 2 * p.left)).toBeLessThanOrEqual(1);
    expect(Math.abs(p.inputH - p.resizeH - 2 * p.top)).toBeLessThanOrEqual(1);
    const box = { x: w * 0.25, y: h * 0.5, w: w * 0.5, h: h * 0.25 };
    const back = boxToImage(p, forward(p, box))!;
    for (const k of ['x', 'y', 'w', 'h'] as const) expect(back[k]).toBeCloseTo(box[k], 6);
  });

  it('drops a box in the padding and clips one that overhangs the image', () => {
    const p = placement(1280, 720, 640, 640, 'letterbox'); // 640×360 at top 140
    expect(p.top).toBe(140);
    expect(boxToImage(p, { x: 10, y: 10, w: 100, h: 100 })).toBeNull();
    expect(boxToImage(p, { x: -20, y: 100, w: 120, h: 100 })).toEqual({ x: 0, y: 0, w: 200, h: 120 });
  });

  it('shorter side then centre crop: the middle of a wide image', () => {
    const p = placement(400, 200, 100, 100, 'shorter-then-center-crop');
    expect(p).toMatchObject({ resizeW: 200, resizeH: 100, left: -50, top: 0 });
    expect(boxToImage(p, { x: 0, y: 0, w: 100, h: 100 })).toEqual({ x: 100, y: 0, w: 200, h: 200 });
  });

  it('sharp puts a red square where the placement says, on a portrait image with padding', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'tall.png');
    // 300×600 grey with a red 60×60 square at (120, 420).
    await sharp({ create: { width: 300, height: 600, channels: 3, background: '#202020' } })
      .composite([{ input: { create: { width: 60, height: 60, channels: 3, background: '#ff0000' } }, left: 120, top: 420 }])
      .png()
      .toFile(file);
    const spec = { width: 64, height: 64, resize: 'letterbox' as const, mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number], scale: 1 / 255, channels: 'RGB' as const };
    const { data, placement: p } = await modelInput({ file, width: 300, height: 600, frame: null, format: 'png', bitsStored: 8 }, spec, { channels: 3, window: 'file' });
    expect(p).toMatchObject({ resizeW: 32, resizeH: 64, left: 16, top: 0 });
    // Red plane high exactly inside the mapped square (6×6 at 16 + 12.8, 44.8), padding grey 114.
    const red = (x: number, y: number) => data[y * 64 + x]!;
    const green = (x: number, y: number) => data[64 * 64 + y * 64 + x]!;
    expect(red(31, 47)).toBeGreaterThan(0.9);
    expect(green(31, 47)).toBeLessThan(0.1);
    expect(red(20, 10)).toBeLessThan(0.2);
    expect(red(2, 30)).toBeCloseTo(114 / 255, 3);
  });
});

describe('pixels to tensor', () => {
  it('scales, normalises and orders channels (BGR swaps planes)', () => {
    const rgb = Uint8Array.from([255, 0, 51, 0, 255, 102]); // two pixels
    const rgbOut = toTensorData(rgb, 2, 1, { mean: [0.5, 0, 0], std: [0.5, 1, 1], scale: 1 / 255, channels: 'RGB' });
    expect(Array.from(rgbOut).map((v) => Math.round(v * 100) / 100)).toEqual([1, -1, 0, 1, 0.2, 0.4]);
    const bgr = toTensorData(rgb, 2, 1, { mean: [0, 0, 0], std: [1, 1, 1], scale: 1, channels: 'BGR' });
    expect(Array.from(bgr)).toEqual([51, 102, 0, 255, 255, 0]);
  });
});

describe('outputs to suggestions', () => {
  it('softmax on logits, probabilities kept as they are', () => {
    const p = classProbabilities([2, 1, 0]);
    expect(p.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
    expect(p[0]).toBeCloseTo(0.665, 3);
    expect(classProbabilities([0.7, 0.2, 0.1])).toEqual([0.7, 0.2, 0.1]);
    expect(topClasses([0.1, 0.7, 0.2], 2)).toEqual([
      { index: 1, score: 0.7 },
      { index: 2, score: 0.2 },
    ]);
  });

  it('Ultralytics [1, 4+nc, N]: score threshold, then NMS per class (an overlapping box of another class stays)', () => {
    // Four candidates, two classes: 0 and 1 overlap (class 0), 2 overlaps them but is class 1, 3 is below the threshold.
    const cand = [
      [100, 100, 50, 50, 0.9, 0.05],
      [102, 101, 50, 50, 0.8, 0.1],
      [101, 100, 50, 50, 0.1, 0.7],
      [300, 300, 20, 20, 0.2, 0.1],
    ];
    const n = cand.length;
    const data = new Float32Array(6 * n);
    cand.forEach((row, i) => row.forEach((v, r) => (data[r * n + i] = v)));
    const dets = decodeDetections(data, [1, 6, n], 2, { minScore: 0.25 });
    expect(dets.map((d) => [d.index, Number(d.score.toFixed(2)), d.x, d.y])).toEqual([
      [0, 0.9, 75, 75],
      [1, 0.7, 76, 75],
    ]);
    // The transposed layout [1, N, 4+nc] gives the same boxes.
    const t = new Float32Array(cand.flat());
    expect(decodeDetections(t, [1, n, 6], 2, { minScore: 0.25 })).toEqual(dets);
  });

  it('NMS keeps boxes of one class that do not overlap enough, best first, up to the cap', () => {
    const d = (x: number, score: number) => ({ x, y: 0, w: 10, h: 10, index: 0, score });
    expect(nms([d(0, 0.5), d(8, 0.9), d(30, 0.7)], 0.45, 10).map((b) => b.x)).toEqual([8, 30, 0]);
    expect(nms([d(0, 0.5), d(3, 0.9)], 0.45, 10).map((b) => b.x)).toEqual([3]);
    expect(nms([d(0, 0.5), d(30, 0.9), d(60, 0.7)], 0.45, 2).map((b) => b.x)).toEqual([30, 60]);
  });
});
