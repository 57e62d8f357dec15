import { type MaskCrop, tightenCrop } from '../api/maskCodec.js';
import { type Cv, type Mat, type MatScope, withMats } from './cv.js';
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
    case 'smooth':
      return morph(cv, m, width, height, Math.min(MAX_CLEAN_RADIUS, Math.round(step.radius)), (s, src, k) => {
        const a = s.add(new cv.Mat());
        cv.morphologyEx(src, a, cv.MORPH_OPEN, k, new cv.Point(-1, -1), 1, cv.BORDER_CONSTANT, [0, 0, 0, 0]);
        cv.morphologyEx(a, a, cv.MORPH_CLOSE, k, new cv.Point(-1, -1), 1, cv.BORDER_CONSTANT, [0, 0, 0, 0]);
        return a;
      });
    case 'grow':
    case 'shrink': {
      const op = step.op === 'grow' ? cv.MORPH_DILATE : cv.MORPH_ERODE;
      return morph(cv, m, width, height, Math.min(MAX_CLEAN_RADIUS, Math.round(step.px)), (s, src, k) => {
        const a = s.add(new cv.Mat());
        cv.morphologyEx(src, a, op, k, new cv.Point(-1, -1), 1, cv.BORDER_CONSTANT, [0, 0, 0, 0]);
        return a;
      });
    }
  }
}

/** Background pixels not reachable from outside the mask become mask. */
function fillHoles(cv: Cv, m: MaskCrop): MaskCrop | null {
  return withMats((s) => {
    // One pixel of background all round, so the outside is one connected area starting at (0, 0).
    const padded = cropToMat(cv, s, m, m.x - 1, m.y - 1, m.w + 2, m.h + 2);
    const ffMask = s.add(cv.Mat.zeros(m.h + 4, m.w + 4, cv.CV_8UC1));
    cv.floodFill(padded, ffMask, new cv.Point(0, 0), [128, 0, 0, 0], new cv.Rect(), [0, 0, 0, 0], [0, 0, 0, 0], 4);
    // Now: outside 128, mask 255, holes 0.
    const d = padded.data;
    for (let i = 0; i < d.length; i++) d[i] = d[i] === 128 ? 0 : 255;
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
    const keep = new Uint8Array(n);
    for (let i = 1; i < n; i++) keep[i] = st[i * cols + cv.CC_STAT_AREA]! >= minArea ? 1 : 0;
    const lab = labels.data32S;
    const bits = new Uint8Array(m.w * m.h);
    for (let i = 0; i < bits.length; i++) bits[i] = keep[lab[i]!]!;
    return tightenCrop({ x: m.x, y: m.y, w: m.w, h: m.h, bits });
  });
}

/** A disk of radius r: the pixels (dx, dy) with dx² + dy² ≤ r², as a (2r+1)² kernel. */
export function diskKernel(cv: Cv, s: MatScope, r: number): Mat {
  const n = 2 * r + 1;
  const k = s.add(cv.Mat.zeros(n, n, cv.CV_8UC1));
  const d = k.data;
  for (let y = -r; y <= r; y++) for (let x = -r; x <= r; x++) if (x * x + y * y <= r * r) d[(y + r) * n + (x + r)] = 1;
  return k;
}

/** Run a morphological operation by a disk of radius r on the mask padded by r+1, clipped to the image. */
function morph(cv: Cv, m: MaskCrop, width: number, height: number, r: number, fn: (s: MatScope, src: Mat, kernel: Mat) => Mat): MaskCrop | null {
  if (r <= 0) return m;
  return withMats((s) => {
    const pad = r + 1;
    const ox = m.x - pad;
    const oy = m.y - pad;
    const src = cropToMat(cv, s, m, ox, oy, m.w + 2 * pad, m.h + 2 * pad);
    const out = fn(s, src, diskKernel(cv, s, r));
    return clipCrop(matToCrop(out, ox, oy), width, height);
  });
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
