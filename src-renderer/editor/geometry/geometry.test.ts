import { describe, expect, it } from 'vitest';
import { maskArea } from '../../../src-main/api/maskCodec.js';
import { regionShapeOf, shapeFromRegion } from '../regions.js';
import type { Shape, Vec } from '../types.js';
import { shapeArea } from './area.js';
import { boxFromCorners, clampBox, hitBoxHandle, resizeBox } from './box.js';
import { createRaster, cropRaster, loadRaster, paintDisc, paintSegment } from './maskOps.js';
import { checkPolygon, hitEdge, pointInPolygon, polygonArea, polygonSelfIntersects } from './polygon.js';
import { clampTranslation, hitShape, shapeAt, translateShape } from './shapes.js';

describe('boxes', () => {
  it('clamps to the image and normalises a box dragged backwards', () => {
    expect(clampBox({ x: 90, y: -5, w: 20, h: 10 }, 100, 50)).toEqual({ x: 90, y: 0, w: 10, h: 5 });
    expect(clampBox({ x: 30, y: 30, w: -20, h: -40 }, 100, 50)).toEqual({ x: 10, y: 0, w: 20, h: 30 });
    expect(clampBox({ x: 120, y: 10, w: 5, h: 5 }, 100, 50)).toEqual({ x: 100, y: 10, w: 0, h: 5 });
    expect(boxFromCorners([0, 0], [100, 50], 100, 50)).toEqual({ x: 0, y: 0, w: 100, h: 50 });
  });

  it('finds the handle under the pointer and resizes by it', () => {
    const b = { x: 10, y: 10, w: 40, h: 20 };
    expect(hitBoxHandle(b, 50, 30, 3)).toBe('se');
    expect(hitBoxHandle(b, 30, 10, 3)).toBe('n');
    expect(hitBoxHandle(b, 30, 20, 3)).toBeNull();
    expect(resizeBox(b, 'e', 100, 100, 80, 80)).toEqual({ x: 10, y: 10, w: 70, h: 20 });
    expect(resizeBox(b, 'nw', 50, 0, 80, 80)).toEqual({ x: 50, y: 10, w: 10, h: 20 });
  });
});

describe('polygons', () => {
  const square: Vec[] = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ];

  it('measures area whichever way the vertices turn', () => {
    expect(polygonArea(square)).toBe(100);
    expect(polygonArea([...square].reverse())).toBe(100);
    expect(polygonArea([[0, 0], [4, 0], [0, 3]])).toBe(6);
  });

  it('refuses degenerate polygons: fewer than three distinct vertices, or no area', () => {
    expect(checkPolygon([[1, 1], [5, 5]], 100, 100)).toEqual({ ok: false, reason: 'too-few-vertices' });
    expect(checkPolygon([[1, 1], [1, 1], [1, 1], [5, 5]], 100, 100)).toEqual({ ok: false, reason: 'too-few-vertices' });
    expect(checkPolygon([[0, 0], [5, 5], [10, 10]], 100, 100)).toEqual({ ok: false, reason: 'no-area' });
    // Squashed flat against the image border by clamping.
    expect(checkPolygon([[-5, 10], [-10, 20], [-20, 15]], 100, 100)).toEqual({ ok: false, reason: 'no-area' });
    expect(checkPolygon(square, 100, 100)).toEqual({ ok: true, points: square, selfIntersecting: false });
  });

  it('flags self-intersection, not touching neighbours', () => {
    expect(polygonSelfIntersects(square)).toBe(false);
    expect(polygonSelfIntersects([[0, 0], [10, 10], [10, 0], [0, 10]])).toBe(true);
    // A concave (arrow) shape does not cross itself.
    expect(polygonSelfIntersects([[0, 0], [10, 5], [0, 10], [4, 5]])).toBe(false);
    // A vertex touching a non-adjacent edge counts.
    expect(polygonSelfIntersects([[0, 0], [10, 0], [10, 10], [5, 0], [0, 10]])).toBe(true);
    expect(checkPolygon([[0, 0], [20, 10], [20, 0], [0, 8]], 100, 100)).toMatchObject({ ok: true, selfIntersecting: true });
  });

  it('hit tests the inside and the edges', () => {
    expect(pointInPolygon(square, 5, 5)).toBe(true);
    expect(pointInPolygon(square, 15, 5)).toBe(false);
    expect(hitEdge(square, 5, 0.5, 1)).toEqual({ index: 0, point: [5, 0] });
    expect(hitEdge(square, 5, 5, 1)).toBeNull();
  });
});

describe('shapes', () => {
  it('keeps a moved set of shapes inside the image, whole pixels when a mask moves', () => {
    const b = { id: 'a', kind: 'box' as const, classId: 1, remoteId: null, x: 10, y: 10, w: 20, h: 20 };
    expect(clampTranslation([b], 100, -50, 50, 50)).toEqual([20, -10]);
    const m = { id: 'm', kind: 'mask' as const, classId: 1, remoteId: null, x: 5, y: 5, w: 2, h: 2, bits: new Uint8Array(4).fill(1) };
    expect(clampTranslation([m], 1.4, 2.6, 50, 50)).toEqual([1, 3]);
  });

  it('prefers outlines over areas, then the shape on top', () => {
    const big = { id: 'big', kind: 'box' as const, classId: 1, remoteId: null, x: 0, y: 0, w: 100, h: 100 };
    const pt = { id: 'pt', kind: 'point' as const, classId: 1, remoteId: null, x: 50, y: 50 };
    expect(shapeAt([pt, big], 51, 51, 3)?.id).toBe('pt');
    expect(shapeAt([pt, big], 70, 70, 3)?.id).toBe('big');
    expect(shapeAt([pt, big], 170, 70, 3)).toBeNull();
  });
});

