import type { Shape } from '../types.js';

/** A shape's area in image pixels: a box w×h, a polygon by the shoelace formula (less its holes), a mask its set pixels, a point 0. */
export function shapeArea(s: Shape): number {
  switch (s.kind) {
    case 'box':
      return s.w * s.h;
    case 'polygon': {
      const ring = (pts: readonly (readonly [number, number])[]) => {
        let a = 0;
        for (let i = 0; i < pts.length; i++) {
          const [x1, y1] = pts[i]!;
          const [x2, y2] = pts[(i + 1) % pts.length]!;
          a += x1 * y2 - x2 * y1;
        }
        return Math.abs(a) / 2;
      };
      // Holes are not part of the region.
      let area = ring(s.points);
      for (const h of s.holes ?? []) area -= ring(h);
      return Math.max(0, area);
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
