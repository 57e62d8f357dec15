import { beforeAll, describe, expect, it } from 'vitest';
import { cv as opencv } from 'opencv-wasm';
import { type MaskCrop, cropMask, maskArea } from '../../src-main/api/maskCodec.js';
import { type Cv, heapTop, whenReady } from '../../src-main/vision/cv.js';
import type { CleanStep } from '../../src-main/vision/maskCleanup.js';
import { runVisionOp } from '../../src-main/vision/visionOps.js';
import { ellipseScene, fullMask, rng } from '../helpers/visionScenes.js';

let cv: Cv;
beforeAll(async () => {
  cv = (await whenReady(opencv)).cv;
});

/** A full-image mask from rows of '#' and '.', as a tight crop. */
function drawn(rows: string[]): { mask: MaskCrop; width: number; height: number } {
  const height = rows.length;
  const width = rows[0]!.length;
  const full = new Uint8Array(width * height);
  rows.forEach((r, y) => [...r].forEach((c, x) => (full[y * width + x] = c === '#' ? 1 : 0)));
  return { mask: cropMask(full, width, height)!, width, height };
}

/** A w×h rectangle of 1s at (x, y) in a width×height image, optionally with pixels cleared or added. */
function rect(x: number, y: number, w: number, h: number, width: number, height: number, edits: [number, number, 0 | 1][] = []): { mask: MaskCrop; width: number; height: number } {
  const full = new Uint8Array(width * height);
  for (let j = y; j < y + h; j++) full.fill(1, j * width + x, j * width + x + w);
  for (const [ex, ey, v] of edits) full[ey * width + ex] = v;
  return { mask: cropMask(full, width, height)!, width, height };
}

/** Dilation (any mask pixel within r) or erosion (no background pixel, outside the image included, within r), by definition. */
function bruteDisk(full: Uint8Array, w: number, h: number, r: number, op: 'grow' | 'shrink'): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let hit = false;
      for (let dy = -r; dy <= r && !hit; dy++) {
        for (let dx = -r; dx <= r && !hit; dx++) {
          if (dx * dx + dy * dy > r * r) continue;
          const xx = x + dx;
          const yy = y + dy;
          const v = xx >= 0 && yy >= 0 && xx < w && yy < h ? full[yy * w + xx]! : 0;
          hit = op === 'grow' ? v === 1 : v === 0;
        }
      }
      out[y * w + x] = op === 'grow' ? (hit ? 1 : 0) : hit ? 0 : 1;
    }
  }
  return out;
}

const clean = (m: { mask: MaskCrop; width: number; height: number }, steps: CleanStep[]) => runVisionOp(cv, 'clean', { ...m, steps }).mask;
const area = (m: MaskCrop | null) => (m ? maskArea(m.bits) : 0);

