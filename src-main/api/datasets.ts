import { z } from 'zod';
import { AbsPath, Empty, LabelMode, Ok } from './common.js';

export const DatasetInfo = z.object({
  root: z.string(),
  name: z.string(),
  isSample: z.boolean(),
  labelMode: LabelMode,
  imageCount: z.number().int(),
});
export type DatasetInfo = z.infer<typeof DatasetInfo>;

export const ClassCount = z.object({ classId: z.number().int(), name: z.string(), color: z.string(), count: z.number().int() });

export const Stats = z.object({
  images: z.number().int(),
  readable: z.number().int(),
  unreadable: z.array(z.object({ path: z.string(), reason: z.string() })),
  missing: z.number().int(),
  labeled: z.number().int(),
  unlabeled: z.number().int(),
  byStatus: z.object({ todo: z.number().int(), done: z.number().int(), skipped: z.number().int() }),
  perClass: z.array(ClassCount),
  perSplit: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int(), none: z.number().int() }),
  /** Labeling pace of the current annotator: image tags they set in the last hour and since midnight (local). */
  annotator: z.object({ name: z.string(), lastHour: z.number().int(), today: z.number().int() }),
});
export type Stats = z.infer<typeof Stats>;

export const ScanSummary = z.object({
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  moved: z.number().int(),
  unchanged: z.number().int(),
  unreadable: z.number().int(),
  total: z.number().int(),
});
export type ScanSummary = z.infer<typeof ScanSummary>;

export const JobStarted = z.object({ jobId: z.string() });

export const datasetsMethods = {
  /**
   * Open a dataset folder (creating `.lightbox/` if needed) and make it the current one. It joins
   * the app's recent list unless `remember` is false (the CLI: a script's folders are not the
   * person's recent datasets).
   */
  'datasets.open': { params: z.object({ path: AbsPath, remember: z.boolean().optional() }).strict(), result: DatasetInfo },
  /** Copy the bundled sample into the user's data folder (once) and open it. */
  'datasets.openSample': { params: Empty, result: DatasetInfo },
  'datasets.current': { params: Empty, result: DatasetInfo.nullable() },
  'datasets.close': { params: Empty, result: Ok },
  'datasets.recent': { params: Empty, result: z.object({ paths: z.array(z.string()) }) },
  /** Ask the host for a folder (a native dialog in Electron); null when cancelled or not available. */
  'datasets.pickFolder': { params: Empty, result: z.object({ path: z.string().nullable() }) },
  /** Rescan the folder as a job; progress arrives as `job.progress` events. */
  'datasets.scan': { params: z.object({ thumbnails: z.boolean().optional() }).strict(), result: JobStarted },
  'datasets.stats': { params: Empty, result: Stats },
} as const;
