import { z } from 'zod';
import { Id, Ids, ImageSource, ImageStatus, Ok, RelPath, Split } from './common.js';

/**
 * What a DICOM file (or a 16-bit image) says about its values and geometry, for showing real
 * units. Patient fields are never part of it.
 */
export const MedicalInfo = z.object({
  /** DICOM Modality ('CT', 'MR', 'CR', ...), or null for a 16-bit PNG/TIFF. */
  modality: z.string().nullable(),
  /** MONOCHROME1 (shown inverted), MONOCHROME2, RGB, ...; null for a 16-bit PNG/TIFF (greyscale). */
  photometric: z.string().nullable(),
  bitsStored: z.number().int().nullable(),
  /** Modality LUT: value = stored × slope + intercept (Hounsfield units for CT). */
  rescaleSlope: z.number(),
  rescaleIntercept: z.number(),
  rescaleType: z.string().nullable(),
  /** The file's first VOI window, in modality values; null when the file has none. */
  window: z.object({ center: z.number(), width: z.number() }).nullable(),
  /** Millimetres between rows and between columns; `source` ImagerPixelSpacing means at the detector. */
  pixelSpacing: z.object({ row: z.number(), col: z.number(), source: z.enum(['PixelSpacing', 'ImagerPixelSpacing']) }).nullable(),
  seriesNumber: z.number().int().nullable(),
  instanceNumber: z.number().int().nullable(),
  seriesDescription: z.string().nullable(),
  /** Frames in the file this image comes from (1 for a single-frame file). */
  frames: z.number().int(),
});
export type MedicalInfo = z.infer<typeof MedicalInfo>;

export const ImageRow = z.object({
  id: z.number().int(),
  path: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  format: z.string().nullable(),
  status: ImageStatus,
  split: Split.nullable(),
  source: ImageSource,
  /** Why the file cannot be shown, or null when it is readable. */
  error: z.string().nullable(),
  missing: z.boolean(),
  /**
   * The first 12 hex digits of the file's SHA-256 (null until hashed): thumbnail and preview
   * addresses carry it, so a replaced file gets a new address and never shows a cached old picture.
   */
  version: z.string().nullable(),
  /** Class ids of the image-level tags on this image. */
  tags: z.array(z.number().int()),
  updatedAt: z.number().int(),
  /** The 1-based frame of a multi-frame DICOM file this image is (its path is `FILE#N`); absent for a whole file. */
  frame: z.number().int().min(1).optional(),
  /** Present for DICOM images and 16-bit greyscale images. */
  medical: MedicalInfo.optional(),
});
export type ImageRow = z.infer<typeof ImageRow>;

export const ImageFilter = z
  .object({
    status: ImageStatus.optional(),
    split: z.union([Split, z.literal('none')]).optional(),
    classId: Id.optional(),
    labeled: z.boolean().optional(),
    unreadable: z.boolean().optional(),
    q: z.string().max(500).optional(),
    /** Images under this dataset-relative folder ('cats', 'a/b'), at any depth; '' the top folder's own images only. */
    folder: z.string().max(1000).optional(),
    /** Images with a pending model suggestion. */
    suggested: z.boolean().optional(),
    /** Likely label errors: a human label that is not the model's confident (≥ 0.5) answer. */
    likelyErrors: z.boolean().optional(),
  })
  .strict();
export type ImageFilter = z.infer<typeof ImageFilter>;

/** `score`: the model's confidence, highest first; `margin`: least confident first (what to label next). */
export const ImageSort = z.enum(['name', 'added', 'edited', 'score', 'margin']);

const SplitCounts = z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int() });

const SplitParams = z
  .object({
    ratios: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]),
    seed: z.number().int().min(0).max(2 ** 31),
    reassign: z.boolean().optional(),
    /** Only labeled images (a tag or a region) get a split (default true); later-labeled ones get one by the same plan. */
    labeledOnly: z.boolean().optional(),
  })
  .strict();

