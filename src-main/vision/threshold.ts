import type { MaskCrop, Rect } from '../api/maskCodec.js';
import { type Cv, type Mat, type MatScope, withMats } from './cv.js';
import { holdImage } from './heldImage.js';
import { asGray, clampRect, imageMat, matToCrop, type VisionImage } from './visionImage.js';

export type Polarity = 'auto' | 'brighter' | 'darker';

export interface ThresholdParams {
  box: Rect;
  /** Grey level 0–255 that separates object from background; Otsu's level when absent. */
  level?: number;
  /** Whether the object is brighter or darker than the level; `auto`: the side that touches less of the box's edge. */
  polarity: Polarity;
}

export interface ThresholdResult {
  mask: MaskCrop | null;
  level: number;
  polarity: 'brighter' | 'darker';
}

/** Threshold the grey values inside a box: a lesion on contrasting skin, a cell on its slide. */
export function thresholdInBox(cv: Cv, img: VisionImage, p: ThresholdParams): ThresholdResult {
  const box = clampRect(p.box, img.width, img.height);
  if (!box) return { mask: null, level: p.level ?? 0, polarity: p.polarity === 'darker' ? 'darker' : 'brighter' };
  return withMats((s) => {
    const gray = boxGrey(cv, s, img, box);
    const bin = s.add(new cv.Mat());
    // Brighter than the level is 1; `darker` inverts afterwards so Otsu's level is the same either way.
    const level = p.level === undefined ? cv.threshold(gray, bin, 0, 1, cv.THRESH_BINARY | cv.THRESH_OTSU) : cv.threshold(gray, bin, p.level, 1, cv.THRESH_BINARY);
    const polarity = p.polarity === 'auto' ? (edgeShare(bin) > 0.5 ? 'darker' : 'brighter') : p.polarity;
    if (polarity === 'darker') cv.threshold(bin, bin, 0, 1, cv.THRESH_BINARY_INV);
    return { mask: matToCrop(bin, box.x, box.y), level, polarity };
  });
}

/**
 * The grey pixels of the box. On a held image: a view of its grey plane, made once for the whole
 * image when the box is a large part of it (a level dragged on a large box then costs only the
 * threshold), or the box of the held pixels converted. Otherwise the box copied and converted.
 */
function boxGrey(cv: Cv, s: MatScope, img: VisionImage, box: Rect): Mat {
  const held = holdImage(cv, img);
  if (!held) return asGray(cv, s, imageMat(cv, s, img, box));
  const r = new cv.Rect(box.x, box.y, box.w, box.h);
  if (held.hasGrey() || box.w * box.h * 4 >= img.width * img.height) return s.add(held.grey().roi(r));
  return asGray(cv, s, s.add(held.mat.roi(r)));
}

/** Share of the pixels on the Mat's outer edge that are set. */
function edgeShare(m: Mat): number {
  const { rows: h, cols: w, data: d } = m;
  let on = 0;
  let n = 0;
  for (let x = 0; x < w; x++) {
    on += (d[x] ? 1 : 0) + (d[(h - 1) * w + x] ? 1 : 0);
    n += 2;
  }
  for (let y = 1; y < h - 1; y++) {
    on += (d[y * w] ? 1 : 0) + (d[y * w + w - 1] ? 1 : 0);
    n += 2;
  }
  return n === 0 ? 0 : on / n;
}