describe('clean-up', () => {
  it('fill holes closes the holes inside a part and leaves a bay open to the outside alone', () => {
    const ring = rect(5, 5, 10, 10, 30, 30);
    const holed = rect(5, 5, 10, 10, 30, 30);
    for (let y = 7; y < 13; y++) for (let x = 7; x < 13; x++) holed.mask.bits[(y - 5) * 10 + (x - 5)] = 0;
    expect(area(holed.mask)).toBe(64);
    expect(area(clean(holed, [{ op: 'fillHoles' }]))).toBe(100);
    const bay = drawn(['#####', '#...#', '#...#', '#...#', '##.##']);
    expect(area(clean(bay, [{ op: 'fillHoles' }]))).toBe(area(bay.mask));
    expect(area(clean(ring, [{ op: 'fillHoles' }]))).toBe(100);
  });

  it('remove islands drops the parts smaller than N px (8-connected) and keeps the rest', () => {
    const m = drawn([
      '#####.......',
      '#####....#..',
      '#####.......',
      '#####...##..',
      '#####...##..',
      '.....#......', // touches the big part diagonally: one part of 26
    ]);
    expect(area(clean(m, [{ op: 'removeIslands', minArea: 5 }]))).toBe(26);
    expect(area(clean(m, [{ op: 'removeIslands', minArea: 4 }]))).toBe(30);
    expect(clean(m, [{ op: 'removeIslands', minArea: 27 }])).toBeNull();
  });

  it('grow and shrink by N px use a disk of radius N, clipped to the image', () => {
    const dot = rect(10, 10, 1, 1, 30, 30);
    expect(area(clean(dot, [{ op: 'grow', px: 1 }]))).toBe(5);
    expect(area(clean(dot, [{ op: 'grow', px: 2 }]))).toBe(13);
    const sq = rect(5, 5, 10, 10, 30, 30);
    expect(area(clean(sq, [{ op: 'grow', px: 1 }]))).toBe(140);
    expect(area(clean(sq, [{ op: 'shrink', px: 1 }]))).toBe(64);
    expect(area(clean(sq, [{ op: 'shrink', px: 2 }]))).toBe(36);
    const corner = rect(0, 0, 1, 1, 10, 10);
    const grown = clean(corner, [{ op: 'grow', px: 2 }]);
    expect(grown).toMatchObject({ x: 0, y: 0, w: 3, h: 3 });
    expect(area(grown)).toBe(6);
    expect(clean(dot, [{ op: 'shrink', px: 1 }])).toBeNull();
  });

  it('smooth removes a speck and fills a pinhole, rounding only the corners', () => {
    const m = rect(5, 5, 20, 20, 40, 40, [
      [15, 15, 0], // a pinhole inside
      [32, 32, 1], // a speck outside
    ]);
    const out = clean(m, [{ op: 'smooth', radius: 2 }]);
    const full = fullMask(out, 40, 40);
    expect(full[32 * 40 + 32]).toBe(0);
    expect(full[15 * 40 + 15]).toBe(1);
    // The square less three pixels at each corner: a radius-2 disk (a 5×5 square without its
    // twelve outer corner pixels) that fits inside cannot reach (0,0), (1,0) or (0,1).
    expect(area(out)).toBe(388);
  });

  it('grow and shrink equal the disk dilation and erosion computed pixel by pixel, on a blob and on a busy mask', () => {
    const W = 70;
    const H = 60;
    const rand = rng(7);
    const blob = ellipseScene(W, H, [{ cx: 30, cy: 28, rx: 20, ry: 14 }], { channels: 1, noise: 0 }).truth;
    // A checkerboard with some noise: so many edges that grow/shrink by 3 and 6 use the distance transform instead of stamping disks.
    const busy = Uint8Array.from({ length: W * H }, (_, i) => (i % W > 5 && i % W < 60 && ((i % W) + Math.floor(i / W)) % 2 === 0 && rand() < 0.9 ? 1 : 0));
    for (const full of [blob, busy]) {
      for (const r of [1, 3, 6]) {
        const m = { mask: cropMask(full, W, H)!, width: W, height: H };
        expect(fullMask(clean(m, [{ op: 'grow', px: r }]), W, H)).toEqual(bruteDisk(full, W, H, r, 'grow'));
        expect(fullMask(clean(m, [{ op: 'shrink', px: r }]), W, H)).toEqual(bruteDisk(full, W, H, r, 'shrink'));
      }
    }
  });

  it('smooth equals shrink, grow, grow, shrink by the disk computed pixel by pixel: on a blob, a busy mask, a ragged one and one cut by the image border', () => {
    const W = 70;
    const H = 60;
    const rand = rng(11);
    const blob = ellipseScene(W, H, [{ cx: 30, cy: 28, rx: 20, ry: 14 }], { channels: 1, noise: 0 }).truth;
    const busy = Uint8Array.from({ length: W * H }, (_, i) => (i % W > 5 && i % W < 60 && ((i % W) + Math.floor(i / W)) % 2 === 0 && rand() < 0.9 ? 1 : 0));
    const ragged = blob.map((v) => (rand() < 0.15 ? 1 - v : v));
    const border = ellipseScene(W, H, [{ cx: 5, cy: 50, rx: 25, ry: 20 }], { channels: 1, noise: 0 }).truth;
    for (const full of [blob, busy, ragged, border]) {
      for (const r of [1, 3, 6]) {
        let want = full;
        for (const op of ['shrink', 'grow', 'grow', 'shrink'] as const) want = bruteDisk(want, W, H, r, op);
        const got = fullMask(clean({ mask: cropMask(full, W, H)!, width: W, height: H }, [{ op: 'smooth', radius: r }]), W, H);
        expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
      }
    }
  });

  it('a smoothed mask stays as it was when the next mask is smoothed (the working buffer is reused, never handed out)', () => {
    const W = 80;
    const H = 60;
    const big = ellipseScene(W, H, [{ cx: 40, cy: 30, rx: 30, ry: 22 }], { channels: 1, noise: 0 }).truth;
    const small = ellipseScene(W, H, [{ cx: 70, cy: 10, rx: 12, ry: 9 }], { channels: 1, noise: 0 }).truth;
    const first = clean({ mask: cropMask(big, W, H)!, width: W, height: H }, [{ op: 'smooth', radius: 2 }])!;
    const kept = fullMask(first, W, H);
    const second = clean({ mask: cropMask(small, W, H)!, width: W, height: H }, [{ op: 'smooth', radius: 2 }])!;
    expect(Buffer.from(fullMask(first, W, H)).equals(Buffer.from(kept))).toBe(true);
    // The small one, smoothed after the big one, is what it would be alone: nothing of the big one left in it.
    let want = small;
    for (const op of ['shrink', 'grow', 'grow', 'shrink'] as const) want = bruteDisk(want, W, H, 2, op);
    expect(Buffer.from(fullMask(second, W, H)).equals(Buffer.from(want))).toBe(true);
  });

  it('remove islands keeps exactly the 8-connected parts of at least N px, on a mask of many speckles', () => {
    const W = 90;
    const H = 70;
    const rand = rng(5);
    const full = Uint8Array.from({ length: W * H }, () => (rand() < 0.3 ? 1 : 0));
    // The parts by definition: a flood over the 8 neighbours from each unlabelled pixel.
    const label = new Int32Array(W * H).fill(-1);
    const sizes: number[] = [];
    for (let i = 0; i < W * H; i++) {
      if (!full[i] || label[i]! >= 0) continue;
      const id = sizes.length;
      const stack = [i];
      label[i] = id;
      let n = 0;
      while (stack.length > 0) {
        const j = stack.pop()!;
        n++;
        const x = j % W;
        const y = (j - x) / W;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            const yy = y + dy;
            const k = yy * W + xx;
            if (xx >= 0 && yy >= 0 && xx < W && yy < H && full[k] && label[k]! < 0) {
              label[k] = id;
              stack.push(k);
            }
          }
        }
      }
      sizes.push(n);
    }
    expect(sizes.filter((n) => n < 4).length).toBeGreaterThan(20);
    for (const minArea of [1, 2, 4, 9, 30]) {
      const want = full.map((v, i) => (v && sizes[label[i]!]! >= minArea ? 1 : 0));
      const got = fullMask(clean({ mask: cropMask(full, W, H)!, width: W, height: H }, [{ op: 'removeIslands', minArea }]), W, H);
      expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
    }
  });

  it('steps run in order', () => {
    const sq = rect(5, 5, 10, 10, 30, 30);
    expect(area(clean(sq, [{ op: 'shrink', px: 1 }, { op: 'grow', px: 1 }]))).toBe(96);
  });
});