/** What a split assignment would do, before it is applied. */
export const SplitPreview = z.object({
  /** Images per split after the assignment (kept splits included). */
  total: SplitCounts,
  /** Per class: the images containing it (tag or region) each split gets. */
  perClass: z.array(SplitCounts.extend({ classId: z.number().int(), name: z.string(), color: z.string() })),
  /** Classes that val or test (with a share above 0) would get no image of. */
  missing: z.array(z.object({ classId: z.number().int(), name: z.string(), splits: z.array(z.enum(['val', 'test'])) })),
  /** Readable images left without a split (unlabeled ones under "labeled images only"). Unreadable files never get one. */
  left: z.number().int(),
});
export type SplitPreview = z.infer<typeof SplitPreview>;

/**
 * The full-precision values of a grey medical image (DICOM after its Modality LUT, so HU for CT;
 * a 16-bit PNG/TIFF as stored), upright, row by row, for windowing on the screen.
 */
export const ImageValues = z.object({
  width: z.number().int(),
  height: z.number().int(),
  /** Element type of `data`: every value is exact in it (float32 only for fractional values). */
  type: z.enum(['int16', 'uint16', 'float32']),
  /**
   * The values as little-endian bytes of `type`, width × height of them. Bytes on both transports:
   * IPC clones them as they are, the WebSocket host sends the reply as a binary frame (binaryFrame.ts).
   */
  data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'bytes'),
  min: z.number(),
  max: z.number(),
  /** MONOCHROME1: low values are shown white. */
  invert: z.boolean(),
  /** 'HU' for a CT (or a rescale type that names its unit), null for raw stored values. */
  units: z.string().nullable(),
  /** The 0.5–99.5 % window of the values: the "auto" choice. */
  autoWindow: z.object({ center: z.number(), width: z.number() }),
});
export type ImageValues = z.infer<typeof ImageValues>;

export const imagesMethods = {
  'images.list': {
    params: z
      .object({
        filter: ImageFilter.optional(),
        sort: ImageSort.optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(5000).optional(),
      })
      .strict(),
    result: z.object({ total: z.number().int(), items: z.array(ImageRow) }),
  },
  /** Ids only, in list order: lets the UI select all matches or walk through them. */
  'images.ids': {
    params: z.object({ filter: ImageFilter.optional(), sort: ImageSort.optional() }).strict(),
    result: z.object({ ids: z.array(z.number().int()) }),
  },
  /** Every folder holding images, with how many images it holds at any depth ('' the top folder's own), sorted by path. */
  'images.folders': { params: z.object({}).strict(), result: z.array(z.object({ folder: z.string(), count: z.number().int() })) },
  'images.get': { params: z.object({ id: Id }).strict(), result: ImageRow },
  /** A DICOM or 16-bit image's values (BAD_FILE for colour and 8-bit images, and past 24 megapixels). */
  'images.values': { params: z.object({ id: Id }).strict(), result: ImageValues },
  /** How many readable images are DICOM and 16-bit greyscale: the export dialog offers its window choice when there are any. */
  /**
   * A DICOM image's patient name, id and birth date, read from its file now and never stored; only
   * while the user's preference shows patient data (refused otherwise). Nulls for what the file lacks.
   */
  'images.patient': {
    params: z.object({ id: Id }).strict(),
    result: z.object({ name: z.string().nullable(), id: z.string().nullable(), birthDate: z.string().nullable() }),
  },
  'images.medicalCounts': { params: z.object({}).strict(), result: z.object({ dicom: z.number().int(), sixteenBit: z.number().int() }) },
  /** The image at a dataset-relative `/` path (as `lightbox label` names it), or null when none is indexed there. */
  'images.byPath': { params: z.object({ path: RelPath }).strict(), result: ImageRow.nullable() },
  'images.setStatus': { params: z.object({ ids: Ids, status: ImageStatus }).strict(), result: Ok },
  /** Unreadable files are left as they are: they never get a split. */
  'images.setSplit': { params: z.object({ ids: Ids, split: Split.nullable() }).strict(), result: Ok },
  /**
   * Assign train/val/test by ratio and seed, stratified by class, to readable images (labeled ones
   * only unless `labeledOnly` is false). Images that already have a split keep it unless `reassign`.
   */
  'images.assignSplits': { params: SplitParams, result: SplitCounts },
  /** The per class × split counts `images.assignSplits` with the same params would give, without writing anything. */
  'images.planSplits': { params: SplitParams, result: SplitPreview },
} as const;
