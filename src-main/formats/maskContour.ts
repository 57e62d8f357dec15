import type { MaskCrop } from '../api/maskCodec.js';

/**
 * The outer outline of each connected part of a mask (8-connected), as polygons along pixel
 * edges (vertices on pixel corners, only where the outline turns). Filled with the pixel-centre
 * rule, each polygon gives back its part exactly, holes filled: what "outer contour" means for
 * YOLO segmentation lines. Parts are returned top to bottom.
 */
export function maskOutlines(m: MaskCrop): [number, number][][] {
  const { w, h, bits } = m;
  const label = new Int32Array(w * h);
  const out: [number, number][][] = [];
  let next = 0;
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (bits[start] !== 1 || label[start] !== 0) continue;
    const id = ++next;
    // Label the part (8-connected flood fill).
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const p = stack.pop()!;
      const px = p % w;
      const py = (p - px) / w;
      for (let dy = -1; dy <= 1; dy++) {
        const y = py + dy;
        if (y < 0 || y >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const x = px + dx;
          if (x < 0 || x >= w) continue;
          const q = y * w + x;
          if (bits[q] === 1 && label[q] === 0) {
            label[q] = id;
            stack.push(q);
          }
        }
      }
    }
    // `start` is the part's top-left pixel (first in row-major order): trace from its top-left corner.
    const sx = start % w;
    const sy = (start - sx) / w;
    out.push(trace(label, w, h, id, sx, sy).map(([x, y]) => [x + m.x, y + m.y]));
  }
  return out;
}

const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/** Walk the outline on the pixel-corner lattice keeping the part on the right (y down). */
function trace(label: Int32Array, w: number, h: number, id: number, sx: number, sy: number): [number, number][] {
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && label[y * w + x] === id;
  const pts: [number, number][] = [];
  let cx = sx;
  let cy = sy;
  let d = 0;
  const limit = 4 * (w + 1) * (h + 1) + 8;
  for (let steps = 0; steps < limit; steps++) {
    cx += DX[d]!;
    cy += DY[d]!;
    // The two pixels ahead of the corner, left and right of the heading.
    let al: boolean;
    let ar: boolean;
    switch (d) {
      case 0:
        al = inside(cx, cy - 1);
        ar = inside(cx, cy);
        break;
      case 1:
        al = inside(cx, cy);
        ar = inside(cx - 1, cy);
        break;
      case 2:
        al = inside(cx - 1, cy);
        ar = inside(cx - 1, cy - 1);
        break;
      default:
        al = inside(cx - 1, cy - 1);
        ar = inside(cx, cy - 1);
    }
    const nd = al ? (d + 3) % 4 : ar ? d : (d + 1) % 4;
    if (nd !== d) pts.push([cx, cy]);
    d = nd;
    if (cx === sx && cy === sy && d === 0) break;
  }
  // The start corner is found last; put it first, so the outline starts at the part's top-left.
  if (pts.length > 0) pts.unshift(pts.pop()!);
  return pts;
}
