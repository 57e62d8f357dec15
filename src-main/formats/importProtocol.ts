import type { LabeledFormat } from '../api/acquire.js';
import type { RegionShape } from '../api/annotations.js';
import type { ErrorCode } from '../api/errors.js';
import type { Probe } from '../imaging/probe.js';
import type { PlannedRef } from './importedImages.js';
import type { SplitName } from './labeledImport.js';

/**
 * The messages between an import job (on the thread that answers calls) and the thread that
 * reads, parses and plans its source (importWorker.ts). The plan stays in the planning thread;
 * what crosses is small: a header, then the images in chunks, each asked for by the job when
 * it has written the one before, so a huge source never piles up on the answering thread.
 */

export interface ImportRequest {
  format: LabeledFormat;
  /** Absolute path of the source (file or folder). */
  from: string;
  /** Real path of the dataset root. */
  datasetRoot: string;
  /** Dataset-relative paths of the dataset's images, for references resolved by file name. */
  knownPaths: string[];
}

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
   * More regions of the image the previous entry of the stream named (same `abs`): an image with
   * many regions is split over several chunks so that each is one short write.
   */
  continued?: true;
}

export type FromPlanner =
  | {
      type: 'planned';
      /** Identity of the source's content (ImportSource). */
      sourceSha256: string;
      /** Classes to create first, in the source's order (those its regions use). */
      classNames: string[];
      total: number;
      skipped: Skip[];
    }
  | { type: 'chunk'; images: ReadyImage[]; skipped: Skip[] }
  | { type: 'end' }
  | { type: 'error'; code: ErrorCode; message: string };

/** `go`: plan accepted, send the images; `more`: one chunk written, send another; `stop`: nothing more is wanted. */
export type ToPlanner = { type: 'go' } | { type: 'more' } | { type: 'stop' };
