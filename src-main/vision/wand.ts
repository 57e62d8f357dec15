import { encodeRunsOfRows, type MaskCrop, type Rect } from '../api/maskCodec.js';
import { type Cv, type Mat, withMats } from './cv.js';
import { type EncodedMask, encodedFromRuns } from './encodedMask.js';
import { holdImage } from './heldImage.js';
import { imageMat, type VisionImage } from './visionImage.js';

export interface WandParams {
  /** The clicked pixel (upright-image pixels; fractions are floored). */
  seed: { x: number; y: number };
  /** How far (0–255, per channel) a pixel's value may be from the seed's and still be taken. */
  tolerance: number;
  connectivity: 4 | 8;
}

/**
 * Magic wand: the pixels connected to the seed whose every channel lies within `tolerance` of the
 * seed's (a fixed range, so the fill does not creep along a gradient). Null when the seed is
 * outside the image.
 */
export function magicWand(cv: Cv, img: VisionImage, p: WandParams): MaskCrop | null {
  return flood(cv, img, p, fillCrop);
}

/**
 * The same fill as `magicWand`, answered encoded (its runs as text, and its area) as the contract
 * carries it: the runs are read straight from the rows of OpenCV's flood mask, so a fill of
 * megapixels is neither copied out of the heap nor allocated as bits.
 */
export function magicWandEncoded(cv: Cv, img: VisionImage, p: WandParams): EncodedMask | null {
  return flood(cv, img, p, (mask, r) => {
    if (r.w <= 0 || r.h <= 0) return null;
    // No OpenCV call runs while the rows are read: the heap (and this view of it) cannot move.
    const runs = encodeRunsOfRows(mask.data, (r.y + 1) * mask.cols + r.x + 1, mask.cols, r.w, r.h);
    return encodedFromRuns(runs, r);
  });
}

/** Flood from the seed and hand the flood mask and the fill's bounding box (image pixels) to `take`. */
function flood<T>(cv: Cv, img: VisionImage, p: WandParams, take: (mask: Mat, r: Rect) => T | null): T | null {
  const sx = Math.floor(p.seed.x);
  const sy = Math.floor(p.seed.y);
  if (sx < 0 || sy < 0 || sx >= img.width || sy >= img.height) return null;
  const t = Math.max(0, Math.min(255, p.tolerance));
  return withMats((s) => {
    const held = holdImage(cv, img);
    // Held, the image and the mask are already in the heap; otherwise they are made for this call.
    const src = held ? held.mat : imageMat(cv, s, img);
    // floodFill's mask is 2 px larger than the image; with MASK_ONLY it marks the fill with 1s.
    const mask = held ? held.floodMask() : s.add(cv.Mat.zeros(img.height + 2, img.width + 2, cv.CV_8UC1));
    const flags = p.connectivity | cv.FLOODFILL_MASK_ONLY | cv.FLOODFILL_FIXED_RANGE | (1 << 8);
    const rect = new cv.Rect();
    const range = new cv.Scalar(t, t, t, t);
    cv.floodFill(src, mask, new cv.Point(sx, sy), new cv.Scalar(0, 0, 0, 0), rect, range, range, flags);
    const r = { x: rect.x, y: rect.y, w: rect.width, h: rect.height };
    held?.filled(r);
    return take(mask, r);
  });
}

/**
 * The filled rectangle of a flood mask as a crop. floodFill's rectangle is the fill's bounding box,
 * so the crop is tight; rows are copied straight out of the heap (the mask's 1-pixel frame, which
 * OpenCV also marks, is left out).
 */
function fillCrop(mask: Mat, r: Rect): MaskCrop | null {
  if (r.w <= 0 || r.h <= 0) return null;
  const stride = mask.cols;
  const d = mask.data;
  const bits = new Uint8Array(r.w * r.h);
  for (let row = 0; row < r.h; row++) {
    const from = (r.y + 1 + row) * stride + r.x + 1;
    bits.set(d.subarray(from, from + r.w), row * r.w);
  }
  return { x: r.x, y: r.y, w: r.w, h: r.h, bits };
}
