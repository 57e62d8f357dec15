import type { Shape } from '../types.js';

/** A shape's area in image pixels: a box w×h, a polygon by the shoelace formula, a mask its set pixels, a point 0. */
export function shapeArea(s: Shape): number {
  switch (s.kind) {
    case 'box':
      return s.w * s.h;
    case 'polygon': {
      let a = 0;
      for (let i = 0; i < s.points.length; i++) {
        const [x1, y1] = s.points[i]!;
        const [x2, y2] = s.points[(i + 1) % s.points.length]!;
        a += x1 * y2 - x2 * y1;
      }
      return Math.abs(a) / 2;
    }
    case 'mask': {
      let n = 0;
      for (let i = 0; i < s.bits.length; i++) n += s.bits[i]!;
      return n;
    }
    case 'point':
      return 0;
  }
}