/** Whether every pixel where `got` differs from `want` lies within one pixel of `want`'s boundary. */
function withinOnePixel(got: Uint8Array, want: Uint8Array, w: number, h: number): boolean {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (got[i] === want[i]) continue;
      let near = false;
      for (let dy = -1; dy <= 1 && !near; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx >= 0 && yy >= 0 && xx < w && yy < h && want[yy * w + xx] !== want[i]) near = true;
        }
      }
      if (!near) return false;
    }
  }
  return true;
}

describe('mask ↔ polygons', () => {
  const W = 200;
  const H = 150;

  it('one polygon per connected part; with no simplification the polygons fill back to the same pixels', () => {
    const { truth } = ellipseScene(W, H, [{ cx: 60, cy: 60, rx: 40, ry: 25 }, { cx: 150, cy: 100, rx: 30, ry: 35 }], { channels: 1, noise: 0 });
    const mask = cropMask(truth, W, H)!;
    const { parts } = runVisionOp(cv, 'toPolygons', { mask, tolerance: 0 });
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.holes.length === 0)).toBe(true);
    const back = runVisionOp(cv, 'fromPolygons', { parts, width: W, height: H }).mask;
    expect(fullMask(back, W, H)).toEqual(truth);
  });

  it('simplified within 1 px: far fewer vertices, and every changed pixel is within one pixel of the edge', () => {
    const { truth } = ellipseScene(W, H, [{ cx: 100, cy: 75, rx: 80, ry: 60 }], { channels: 1, noise: 0 });
    const mask = cropMask(truth, W, H)!;
    const exact = runVisionOp(cv, 'toPolygons', { mask, tolerance: 0 }).parts[0]!;
    const { parts } = runVisionOp(cv, 'toPolygons', { mask, tolerance: 1 });
    expect(parts).toHaveLength(1);
    expect(parts[0]!.outer.length).toBeLessThan(exact.outer.length / 2);
    const back = fullMask(runVisionOp(cv, 'fromPolygons', { parts, width: W, height: H }).mask, W, H);
    expect(withinOnePixel(back, truth, W, H)).toBe(true);
  });

  it('a hole is reported with its part and filled back as a hole', () => {
    const donut = rect(20, 20, 60, 40, 100, 80);
    for (let y = 30; y < 50; y++) for (let x = 35; x < 65; x++) donut.mask.bits[(y - 20) * 60 + (x - 20)] = 0;
    const { parts } = runVisionOp(cv, 'toPolygons', { mask: donut.mask, tolerance: 0 });
    expect(parts).toHaveLength(1);
    expect(parts[0]!.holes).toHaveLength(1);
    const want = fullMask(donut.mask, 100, 80);
    const back = fullMask(runVisionOp(cv, 'fromPolygons', { parts, width: 100, height: 80 }).mask, 100, 80);
    expect(back[40 * 100 + 50]).toBe(0);
    expect(withinOnePixel(back, want, 100, 80)).toBe(true);
  });

  it('vertices are pixel centres in image coordinates; a single pixel becomes its square', () => {
    const sq = rect(10, 20, 5, 3, 50, 50);
    expect(runVisionOp(cv, 'toPolygons', { mask: sq.mask, tolerance: 0 }).parts[0]!.outer.sort()).toEqual(
      [
        [10.5, 20.5],
        [14.5, 20.5],
        [14.5, 22.5],
        [10.5, 22.5],
      ].sort(),
    );
    const dot = rect(7, 9, 1, 1, 50, 50);
    expect(runVisionOp(cv, 'toPolygons', { mask: dot.mask, tolerance: 0 }).parts[0]!.outer).toEqual([
      [7, 9],
      [8, 9],
      [8, 10],
      [7, 10],
    ]);
  });
});

