/**
 * Geometry rules a region must satisfy, shared by the editor (which refuses a bad shape before
 * sending it) and the service (which refuses it again, the renderer being untrusted) and the
 * importers. Pure: no Node, no DOM. Coordinates are upright-image pixels.
 */
import type { RegionShape } from './annotations.js';
import { decodeMask, encodeMask, tightenCrop } from './maskCodec.js';

export type Vec = readonly [number, number];

/** Signed area by the shoelace formula (positive when the vertices turn clockwise on screen, y down). */
export function polygonSignedArea(points: readonly Vec[]): number {
  let a = 0;
  for (let i = 0, n = points.length; i < n; i++) {
    const p = points[i]!;
    const q = points[(i + 1) % n]!;
    a += p[0] * q[1] - q[0] * p[1];
  }
  return a / 2;
}

export function polygonArea(points: readonly Vec[]): number {
  return Math.abs(polygonSignedArea(points));
}

/** The area a polygon region covers: its outline's less its holes' (holes lie inside the outline). */
export function polygonRegionArea(shape: { points: readonly Vec[]; holes?: readonly (readonly Vec[])[] }): number {
  let a = polygonArea(shape.points);
  for (const h of shape.holes ?? []) a -= polygonArea(h);
  return Math.max(0, a);
}

/** The vertices with consecutive duplicates (and a repeated closing vertex) removed. */
export function dedupeVertices(points: readonly Vec[], eps = 1e-9): Vec[] {
  const out: Vec[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || Math.abs(last[0] - p[0]) > eps || Math.abs(last[1] - p[1]) > eps) out.push(p);
  }
  while (out.length > 1) {
    const a = out[0]!;
    const b = out[out.length - 1]!;
    if (Math.abs(a[0] - b[0]) > eps || Math.abs(a[1] - b[1]) > eps) break;
    out.pop();
  }
  return out;
}

/** Smallest area a polygon must enclose, in square pixels, not to count as degenerate. */
export const MIN_POLYGON_AREA = 0.5;

function orient(a: Vec, b: Vec, c: Vec): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return Math.abs(v) < 1e-12 ? 0 : Math.sign(v);
}

function onSegment(a: Vec, b: Vec, p: Vec): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

export function segmentsIntersect(a: Vec, b: Vec, c: Vec, d: Vec): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(a, b, c)) return true;
  if (o2 === 0 && onSegment(a, b, d)) return true;
  if (o3 === 0 && onSegment(c, d, a)) return true;
  if (o4 === 0 && onSegment(c, d, b)) return true;
  return false;
}

/**
 * True when two non-adjacent edges of the closed polygon cross or touch. Quadratic, so polygons
 * above `limit` vertices are not checked (null): a hand-drawn polygon has far fewer.
 */
export function polygonSelfIntersects(points: readonly Vec[], limit = 4000): boolean | null {
  const n = points.length;
  if (n > limit) return null;
  if (n < 4) return false;
  for (let i = 0; i < n; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % n]!;
    const minX = Math.min(a[0], b[0]);
    const maxX = Math.max(a[0], b[0]);
    const minY = Math.min(a[1], b[1]);
    const maxY = Math.max(a[1], b[1]);
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the closing edge shares vertex 0
      const c = points[j]!;
      const d = points[(j + 1) % n]!;
      if (Math.max(c[0], d[0]) < minX || Math.min(c[0], d[0]) > maxX || Math.max(c[1], d[1]) < minY || Math.min(c[1], d[1]) > maxY) continue;
      if (segmentsIntersect(a, b, c, d)) return true;
    }
  }
  return false;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A box (x, y, w, h; w/h may be negative after a drag) normalised and clamped to the image. */
