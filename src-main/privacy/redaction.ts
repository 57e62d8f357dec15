import type { RegionShape } from '../api/annotations.js';
import { fillShape } from '../formats/rasterize.js';
import type { Placement } from '../imaging/exportImage.js';
import { placeShape } from '../formats/regionSupport.js';

/**
 * Redaction of pixels: the regions of a redaction class (a burned-in patient name, a face) are
 * filled with black or blurred beyond recognition in every exported image. Works on raw samples
 * (8 or 16 bits, 1–4 channels interleaved), so the same code redacts a decoded JPEG before it is
 * resized and a DICOM frame's stored values in place.
 */

export type RedactMode = 'fill' | 'blur';

export interface Redaction {
  /** In upright source pixels; parts outside the image are clipped. */
  shapes: readonly RegionShape[];
  mode: RedactMode;
}

/** The pixels covered, 1 inside, over the whole image, with their bounding box; null when nothing is inside. */
export interface CoverMask {
  bits: Uint8Array;
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  y1: number;
}

/**
 * The pixels `shapes` cover in a `width` × `height` image. A box covers every pixel it touches
 * (rounded outward, so a box drawn at fractional coordinates hides the whole edge pixel); a
 * polygon its pixel centres; a mask its own pixels. Points cover nothing.
 */
export function coverMask(shapes: readonly RegionShape[], width: number, height: number): CoverMask | null {
  const bits = new Uint8Array(width * height);
  for (const s of shapes) {
    if (s.kind === 'box') {
      const x0 = Math.max(0, Math.floor(s.x));
      const y0 = Math.max(0, Math.floor(s.y));
      const x1 = Math.min(width, Math.ceil(s.x + s.w));
      const y1 = Math.min(height, Math.ceil(s.y + s.h));
      for (let y = y0; y < y1; y++) if (x1 > x0) bits.fill(1, y * width + x0, y * width + x1);
    } else {
      fillShape(bits, width, height, s, 1);
    }
  }
  let x0 = width;
  let y0 = height;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < height; y++) {
    const row = bits.subarray(y * width, (y + 1) * width);
    const first = row.indexOf(1);
    if (first < 0) continue;
    const last = row.lastIndexOf(1);
    if (first < x0) x0 = first;
    if (last + 1 > x1) x1 = last + 1;
    if (y < y0) y0 = y;
    y1 = y + 1;
  }
  return x1 > x0 ? { bits, x0, y0, x1, y1 } : null;
}

/** Redaction shapes moved into a written image (resized, cropped, padded); what falls outside is dropped. */
export function placedShapes(shapes: readonly RegionShape[], p: Placement): RegionShape[] {
  const out: RegionShape[] = [];
  for (const s of shapes) {
    const placed = placeShape(s, p);
    if (placed) out.push(placed);
  }
  return out;
}

export type Samples = Uint8Array | Uint16Array | Int16Array;

export interface RawImage {
  data: Samples;
  width: number;
  height: number;
  /** Interleaved samples per pixel. */
  channels: number;
  /** A channel that is alpha (the last one of 2 or 4): kept opaque inside a redaction so nothing shows through. */
  alpha: boolean;
}

/**
 * Redact `img` in place under `mask`. `fill` sets every colour sample to `fillValue` (black: 0
 * unless the caller knows better, as for MONOCHROME1 or signed DICOM values) and alpha to opaque;
 * `blur` replaces the pixels by a box blur three passes deep (close to a Gaussian) whose radius is
 * a sixth of the redaction's larger side (at least 8 pixels), computed from the pixels inside the
 * redaction only, so no text or face outline survives it.
 */
export function redactPixels(img: RawImage, mask: CoverMask, mode: RedactMode, fillValue = 0, opaque = 255): void {
  const { data, width, channels } = img;
  const colour = img.alpha ? channels - 1 : channels;
  if (mode === 'fill') {
    for (let y = mask.y0; y < mask.y1; y++) {
      for (let x = mask.x0; x < mask.x1; x++) {
        if (mask.bits[y * width + x] !== 1) continue;
        const o = (y * width + x) * channels;
        for (let c = 0; c < colour; c++) data[o + c] = fillValue;
        if (img.alpha) data[o + colour] = opaque;
      }
    }
    return;
  }
  const bw = mask.x1 - mask.x0;
  const bh = mask.y1 - mask.y0;
  const radius = Math.max(8, Math.ceil(Math.max(bw, bh) / 6));
  const plane = new Float64Array(bw * bh);
  const weight = new Float64Array(bw * bh);
  for (let c = 0; c < colour; c++) {
    for (let y = 0; y < bh; y++) {
      for (let x = 0; x < bw; x++) {
        const k = (mask.y0 + y) * width + mask.x0 + x;
        const inside = mask.bits[k] === 1 ? 1 : 0;
        plane[y * bw + x] = inside ? data[k * channels + c]! : 0;
        weight[y * bw + x] = inside;
      }
    }
    for (let pass = 0; pass < 3; pass++) {
      boxBlur(plane, weight, bw, bh, radius);
    }
    for (let y = 0; y < bh; y++) {
      for (let x = 0; x < bw; x++) {
        const k = (mask.y0 + y) * width + mask.x0 + x;
        if (mask.bits[k] !== 1) continue;
        const w = weight[y * bw + x]!;
        data[k * channels + c] = Math.round(w > 0 ? plane[y * bw + x]! / w : fillValue);
      }
    }
    // The weights were blurred with the plane; the next channel starts from the mask again.
  }
  if (img.alpha) {
    for (let y = mask.y0; y < mask.y1; y++) for (let x = mask.x0; x < mask.x1; x++) if (mask.bits[y * width + x] === 1) data[(y * width + x) * channels + colour] = opaque;
  }
}

/**
 * One horizontal and one vertical running-sum pass of radius `r` over `v` and its weights `w`
 * together, both in row order (the vertical pass keeps a prefix sum per column), so the cost is
 * a few operations per pixel whatever the radius.
 */
function boxBlur(v: Float64Array, w: Float64Array, bw: number, bh: number, r: number): void {
  const row = new Float64Array(bw + 1);
  const rowW = new Float64Array(bw + 1);
  for (let y = 0; y < bh; y++) {
    const o = y * bw;
    for (let x = 0; x < bw; x++) {
      row[x + 1] = row[x]! + v[o + x]!;
      rowW[x + 1] = rowW[x]! + w[o + x]!;
    }
    for (let x = 0; x < bw; x++) {
      const a = x - r < 0 ? 0 : x - r;
      const b = x + r + 1 > bw ? bw : x + r + 1;
      v[o + x] = row[b]! - row[a]!;
      w[o + x] = rowW[b]! - rowW[a]!;
    }
  }
  const col = new Float64Array((bh + 1) * bw);
  const colW = new Float64Array((bh + 1) * bw);
  for (let y = 0; y < bh; y++) {
    const o = y * bw;
    for (let x = 0; x < bw; x++) {
      col[o + bw + x] = col[o + x]! + v[o + x]!;
      colW[o + bw + x] = colW[o + x]! + w[o + x]!;
    }
  }
  for (let y = 0; y < bh; y++) {
    const a = (y - r < 0 ? 0 : y - r) * bw;
    const b = (y + r + 1 > bh ? bh : y + r + 1) * bw;
    const o = y * bw;
    for (let x = 0; x < bw; x++) {
      v[o + x] = col[b + x]! - col[a + x]!;
      w[o + x] = colW[b + x]! - colW[a + x]!;
    }
  }
}
