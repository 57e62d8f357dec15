import { z } from 'zod';
import { Id, Ok } from './common.js';
import { decodeMask, maskArea } from './maskCodec.js';
import { polygonRegionArea } from './regionGeometry.js';
import type { RegionShape } from './annotations.js';

/**
 * Measurements in millimetres: region areas and ruler lengths from an image's pixel spacing
 * (ImageRow.medical.pixelSpacing), and the rulers themselves. Coordinates are upright-image
 * pixels. The functions here are pure, so the workspace and the CLI measure the same way.
 */

/** mm between rows (the y direction) and between columns (x), as DICOM PixelSpacing gives them. */
export interface Spacing {
  row: number;
  col: number;
}

type Point = readonly [number, number];

/** A region's area in image pixels: a box w × h, a polygon by the shoelace formula (less its holes), a mask its set pixels, a point 0. */
export function regionAreaPx(shape: RegionShape): number {
  switch (shape.kind) {
    case 'box':
      return shape.w * shape.h;
    case 'polygon':
      return polygonRegionArea(shape);
    case 'mask':
      return maskArea(decodeMask(shape.counts, shape.w, shape.h));
    case 'point':
      return 0;
  }
}

/** Pixels to mm²: each pixel is `row` × `col` mm. */
export function areaMm2(px: number, spacing: Spacing | null | undefined): number | null {
  return spacing ? px * spacing.row * spacing.col : null;
}

/** Length of a segment in pixels, and in mm when the spacing is known (x steps are `col` mm, y steps `row` mm). */
export function segmentLength(from: Point, to: Point, spacing: Spacing | null | undefined): { px: number; mm: number | null } {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  return { px: Math.hypot(dx, dy), mm: spacing ? Math.hypot(dx * spacing.col, dy * spacing.row) : null };
}

/**
 * A polygon region's boundary length: its outline's plus every hole's (a hole's edge is boundary
 * too: a ring-shaped lesion has an inner and an outer rim), in pixels and in mm (null without spacing).
 */
export function polygonPerimeter(shape: { points: readonly Point[]; holes?: readonly (readonly Point[])[] }, spacing: Spacing | null | undefined): { px: number; mm: number | null } {
  let px = 0;
  let mm = 0;
  for (const ring of [shape.points, ...(shape.holes ?? [])]) {
    for (let i = 0; i < ring.length; i++) {
      const len = segmentLength(ring[i]!, ring[(i + 1) % ring.length]!, spacing);
      px += len.px;
      mm += len.mm ?? 0;
    }
  }
  return { px, mm: spacing ? mm : null };
}

const Coord = z.number().min(0).max(1_000_000);
const End = z.tuple([Coord, Coord]);

export const PixelSpacingInfo = z.object({ row: z.number(), col: z.number(), source: z.enum(['PixelSpacing', 'ImagerPixelSpacing']) });

export const Ruler = z.object({
  id: z.number().int(),
  imageId: z.number().int(),
  from: End,
  to: End,
  lengthPx: z.number(),
  /** Null when the image has no pixel spacing: only pixels can be said. */
  lengthMm: z.number().nullable(),
  author: z.string().nullable(),
  createdAt: z.number().int(),
});
export type Ruler = z.infer<typeof Ruler>;

/** Most rulers one image keeps. */
export const MAX_RULERS_PER_IMAGE = 1000;

export const RegionMeasurement = z.object({
  id: z.number().int(),
  classId: z.number().int(),
  className: z.string(),
  kind: z.enum(['box', 'polygon', 'mask', 'point']),
  areaPx: z.number(),
  areaMm2: z.number().nullable(),
  /** Polygons only: the outline's length plus its holes' (null for other kinds; mm also null without spacing). */
  perimeterPx: z.number().nullable(),
  perimeterMm: z.number().nullable(),
});

export const ImageMeasurements = z.object({
  imageId: z.number().int(),
  path: z.string(),
  spacing: PixelSpacingInfo.nullable(),
  regions: z.array(RegionMeasurement),
  rulers: z.array(Ruler),
});
export type ImageMeasurements = z.infer<typeof ImageMeasurements>;

export const measurementsMethods = {
  /** The rulers of an image, oldest first, with the spacing their mm come from. */
  'measurements.rulers': { params: z.object({ imageId: Id }).strict(), result: z.object({ spacing: PixelSpacingInfo.nullable(), rulers: z.array(Ruler) }) },
  /** Keep a ruler (both ends inside the image, not one point), as one undoable command. */
  'measurements.addRuler': { params: z.object({ imageId: Id, from: End, to: End }).strict(), result: Ruler },
  /** Remove a ruler, as one undoable command. */
  'measurements.deleteRuler': { params: z.object({ id: Id }).strict(), result: Ok },
  /** Every image with a region or a ruler: areas in px and mm² (a polygon's less its holes), polygon perimeters (holes' edges included), ruler lengths. */
  'measurements.list': { params: z.object({}).strict(), result: z.object({ images: z.array(ImageMeasurements) }) },
} as const;
