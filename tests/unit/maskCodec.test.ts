import { describe, expect, it } from 'vitest';
import {
  cropMask,
  decodeMask,
  decodeRuns,
  encodeMask,
  encodeRuns,
  maskArea,
  maskBounds,
  pasteMask,
  runsFromString,
  runsToString,
  tightenCrop,
} from '../../src-main/api/maskCodec.js';

/** A small deterministic generator so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomMask(rand: () => number, w: number, h: number, density: number): Uint8Array {
  const m = new Uint8Array(w * h);
  // Blobs rather than salt noise, plus some noise, so runs of every length appear.
  const blobs = 1 + Math.floor(rand() * 4);
  for (let b = 0; b < blobs; b++) {
    const cx = rand() * w;
    const cy = rand() * h;
    const r = 1 + rand() * Math.min(w, h) * 0.3;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) m[y * w + x] = 1;
  }
  for (let i = 0; i < m.length; i++) if (rand() < density) m[i] = 1 - m[i]!;
  return m;
}

describe('mask run-length codec', () => {
  it('gives the run lengths pycocotools documents for its two example vectors', () => {
    // pycocotools/mask.py: "given M=[0 0 1 1 1 0 1] the RLE counts would be [2 3 1 1],
    // or for M=[1 1 1 1 1 1 0] the counts would be [0 6 1]".
    expect([...encodeRuns(Uint8Array.from([0, 0, 1, 1, 1, 0, 1]))]).toEqual([2, 3, 1, 1]);
    expect([...encodeRuns(Uint8Array.from([1, 1, 1, 1, 1, 1, 0]))]).toEqual([0, 6, 1]);
    expect([...decodeRuns([2, 3, 1, 1], 7)]).toEqual([0, 0, 1, 1, 1, 0, 1]);
  });

  it('round-trips random masks through runs and text', () => {
    const rand = rng(42);
    for (let t = 0; t < 200; t++) {
      const w = 1 + Math.floor(rand() * 70);
      const h = 1 + Math.floor(rand() * 70);
      const m = randomMask(rand, w, h, rand() * 0.2);
      const text = encodeMask(m);
      expect(text).toMatch(/^[0-o]*$/);
      expect(decodeMask(text, w, h)).toEqual(m);
      expect(runsFromString(runsToString(encodeRuns(m)))).toEqual(encodeRuns(m));
    }
  });

  it('encodes large and negative deltas as COCO does (counts up to 2^31)', () => {
    const counts = [0, 2 ** 31 - 5, 3, 1, 1_000_000, 7, 7, 0, 123_456_789];
    expect([...runsFromString(runsToString(counts))]).toEqual(counts);
  });

  it('refuses text whose runs do not cover the mask, and characters outside the alphabet', () => {
    expect(() => decodeMask(runsToString([3, 4]), 2, 2)).toThrow(/do not match/);
    expect(() => decodeMask(runsToString([1, 1]), 2, 2)).toThrow(/do not match/);
    expect(() => runsFromString('ab~')).toThrow(/alphabet/);
    expect(() => runsFromString('P')).toThrow(/middle of a number/);
  });

  it('crops a full-image mask to its tight bounds and pastes it back', () => {
    const rand = rng(7);
    for (let t = 0; t < 50; t++) {
      const w = 5 + Math.floor(rand() * 60);
      const h = 5 + Math.floor(rand() * 60);
      const full = randomMask(rand, w, h, 0.01);
      const crop = cropMask(full, w, h);
      if (!crop) {
        expect(maskArea(full)).toBe(0);
        continue;
      }
      // Tight: every border row and column of the crop has a 1.
      const b = maskBounds(crop.bits, crop.w, crop.h)!;
      expect(b).toEqual({ x: 0, y: 0, w: crop.w, h: crop.h });
      expect(maskArea(crop.bits)).toBe(maskArea(full));
      const back = new Uint8Array(w * h);
      pasteMask(crop, back, w, h);
      expect(back).toEqual(full);
    }
  });

  it('finds nothing in an empty mask and tightens a crop after an erase', () => {
    expect(maskBounds(new Uint8Array(12), 4, 3)).toBeNull();
    const bits = Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(tightenCrop({ x: 10, y: 20, w: 3, h: 3, bits })).toEqual({ x: 11, y: 21, w: 1, h: 1, bits: Uint8Array.from([1]) });
    expect(tightenCrop({ x: 0, y: 0, w: 3, h: 3, bits: new Uint8Array(9) })).toBeNull();
  });
});
