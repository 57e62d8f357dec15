import { z } from 'zod';
import { AbsPath } from './common.js';

/** Getting images into a dataset: URL lists, labeled datasets, dropped files. The camera is in capture.ts. */

export const UrlImportSummary = z.object({
  importId: z.number().int(),
  resumed: z.boolean(),
  total: z.number().int(),
  saved: z.number().int(),
  duplicates: z.number().int(),
  finishedEarlier: z.number().int(),
  failed: z.array(z.object({ line: z.number().int(), url: z.string(), reason: z.string() })),
  classesCreated: z.array(z.string()),
});
export type UrlImportSummary = z.infer<typeof UrlImportSummary>;

/** Formats `acquire.importLabeled` reads: classification datasets, and region labels (boxes, polygons, masks). */
export const LabeledFormat = z.enum(['imagefolder', 'csv', 'coco', 'yolo', 'voc', 'labelme']);
export type LabeledFormat = z.infer<typeof LabeledFormat>;

export const ImportSummary = z.object({
  format: z.string(),
  /** Images copied into the dataset (under `imported/`). */
  imported: z.number().int(),
  /** References that matched an image already in the dataset (by path or content). */
  matched: z.number().int(),
  /** Labels written. */
  labeled: z.number().int(),
  classesCreated: z.array(z.string()),
  /** Entries not imported, each with its reason ("labels/a.json: shape 3", "ann.json: annotation id 17"). */
  skipped: z.array(z.object({ ref: z.string(), reason: z.string() })),
  /**
   * Set when the same source (the same label files, wherever they are now) was imported into this
   * dataset before and not undone: when that import finished (ms since the epoch). Nothing was added.
   */
  alreadyImportedAt: z.number().int().optional(),
  /** True when an earlier run of this import was interrupted: this run wrote only what that one had not. */
  resumed: z.boolean().optional(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const AddFilesSummary = z.object({
  /** Files copied into `added/DATE/`. */
  copied: z.number().int(),
  /** Files already inside the dataset, indexed where they are. */
  inPlace: z.number().int(),
  /** Files whose content is already in the dataset. */
  duplicates: z.number().int(),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  imageIds: z.array(z.number().int()),
});
export type AddFilesSummary = z.infer<typeof AddFilesSummary>;

/** Largest piece of an upload in one call (base64 characters): keeps every message small. */
export const MAX_UPLOAD_CHUNK_BASE64 = 4 * 1024 * 1024;
/** Largest file the browser host accepts by upload. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
export const Base64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 data');

export const acquireMethods = {
  /**
   * Download the images of a URL list (one per line, optional ",label") as a job. The same list
   * run again continues an interrupted import. Private and loopback addresses are refused unless
   * `allowPrivateNetwork`.
   */
  'acquire.importUrls': {
    params: z
      .object({
        text: z.string().min(1).max(20 * 1024 * 1024),
        allowPrivateNetwork: z.boolean().optional(),
        concurrency: z.number().int().min(1).max(32).optional(),
        timeoutSeconds: z.number().min(1).max(3600).optional(),
        maxBytes: z.number().int().min(1024).max(2 * 1024 * 1024 * 1024).optional(),
      })
      .strict(),
    result: z.object({ jobId: z.string(), importId: z.number().int(), resumed: z.boolean() }),
  },
  /** Import an existing labeled dataset (ImageFolder, CSV, COCO, YOLO, VOC, labelme) as a job. */
  'acquire.importLabeled': {
    params: z.object({ format: LabeledFormat, from: AbsPath }).strict(),
    result: z.object({ jobId: z.string() }),
  },
  /** Add dropped files and folders (absolute paths from the desktop host) as a job. */
  'acquire.addFiles': {
    params: z.object({ paths: z.array(AbsPath).min(1).max(10_000) }).strict(),
    result: z.object({ jobId: z.string() }),
  },
  /**
   * Add one dropped file by its bytes (the browser host, where no path is known), in pieces of at
   * most MAX_UPLOAD_CHUNK_BASE64 characters: the first call has no `uploadId` and gets one back;
   * the call with `last: true` stores the file and returns what happened to it.
   */
  'acquire.uploadFile': {
    params: z
      .object({
        uploadId: z.string().regex(/^[0-9a-f]{32}$/).optional(),
        name: z.string().min(1).max(255),
        dataBase64: Base64(MAX_UPLOAD_CHUNK_BASE64),
        last: z.boolean(),
      })
      .strict(),
    result: z.object({ uploadId: z.string(), received: z.number().int(), result: AddFilesSummary.optional() }),
  },
} as const;
