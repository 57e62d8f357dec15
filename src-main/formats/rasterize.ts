import type { PolygonShape, RegionShape } from '../api/annotations.js';
import { decodeMask, type MaskCrop, tightenCrop } from '../api/maskCodec.js';
import { shapeBounds } from '../api/regionGeometry.js';

/**
 * Filling shapes into a label image (one value per pixel, row-major), with the pixel-centre rule:
 * pixel (i, j) belongs to a shape when (i + 0.5, j + 0.5) lies inside it (even-odd for polygons).
 * Used by the masks and VOC segmentation exports.
 */
export type LabelImage = Uint8Array | Uint16Array;

type Ring = readonly (readonly [number, number])[];

/** A polygon filled even-odd over all its rings: with `holes`, a pixel in a hole is left as it was. */
export function fillPolygon(img: LabelImage, width: number, height: number, points: Ring, value: number, holes: readonly Ring[] = []): void {
  const rings = holes.length > 0 ? [points, ...holes] : [points];
  let top = Infinity;
  let bottom = -Infinity;
  for (const [, y] of points) {
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  }
  const j0 = Math.max(0, Math.ceil(top - 0.5));
  const j1 = Math.min(height - 1, Math.floor(bottom - 0.5));
  const xs: number[] = [];
  for (let j = j0; j <= j1; j++) {
    const yc = j + 0.5;
    xs.length = 0;
    for (const ring of rings) {
      const n = ring.length;
      for (let i = 0; i < n; i++) {
        const [ax, ay] = ring[i]!;
        const [bx, by] = ring[(i + 1) % n]!;
        if (ay > yc !== by > yc) xs.push(ax + ((yc - ay) * (bx - ax)) / (by - ay));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const i0 = Math.max(0, Math.ceil(xs[k]! - 0.5));
      const i1 = Math.min(width - 1, Math.ceil(xs[k + 1]! - 0.5) - 1);
      if (i1 >= i0) img.fill(value, j * width + i0, j * width + i1 + 1);
    }
  }
}

/**
 * A polygon (with its holes) as a mask crop of a width×height image, by the same pixel-centre rule:
 * how COCO gets a polygon with holes (its polygons cannot hold them, its RLE can). Null when it covers no pixel.
 */
export function polygonCrop(shape: Pick<PolygonShape, 'points' | 'holes'>, width: number, height: number): MaskCrop | null {
  const b = shapeBounds({ kind: 'polygon', points: shape.points });
  const left = Math.max(0, Math.floor(b.x));
  const top = Math.max(0, Math.floor(b.y));
  const w = Math.min(width, Math.ceil(b.x + b.w)) - left;
  const h = Math.min(height, Math.ceil(b.y + b.h)) - top;
  if (w <= 0 || h <= 0) return null;
  const shift = (ring: readonly (readonly [number, number])[]) => ring.map(([x, y]) => [x - left, y - top] as [number, number]);
  const bits = new Uint8Array(w * h);
  fillPolygon(bits, w, h, shift(shape.points), 1, (shape.holes ?? []).map(shift));
  return tightenCrop({ x: left, y: top, w, h, bits });
}

export function fillShape(img: LabelImage, width: number, height: number, shape: RegionShape, value: number): void {
  switch (shape.kind) {
    case 'box': {
      const i0 = Math.max(0, Math.ceil(shape.x - 0.5));
      const i1 = Math.min(width - 1, Math.ceil(shape.x + shape.w - 0.5) - 1);
      const j0 = Math.max(0, Math.ceil(shape.y - 0.5));
      const j1 = Math.min(height - 1, Math.ceil(shape.y + shape.h - 0.5) - 1);
      for (let j = j0; j <= j1; j++) if (i1 >= i0) img.fill(value, j * width + i0, j * width + i1 + 1);
      return;
    }
    case 'polygon':
      fillPolygon(img, width, height, shape.points, value, shape.holes);
      return;
    case 'mask': {
      const bits = decodeMask(shape.counts, shape.w, shape.h);
      for (let r = 0; r < shape.h; r++) {
        const y = shape.y + r;
        if (y < 0 || y >= height) continue;
        for (let c = 0; c < shape.w; c++) {
          const x = shape.x + c;
          if (bits[r * shape.w + c] === 1 && x >= 0 && x < width) img[y * width + x] = value;
        }
      }
      return;
    }
    case 'point':
      return; // a point covers no area
  }
}
