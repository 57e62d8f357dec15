import { describe, expect, it } from 'vitest';
import { rng } from '../../tests/helpers/rng.js';
import { encodeRuns } from '../../src-main/api/maskCodec.js';
import { colourRect, colourSampled, colourSampledRuns, previewStep } from './maskPaint.js';

/** The colouring pixel by pixel: the class colour where the mask is 1, transparent elsewhere. */
function naive(bits: Uint8Array, w: number, r: { x: number; y: number; w: number; h: number }, rgb: [number, number, number]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(r.w * r.h * 4);
  for (let y = 0; y < r.h; y++) {
    for (let x = 0; x < r.w; x++) {
      if (bits[(r.y + y) * w + r.x + x] !== 1) continue;
      out.set([...rgb, 255], (y * r.w + x) * 4);
    }
  }
  return out;
}

/** n pixels in alternating runs of 0s and 1s (starting with either), each `len()` long. */
function runsMask(rand: () => number, n: number, len: () => number): Uint8Array {
  const bits = new Uint8Array(n);
  let v = rand() < 0.5 ? 1 : 0;
  for (let i = 0; i < n; ) {
    const l = len();
    bits.fill(v, i, Math.min(n, i + l));
    i += l;
    v ^= 1;
  }
  return bits;
}

describe('mask colouring', () => {
  it('colours exactly the 1s of the rectangle, whatever the runs, over pixels already coloured', () => {
    const rand = rng(5);
    const rgb: [number, number, number] = [200, 40, 7];
    for (let trial = 0; trial < 60; trial++) {
      const W = 1 + Math.floor(rand() * 90);
      const H = 1 + Math.floor(rand() * 30);
      // Long runs (a blob), single pixels (noise), and runs near the hand-walked length.
      const kind = trial % 3;
      const bits = runsMask(rand, W * H, () => (kind === 0 ? 1 + Math.floor(rand() * 60) : kind === 1 ? 1 : 12 + Math.floor(rand() * 9)));
      const x = Math.floor(rand() * W);
      const y = Math.floor(rand() * H);
      const r = { x, y, w: 1 + Math.floor(rand() * (W - x)), h: 1 + Math.floor(rand() * (H - y)) };
      // A buffer left from an earlier frame: what is 0 now must be cleared.
      const out = new Uint8ClampedArray(r.w * r.h * 4).fill(99);
      colourRect(bits, W, r, rgb, out);
      const want = naive(bits, W, r, rgb);
      expect(out.every((b, i) => b === want[i]), `${W}×${H} rect ${JSON.stringify(r)} kind ${kind}`).toBe(true);
    }
  });

  it('a preview seen zoomed out is coloured every k-th pixel, k the largest power of two within one screen pixel', () => {
    expect([2, 1, 0.5, 0.49, 0.25, 0.22, 0.13, 0.1].map(previewStep)).toEqual([1, 1, 1, 2, 4, 4, 4, 8]);
    const rand = rng(11);
    const rgb: [number, number, number] = [10, 200, 30];
    for (const [w, h, k] of [[7, 5, 2], [9, 9, 4], [1, 1, 8], [33, 17, 8], [16, 8, 4]] as const) {
      const bits = Uint8Array.from({ length: w * h }, () => (rand() < 0.5 ? 1 : 0));
      const cw = Math.ceil(w / k);
      const ch = Math.ceil(h / k);
      const out = new Uint8ClampedArray(cw * ch * 4).fill(99);
      colourSampled(bits, w, h, k, rgb, out);
      for (let j = 0; j < ch; j++) {
        for (let i = 0; i < cw; i++) {
          const on = bits[j * k * w + i * k] === 1;
          expect([...out.subarray((j * cw + i) * 4, (j * cw + i) * 4 + 4)], `${w}×${h} k=${k} at ${i},${j}`).toEqual(on ? [...rgb, 255] : [0, 0, 0, 0]);
        }
      }
    }
  });

  it('a preview coloured from its runs, without its bits, is the picture its bits give, whatever the runs', () => {
    const rand = rng(23);
    const rgb: [number, number, number] = [230, 80, 40];
    for (let trial = 0; trial < 120; trial++) {
      const w = 1 + Math.floor(rand() * 70);
      const h = 1 + Math.floor(rand() * 40);
      const k = [1, 2, 4, 8][trial % 4]!;
      // Runs that end inside a row, cross rows, fill whole rows, or are single pixels.
      const bits = runsMask(rand, w * h, () => (trial % 3 === 0 ? 1 + Math.floor(rand() * 3 * w) : trial % 3 === 1 ? 1 : 1 + Math.floor(rand() * w)));
      const size = Math.ceil(w / k) * Math.ceil(h / k) * 4;
      const want = new Uint8ClampedArray(size);
      colourSampled(bits, w, h, k, rgb, want);
      // Over a buffer left from an earlier frame.
      const got = new Uint8ClampedArray(size).fill(99);
      colourSampledRuns(encodeRuns(bits), w, h, k, rgb, got);
      expect(got.every((b, i) => b === want[i]), `${w}×${h} k=${k} trial ${trial}`).toBe(true);
    }
  });
});
