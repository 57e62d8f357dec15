import { clampBox } from '../../../src-main/api/regionGeometry.js';
import type { BoxShape, Rect, Vec } from '../types.js';

export { clampBox };

/** The eight resize handles of a box, by compass direction. */
export type BoxHandle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export const BOX_HANDLES: readonly BoxHandle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

export function handlePosition(b: Rect, h: BoxHandle): Vec {
  const x = h.includes('w') ? b.x : h.includes('e') ? b.x + b.w : b.x + b.w / 2;
  const y = h.startsWith('n') ? b.y : h.startsWith('s') ? b.y + b.h : b.y + b.h / 2;
  return [x, y];
}

/** The handle within `tol` of (x, y), nearest first; corners win over edges at equal distance. */
export function hitBoxHandle(b: Rect, x: number, y: number, tol: number): BoxHandle | null {
  let best: BoxHandle | null = null;
  let bestD = tol;
  for (const h of BOX_HANDLES) {
    const [hx, hy] = handlePosition(b, h);
    const d = Math.max(Math.abs(hx - x), Math.abs(hy - y));
    if (d <= bestD && (best === null || d < bestD)) {
      best = h;
      bestD = d;
    }
  }
  return best;
}

/**
 * The box after dragging handle `h` by (dx, dy) from `start`: the edges the handle owns move,
 * the box flips when dragged past its opposite edge, and stays inside the image.
 */
export function resizeBox(start: Rect, h: BoxHandle, dx: number, dy: number, width: number, height: number): Rect {
  let x0 = start.x;
  let y0 = start.y;
  let x1 = start.x + start.w;
  let y1 = start.y + start.h;
  if (h.includes('w')) x0 += dx;
  if (h.includes('e')) x1 += dx;
  if (h.startsWith('n')) y0 += dy;
  if (h.startsWith('s')) y1 += dy;
  return clampBox({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 }, width, height);
}

/** The box spanned by two corner points, clamped to the image. */
export function boxFromCorners(a: Vec, b: Vec, width: number, height: number): Rect {
  return clampBox({ x: a[0], y: a[1], w: b[0] - a[0], h: b[1] - a[1] }, width, height);
}

/** Inside the box, or within `tol` of its border. */
export function hitBox(b: BoxShape | Rect, x: number, y: number, tol: number): 'edge' | 'inside' | null {
  const inX = x >= b.x - tol && x <= b.x + b.w + tol;
  const inY = y >= b.y - tol && y <= b.y + b.h + tol;
  if (!inX || !inY) return null;
  const nearEdge = Math.abs(x - b.x) <= tol || Math.abs(x - (b.x + b.w)) <= tol || Math.abs(y - b.y) <= tol || Math.abs(y - (b.y + b.h)) <= tol;
  return nearEdge ? 'edge' : 'inside';
}
