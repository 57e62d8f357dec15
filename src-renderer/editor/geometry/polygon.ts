import {
  MIN_POLYGON_AREA,
  dedupeVertices,
  polygonArea,
  polygonSelfIntersects,
  polygonSignedArea,
} from '../../../src-main/api/regionGeometry.js';
import type { Vec } from '../types.js';

export { MIN_POLYGON_AREA, dedupeVertices, polygonArea, polygonSelfIntersects, polygonSignedArea };

export type PolygonCheck = { ok: true; points: Vec[]; selfIntersecting: boolean } | { ok: false; reason: 'too-few-vertices' | 'no-area' };

/**
 * Whether a polygon may be saved: degenerate ones (fewer than three distinct vertices, or no area)
 * are refused; a self-intersecting one is accepted but flagged, for the person to fix.
 */
export function checkPolygon(points: readonly Vec[], width: number, height: number): PolygonCheck {
  const clamped = dedupeVertices(points.map(([x, y]) => [Math.min(width, Math.max(0, x)), Math.min(height, Math.max(0, y))] as Vec));
  if (clamped.length < 3) return { ok: false, reason: 'too-few-vertices' };
  if (polygonArea(clamped) < MIN_POLYGON_AREA) return { ok: false, reason: 'no-area' };
  return { ok: true, points: clamped, selfIntersecting: polygonSelfIntersects(clamped) === true };
}

/** Even-odd rule. */
export function pointInPolygon(points: readonly Vec[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from p to segment ab, and the nearest point on it. */
export function nearestOnSegment(a: Vec, b: Vec, x: number, y: number): { d: number; p: Vec; t: number } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len2));
  const p: Vec = [a[0] + t * dx, a[1] + t * dy];
  return { d: Math.hypot(x - p[0], y - p[1]), p, t };
}

/** Index of the vertex within `tol` of (x, y), nearest first. */
export function hitVertex(points: readonly Vec[], x: number, y: number, tol: number): number | null {
  let best: number | null = null;
  let bestD = tol;
  points.forEach(([px, py], i) => {
    const d = Math.hypot(px - x, py - y);
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}

/** The edge (from vertex `index` to the next) within `tol` of (x, y), with the nearest point on it. */
export function hitEdge(points: readonly Vec[], x: number, y: number, tol: number): { index: number; point: Vec } | null {
  let best: { index: number; point: Vec } | null = null;
  let bestD = tol;
  for (let i = 0; i < points.length; i++) {
    const r = nearestOnSegment(points[i]!, points[(i + 1) % points.length]!, x, y);
    if (r.d <= bestD) {
      best = { index: i, point: r.p };
      bestD = r.d;
    }
  }
  return best;
}

export function insertVertex(points: readonly Vec[], edgeIndex: number, p: Vec): Vec[] {
  return [...points.slice(0, edgeIndex + 1), p, ...points.slice(edgeIndex + 1)];
}

export function moveVertex(points: readonly Vec[], index: number, p: Vec): Vec[] {
  return points.map((q, i) => (i === index ? p : q));
}

export function removeVertex(points: readonly Vec[], index: number): Vec[] {
  return points.filter((_, i) => i !== index);
}
