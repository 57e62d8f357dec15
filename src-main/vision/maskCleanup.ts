import { type MaskCrop, tightenCrop } from '../api/maskCodec.js';
import { type Cv, withMats } from './cv.js';
import { cropToMat, matToCrop } from './visionImage.js';

/** One clean-up step on a mask; sizes in image pixels. */
export type CleanStep =
  | { op: 'fillHoles' }
  /** Drop the 8-connected parts smaller than `minArea` pixels. */
  | { op: 'removeIslands'; minArea: number }
  /** Morphological open then close by a disk of `radius`: removes specks and notches, fills nicks. */
  | { op: 'smooth'; radius: number }
  | { op: 'grow'; px: number }
  | { op: 'shrink'; px: number };

/** Radii above this are refused by the callers' schemas; here they only cap the kernel's size. */
export const MAX_CLEAN_RADIUS = 256;

/** Apply the steps in order to a mask of a width×height image; null when nothing is left. */
export function cleanMask(cv: Cv, mask: MaskCrop, width: number, height: number, steps: readonly CleanStep[]): MaskCrop | null {
  let m: MaskCrop | null = mask;
  for (const step of steps) {
    if (!m) return null;
    m = cleanStep(cv, m, width, height, step);
  }
  return m;
}

function cleanStep(cv: Cv, m: MaskCrop, width: number, height: number, step: CleanStep): MaskCrop | null {
  switch (step.op) {
    case 'fillHoles':
      return fillHoles(cv, m);
    case 'removeIslands':
      return removeIslands(cv, m, step.minArea);
    case 'smooth': {
      // Open (erode, dilate) then close (dilate, erode).
      const r = Math.min(MAX_CLEAN_RADIUS, Math.round(step.radius));
      if (r <= 0) return m;
      const stamped = smoothByStamping(m, width, height, r);
      if (stamped !== undefined) return stamped;
      const opened = byDisk(cv, byDisk(cv, m, width, height, r, 'shrink'), width, height, r, 'grow');
      return byDisk(cv, byDisk(cv, opened, width, height, r, 'grow'), width, height, r, 'shrink');
    }
    case 'grow':
    case 'shrink':
      return byDisk(cv, m, width, height, Math.min(MAX_CLEAN_RADIUS, Math.round(step.px)), step.op);
  }
}

/** Background pixels not reachable from outside the mask become mask. */
function fillHoles(cv: Cv, m: MaskCrop): MaskCrop | null {
  return withMats((s) => {
    // One pixel of background all round, so the outside is one connected area starting at (0, 0).
    const padded = cropToMat(cv, s, m, m.x - 1, m.y - 1, m.w + 2, m.h + 2);
    // The background (outside and holes) as 1s; flooding the outside away leaves the holes.
    const background = s.add(new cv.Mat());
    cv.threshold(padded, background, 0, 1, cv.THRESH_BINARY_INV);
    const ffMask = s.add(cv.Mat.zeros(m.h + 4, m.w + 4, cv.CV_8UC1));
    cv.floodFill(background, ffMask, new cv.Point(0, 0), [0, 0, 0, 0], new cv.Rect(), [0, 0, 0, 0], [0, 0, 0, 0], 4);
    cv.bitwise_or(padded, background, padded);
    return matToCrop(padded, m.x - 1, m.y - 1);
  });
}

function removeIslands(cv: Cv, m: MaskCrop, minArea: number): MaskCrop | null {
  return withMats((s) => {
    const src = cropToMat(cv, s, m, m.x, m.y, m.w, m.h);
    const labels = s.add(new cv.Mat());
    const stats = s.add(new cv.Mat());
    const centroids = s.add(new cv.Mat());
    const n = cv.connectedComponentsWithStats(src, labels, stats, centroids, 8, cv.CV_32S);
    const st = stats.data32S;
    const cols = stats.cols;
    let bits: Uint8Array | null = null;
    let lab: Int32Array | null = null;
    // Clear each small part inside its own box: islands are small, so this costs their boxes, not the crop.
    for (let i = 1; i < n; i++) {
      if (st[i * cols + cv.CC_STAT_AREA]! >= minArea) continue;
      bits ??= m.bits.slice();
      lab ??= labels.data32S;
      const x0 = st[i * cols + cv.CC_STAT_LEFT]!;
      const y0 = st[i * cols + cv.CC_STAT_TOP]!;
      const x1 = x0 + st[i * cols + cv.CC_STAT_WIDTH]!;
      const y1 = y0 + st[i * cols + cv.CC_STAT_HEIGHT]!;
      for (let y = y0; y < y1; y++) {
        for (let k = y * m.w + x0, end = y * m.w + x1; k < end; k++) if (lab[k] === i) bits[k] = 0;
      }
    }
    return tightenCrop(bits ? { x: m.x, y: m.y, w: m.w, h: m.h, bits } : m);
  });
}

