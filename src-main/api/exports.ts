import { z } from 'zod';
import { AbsPath } from './common.js';

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
    fit: z.enum(['cover', 'contain', 'fill']).optional(),
    imageFormat: z.enum(['keep', 'jpeg', 'png']).optional(),
    /** Strip EXIF, GPS and maker notes (default true). */
    stripMetadata: z.boolean().optional(),
    /** Replace an existing non-empty output folder. */
    overwrite: z.boolean().optional(),
  })
  .strict();
export type ExportOptions = z.infer<typeof ExportOptions>;

export const ExportSummary = z.object({
  out: z.string(),
  format: ExportFormat,
  exported: z.number().int(),
  skippedUnlabeled: z.number().int(),
  skippedStatus: z.number().int(),
  skippedUnreadable: z.number().int(),
  renamed: z.number().int(),
});
export type ExportSummary = z.infer<typeof ExportSummary>;

export const exportsMethods = {
  'exports.run': { params: ExportOptions, result: z.object({ jobId: z.string() }) },
} as const;
