import { cropMask, type MaskCrop, type Rect } from '../api/maskCodec.js';
import type { Cv, Mat, MatScope } from './cv.js';

/**
 * An upright 8-bit image as the assists see it: `data[(y * width + x) * channels + c]`, channels
 * interleaved (1: grey, 3: RGB). Coordinates everywhere are upright-image pixels.
 */
export interface VisionImage {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** The part of `r` inside a w×h image (integers), or null when nothing of it is inside. */
export function clampRect(r: Rect, width: number, height: number): Rect | null {
  const x0 = Math.max(0, Math.floor(r.x));
  const y0 = Math.max(0, Math.floor(r.y));
  const x1 = Math.min(width, Math.ceil(r.x + r.w));
  const y1 = Math.min(height, Math.ceil(r.y + r.h));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/** The pixels of `r` (inside the image) as a Mat of the image's channel count. */
export function imageMat(cv: Cv, s: Pick<MatScope, 'add'>, img: VisionImage, r: Rect = { x: 0, y: 0, w: img.width, h: img.height }): Mat {
  const { channels } = img;
  if (img.data.length !== img.width * img.height * channels) throw new Error(`image has ${img.data.length} bytes, expected ${img.width}×${img.height}×${channels}`);
  const m = s.add(new cv.Mat(r.h, r.w, channels === 3 ? cv.CV_8UC3 : cv.CV_8UC1));
  const rowBytes = r.w * channels;
  if (r.x === 0 && r.w === img.width) {
    m.data.set(img.data.subarray(r.y * img.width * channels, (r.y + r.h) * img.width * channels));
  } else {
    for (let row = 0; row < r.h; row++) {
      const from = ((r.y + row) * img.width + r.x) * channels;
      m.data.set(img.data.subarray(from, from + rowBytes), row * rowBytes);
    }
  }
  return m;
}

/** The same pixels as RGB (GrabCut needs three channels). */
export function asRgb(cv: Cv, s: MatScope, m: Mat): Mat {
  if (m.type() === cv.CV_8UC3) return m;
  const rgb = s.add(new cv.Mat());
  cv.cvtColor(m, rgb, cv.COLOR_GRAY2RGB);
  return rgb;
}

/** The same pixels as grey (luma). */
export function asGray(cv: Cv, s: MatScope, m: Mat): Mat {
  if (m.type() === cv.CV_8UC1) return m;
  const g = s.add(new cv.Mat());
  cv.cvtColor(m, g, cv.COLOR_RGB2GRAY);
  return g;
}

/**
 * A 0/1 single-channel Mat (every mask Mat here holds 0 and 1, never 255, so rows copy straight
 * into a crop's bits) whose top-left pixel sits at (ox, oy) of the image, as a tight crop; null when empty.
 */
export function matToCrop(m: Mat, ox: number, oy: number): MaskCrop | null {
  // maskBounds/cropMask scan with indexOf (native memchr) and copy whole rows.
  const c = cropMask(m.data, m.cols, m.rows);
  return c && { ...c, x: c.x + ox, y: c.y + oy };
}

/** A crop drawn as 1s into a new zeroed w×h single-channel Mat whose top-left pixel is image pixel (ox, oy) (parts outside are dropped). */
export function cropToMat(cv: Cv, s: MatScope, crop: MaskCrop, ox: number, oy: number, w: number, h: number): Mat {
  if (crop.bits.length !== crop.w * crop.h) throw new Error(`mask has ${crop.bits.length} pixels, expected ${crop.w}×${crop.h}`);
  const m = s.add(cv.Mat.zeros(h, w, cv.CV_8UC1));
  const d = m.data;
  // The columns of the crop that land inside the Mat, copied a row at a time.
  const c0 = Math.max(0, ox - crop.x);
  const c1 = Math.min(crop.w, ox + w - crop.x);
  if (c1 <= c0) return m;
  for (let row = 0; row < crop.h; row++) {
    const y = crop.y - oy + row;
    if (y < 0 || y >= h) continue;
    d.set(crop.bits.subarray(row * crop.w + c0, row * crop.w + c1), y * w + (crop.x + c0 - ox));
  }
  return m;
}
