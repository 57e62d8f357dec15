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
/** Most holes a polygon may have. */
export const MAX_POLYGON_HOLES = 10_000;

/** A closed ring of vertices: the last connects back to the first (not repeated). */
const Ring = z.array(z.tuple([Coord, Coord])).min(3).max(MAX_POLYGON_VERTICES);

/** Vertices of a polygon, its holes' included. */
export function polygonVertexCount(p: { points: readonly unknown[]; holes?: readonly (readonly unknown[])[] }): number {
  let n = p.points.length;
  for (const h of p.holes ?? []) n += h.length;
  return n;
}

/**
 * A closed polygon: `points` its outline; `holes` (optional) rings inside it that are not part of
 * the region (a mask with a hole, outlined). Filled even-odd: a pixel is inside when it is inside
 * the outline and in no hole. At most MAX_POLYGON_VERTICES vertices in all.
 */
export const PolygonShape = z
  .object({ kind: z.literal('polygon'), points: Ring, holes: z.array(Ring).max(MAX_POLYGON_HOLES).optional() })
  .strict()
  .refine((p) => polygonVertexCount(p) <= MAX_POLYGON_VERTICES, { message: `a polygon has at most ${MAX_POLYGON_VERTICES} vertices, its holes' included`, path: ['holes'] });
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

/** The region assists `annotations.segment` runs; `sam` runs the user's own SAM-family model pair. */
export const SegmentMethod = z.enum(['wand', 'grabcut', 'threshold', 'sam']);
export type SegmentMethod = z.infer<typeof SegmentMethod>;

/** A click of an assist: for the wand a seed (negative: its fill is taken away), for GrabCut a foreground/background hint. */
const SegmentPoint = z.object({ x: Coord, y: Coord, positive: z.boolean().default(true) }).strict();

/**
 * A SAM-family model as two ONNX files in the segment-anything export layout, by absolute path on
 * this machine. They are referenced, never copied into the dataset (the cache keys on their SHA-256).
 */
export const SamModelPaths = z.object({ encoder: z.string().min(1).max(4096), decoder: z.string().min(1).max(4096) }).strict();
/**
 * A SAM pair: its two files by path, or a pair of the per-user model registry (`models.*`, kind
 * `sam`) by its id (the encoder's SHA-256, or a unique prefix of it) or its name.
 */
export const SamModelRef = z.union([SamModelPaths, z.object({ id: z.string().min(1).max(200) }).strict()]);
export type SamModelRef = z.infer<typeof SamModelRef>;

/**
 * The dataset setting that remembers the SAM pair the region tool uses: `{id}` of a registered
 * pair (the encoder's hash, so the same pair registered on another machine is found there too).
 * Older datasets hold `{encoder, decoder}` paths: the tool registers that pair and stores its id.
 */
export const SAM_MODEL_SETTING = 'sam.model';

/**
 * The window/level the person is looking through, as the viewer applies it to the displayed 8-bit
 * picture (DICOM and 16-bit images through their display window): out = in × slope + intercept in
 * 0–1 units, clamped. The assist then sees what is on screen. Absent: as displayed.
 */
export const DisplayTransfer = z.object({ slope: z.number().min(-1e6).max(1e6), intercept: z.number().min(-1e6).max(1e6) }).strict();
export type DisplayTransfer = z.infer<typeof DisplayTransfer>;

/** A SAM prompt: clicks (positive: object, negative: background) and/or a box, on one image. */
export const SamPromptParams = z
  .object({
    imageId: Id,
    model: SamModelRef,
    points: z.array(SegmentPoint).max(100).optional(),
    box: z.object({ x: Coord, y: Coord, w: Size, h: Size }).strict().optional(),
    /** The on-screen window/level: the encoder sees the picture through it (an embedding per window). */
    display: DisplayTransfer.optional(),
  })
  .strict();

/** What SAM made of a prompt: the mask (upright pixels), its area, the model's own score, and whether the embedding was cached. */
export const SamPreview = z.object({
  mask: MaskShape.nullable(),
  area: z.number().int(),
  score: z.number(),
  embedding: z.enum(['computed', 'cached']),
});
export type SamPreview = z.infer<typeof SamPreview>;

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
    /** sam: the encoder and decoder files, or a registered pair's id or name (points and/or box are the prompt). */
    model: SamModelRef.optional(),
    /** The on-screen window/level (see DisplayTransfer). */
    display: DisplayTransfer.optional(),
  })
  .strict();

/** A preview's mask, in the same form as a stored mask region (null: nothing found). */
const PreviewMask = MaskShape.nullable();

