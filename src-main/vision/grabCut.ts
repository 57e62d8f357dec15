import type { MaskCrop, Rect } from '../api/maskCodec.js';
import { type Cv, type Mat, type MatScope, withMats } from './cv.js';
import { holdImage } from './heldImage.js';
import { asRgb, clampRect, imageMat, matToCrop, type VisionImage } from './visionImage.js';

/** A foreground (or background) hint: a stroke's dab, in upright-image pixels. */
export interface GrabCutHint {
  x: number;
  y: number;
  radius: number;
  foreground: boolean;
}

export interface GrabCutParams {
  /** The box the object lies in: everything outside it is background. */
  box: Rect;
  iterations: number;
  hints: readonly GrabCutHint[];
}

/**
 * GrabCut works on a crop no longer than this on its longest side, then the result is scaled back:
 * in WebAssembly a 1024×1024 box at full resolution takes several seconds for five iterations, and
 * the colour models and the cut barely change at a quarter of the pixels. Edges are then
 * accurate to about one working pixel (a few image pixels on a very large box).
 */
export const GRABCUT_WORK_SIDE = 256;

/** Pixels around the box kept so the background model sees the object's surroundings. */
function marginFor(box: Rect): number {
  return Math.max(8, Math.round(0.15 * Math.max(box.w, box.h)));
}

/** GrabCut from a box, then (with hints) another round with the hinted pixels fixed. Null when nothing is foreground. */
export function grabCut(cv: Cv, img: VisionImage, p: GrabCutParams): MaskCrop | null {
  const box = clampRect(p.box, img.width, img.height);
  if (!box || box.w < 2 || box.h < 2) return null;
  const m = marginFor(box);
  const crop = clampRect({ x: box.x - m, y: box.y - m, w: box.w + 2 * m, h: box.h + 2 * m }, img.width, img.height)!;
  const scale = Math.min(1, GRABCUT_WORK_SIDE / Math.max(crop.w, crop.h));
  return withMats((s) => {
    let work = asRgb(cv, s, cropPixels(cv, s, img, crop));
    const ww = Math.max(1, Math.round(crop.w * scale));
    const wh = Math.max(1, Math.round(crop.h * scale));
    if (scale < 1) {
      const small = s.add(new cv.Mat());
      cv.resize(work, small, new cv.Size(ww, wh), 0, 0, cv.INTER_AREA);
      work = small;
    }
    const sx = ww / crop.w;
    const sy = wh / crop.h;
    // The rectangle in working pixels, kept one pixel inside the crop: GrabCut needs some background.
    let rx = Math.floor((box.x - crop.x) * sx);
    let ry = Math.floor((box.y - crop.y) * sy);
    let rw = Math.ceil((box.x + box.w - crop.x) * sx) - rx;
    let rh = Math.ceil((box.y + box.h - crop.y) * sy) - ry;
    if (rx === 0 && rw >= ww) { rx = 1; rw = ww - 2; }
    if (ry === 0 && rh >= wh) { ry = 1; rh = wh - 2; }
    if (rx === 0 && ry === 0 && rw >= ww - 1 && rh >= wh - 1) { rw = ww - 1; }
    if (rw < 1 || rh < 1) return null;
    const gc = s.add(new cv.Mat());
    const bgd = s.add(new cv.Mat());
    const fgd = s.add(new cv.Mat());
    const iterations = Math.max(1, Math.round(p.iterations));
    cv.grabCut(work, gc, new cv.Rect(rx, ry, rw, rh), bgd, fgd, iterations, cv.GC_INIT_WITH_RECT);
    if (p.hints.length > 0) {
      for (const h of p.hints) {
        const c = new cv.Point(Math.round((h.x - crop.x) * sx), Math.round((h.y - crop.y) * sy));
        const r = Math.max(1, Math.round(h.radius * Math.min(sx, sy)));
        cv.circle(gc, c, r, [h.foreground ? cv.GC_FGD : cv.GC_BGD, 0, 0, 0], -1);
      }
      cv.grabCut(work, gc, new cv.Rect(rx, ry, rw, rh), bgd, fgd, iterations, cv.GC_INIT_WITH_MASK);
    }
    const fg = foreground(cv, s, gc);
    if (scale < 1) {
      const big = s.add(new cv.Mat());
      // Bilinear on 0/1 rounds to 0/1: the edge lands where the interpolated value crosses one half.
      cv.resize(fg, big, new cv.Size(crop.w, crop.h), 0, 0, cv.INTER_LINEAR);
      return matToCrop(clipToBox(cv, s, big, box, crop), crop.x, crop.y);
    }
    return matToCrop(fg, crop.x, crop.y);
  });
}

/** The crop's pixels: copied out of the held image in the heap (no copy from JS), or from JS when the image is not held. */
function cropPixels(cv: Cv, s: MatScope, img: VisionImage, crop: Rect): Mat {
  const held = holdImage(cv, img);
  if (!held) return imageMat(cv, s, img, crop);
  const view = s.add(held.mat.roi(new cv.Rect(crop.x, crop.y, crop.w, crop.h)));
  const m = s.add(new cv.Mat());
  view.copyTo(m);
  return m;
}

/** 1 where GrabCut says foreground or probably foreground (labels 1 and 3: bit 0 set). */
function foreground(cv: Cv, s: MatScope, gc: Mat): Mat {
  const out = s.add(cv.Mat.zeros(gc.rows, gc.cols, cv.CV_8UC1));
  const src = gc.data;
  const dst = out.data;
  for (let i = 0; i < src.length; i++) dst[i] = src[i]! & 1;
  return out;
}

/** Scaling back can spill a pixel past the box: the box is the user's word that the object is inside. */
function clipToBox(cv: Cv, s: MatScope, m: Mat, box: Rect, crop: Rect): Mat {
  const out = s.add(cv.Mat.zeros(m.rows, m.cols, cv.CV_8UC1));
  const r = new cv.Rect(box.x - crop.x, box.y - crop.y, box.w, box.h);
  const from = s.add(m.roi(r));
  const to = s.add(out.roi(r));
  from.copyTo(to);
  return out;
}
