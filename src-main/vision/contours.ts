import type { MaskCrop } from '../api/maskCodec.js';
import { type Cv, type Mat, withMats } from './cv.js';
import { clipCrop } from './maskCleanup.js';
import { cropToMat, matToCrop } from './visionImage.js';

export type Ring = [number, number][];

/** One connected part of a mask: its outline and the outlines of its holes (for formats that hold them). */
export interface PolygonPart {
  outer: Ring;
  holes: Ring[];
}

/**
 * A mask as polygons, one per 8-connected part, with holes. Vertices are the centres of the
 * part's boundary pixels in upright-image coordinates (pixel (i, j) is centred at (i + 0.5,
 * j + 0.5)), simplified so no dropped boundary point is farther than `tolerance` px from the polygon.
 */
export function maskToPolygons(cv: Cv, mask: MaskCrop, tolerance: number): PolygonPart[] {
  return withMats((s) => {
    // A pixel of background all round, so parts touching the crop's edge get closed outlines.
    const ox = mask.x - 1;
    const oy = mask.y - 1;
    const src = cropToMat(cv, s, mask, ox, oy, mask.w + 2, mask.h + 2);
    const contours = s.add(new cv.MatVector());
    const hierarchy = s.add(new cv.Mat());
    cv.findContours(src, contours, hierarchy, cv.RETR_CCOMP, cv.CHAIN_APPROX_SIMPLE);
    const n = contours.size();
    const h = hierarchy.data32S;
    const rings: (Ring | null)[] = [];
    for (let i = 0; i < n; i++) rings.push(ring(cv, s.add(contours.get(i)), tolerance, ox, oy, h[4 * i + 3]! < 0));
    const parts: PolygonPart[] = [];
    for (let i = 0; i < n; i++) {
      if (h[4 * i + 3]! >= 0 || !rings[i]) continue;
      const holes: Ring[] = [];
      // Children of a top-level contour (RETR_CCOMP: first child, then its next siblings) are its holes.
      for (let c = h[4 * i + 2]!; c >= 0; c = h[4 * c]!) if (rings[c]) holes.push(rings[c]!);
      parts.push({ outer: rings[i]!, holes });
    }
    return parts;
  });
}

/** A contour as a ring in image coordinates; a part too thin for a polygon becomes the box of its pixels, a degenerate hole is dropped. */
function ring(cv: Cv, contour: Mat, tolerance: number, ox: number, oy: number, outer: boolean): Ring | null {
  let pts = contour.data32S;
  if (tolerance > 0 && contour.rows > 3) {
    const approx = new cv.Mat();
    try {
      cv.approxPolyDP(contour, approx, tolerance, true);
      if (approx.rows >= 3) pts = approx.data32S.slice();
    } finally {
      approx.delete();
    }
  }
  const out: Ring = [];
  for (let i = 0; i + 1 < pts.length; i += 2) out.push([pts[i]! + ox + 0.5, pts[i + 1]! + oy + 0.5]);
  if (out.length >= 3) return out;
  if (!outer) return null;
  // A single pixel or a one-pixel line: its pixels' outer corners.
  const xs = out.map((p) => p[0]);
  const ys = out.map((p) => p[1]);
  const x0 = Math.min(...xs) - 0.5;
  const x1 = Math.max(...xs) + 0.5;
  const y0 = Math.min(...ys) - 0.5;
  const y1 = Math.max(...ys) + 0.5;
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/**
 * Polygons (with holes) filled into a mask of a width×height image, clipped to it. A vertex
 * (X, Y) lands on pixel (round(X − 0.5), round(Y − 0.5)), and edges are filled inclusively, so
 * `maskToPolygons` with tolerance 0 gives back its mask up to the hole edges.
 */
export function polygonsToMask(cv: Cv, parts: readonly PolygonPart[], width: number, height: number): MaskCrop | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of parts) {
    for (const [x, y] of p.outer) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  if (!Number.isFinite(x0)) return null;
  const bx = Math.max(0, Math.round(x0 - 0.5));
  const by = Math.max(0, Math.round(y0 - 0.5));
  const bw = Math.min(width, Math.round(x1 - 0.5) + 1) - bx;
  const bh = Math.min(height, Math.round(y1 - 0.5) + 1) - by;
  if (bw <= 0 || bh <= 0) return null;
  return withMats((s) => {
    const m = s.add(cv.Mat.zeros(bh, bw, cv.CV_8UC1));
    const toMat = (r: Ring): Mat => {
      const flat: number[] = [];
      for (const [x, y] of r) flat.push(Math.round(x - 0.5) - bx, Math.round(y - 0.5) - by);
      return s.add(cv.matFromArray(r.length, 1, cv.CV_32SC2, flat));
    };
    const outers = s.add(new cv.MatVector());
    const holes = s.add(new cv.MatVector());
    for (const p of parts) {
      outers.push_back(toMat(p.outer));
      for (const h of p.holes) holes.push_back(toMat(h));
    }
    cv.fillPoly(m, outers, [1, 0, 0, 0], cv.LINE_8);
    if (holes.size() > 0) {
      // A hole's outline runs through the part's own pixels: clear the inside, then put the outline back.
      cv.fillPoly(m, holes, [0, 0, 0, 0], cv.LINE_8);
      for (let i = 0; i < holes.size(); i++) cv.drawContours(m, holes, i, [1, 0, 0, 0], 1, cv.LINE_8);
    }
    return clipCrop(matToCrop(m, bx, by), width, height);
  });
}