/** One clean-up step on a mask; sizes in image pixels. */
export const CleanStep = z.discriminatedUnion('op', [
  z.object({ op: z.literal('fillHoles') }).strict(),
  z.object({ op: z.literal('removeIslands'), minArea: z.number().int().min(1).max(100_000_000) }).strict(),
  z.object({ op: z.literal('smooth'), radius: z.number().int().min(1).max(256) }).strict(),
  z.object({ op: z.literal('grow'), px: z.number().int().min(1).max(256) }).strict(),
  z.object({ op: z.literal('shrink'), px: z.number().int().min(1).max(256) }).strict(),
]);
export type CleanStep = z.infer<typeof CleanStep>;

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
   * Make a mask region with a classic assist (magic wand, GrabCut, threshold in a box) or the
   * user's SAM model pair (`method: 'sam'`, `model`, points and/or a box) on the upright image, as
   * one undoable command. Nothing found is BAD_PARAMS with what to change; a model pair that is not
   * in the segment-anything layout is BAD_FILE naming what is wrong.
   */
  'annotations.segment': { params: SegmentParams, result: z.object({ region: Region, area: z.number().int() }) },
  /**
   * Copy a region to every image of the same size and source (the same folder: the frames of one
   * file, a DICOM series, a folder of frames), as one undoable command: the burned-in banner of an
   * ultrasound sits in the same place on every frame. Images that already have the same region
   * are left as they are.
   */
  'annotations.applyToSimilar': { params: z.object({ id: Id }).strict(), result: z.object({ created: z.number().int(), images: z.array(Id) }) },
  /**
   * The mask a SAM model pair makes of a prompt, written nowhere: the region tool's preview after
   * each click. The image's embedding is computed once (a `sam.embed` job, with progress events)
   * and cached under .lightbox/cache/sam/.
   */
  'annotations.samPreview': { params: SamPromptParams, result: SamPreview },
  /**
   * What `annotations.segment` would make, without storing anything: the preview an assist tool
   * shows while the person adjusts it (tolerance, seeds, hints, level). Nothing found is a null mask.
   * threshold also answers the level and polarity it used (Otsu's level when none was given).
   */
  'annotations.segmentPreview': {
    params: SegmentParams.omit({ classId: true }),
    result: z.object({ mask: PreviewMask, area: z.number().int(), level: z.number().int().optional(), polarity: z.enum(['brighter', 'darker']).optional() }),
  },
  /**
   * Get an image ready for the classic assists before the first click (the wand, GrabCut or
   * threshold tool was picked): decoded as displayed, through `display`, and held by the vision
   * thread with its grey plane, so the first preview costs what the later ones do. Stores nothing;
   * `held` is false when the image is too large to hold (the assists still work, each call slower).
   */
  'annotations.segmentPrepare': {
    params: z.object({ imageId: Id, display: DisplayTransfer.optional() }).strict(),
    result: z.object({ held: z.boolean() }),
  },
  /** A mask of an image after clean-up steps (fill holes, remove islands, smooth, grow, shrink), without storing it. */
  'annotations.cleanMask': {
    params: z.object({ imageId: Id, mask: MaskShape, steps: z.array(CleanStep).min(1).max(20) }).strict(),
    result: z.object({ mask: PreviewMask, area: z.number().int() }),
  },
  /**
   * A mask as polygons, one per connected part with its holes (`holes`),
   * simplified within `tolerance` px; or polygons as one mask. Nothing is stored.
   */
  'annotations.convertShape': {
    params: z
      .object({ imageId: Id, to: z.enum(['polygon', 'mask']), shapes: z.array(z.union([MaskShape, PolygonShape])).min(1).max(1000), tolerance: z.number().min(0).max(100).optional() })
      .strict(),
    result: z.object({ shapes: z.array(z.union([MaskShape, PolygonShape])) }),
  },
  /**
   * Delete some regions of an image and add others in their place as one undoable command (a mask
   * turned into polygons, polygons into a mask).
   */
  'annotations.replace': {
    params: z
      .object({ imageId: Id, deleteIds: z.array(Id).max(10_000), create: z.array(z.object({ classId: Id, shape: RegionShape }).strict()).min(1).max(1000) })
      .strict(),
    result: z.object({ regions: z.array(Region) }),
  },
  /** Delete regions (of any images), as one undoable command. */
  'annotations.delete': { params: z.object({ ids: Ids }).strict(), result: z.object({ deleted: z.number().int() }) },
} as const;