export function clampBox(b: { x: number; y: number; w: number; h: number }, width: number, height: number): { x: number; y: number; w: number; h: number } {
  const x0 = clamp(Math.min(b.x, b.x + b.w), 0, width);
  const x1 = clamp(Math.max(b.x, b.x + b.w), 0, width);
  const y0 = clamp(Math.min(b.y, b.y + b.h), 0, height);
  const y1 = clamp(Math.max(b.y, b.y + b.h), 0, height);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export type Normalized = { ok: true; shape: RegionShape } | { ok: false; reason: string };

/**
 * The shape as the store keeps it, or why it is refused: boxes and polygon vertices clamped to
 * the image, a box with no area left refused, a polygon with fewer than three distinct vertices
 * or (almost) no area refused, a point outside the image refused, a mask re-cropped to its tight
 * bounding box and refused when empty, outside the image or not decodable.
 */
export function normalizeShape(shape: RegionShape, width: number, height: number): Normalized {
  switch (shape.kind) {
    case 'box': {
      const b = clampBox(shape, width, height);
      if (b.w <= 0 || b.h <= 0) return { ok: false, reason: 'the box lies outside the image or has no area' };
      return { ok: true, shape: { kind: 'box', ...b } };
    }
    case 'polygon': {
      const pts = dedupeVertices(shape.points.map(([x, y]) => [clamp(x, 0, width), clamp(y, 0, height)] as Vec));
      if (pts.length < 3) return { ok: false, reason: 'a polygon needs at least three distinct vertices' };
      if (polygonArea(pts) < MIN_POLYGON_AREA) return { ok: false, reason: 'the polygon encloses no area' };
      const ring = (r: readonly Vec[]) => r.map((p) => [p[0], p[1]] as [number, number]);
      // A hole with no area left after clamping is no hole: it is dropped, not refused.
      const holes = (shape.holes ?? [])
        .map((h) => dedupeVertices(h.map(([x, y]) => [clamp(x, 0, width), clamp(y, 0, height)] as Vec)))
        .filter((h) => h.length >= 3 && polygonArea(h) >= MIN_POLYGON_AREA);
      if (holes.length > 0 && polygonRegionArea({ points: pts, holes }) < MIN_POLYGON_AREA) return { ok: false, reason: 'the polygon encloses no area outside its holes' };
      return { ok: true, shape: { kind: 'polygon', points: ring(pts), ...(holes.length > 0 ? { holes: holes.map(ring) } : {}) } };
    }
    case 'point': {
      if (shape.x < 0 || shape.y < 0 || shape.x > width || shape.y > height) return { ok: false, reason: 'the point lies outside the image' };
      return { ok: true, shape };
    }
    case 'mask': {
      if (shape.x + shape.w > width || shape.y + shape.h > height) return { ok: false, reason: 'the mask extends outside the image' };
      let bits: Uint8Array;
      try {
        bits = decodeMask(shape.counts, shape.w, shape.h);
      } catch {
        return { ok: false, reason: 'the mask data is damaged (its runs do not match its size)' };
      }
      const tight = tightenCrop({ x: shape.x, y: shape.y, w: shape.w, h: shape.h, bits });
      if (!tight) return { ok: false, reason: 'the mask is empty' };
      if (tight.w === shape.w && tight.h === shape.h) return { ok: true, shape };
      return { ok: true, shape: { kind: 'mask', x: tight.x, y: tight.y, w: tight.w, h: tight.h, counts: encodeMask(tight.bits) } };
    }
  }
}

/** What shapeBounds reads of a shape: a RegionShape fits, and so does the editor's (which carries more). */
export type BoundedShape =
  | { kind: 'box' | 'mask'; x: number; y: number; w: number; h: number }
  | { kind: 'point'; x: number; y: number }
  | { kind: 'polygon'; points: readonly Vec[]; holes?: readonly (readonly Vec[])[] };

/** The axis-aligned bounds of a shape (a point has zero size). */
export function shapeBounds(shape: BoundedShape): { x: number; y: number; w: number; h: number } {
  switch (shape.kind) {
    case 'box':
    case 'mask':
      return { x: shape.x, y: shape.y, w: shape.w, h: shape.h };
    case 'point':
      return { x: shape.x, y: shape.y, w: 0, h: 0 };
    case 'polygon': {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (const [x, y] of shape.points) {
        if (x < x0) x0 = x;
        if (y < y0) y0 = y;
        if (x > x1) x1 = x;
        if (y > y1) y1 = y;
      }
      return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    }
  }
}