/**
 * Dilate (grow) or erode (shrink) by a disk of radius r, the pixels (dx, dy) with dx² + dy² ≤ r²,
 * clipped to the image. Done with an exact Euclidean distance transform, whose cost does not
 * depend on r: a pixel is within a disk of the mask when its distance to the nearest mask pixel is
 * at most r, and survives erosion when the nearest background pixel is farther than r. (Distances
 * next to r differ from r by at least 1/(2r+1), far more than the slack used.)
 */
function byDisk(cv: Cv, m: MaskCrop | null, width: number, height: number, r: number, op: 'grow' | 'shrink'): MaskCrop | null {
  if (!m || r <= 0) return m;
  const stamped = stampDisks(m, r, op);
  if (stamped !== undefined) return clipCrop(stamped, width, height);
  return withMats((s) => {
    // Growing needs room for r more pixels; shrinking needs the outside as background.
    const pad = op === 'grow' ? r + 1 : 1;
    const ox = m.x - pad;
    const oy = m.y - pad;
    const src = cropToMat(cv, s, m, ox, oy, m.w + 2 * pad, m.h + 2 * pad);
    const from = s.add(new cv.Mat());
    // distanceTransform measures from each non-zero pixel to the nearest zero one.
    if (op === 'grow') cv.threshold(src, from, 0, 1, cv.THRESH_BINARY_INV);
    else src.copyTo(from);
    const dist = s.add(new cv.Mat());
    cv.distanceTransform(from, dist, cv.DIST_L2, cv.DIST_MASK_PRECISE);
    const keep = s.add(new cv.Mat());
    cv.threshold(dist, keep, r + 1e-3, 1, op === 'grow' ? cv.THRESH_BINARY_INV : cv.THRESH_BINARY);
    const out = s.add(new cv.Mat());
    keep.convertTo(out, cv.CV_8U);
    return clipCrop(matToCrop(out, ox, oy), width, height);
  });
}

/**
 * The same as `byDisk` by stamping disks, when that is cheaper than a distance transform (most
 * masks: a blob has few edge pixels). Undefined when the disks would cost more than a few passes
 * over the crop.
 */
function stampDisks(m: MaskCrop, r: number, op: 'grow' | 'shrink'): MaskCrop | null | undefined {
  const pad = op === 'grow' ? r : 1;
  const f = framed(m, pad);
  const out = f.bits.slice();
  if (!stampPass(f.bits, out, f.w, f.h, r, op)) return undefined;
  return tightenCrop({ ...f, bits: out });
}

/** The mask inside a zero frame of `pad` pixels (the frame is the outside, as background). */
function framed(m: MaskCrop, pad: number): MaskCrop {
  const w = m.w + 2 * pad;
  const h = m.h + 2 * pad;
  const bits = new Uint8Array(w * h);
  for (let row = 0; row < m.h; row++) bits.set(m.bits.subarray(row * m.w, (row + 1) * m.w), (row + pad) * w + pad);
  return { x: m.x - pad, y: m.y - pad, w, h, bits };
}

/**
 * One grow or shrink by a disk of radius r of the w×h mask `src` into `out`, which holds a copy of
 * `src` on entry. The pixel of a set nearest to any pixel outside it always has a 4-neighbour
 * outside the set (were all four inside, the one towards the outside pixel would be nearer), so
 * growing is the mask plus a disk on each of its edge pixels, and shrinking removes a disk around
 * each background pixel that touches the mask. The mask must keep clear of the buffer's edge: by
 * r pixels to grow, by one to shrink (the outside of the buffer is not looked at). False, with
 * `out` untouched, when the disks would cost more than a few passes over the buffer.
 */
function stampPass(src: Uint8Array, out: Uint8Array, w: number, h: number, r: number, op: 'grow' | 'shrink'): boolean {
  // Edge pixels: of the mask (grow) or of the background (shrink), with a 4-neighbour on the other
  // side. Found from each row's runs and the rows above and below, so a blob costs its outline, not its area.
  const on = op === 'grow' ? 1 : 0;
  const budget = (2 * w * h) / (2 * r + 1);
  const edges: number[] = [];
  let prev: number[] = [];
  let cur = rowRuns(src, w, 0, on);
  for (let y = 0; y < h; y++) {
    const next = y + 1 < h ? rowRuns(src, w, y + 1, on) : [];
    const base = y * w;
    for (let k = 0; k < cur.length; k += 2) {
      const a = cur[k]!;
      const b = cur[k + 1]!;
      if (a > 0) edges.push(base + a);
      if (b < w && !(a > 0 && b - 1 === a)) edges.push(base + b - 1);
      // Pixels of the run whose neighbour above (below) is on the other side; a missing row is not.
      if (y > 0) gaps(prev, a, b, (x0, x1) => pushRange(edges, base, x0, x1));
      if (y + 1 < h) gaps(next, a, b, (x0, x1) => pushRange(edges, base, x0, x1));
    }
    if (edges.length > budget) return false;
    prev = cur;
    cur = next;
  }
  const halves = new Int32Array(2 * r + 1);
  for (let dy = -r; dy <= r; dy++) halves[dy + r] = Math.floor(Math.sqrt(r * r - dy * dy));
  for (const i of edges) {
    const x = i % w;
    const y = (i - x) / w;
    for (let dy = -r; dy <= r; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= h) continue;
      const half = halves[dy + r]!;
      const a = yy * w + Math.max(0, x - half);
      const b = yy * w + Math.min(w, x + half + 1);
      // A short span by hand: a call of fill() costs more than the few bytes it writes.
      if (b - a < 32) for (let k = a; k < b; k++) out[k] = on;
      else out.fill(on, a, b);
    }
  }
  return true;
}

