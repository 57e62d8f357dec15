import { z } from 'zod';
import { AbsPath, Ok } from './common.js';

export const ExportFormat = z.enum(['imagefolder', 'csv', 'hf', 'coco', 'yolo', 'voc', 'labelme', 'masks']);
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
    /** Output encoding (default keep: JPEG, PNG, WebP and TIFF stay so, GIF becomes PNG). Always 8 bits per channel, sRGB or grayscale. */
    imageFormat: z.enum(['keep', 'jpeg', 'png']).optional(),
    /** Strip EXIF, GPS and maker notes (default true). */
    stripMetadata: z.boolean().optional(),
    /** Replace an existing non-empty output folder. */
    overwrite: z.boolean().optional(),
    /** masks format: also one PNG per region (instances/{split}/STEM/NNN_CLASS.png). */
    instanceMasks: z.boolean().optional(),
  })
  .strict();
export type ExportOptions = z.infer<typeof ExportOptions>;

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
});
export type ExportSummary = z.infer<typeof ExportSummary>;

export const exportsMethods = {
  'exports.run': { params: ExportOptions, result: z.object({ jobId: z.string() }) },
  /** Refuse what `exports.run` would refuse (format, output folder), without starting: checked before splits are assigned. */
  'exports.check': { params: ExportOptions, result: Ok },
} as const;
