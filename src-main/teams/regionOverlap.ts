import type { RegionShape } from '../api/annotations.js';
import { shapeBounds } from '../api/regionGeometry.js';
import { fillShape } from '../formats/rasterize.js';

/**
 * Overlap of two regions in upright-image pixels. Boxes are compared exactly (as areas); any other
 * pair of shapes is filled into a grid over their joint bounding box with the exports' pixel-centre
 * rule, so a polygon and a mask are compared the way they would be exported. A point covers no area.
 */

export interface Overlap {
  intersection: number;
  /** Areas of the two shapes. */
  a: number;
  b: number;
}

/** Bounding box as [x0, y0, x1, y1]; null for a point. */
function bounds(s: RegionShape): [number, number, number, number] | null {
  switch (s.kind) {
    case 'box':
    case 'mask':
      return [s.x, s.y, s.x + s.w, s.y + s.h];
    case 'polygon': {
      const b = shapeBounds(s);
      return [b.x, b.y, b.x + b.w, b.y + b.h];
    }
    case 'point':
      return null;
  }
}

function shifted(s: RegionShape, dx: number, dy: number): RegionShape {
  switch (s.kind) {
    case 'box':
      return { ...s, x: s.x - dx, y: s.y - dy };
    case 'mask':
      return { ...s, x: s.x - dx, y: s.y - dy };
    case 'polygon':
      return { ...s, points: s.points.map(([x, y]) => [x - dx, y - dy] as [number, number]), ...(s.holes ? { holes: s.holes.map((h) => h.map(([x, y]) => [x - dx, y - dy] as [number, number])) } : {}) };
    case 'point':
      return s;
  }
}

/** Largest grid filled to compare two shapes (the joint bounding box of two regions of one image). */
const MAX_GRID = 64_000_000;

export function overlap(a: RegionShape, b: RegionShape): Overlap {
  if (a.kind === 'box' && b.kind === 'box') {
    const w = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
    const h = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
    return { intersection: w * h, a: a.w * a.h, b: b.w * b.h };
  }
  const ba = bounds(a);
  const bb = bounds(b);
  if (!ba || !bb) return { intersection: 0, a: 0, b: 0 };
  const x0 = Math.floor(Math.min(ba[0], bb[0]));
  const y0 = Math.floor(Math.min(ba[1], bb[1]));
  const w = Math.ceil(Math.max(ba[2], bb[2])) - x0;
  const h = Math.ceil(Math.max(ba[3], bb[3])) - y0;
  if (w <= 0 || h <= 0 || w * h > MAX_GRID) return { intersection: 0, a: 0, b: 0 };
  const ga = new Uint8Array(w * h);
  const gb = new Uint8Array(w * h);
  fillShape(ga, w, h, shifted(a, x0, y0), 1);
  fillShape(gb, w, h, shifted(b, x0, y0), 1);
  let inter = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < ga.length; i++) {
    na += ga[i]!;
    nb += gb[i]!;
    inter += ga[i]! & gb[i]!;
  }
  return { intersection: inter, a: na, b: nb };
}

export function iouOf(o: Overlap): number {
  const union = o.a + o.b - o.intersection;
  return union > 0 ? o.intersection / union : 0;
}

export function diceOf(o: Overlap): number {
  return o.a + o.b > 0 ? (2 * o.intersection) / (o.a + o.b) : 0;
}
