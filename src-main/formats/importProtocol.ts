import type { ImportSummary, LabeledFormat } from '../api/acquire.js';
import type { RegionShape } from '../api/annotations.js';
import type { ErrorCode } from '../api/errors.js';
import type { Probe } from '../imaging/probe.js';
import type { PlannedRef } from './importedImages.js';
import type { SplitName } from './labeledImport.js';

/**
 * The messages between an import job (on the thread that answers calls, importRun.ts) and the
 * import thread (importWorker.ts), which reads, parses and plans the source and writes it into the
 * store through a connection of its own. Only progress, "a chunk was committed" and the outcome
 * cross back, so a commit (an fsync under `synchronous=FULL`) never holds up an answer.
 */

export interface ImportRequest {
  format: LabeledFormat;
  /** Absolute path of the source (file or folder). */
  from: string;
  /** Real path of the dataset root. */
  datasetRoot: string;
  /** The store file the job's session has open: the thread opens its own connection to it. */
  storeFile: string;
  /** Who the imported labels are by (the session's annotator). */
  author: string | null;
  /** One Int32 shared with the job: PLANNING, WRITING or CANCELLED (see importPhase). */
  phase: SharedArrayBuffer;
}

/**
 * Where the import is, shared between the two threads so that a cancel cannot cross the first
 * write: the job moves PLANNING to CANCELLED and may then stop the thread at once (it has written
 * nothing); the thread moves PLANNING to WRITING before its first write, and from then on a cancel
 * is a message it acts on between two writes.
 */
export const importPhase = { PLANNING: 0, WRITING: 1, CANCELLED: 2 } as const;

export interface Skip {
  ref: string;
  reason: string;
}

/** A region ready to be stored: checked as `annotations.create` checks one, in upright pixels of its image. */
export interface ReadyRegion {
  label: string;
  shape: RegionShape;
  /** The entry it came from, unique in its source ("labels/a.json: shape 3"): an import writes each once. */
  key: string;
}

/** An image of the plan, probed, with what will be written for it. */
export interface ReadyImage extends PlannedRef {
  split: SplitName | null;
  probe: Probe | null;
  /** Why the image cannot be read, when it cannot. */
  probeError: string | null;
  /** Image-level labels (ImageFolder, CSV). */
  labels: string[];
  regions: ReadyRegion[];
  /**
   * More regions of the image the previous entry of the chunk stream named (same `abs`): an image
   * with many regions is split over several chunks so that each is one short write.
   */
  continued?: true;
}

export type FromImport =
  | { type: 'progress'; done: number; total: number; current: string | null }
  /** One chunk is committed: the images and labels written so far are in the store. */
  | { type: 'written' }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'error'; code: ErrorCode; message: string };

/** `cancel`: stop between two writes; the thread answers with a CANCELLED error once it has stopped. */
export type ToImport = { type: 'cancel' };
