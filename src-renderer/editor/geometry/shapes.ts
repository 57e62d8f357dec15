import { shapeBounds } from '../../../src-main/api/regionGeometry.js';
import type { Shape } from '../types.js';
import { hitBox } from './box.js';
import { maskHas } from './maskOps.js';
import { hitEdge, hitVertex, pointInPolygon } from './polygon.js';

/**
 * How far (dx, dy) may move a set of shapes so all of them stay inside the image. Masks move by
 * whole pixels, so when one is in the set the move is rounded.
 */
export function clampTranslation(shapes: readonly Shape[], dx: number, dy: number, width: number, height: number): [number, number] {
  if (shapes.some((s) => s.kind === 'mask')) {
    dx = Math.round(dx);
    dy = Math.round(dy);
  }
  let lo = -Infinity;
  let hi = Infinity;
  let loY = -Infinity;
  let hiY = Infinity;
  for (const s of shapes) {
    const b = shapeBounds(s);
    lo = Math.max(lo, -b.x);
    hi = Math.min(hi, width - (b.x + b.w));
    loY = Math.max(loY, -b.y);
    hiY = Math.min(hiY, height - (b.y + b.h));
  }
  return [Math.min(hi, Math.max(lo, dx)), Math.min(hiY, Math.max(loY, dy))];
}

export function translateShape<S extends Shape>(s: S, dx: number, dy: number): S {
  switch (s.kind) {
    case 'box':
    case 'point':
      return { ...s, x: s.x + dx, y: s.y + dy };
    case 'mask':
      return { ...s, x: s.x + Math.round(dx), y: s.y + Math.round(dy) };
    case 'polygon': {
      const move = (ring: readonly (readonly [number, number])[]) => ring.map(([x, y]) => [x + dx, y + dy] as const);
      return { ...s, points: move(s.points), ...(s.holes ? { holes: s.holes.map(move) } : {}) };
    }
  }
  return s;
}

/**
 * A hit on a shape. 'outline' hits (a point, a vertex, a box or polygon border) are precise and
 * beat 'area' hits (inside a box, polygon or mask), so a small shape drawn over a large one can
 * still be picked.
 */
export type HitKind = 'outline' | 'area';

export function hitShape(s: Shape, x: number, y: number, tol: number): HitKind | null {
  switch (s.kind) {
    case 'point':
      return Math.hypot(s.x - x, s.y - y) <= tol ? 'outline' : null;
    case 'box': {
      const h = hitBox(s, x, y, tol);
      return h === 'edge' ? 'outline' : h === 'inside' ? 'area' : null;
    }
    case 'polygon':
      if (hitVertex(s.points, x, y, tol) !== null || hitEdge(s.points, x, y, tol) !== null) return 'outline';
      if (s.holes?.some((h) => hitEdge(h, x, y, tol) !== null)) return 'outline';
      // Inside a hole is not inside the region: what is under the hole can be picked.
      return pointInPolygon(s.points, x, y) && !s.holes?.some((h) => pointInPolygon(h, x, y)) ? 'area' : null;
    case 'mask':
      return maskHas(s, x, y) ? 'area' : null;
  }
}

/** The shape under (x, y): the topmost outline hit, else the topmost area hit. */
export function shapeAt(shapes: readonly Shape[], x: number, y: number, tol: number, filter: (s: Shape) => boolean = () => true): Shape | null {
  let area: Shape | null = null;
  for (let i = shapes.length - 1; i >= 0; i--) {
    const s = shapes[i]!;
    if (!filter(s)) continue;
    const h = hitShape(s, x, y, tol);
    if (h === 'outline') return s;
    if (h === 'area' && !area) area = s;
  }
  return area;
}