/**
 * Smooth (open, then close, by a disk of radius r) as four stamping passes over one buffer, which
 * leaves room for the closing's growth: no crop is made, cut to the image and framed again
 * between the passes. What lands outside the image after a growth is cleared, as `clipCrop` would.
 * Undefined when a pass would cost more than a distance transform: the caller then goes step by step.
 */
function smoothByStamping(m: MaskCrop, width: number, height: number, r: number): MaskCrop | null | undefined {
  // The opening stays inside the mask; the closing grows it by r at most; one more pixel of background to shrink against.
  const f = framed(m, r + 1);
  const { w, h } = f;
  let a: Uint8Array = f.bits;
  let b: Uint8Array = new Uint8Array(w * h);
  for (const op of ['shrink', 'grow', 'grow', 'shrink'] as const) {
    b.set(a);
    if (!stampPass(a, b, w, h, r, op)) return undefined;
    if (op === 'grow') clearOutside(b, f, width, height);
    [a, b] = [b, a];
  }
  return tightenCrop({ ...f, bits: a });
}

/** Zero the pixels of a crop's buffer that lie outside a width×height image. */
function clearOutside(bits: Uint8Array, c: { x: number; y: number; w: number; h: number }, width: number, height: number): void {
  const x0 = Math.max(0, -c.x);
  const x1 = Math.min(c.w, width - c.x);
  const y0 = Math.max(0, -c.y);
  const y1 = Math.min(c.h, height - c.y);
  if (x1 <= x0 || y1 <= y0) {
    bits.fill(0);
    return;
  }
  bits.fill(0, 0, y0 * c.w);
  bits.fill(0, y1 * c.w);
  if (x0 === 0 && x1 === c.w) return;
  for (let y = y0; y < y1; y++) {
    bits.fill(0, y * c.w, y * c.w + x0);
    bits.fill(0, y * c.w + x1, (y + 1) * c.w);
  }
}

/** Runs of `on` in row y as [start, end) pairs, found with indexOf. */
function rowRuns(bits: Uint8Array, w: number, y: number, on: number): number[] {
  const row = bits.subarray(y * w, (y + 1) * w);
  const runs: number[] = [];
  let x = row.indexOf(on);
  while (x >= 0) {
    let end = row.indexOf(1 - on, x);
    if (end < 0) end = w;
    runs.push(x, end);
    x = end < w ? row.indexOf(on, end) : -1;
  }
  return runs;
}

/** Call `fn` for each part of [a, b) not covered by the runs `cover` (sorted [start, end) pairs). */
function gaps(cover: number[], a: number, b: number, fn: (x0: number, x1: number) => void): void {
  let x = a;
  for (let k = 0; k < cover.length && x < b; k += 2) {
    const c0 = cover[k]!;
    const c1 = cover[k + 1]!;
    if (c1 <= x) continue;
    if (c0 >= b) break;
    if (c0 > x) fn(x, c0);
    x = Math.max(x, c1);
  }
  if (x < b) fn(x, b);
}

function pushRange(edges: number[], base: number, x0: number, x1: number): void {
  for (let x = x0; x < x1; x++) edges.push(base + x);
}

/** The part of a crop inside a width×height image. */
export function clipCrop(c: MaskCrop | null, width: number, height: number): MaskCrop | null {
  if (!c) return null;
  if (c.x >= 0 && c.y >= 0 && c.x + c.w <= width && c.y + c.h <= height) return c;
  const x0 = Math.max(0, c.x);
  const y0 = Math.max(0, c.y);
  const x1 = Math.min(width, c.x + c.w);
  const y1 = Math.min(height, c.y + c.h);
  if (x1 <= x0 || y1 <= y0) return null;
  const w = x1 - x0;
  const h = y1 - y0;
  const bits = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const src = (y0 + y - c.y) * c.w + (x0 - c.x);
    bits.set(c.bits.subarray(src, src + w), y * w);
  }
  return tightenCrop({ x: x0, y: y0, w, h, bits });
}