describe('mask painting at full resolution', () => {
  it('a dab covers the pixels whose centres are within the radius', () => {
    const r = createRaster(20, 20);
    const dirty = paintDisc(r, 10, 10, 2, 1);
    // Centres (i+0.5, j+0.5) within 2 of (10, 10): a 4×4 block minus nothing = 12 pixels (corners out).
    expect(maskArea(r.data)).toBe(12);
    expect(dirty).toEqual({ x: 8, y: 8, w: 4, h: 4 });
  });

  it('a segment paints the capsule between its ends and reports what it touched', () => {
    const r = createRaster(100, 50);
    const d = paintSegment(r, 10, 25, 90, 25, 3, 1)!;
    expect(d).toEqual({ x: 7, y: 22, w: 86, h: 6 });
    expect(r.data[25 * 100 + 50]).toBe(1);
    expect(r.data[20 * 100 + 50]).toBe(0);
    // A diagonal stroke: every pixel on the way is painted (no gaps between samples).
    const r2 = createRaster(100, 100);
    paintSegment(r2, 5, 5, 95, 95, 0.5, 1);
    for (let i = 5; i < 95; i++) expect(r2.data[i * 100 + i]).toBe(1);
  });

  it('erases, crops to what is left, and clips at the image edge', () => {
    const r = createRaster(30, 30);
    paintSegment(r, 5, 15, 25, 15, 4, 1);
    paintSegment(r, 15, 0, 15, 30, 100, 0);
    expect(maskArea(r.data)).toBe(0);
    expect(cropRaster(r, { x: 0, y: 0, w: 30, h: 30 })).toBeNull();
    const edge = paintDisc(r, 0, 0, 5, 1)!;
    expect(edge.x).toBe(0);
    expect(edge.y).toBe(0);
    const crop = cropRaster(r, edge)!;
    expect({ x: crop.x, y: crop.y }).toEqual({ x: 0, y: 0 });
    expect(maskArea(crop.bits)).toBe(maskArea(r.data));
  });

  it('the next stroke starts from an empty raster holding only the mask it continues', () => {
    const r = createRaster(40, 30);
    paintSegment(r, 0, 0, 39, 29, 3, 1); // corner to corner: every column
    loadRaster(r, null);
    expect(maskArea(r.data)).toBe(0);
    paintDisc(r, 20, 15, 4, 1);
    paintDisc(r, 38, 2, 2, 1);
    paintSegment(r, 30, 25, 39, 25, 1, 0); // erasing marks nothing
    loadRaster(r, { x: 2, y: 20, w: 3, h: 2, bits: Uint8Array.from([1, 0, 1, 0, 1, 0]) });
    expect(maskArea(r.data)).toBe(3);
    expect([r.data[20 * 40 + 2], r.data[20 * 40 + 4], r.data[21 * 40 + 3]]).toEqual([1, 1, 1]);
    loadRaster(r, null);
    expect(maskArea(r.data)).toBe(0);
  });

  it('a brush smaller than a pixel still marks the pixel under it', () => {
    const r = createRaster(10, 10);
    paintDisc(r, 3.9, 7.2, 0.1, 1);
    expect(maskArea(r.data)).toBe(1);
    expect(r.data[7 * 10 + 3]).toBe(1);
  });
});

describe('a polygon with a hole', () => {
  const ring: Shape = {
    id: 'p',
    kind: 'polygon',
    classId: 1,
    remoteId: 7,
    points: [[10, 10], [70, 10], [70, 50], [10, 50]],
    holes: [[[30, 20], [50, 20], [50, 40], [30, 40]]],
  };

  it('covers its outline less its hole: a click in the hole picks what is under it', () => {
    expect(shapeArea(ring)).toBe(60 * 40 - 20 * 20);
    expect(hitShape(ring, 20, 30, 1)).toBe('area');
    expect(hitShape(ring, 40, 30, 1)).toBeNull();
    expect(hitShape(ring, 30.5, 30, 1)).toBe('outline');
    const under: Shape = { id: 'b', kind: 'box', classId: 1, remoteId: 8, x: 35, y: 25, w: 10, h: 10 };
    expect(shapeAt([under, ring], 40, 30, 1)?.id).toBe('b');
  });

  it('moves with its hole, and travels to the contract and back with it', () => {
    const moved = translateShape(ring, 5, -2) as Extract<Shape, { kind: 'polygon' }>;
    expect(moved.holes![0]![0]).toEqual([35, 18]);
    const region = regionShapeOf(ring);
    expect(region).toEqual({ kind: 'polygon', points: [[10, 10], [70, 10], [70, 50], [10, 50]], holes: [[[30, 20], [50, 20], [50, 40], [30, 40]]] });
    const back = shapeFromRegion({ id: 7, imageId: 1, classId: 1, shape: region, author: 'a', createdAt: 0, updatedAt: 0, note: null });
    expect(back).toMatchObject({ kind: 'polygon', points: ring.kind === 'polygon' ? ring.points : [], holes: ring.kind === 'polygon' ? ring.holes : [] });
  });
});
