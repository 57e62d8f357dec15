import { type MaskCrop, cropMask, pasteMask, tightenCrop } from '../../../src-main/api/maskCodec.js';
import type { Rect } from '../types.js';

/**
 * Brush painting on a full-resolution mask of the image (one byte per pixel, 0 or 1). A pixel is
 * painted when its centre (i + 0.5, j + 0.5) lies within `radius` of the stroke: a disc for a
 * dab, a capsule (the segment swept by the disc) for a stroke segment. Each row is filled as one
 * span computed in closed form, so the cost is the number of rows touched, not pixels tested.
 */
export interface Raster {
  data: Uint8Array;
  width: number;
  height: number;
  /**
   * Where `data` may hold 1s (null: nowhere). The raster outlives a stroke (it is 16 MB at
   * 4096×4096), so the next stroke clears only this instead of the whole image.
   */
  used: Rect | null;
}

export function createRaster(width: number, height: number): Raster {
  return { data: new Uint8Array(width * height), width, height, used: null };
}

/** Union of two rectangles (either may be null). */
export function unionRect(a: Rect | null, b: Rect | null): Rect | null {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/** Span of the row at height `yc` inside the capsule from a to b of radius r, or null. */
function capsuleSpan(ax: number, ay: number, bx: number, by: number, r: number, nx: number, ny: number, yc: number): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const [cx, cy] of [
    [ax, ay],
    [bx, by],
  ] as const) {
    const dy = yc - cy;
    if (Math.abs(dy) <= r) {
      const half = Math.sqrt(r * r - dy * dy);
      if (cx - half < lo) lo = cx - half;
      if (cx + half > hi) hi = cx + half;
    }
  }
  if (nx !== 0 || ny !== 0) {
    // The band between the two discs: a parallelogram with corners a ± r·n, b ± r·n.
    const q: [number, number][] = [
      [ax + r * nx, ay + r * ny],
      [bx + r * nx, by + r * ny],
      [bx - r * nx, by - r * ny],
      [ax - r * nx, ay - r * ny],
    ];
    for (let i = 0; i < 4; i++) {
      const [px, py] = q[i]!;
      const [qx, qy] = q[(i + 1) % 4]!;
      if (py === qy) continue;
      if ((yc < py && yc < qy) || (yc > py && yc > qy)) continue;
      const x = px + ((yc - py) * (qx - px)) / (qy - py);
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * Paint (value 1) or erase (value 0) the capsule from (ax, ay) to (bx, by) with `radius` into
 * the raster; returns the rectangle of rows/columns that may have changed, or null. The pixel
 * under each end point is always included, so a tiny brush still leaves a mark.
 */
export function paintSegment(r: Raster, ax: number, ay: number, bx: number, by: number, radius: number, value: 0 | 1): Rect | null {
  const rad = Math.max(radius, 0.5);
  const len = Math.hypot(bx - ax, by - ay);
  const nx = len > 0 ? -(by - ay) / len : 0;
  const ny = len > 0 ? (bx - ax) / len : 0;
  const top = Math.max(0, Math.floor(Math.min(ay, by) - rad));
  const bottom = Math.min(r.height - 1, Math.ceil(Math.max(ay, by) + rad));
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let j = top; j <= bottom; j++) {
    const span = capsuleSpan(ax, ay, bx, by, rad, nx, ny, j + 0.5);
    if (!span) continue;
    const i0 = Math.max(0, Math.ceil(span[0] - 0.5));
    const i1 = Math.min(r.width - 1, Math.floor(span[1] - 0.5));
    if (i0 > i1) continue;
    r.data.fill(value, j * r.width + i0, j * r.width + i1 + 1);
    if (i0 < minX) minX = i0;
    if (i1 > maxX) maxX = i1;
    if (j < minY) minY = j;
    if (j > maxY) maxY = j;
  }
  // The pixels under the end points, whatever the radius.
  for (const [px, py] of [
    [ax, ay],
    [bx, by],
  ] as const) {
    const i = Math.floor(px);
    const j = Math.floor(py);
    if (i < 0 || j < 0 || i >= r.width || j >= r.height) continue;
    r.data[j * r.width + i] = value;
    minX = Math.min(minX, i);
    maxX = Math.max(maxX, i);
    minY = Math.min(minY, j);
    maxY = Math.max(maxY, j);
  }
  if (maxX < minX) return null;
  const touched = { x: minX, y: minY, w: maxX - minX + 1, h: maxY - minY + 1 };
  if (value === 1) r.used = unionRect(r.used, touched);
  return touched;
}

export function paintDisc(r: Raster, cx: number, cy: number, radius: number, value: 0 | 1): Rect | null {
  return paintSegment(r, cx, cy, cx, cy, radius, value);
}

/** Start a stroke: clear the raster (where it was used) and put the existing mask (if any) into it. */
export function loadRaster(r: Raster, mask: MaskCrop | null): void {
  clearRaster(r);
  if (!mask) return;
  pasteMask(mask, r.data, r.width, r.height);
  const x = Math.max(0, mask.x);
  const y = Math.max(0, mask.y);
  const w = Math.min(r.width, mask.x + mask.w) - x;
  const h = Math.min(r.height, mask.y + mask.h) - y;
  r.used = w > 0 && h > 0 ? { x, y, w, h } : null;
}

/** Set every pixel to 0, touching only the rows and columns that may hold 1s. */
export function clearRaster(r: Raster): void {
  const u = r.used;
  r.used = null;
  if (!u) return;
  if (u.x === 0 && u.w === r.width) {
    r.data.fill(0, u.y * r.width, (u.y + u.h) * r.width);
    return;
  }
  for (let j = u.y; j < u.y + u.h; j++) r.data.fill(0, j * r.width + u.x, j * r.width + u.x + u.w);
}

/** The mask left in the raster, looking only inside `area` (the old mask and what the stroke touched); null when empty. */
export function cropRaster(r: Raster, area: Rect | null): MaskCrop | null {
  if (!area) return null;
  const x = Math.max(0, area.x);
  const y = Math.max(0, area.y);
  const w = Math.min(r.width, area.x + area.w) - x;
  const h = Math.min(r.height, area.y + area.h) - y;
  if (w <= 0 || h <= 0) return null;
  const crop = cropMask(r.data, r.width, r.height, { x, y, w, h });
  return crop && tightenCrop(crop);
}

/** Whether the mask has pixel (x, y) (image coordinates, any real numbers). */
export function maskHas(m: MaskCrop, x: number, y: number): boolean {
  const i = Math.floor(x) - m.x;
  const j = Math.floor(y) - m.y;
  return i >= 0 && j >= 0 && i < m.w && j < m.h && m.bits[j * m.w + i] === 1;
}

/** The mask moved by whole pixels (the caller keeps it inside the image). */
export function translateMask<M extends MaskCrop>(m: M, dx: number, dy: number): M {
  return { ...m, x: m.x + Math.round(dx), y: m.y + Math.round(dy) };
}
