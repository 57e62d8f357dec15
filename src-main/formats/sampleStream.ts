import type { Region } from '../api/annotations.js';
import type { EncodedImage } from '../imaging/exportImage.js';
import type { ExportRun } from './exportRun.js';
import type { ExportItem } from './exportSelection.js';
import { answerRegions, labelRegions, placedRegions } from './regionSupport.js';

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
  /** `--annotations all`: each annotator's regions of the image, in source pixels (sampleAnswers places them). */
  answers?: ReadonlyMap<string, Region[]>;
}

/**
 * Encodes in flight at once. sharp runs four pipelines on libuv's pool; a few more in the window
 * keep the pool busy while the container writes the head of the queue.
 */
const WINDOW = 8;

/** Regions are read from the store this many images at a time (regionsByImage queries each id below 200). */
const REGION_CHUNK = 200;

/**
 * Encode every image of `items` and hand each readable one to `sink`, in the order of `items`,
 * reporting progress and stopping at cancel. `plan` names an item (its file name, key, shard
 * split) when its encode starts, in item order and for every item, readable or not, so names do
 * not depend on which images fail and are held only while the item is in the window. An image
 * that cannot be read is left out (and counted by `run.encodeImage`). Waits for every started
 * encode before it returns or throws.
 */
export async function streamSamples<P extends { item: ExportItem }>(
  run: ExportRun,
  items: readonly ExportItem[],
  plan: (item: ExportItem) => P,
  sink: (sample: Sample<P>) => Promise<void>,
): Promise<void> {
  const total = items.length;
  const job = run.job;
  job.progress(0, total, null);
  const window: { planned: P; encoded: Promise<EncodedImage | null> }[] = [];
  let started = 0;
  let regions = new Map<number, Region[]>();
  let answers: Map<number, Map<string, Region[]>> | null = null;
  let regionsFrom = -1;
  const start = () => {
    while (window.length < WINDOW && started < total) {
      const item = items[started++]!;
      const planned = plan(item);
      const encoded = run.encodeImage(item);
      // A failure is seen when its turn comes; until then it must not count as unhandled.
      encoded.catch(() => undefined);
      window.push({ planned, encoded });
    }
  };
  try {
    for (let i = 0; i < total; i++) {
      job.checkCancelled();
      start();
      const head = window.shift()!;
      const encoded = await head.encoded;
      const item = items[i]!;
      if (encoded) {
        if (regionsFrom < 0 || i >= regionsFrom + REGION_CHUNK) {
          regionsFrom = i;
          const ids = items.slice(i, i + REGION_CHUNK).map((q) => q.id);
          regions = labelRegions(run, ids);
          answers = answerRegions(run, ids);
        }
        const theirs = answers?.get(item.id);
        await sink({ planned: head.planned, encoded, regions: placedRegions(regions.get(item.id) ?? [], encoded.placement), ...(theirs ? { answers: theirs } : {}) });
      }
      job.progress(i + 1, total, item.path);
    }
  } finally {
    await Promise.allSettled(window.map((w) => w.encoded));
  }
}
