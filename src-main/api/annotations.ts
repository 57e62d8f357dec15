import { z } from 'zod';
import { Id, Ids } from './common.js';

/**
 * Region annotations (boxes, polygons, points, masks) of one image. Every coordinate is in pixels
 * of the upright image (EXIF orientation applied), origin at the top-left corner, x to the right,
 * y down; a pixel (i, j) covers [i, i+1) × [j, j+1). Image-level tags are not regions: they stay
 * in `labels.*`. Undo and redo go through `labels.undo` / `labels.redo`, which step back through
 * one history shared by tags, status, splits and regions.
 */

const Coord = z.number().min(-1e7).max(1e7);
const Size = z.number().positive().max(1e7);
const PixelIndex = z.number().int().min(0).max(1_000_000);
const PixelSize = z.number().int().min(1).max(1_000_000);

/** Most vertices a polygon may have. */
export const MAX_POLYGON_VERTICES = 100_000;

export const BoxShape = z.object({ kind: z.literal('box'), x: Coord, y: Coord, w: Size, h: Size }).strict();
/** A closed polygon: the last vertex connects back to the first (not repeated). */
export const PolygonShape = z.object({ kind: z.literal('polygon'), points: z.array(z.tuple([Coord, Coord])).min(3).max(MAX_POLYGON_VERTICES) }).strict();
export const PointShape = z.object({ kind: z.literal('point'), x: Coord, y: Coord }).strict();
/**
 * A brush mask: its bounding box in whole pixels and the run lengths of the box's pixels read row
 * by row, starting with background, as text in COCO's compressed alphabet (see maskCodec.ts).
 */
export const MaskShape = z
  .object({ kind: z.literal('mask'), x: PixelIndex, y: PixelIndex, w: PixelSize, h: PixelSize, counts: z.string().min(1).max(64_000_000) })
  .strict();

export const RegionShape = z.discriminatedUnion('kind', [BoxShape, PolygonShape, PointShape, MaskShape]);
export type RegionShape = z.infer<typeof RegionShape>;
export type RegionKind = RegionShape['kind'];
export type BoxShape = z.infer<typeof BoxShape>;
export type PolygonShape = z.infer<typeof PolygonShape>;
export type PointShape = z.infer<typeof PointShape>;
export type MaskShape = z.infer<typeof MaskShape>;

/**
 * A person's note on one region: up to 2,000 characters, no control characters except newline.
 * An empty note is no note (stored as null).
 */
export const RegionNote = z
  .string()
  .max(2000)
  .refine((s) => !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(s), 'a note without control characters (newlines are fine)');

export const Region = z.object({
  id: z.number().int(),
  imageId: z.number().int(),
  classId: z.number().int(),
  shape: RegionShape,
  author: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  /** The person's note on the region; null or absent when there is none. */
  note: z.string().nullable().optional(),
});
export type Region = z.infer<typeof Region>;

export const RegionList = z.object({
  imageId: z.number().int(),
  /** Upright size of the image: the space the shapes live in. */
  width: z.number().int(),
  height: z.number().int(),
  regions: z.array(Region),
});
export type RegionList = z.infer<typeof RegionList>;

/** The region assists `annotations.segment` runs (SAM-family models come in a later version). */
export const SegmentMethod = z.enum(['wand', 'grabcut', 'threshold']);
export type SegmentMethod = z.infer<typeof SegmentMethod>;

/** A click of an assist: for the wand a seed (negative: its fill is taken away), for GrabCut a foreground/background hint. */
const SegmentPoint = z.object({ x: Coord, y: Coord, positive: z.boolean().default(true) }).strict();

export const SegmentParams = z
  .object({
    imageId: Id,
    classId: Id,
    method: SegmentMethod,
    /** wand: the seeds, in order (at least one positive); grabcut: hints after the box. */
    points: z.array(SegmentPoint).max(1000).optional(),
    /** grabcut and threshold: the box the object lies in. */
    box: z.object({ x: Coord, y: Coord, w: Size, h: Size }).strict().optional(),
    /** wand: how far (0–255 per channel) from the seed's colour a pixel may be. Default 32. */
    tolerance: z.number().min(0).max(255).optional(),
    /** threshold: the grey level (0–255); Otsu's when absent. */
    level: z.number().int().min(0).max(255).optional(),
    /** threshold: whether the object is brighter or darker than the level; `auto` decides from the box's edge. */
    polarity: z.enum(['auto', 'brighter', 'darker']).optional(),
    /** grabcut: iterations of each round (1–20). Default 5. */
    iterations: z.number().int().min(1).max(20).optional(),
    /** wand: 4- or 8-connected fill. Default 8. */
    connectivity: z.union([z.literal(4), z.literal(8)]).optional(),
    /** grabcut: radius of each hint point in image pixels. */
    hintRadius: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const annotationsMethods = {
  /** The live regions of an image, oldest first (the drawing order). */
  'annotations.list': { params: z.object({ imageId: Id }).strict(), result: RegionList },
  /**
   * Add a region. Boxes are clamped to the image; a shape with no area left, a polygon with fewer
   * than three distinct vertices, or a mask that does not decode is refused (BAD_PARAMS).
   */
  'annotations.create': { params: z.object({ imageId: Id, classId: Id, shape: RegionShape }).strict(), result: Region },
  /** Change a region's class and/or geometry (same kind), as one undoable command. */
  'annotations.update': {
    params: z.object({ id: Id, classId: Id.optional(), shape: RegionShape.optional() }).strict(),
    result: Region,
  },
  /** Change several regions at once (a moved or relabeled selection), as one undoable command. */
  'annotations.updateMany': {
    params: z.object({ changes: z.array(z.object({ id: Id, classId: Id.optional(), shape: RegionShape.optional() }).strict()).min(1).max(10_000) }).strict(),
    result: z.array(Region),
  },
  /** Set (or, with null or '', clear) a region's note, as one undoable command. */
  'annotations.setNote': { params: z.object({ id: Id, note: RegionNote.nullable() }).strict(), result: Region },
  /**
   * Make a mask region with a classic assist (magic wand, GrabCut, threshold in a box) on the
   * upright image, as one undoable command. Nothing found is BAD_PARAMS with what to change.
   */
  'annotations.segment': { params: SegmentParams, result: z.object({ region: Region, area: z.number().int() }) },
  /**
   * Copy a region to every image of the same size and source (the same folder: the frames of one
   * file, a DICOM series, a folder of frames), as one undoable command: the burned-in banner of an
   * ultrasound sits in the same place on every frame. Images that already have the same region
   * are left as they are.
   */
  'annotations.applyToSimilar': { params: z.object({ id: Id }).strict(), result: z.object({ created: z.number().int(), images: z.array(Id) }) },
  /** Delete regions (of any images), as one undoable command. */
  'annotations.delete': { params: z.object({ ids: Ids }).strict(), result: z.object({ deleted: z.number().int() }) },
} as const;
