import { describe, expect, it } from 'vitest';
import { polygonPerimeter, regionAreaPx } from '../../src-main/api/measurements.js';

// A 20 px square with a 10 px square hole in it.
const square = { kind: 'polygon' as const, points: [[0, 0], [20, 0], [20, 20], [0, 20]] as [number, number][], holes: [[[5, 5], [15, 5], [15, 15], [5, 15]]] as [number, number][][] };

describe('a polygon with a hole, measured', () => {
  it('has its area less the hole and its perimeter with the hole edge, in px', () => {
    expect(regionAreaPx(square)).toBe(300);
    expect(polygonPerimeter(square, null)).toEqual({ px: 120, mm: null });
  });

  it('gives the perimeter in mm from a pixel spacing (0.5 mm down, 0.25 mm across)', () => {
    const p = polygonPerimeter(square, { row: 0.5, col: 0.25 });
    expect(p.px).toBe(120);
    // Outline 2 × 5 + 2 × 10 = 30 mm; hole 2 × 2.5 + 2 × 5 = 15 mm.
    expect(p.mm).toBeCloseTo(45, 9);
  });

  it('without holes is the outline alone', () => {
    expect(polygonPerimeter({ points: square.points }, { row: 1, col: 1 })).toEqual({ px: 80, mm: 80 });
  });
});