describe('memory', () => {
  it('200 mixed operations do not grow the wasm heap (every Mat is freed)', () => {
    const W = 240;
    const H = 180;
    const { image } = ellipseScene(W, H, [{ cx: 110, cy: 95, rx: 55, ry: 35 }]);
    const once = (i: number) => {
      const { mask } = runVisionOp(cv, 'wand', { image, seeds: [{ x: 110, y: 95, positive: true }], tolerance: 30 + (i % 10), connectivity: 8 });
      const cleaned = runVisionOp(cv, 'clean', { mask: mask!, width: W, height: H, steps: [{ op: 'fillHoles' }, { op: 'removeIslands', minArea: 20 }, { op: 'smooth', radius: 2 }, { op: 'grow', px: 3 }] }).mask!;
      const { parts } = runVisionOp(cv, 'toPolygons', { mask: cleaned, tolerance: 1 });
      runVisionOp(cv, 'fromPolygons', { parts, width: W, height: H });
      runVisionOp(cv, 'threshold', { image, box: { x: 40, y: 40, w: 150, h: 110 }, polarity: 'auto' });
      if (i % 20 === 0) runVisionOp(cv, 'grabcut', { image, box: { x: 50, y: 55, w: 120, h: 80 }, iterations: 1, hints: [{ x: 110, y: 95, radius: 5, foreground: true }] });
    };
    for (let i = 0; i < 20; i++) once(i);
    const before = heapTop(cv);
    for (let i = 0; i < 200; i++) once(i);
    // One leaked copy of the image alone would be 130 KB an operation: 26 MB over the run.
    expect(heapTop(cv) - before).toBeLessThan(1_000_000);
  });
});
