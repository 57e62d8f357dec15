import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cropMask,
  decodeMask,
  decodeRuns,
  encodeMask,
  encodeRuns,
  encodeRunsOfRows,
  maskArea,
  maskBounds,
  pasteMask,
  runsFromString,
  runsToString,
  tightenCrop,
} from '../../src-main/api/maskCodec.js';
import { rng } from '../helpers/rng.js';


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

/** Run lengths the slow, obvious way, to check the word-at-a-time scanner against. */
function naiveRuns(bits: Uint8Array): number[] {
  const out: number[] = [];
  let v = 0;
  let run = 0;
  for (const b of bits) {
    if (b === v) run++;
    else {
      out.push(run);
      run = 1;
      v = b;
    }
  }
  out.push(run);
  return out;
}

function checkerboard(w: number, h: number, square: number): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m[y * w + x] = (Math.floor(x / square) + Math.floor(y / square)) & 1;
  return m;
}

describe('mask codec on busy masks (many short runs)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('round-trips a 4096×4096 checkerboard of 8-pixel squares (two million runs) and pastes it back whole', () => {
    const w = 4096;
    const h = 4096;
    const full = checkerboard(w, h, 8);
    const crop = cropMask(full, w, h)!;
    const text = encodeMask(crop.bits);
    expect(encodeRuns(crop.bits).length).toBe(naiveRuns(crop.bits).length);
    const back = new Uint8Array(w * h);
    pasteMask({ ...crop, bits: decodeMask(text, crop.w, crop.h) }, back, w, h);
    expect(Buffer.compare(back, full)).toBe(0);
  });

  it('finds the same runs wherever the pixels start in memory and whatever their count', () => {
    const rand = rng(99);
    const patterns = [
      (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 1), // 1-pixel alternation
      (n: number) => Uint8Array.from({ length: n }, (_, i) => (i >> 2) & 1), // runs of exactly one word
      (n: number) => Uint8Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0)),
      (n: number) => Uint8Array.from({ length: n }, (_, i) => (i % 37 < 30 ? 1 : 0)), // long then short
      (n: number) => new Uint8Array(n).fill(1),
      (n: number) => new Uint8Array(n),
    ];
    for (const make of patterns) {
      for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 31, 64, 101, 1000]) {
        const backing = new Uint8Array(n + 3);
        for (let offset = 0; offset < 4; offset++) {
          if (offset + n > backing.length) continue;
          const bits = backing.subarray(offset, offset + n);
          bits.set(make(n));
          expect([...encodeRuns(bits)]).toEqual(naiveRuns(bits));
          expect(decodeMask(encodeMask(bits), n, 1)).toEqual(bits);
        }
      }
    }
  });

  it('reads the runs of a crop straight from the rows of a larger mask, as if it were copied out', () => {
    const rand = rng(7);
    for (let trial = 0; trial < 40; trial++) {
      const W = 1 + Math.floor(rand() * 70);
      const H = 1 + Math.floor(rand() * 40);
      const full = randomMask(rand, W, H, trial % 3 === 0 ? 0.4 : 0.05);
      const x = Math.floor(rand() * W);
      const y = Math.floor(rand() * H);
      const w = Math.floor(rand() * (W - x + 1));
      const h = Math.floor(rand() * (H - y + 1));
      const copied = new Uint8Array(w * h);
      for (let row = 0; row < h; row++) copied.set(full.subarray((y + row) * W + x, (y + row) * W + x + w), row * w);
      expect([...encodeRunsOfRows(full, y * W + x, W, w, h)], `${W}×${H} crop ${x},${y} ${w}×${h}`).toEqual(naiveRuns(copied));
    }
    // Rows that begin with the pixel value the previous row ended on continue its run.
    const two = Uint8Array.from([1, 1, 9, 1, 0, 9]);
    expect([...encodeRunsOfRows(two, 0, 3, 2, 2)]).toEqual([0, 3, 1]);
    expect(() => encodeRunsOfRows(two, 2, 3, 2, 2)).toThrow(/outside/);
  });

  it('pastes a busy crop onto pixels already painted, at any column, as a union', () => {
    const rand = rng(5);
    for (let t = 0; t < 40; t++) {
      const w = 20 + Math.floor(rand() * 50);
      const h = 10 + Math.floor(rand() * 20);
      const cw = 1 + Math.floor(rand() * (w - 1));
      const ch = 1 + Math.floor(rand() * h);
      const crop = { x: Math.floor(rand() * (w - cw + 1)), y: Math.floor(rand() * (h - ch + 1)), w: cw, h: ch, bits: randomMask(rand, cw, ch, 0.4) };
      const full = randomMask(rand, w, h, 0.3);
      const expected = full.slice();
      for (let j = 0; j < ch; j++) for (let i = 0; i < cw; i++) if (crop.bits[j * cw + i]) expected[(crop.y + j) * w + crop.x + i] = 1;
      pasteMask(crop, full, w, h);
      expect(full).toEqual(expected);
    }
  });

  it('clips a crop that hangs over the image edge, and erases with value 0', () => {
    const full = new Uint8Array(6 * 3).fill(1);
    const crop = { x: -2, y: 1, w: 10, h: 3, bits: new Uint8Array(30).fill(1) };
    pasteMask(crop, full, 6, 3, 0);
    expect([...full]).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    pasteMask({ x: 4, y: 0, w: 4, h: 2, bits: Uint8Array.from([1, 0, 1, 1, 0, 1, 0, 1]) }, full, 6, 3);
    expect([...full]).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('writes the same text where the platform has no TextDecoder', async () => {
    const bits = checkerboard(300, 200, 3);
    const counts = [0, 2 ** 31 - 5, 3, 1, 1_000_000, 7, 7, 0, 123_456_789];
    const withDecoder = [encodeMask(bits), runsToString(counts)];
    vi.stubGlobal('TextDecoder', undefined);
    vi.resetModules();
    const bare = await import('../../src-main/api/maskCodec.js');
    expect([bare.encodeMask(bits), bare.runsToString(counts)]).toEqual(withDecoder);
    expect(bare.decodeMask(withDecoder[0]!, 300, 200)).toEqual(bits);
  });
});
