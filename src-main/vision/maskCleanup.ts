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
  // The framed copy is this call's own: stamped in place.
  const f = framed(m, pad);
  if (!stampPass(f.bits, f.w, f.h, r, op)) return undefined;
  return tightenCrop(f);
}

/**
 * The mask inside a zero frame of `pad` pixels (the frame is the outside, as background), in
 * `into` when given (a reused buffer at least that large, cleared here) or a new array.
 */
function framed(m: MaskCrop, pad: number, into?: Uint8Array): MaskCrop {
  const w = m.w + 2 * pad;
  const h = m.h + 2 * pad;
  const bits = into ? into.subarray(0, w * h) : new Uint8Array(w * h);
  if (into) bits.fill(0);
  for (let row = 0; row < m.h; row++) bits.set(m.bits.subarray(row * m.w, (row + 1) * m.w), (row + pad) * w + pad);
  return { x: m.x - pad, y: m.y - pad, w, h, bits };
}

/**
 * One grow or shrink by a disk of radius r of the w×h mask `bits`, in place: every edge pixel is
 * found before the first disk is stamped, so the disks see the mask as it was. The pixel of a set nearest to any pixel outside it always has a 4-neighbour
 * outside the set (were all four inside, the one towards the outside pixel would be nearer), so
 * growing is the mask plus a disk on each of its edge pixels, and shrinking removes a disk around
 * each background pixel that touches the mask. The mask must keep clear of the buffer's edge: by
 * r pixels to grow, by one to shrink (the outside of the buffer is not looked at). False, with
 * `bits` untouched, when the disks would cost more than a few passes over the buffer.
 */
function stampPass(bits: Uint8Array, w: number, h: number, r: number, op: 'grow' | 'shrink'): boolean {
  // Edge pixels: of the mask (grow) or of the background (shrink), with a 4-neighbour on the other
  // side. Found from each row's runs and the rows above and below, so a blob costs its outline, not its area.
  const on = op === 'grow' ? 1 : 0;
  const budget = (2 * w * h) / (2 * r + 1);
  const edges: number[] = [];
  // Three rows of runs (above, this, below), their arrays reused as the rows move down.
  let prev: number[] = [];
  const scan = new RowScanner(bits);
  let cur = scan.runs(w, 0, on, []);
  let spare: number[] = [];
  for (let y = 0; y < h; y++) {
    const next = y + 1 < h ? scan.runs(w, y + 1, on, spare) : ((spare.length = 0), spare);
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
    spare = prev;
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
      if (b - a < 32) for (let k = a; k < b; k++) bits[k] = on;
      else bits.fill(on, a, b);
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
/** smoothByStamping's working buffer (grown as needed; the vision worker runs one call at a time). */
let scratch = new Uint8Array(0);

function smoothByStamping(m: MaskCrop, width: number, height: number, r: number): MaskCrop | null | undefined {
  // The opening stays inside the mask; the closing grows it by r at most; one more pixel of background to shrink against.
  // One buffer, stamped in place pass after pass: a scratch kept between calls, since a fresh
  // megapixel array costs more (the system hands it over page by page) than the four passes' reading.
  const n = (m.w + 2 * r + 2) * (m.h + 2 * r + 2);
  if (scratch.length < n) scratch = new Uint8Array(n);
  const f = framed(m, r + 1, scratch);
  const { w, h } = f;
  for (const op of ['shrink', 'grow', 'grow', 'shrink'] as const) {
    if (!stampPass(f.bits, w, h, r, op)) return undefined;
    if (op === 'grow') clearOutside(f.bits, f, width, height);
  }
  const out = tightenCrop(f);
  // The answer must not be the scratch itself (tightenCrop hands back a crop with nothing to cut).
  return out && out.bits.buffer === scratch.buffer ? { ...out, bits: out.bits.slice() } : out;
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

/**
 * Runs of 0/1 bytes found a 32-bit word (four pixels) at a time: every pass of a clean-up reads
 * each row of the crop, and a word loop takes half the time of indexOf's byte loop over a blob's
 * long runs (measured on a 2800×2000 mask).
 */
class RowScanner {
  private readonly words: Uint32Array;
  /** Index of the first byte of `words[0]` in `bits`. */
  private readonly a0: number;

  constructor(private readonly bits: Uint8Array) {
    this.a0 = Math.min(bits.length, (4 - (bits.byteOffset & 3)) & 3);
    this.words = new Uint32Array(bits.buffer, bits.byteOffset + this.a0, (bits.length - this.a0) >> 2);
  }

  /** Runs of `on` in row y of a w-wide buffer as [start, end) pairs (columns), into `runs` (emptied first). */
  runs(w: number, y: number, on: number, runs: number[]): number[] {
    const start = y * w;
    const end = start + w;
    runs.length = 0;
    let x = this.skip(start, end, 1 - on);
    while (x < end) {
      const e = this.skip(x, end, on);
      runs.push(x - start, e - start);
      x = this.skip(e, end, 1 - on);
    }
    return runs;
  }

  /** The first index in [from, end) whose byte is not `v`, or `end`. */
  private skip(from: number, end: number, v: number): number {
    const { bits, words, a0 } = this;
    let k = from;
    while (k < end && ((k - a0) & 3) !== 0) {
      if (bits[k] !== v) return k;
      k++;
    }
    if (k >= a0) {
      const pattern = v === 1 ? 0x01010101 : 0;
      let i = (k - a0) >> 2;
      const stop = Math.min(words.length, (end - a0) >> 2);
      while (i < stop && words[i] === pattern) i++;
      k = Math.max(k, a0 + (i << 2));
    }
    while (k < end && bits[k] === v) k++;
    return k;
  }
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
