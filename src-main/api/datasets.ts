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

/** One class's counts (definitions in store/statsRepo.ts): images it tags and its regions, on present readable images. */
export const ClassCount = z.object({
  classId: z.number().int(),
  name: z.string(),
  color: z.string(),
  /** Images with a class: readable images having a tag of it. */
  images: z.number().int(),
  /** Regions per class: its live boxes, polygons, masks and points on readable images. */
  regions: z.number().int(),
  /** The same number as `images` (kept for scripts that read `lightbox stats --json`). */
  count: z.number().int(),
});

export const Stats = z.object({
  /** Present images, readable or not; `readable` of them can be labeled. */
  images: z.number().int(),
  readable: z.number().int(),
  unreadable: z.array(z.object({ path: z.string(), reason: z.string() })),
  missing: z.number().int(),
  /** Readable images with a tag or a region; `unlabeled` is the rest of the readable ones. */
  labeled: z.number().int(),
  unlabeled: z.number().int(),
  /** Status and split of the readable images. */
  byStatus: z.object({ todo: z.number().int(), done: z.number().int(), skipped: z.number().int() }),
  perClass: z.array(ClassCount),
  perSplit: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int(), none: z.number().int() }),
  /** Labeling pace of the current annotator: images they labeled in the last hour and since midnight (local), as the labels are now (an undo takes one away). */
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
  /** The recent datasets, newest first, each with its progress when its store can be read. */
  'datasets.recent': {
    params: Empty,
    result: z.object({
      paths: z.array(z.string()),
      items: z.array(
        z.object({
          path: z.string(),
          name: z.string(),
          /** The folder is still there. */
          exists: z.boolean(),
          /** Readable images and how many have a label; null when the store could not be read. */
          progress: z.object({ images: z.number().int(), labeled: z.number().int() }).nullable(),
        }),
      ),
    }),
  },
  /** Ask the host for a folder (a native dialog in Electron); null when cancelled or not available. */
  'datasets.pickFolder': { params: Empty, result: z.object({ path: z.string().nullable() }) },
  /** Rescan the folder as a job; progress arrives as `job.progress` events. */
  'datasets.scan': { params: z.object({ thumbnails: z.boolean().optional() }).strict(), result: JobStarted },
  'datasets.stats': { params: Empty, result: Stats },
} as const;
