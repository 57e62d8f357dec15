import type { Region } from '../api/annotations.js';
import type { EncodedImage } from '../imaging/exportImage.js';
import type { ExportRun } from './exportRun.js';
import type { ExportItem } from './exportSelection.js';
import { placedRegions, regionsFor } from './regionSupport.js';

/**
 * The loop of the formats that pack images into containers (webdataset, parquet): images encoded
 * a few at a time, handed to the container strictly in item order, so shard contents and names are
 * the same on every run. At most `WINDOW` encoded images and one chunk of regions are in memory at
 * once, whatever the size of the dataset: 100,000 images cost what 1,000 do, only longer.
 */

export interface Sample<P> {
  planned: P;
  encoded: EncodedImage;
  /** The image's regions in the pixels of the written image (resized, cropped or padded), clipped to it. */
  regions: Region[];
}

/**
 * Encodes in flight at once. sharp runs four pipelines on libuv's pool; a few more in the window
 * keep the pool busy while the container writes the head of the queue.
 */
const WINDOW = 8;

/** Regions are read from the store this many images at a time (regionsByImage queries each id below 200). */
const REGION_CHUNK = 200;

/**
 * Encode every planned image and hand each readable one to `sink`, in the order of `planned`,
 * reporting progress and stopping at cancel. An image that cannot be read is left out (and
 * counted by `run.encodeImage`). Waits for every started encode before it returns or throws.
 */
export async function streamSamples<P extends { item: ExportItem }>(run: ExportRun, planned: readonly P[], sink: (sample: Sample<P>) => Promise<void>): Promise<void> {
  const total = planned.length;
  const job = run.job;
  job.progress(0, total, null);
  const window: Promise<EncodedImage | null>[] = [];
  let started = 0;
  let regions = new Map<number, Region[]>();
  let regionsFrom = -1;
  const start = () => {
    while (window.length < WINDOW && started < total) {
      const p = run.encodeImage(planned[started++]!.item);
      // A failure is seen when its turn comes; until then it must not count as unhandled.
      p.catch(() => undefined);
      window.push(p);
    }
  };
  try {
    for (let i = 0; i < total; i++) {
      job.checkCancelled();
      start();
      const encoded = await window.shift()!;
      const p = planned[i]!;
      if (encoded) {
        if (regionsFrom < 0 || i >= regionsFrom + REGION_CHUNK) {
          regionsFrom = i;
          regions = regionsFor(
            run.plan.db,
            planned.slice(i, i + REGION_CHUNK).map((q) => q.item.id),
          );
        }
        await sink({ planned: p, encoded, regions: placedRegions(regions.get(p.item.id) ?? [], encoded.placement) });
      }
      job.progress(i + 1, total, p.item.path);
    }
  } finally {
    await Promise.allSettled(window);
  }
}
