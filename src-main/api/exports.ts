import { z } from 'zod';
import { AbsPath, Ok } from './common.js';

export const ExportFormat = z.enum(['imagefolder', 'csv', 'hf', 'coco', 'yolo', 'voc', 'labelme', 'masks', 'webdataset', 'parquet', 'dicom']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ExportOptions = z
  .object({
    format: ExportFormat,
    /** Output folder; written under a temporary name and renamed when complete. Must not exist or be empty. */
    out: AbsPath,
    /** Resize to width × height pixels; omitted keeps the original size. */
    size: z
      .object({ width: z.number().int().min(1).max(16384), height: z.number().int().min(1).max(16384) })
      .strict()
      .optional(),
    /**
     * How `size` is reached (default cover): cover scales to fill and crops the centre; contain
     * scales to fit inside and pads with black (#000000, transparent where the output keeps alpha);
     * fill stretches to the size, as `Image.resize((w, h))` does.
     */
    fit: z.enum(['cover', 'contain', 'fill']).optional(),
    /**
     * Output encoding (default keep: JPEG, PNG, WebP and TIFF stay so, GIF becomes PNG, DICOM becomes PNG).
     * 8 bits per channel, sRGB or grayscale, except 16-bit greyscale kept as 16-bit PNG (see `window`).
     */
    imageFormat: z.enum(['keep', 'jpeg', 'png']).optional(),
    /**
     * How DICOM and 16-bit greyscale images become pixels. `file`: the file's first window
     * (WindowCenter/Width; the default for DICOM), else its VOI LUT, else the histogram window;
     * `auto`: the 0.5–99.5 % histogram window; `{center, width}`: that window; all by the linear
     * VOI function of DICOM PS3.3 C.11.2.1.2 into 8 bits, MONOCHROME1 inverted. `none`: the
     * modality values in a 16-bit PNG, stored as (value − intercept) / slope (shifted up when
     * negative), with `rescale.json` at the top of the export giving per image the slope and
     * intercept back to the modality unit (HU for CT). Omitted: DICOM `file`; a 16-bit PNG/TIFF
     * stays 16-bit (values unchanged) when written as PNG, and is windowed by its histogram when
     * the output encoding holds 8 bits only (JPEG), which the summary notes.
     */
    window: z
      .union([
        z.enum(['file', 'auto', 'none']),
        z.object({ center: z.number().finite().min(-1e9).max(1e9), width: z.number().finite().min(1).max(1e9) }).strict(),
      ])
      .optional(),
    /** Strip EXIF, GPS and maker notes (default true). */
    stripMetadata: z.boolean().optional(),
    /** Replace an existing non-empty output folder. */
    overwrite: z.boolean().optional(),
    /** masks format: also one PNG per region (instances/{split}/STEM/NNN_CLASS.png). */
    instanceMasks: z.boolean().optional(),
    /**
     * Name the images img-000001… instead of their own names; the mapping back to the dataset's
     * files is kept inside the dataset (`.lightbox/exports/TIME-names.csv`), never in the export.
     */
    anonymousNames: z.boolean().optional(),
    /**
     * Which annotations count (issue 14): `resolved` (default) the dataset's own labels, with
     * merged answers that were taken (one annotator's, agreed, majority, accepted in review);
     * `annotator:NAME` that annotator's answers only; `all` the dataset's own labels and every
     * annotator's answer beside them, attributed, in the way each format can (imagefolder refuses it).
     */
    annotations: z.union([z.enum(['resolved', 'all']), z.string().regex(/^annotator:[^\u0000-\u001f,]{1,100}$/, 'annotator:NAME')]).optional(),
    /**
     * webdataset and parquet: start a new shard (tar file, Parquet file) after this many images
     * (default 10,000) or before the shard would pass `shardBytes` (default 512 MiB), whichever
     * comes first. A shard holds at least one image, so one image larger than `shardBytes` is a shard alone.
     */
    shardSize: z.number().int().min(1).max(10_000_000).optional(),
    shardBytes: z.number().int().min(1024 * 1024).max(64 * 1024 ** 3).optional(),
    /** Names of people (DICOM PatientName, participants) to look for in file names; the report flags any match. */
    flagNames: z.array(z.string().min(1).max(256)).max(10_000).optional(),
    /**
     * How the regions of redaction classes hide their pixels in every exported image (default
     * fill): `fill` paints them black, `blur` blurs them beyond recognition (DICOM: always fill).
     */
    redact: z.enum(['fill', 'blur']).optional(),
    /**
     * dicom format: dates (and times) of the de-identified copies. `shift` (default) moves every date
     * by a per-patient number of days (a keyed hash of PatientID, the same in every export of the
     * dataset), so intervals between a patient's studies survive; `remove` empties them.
     */
    dates: z.enum(['shift', 'remove']).optional(),
  })
  .strict();
export type ExportOptions = z.infer<typeof ExportOptions>;

/** What the export's PRIVACY.txt reports. */
export const ExportPrivacy = z.object({
  /** False when the metadata was kept on request (`stripMetadata: false`). */
  metadataStripped: z.boolean(),
  /** Exported images whose source had EXIF, and GPS among it (removed, or kept when not stripped). */
  withExif: z.number().int(),
  withGps: z.number().int(),
  /** Exported images whose written name looks like it identifies a person. */
  flaggedNames: z.number().int(),
  /** The first of them (at most 100): the name written and why it was flagged. */
  flagged: z.array(z.object({ path: z.string(), reason: z.string() })),
  anonymousNames: z.boolean(),
  /** Dataset-relative path of the mapping file of anonymous names, else null. */
  mappingFile: z.string().nullable(),
  /** Exported images with redaction regions hidden, and how. */
  redactedImages: z.number().int().optional(),
  redactMode: z.enum(['fill', 'blur']).optional(),
  /** dicom format: what the de-identification did, per profile action. */
  dicom: z
    .object({
      /** Files written de-identified. */
      files: z.number().int(),
      /** Files refused because a step failed (never written): their reasons are in the summary's problems. */
      refused: z.number().int(),
      dates: z.enum(['shift', 'remove']),
      /** Attribute keywords (or tags) acted on in at least one file, per action: X removed, Z emptied, D dummy, U new UID. */
      actions: z.object({ X: z.array(z.string()), Z: z.array(z.string()), D: z.array(z.string()), U: z.array(z.string()) }),
      /** Private elements removed, over all files. */
      privateRemoved: z.number().int(),
      /** Files whose compressed pixels were decoded to redact them, and written explicit VR little endian. */
      decompressed: z.number().int(),
      /** Files whose palette-colour pixels were written as RGB to redact them (no black palette entry, or a blur). */
      paletteToRgb: z.number().int(),
    })
    .optional(),
});
export type ExportPrivacy = z.infer<typeof ExportPrivacy>;

/** The report every export writes at the top of its folder. */
export const PRIVACY_REPORT = 'PRIVACY.txt';

/** What an export did. Each image left out is counted once, under the first reason that applies, in this order. */
export const ExportSummary = z.object({
  out: z.string(),
  format: ExportFormat,
  /** Images written (an image written into several class folders counts once). */
  exported: z.number().int(),
  /** Image files written (a multi-label image in `imagefolder` is one file per class). */
  files: z.number().int(),
  /** Images whose file is gone from the dataset folder. */
  skippedMissing: z.number().int(),
  /** Images marked skipped by the annotator. */
  skippedStatus: z.number().int(),
  /** Images without the labels this format exports. */
  skippedUnlabeled: z.number().int(),
  /** Labeled images whose file could not be decoded (the reasons are in `problems`). */
  skippedUnreadable: z.number().int(),
  /** Images without a split in a dataset where other images have one (split-folder formats only). */
  skippedNoSplit: z.number().int(),
  /** Images written under another name than their own (made safe for every OS, or made unique). */
  renamed: z.number().int(),
  /** Images written per split; `none` when no split is assigned. */
  perSplit: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int(), none: z.number().int() }),
  /** The first images that could not be exported, with the reason (at most 100). */
  problems: z.array(z.object({ path: z.string(), reason: z.string() })),
  privacy: ExportPrivacy,
  /** Holes of polygon regions left out because the format's polygons cannot hold them (yolo, labelme); absent when none. */
  holesDropped: z.number().int().optional(),
  /** What the person should know about how pixels were written (a 16-bit image windowed into 8-bit JPEG, the rescale file). */
  notes: z.array(z.string()).optional(),
});
export type ExportSummary = z.infer<typeof ExportSummary>;

export const exportsMethods = {
  'exports.run': { params: ExportOptions, result: z.object({ jobId: z.string() }) },
  /** Refuse what `exports.run` would refuse (format, output folder), without starting: checked before splits are assigned. */
  'exports.check': { params: ExportOptions, result: Ok },
} as const;
