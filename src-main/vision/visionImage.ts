import type { MaskCrop, Rect } from '../api/maskCodec.js';
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
export function imageMat(cv: Cv, s: MatScope, img: VisionImage, r: Rect = { x: 0, y: 0, w: img.width, h: img.height }): Mat {
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

/** A 0/non-0 single-channel Mat whose top-left pixel sits at (ox, oy) of the image, as a tight crop (null when empty). */
export function matToCrop(m: Mat, ox: number, oy: number): MaskCrop | null {
  const w = m.cols;
  const h = m.rows;
  const d = m.data;
  let x0 = w;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    const row = d.subarray(y * w, (y + 1) * w);
    let a = -1;
    for (let x = 0; x < w; x++) if (row[x] !== 0) { a = x; break; }
    if (a < 0) continue;
    if (y0 < 0) y0 = y;
    y1 = y;
    if (a < x0) x0 = a;
    for (let x = w - 1; x > x1; x--) if (row[x] !== 0) { x1 = x; break; }
  }
  if (y0 < 0) return null;
  const cw = x1 - x0 + 1;
  const ch = y1 - y0 + 1;
  const bits = new Uint8Array(cw * ch);
  for (let y = 0; y < ch; y++) {
    const src = (y0 + y) * w + x0;
    for (let x = 0; x < cw; x++) bits[y * cw + x] = d[src + x] !== 0 ? 1 : 0;
  }
  return { x: ox + x0, y: oy + y0, w: cw, h: ch, bits };
}

/**
 * A crop drawn into a new zeroed w×h single-channel Mat whose top-left pixel is image pixel (ox, oy),
 * as `value` (parts outside the Mat are dropped).
 */
export function cropToMat(cv: Cv, s: MatScope, crop: MaskCrop, ox: number, oy: number, w: number, h: number, value = 255): Mat {
  if (crop.bits.length !== crop.w * crop.h) throw new Error(`mask has ${crop.bits.length} pixels, expected ${crop.w}×${crop.h}`);
  const m = s.add(cv.Mat.zeros(h, w, cv.CV_8UC1));
  const d = m.data;
  for (let row = 0; row < crop.h; row++) {
    const y = crop.y - oy + row;
    if (y < 0 || y >= h) continue;
    for (let col = 0; col < crop.w; col++) {
      const x = crop.x - ox + col;
      if (x >= 0 && x < w && crop.bits[row * crop.w + col] === 1) d[y * w + x] = value;
    }
  }
  return m;
}
