import type { Region } from '../api/annotations.js';
import type { EncodedImage } from '../imaging/exportImage.js';
import type { ExportRun } from './exportRun.js';
import type { ExportItem, SplitName } from './exportSelection.js';
import { answerRegions, groupBySplit, labelRegions, placedRegions } from './regionSupport.js';

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
 * Encode every image of `items` (`total` of them) and hand each readable one to `sink`, in the
 * order of `items`, reporting progress and stopping at cancel. `items` is read as it goes (a
 * streamed selection pages through the store), never held whole. `plan` names an item (its file
 * name, key, shard split) when its encode starts, in item order and for every item, readable or
 * not, so names do not depend on which images fail and are held only while the item is in the
 * window. An image that cannot be read is left out (and counted by `run.encodeImage`). Waits for
 * every started encode before it returns or throws.
 */
export async function streamSamples<P extends { item: ExportItem }>(
  run: ExportRun,
  items: Iterable<ExportItem>,
  total: number,
  plan: (item: ExportItem) => P,
  sink: (sample: Sample<P>) => Promise<void>,
): Promise<void> {
  const job = run.job;
  job.progress(0, total, null);
  const source = items[Symbol.iterator]();
  /** Items read from `items` and not started yet: the look-ahead the regions are read for. */
  const ahead: ExportItem[] = [];
  let ended = false;
  const pull = (): boolean => {
    if (ended) return false;
    const n = source.next();
    if (n.done) {
      ended = true;
      return false;
    }
    ahead.push(n.value);
    return true;
  };
  const window: { planned: P; encoded: Promise<EncodedImage | null> }[] = [];
  let regions = new Map<number, Region[]>();
  let answers: Map<number, Map<string, Region[]>> | null = null;
  /** Items sunk or passed since the regions were last read (REGION_CHUNK: read them again). */
  let sinceRegions = REGION_CHUNK;
  const start = () => {
    while (window.length < WINDOW && (ahead.length > 0 || pull())) {
      const item = ahead.shift()!;
      const planned = plan(item);
      const encoded = run.encodeImage(item);
      // A failure is seen when its turn comes; until then it must not count as unhandled.
      encoded.catch(() => undefined);
      window.push({ planned, encoded });
    }
  };
  let done = 0;
  try {
    for (;;) {
      job.checkCancelled();
      start();
      const head = window.shift();
      if (!head) break;
      const encoded = await head.encoded;
      const item = head.planned.item;
      if (encoded) {
        if (sinceRegions >= REGION_CHUNK) {
          // The regions of this item and the next REGION_CHUNK - 1, as they come in `items`.
          while (window.length + ahead.length < REGION_CHUNK - 1 && pull());
          const ids = [item.id, ...window.map((w) => w.planned.item.id), ...ahead.map((q) => q.id)].slice(0, REGION_CHUNK);
          regions = labelRegions(run, ids);
          answers = answerRegions(run, ids);
          sinceRegions = 0;
        }
        const theirs = answers?.get(item.id);
        await sink({ planned: head.planned, encoded, regions: placedRegions(regions.get(item.id) ?? [], encoded.placement), ...(theirs ? { answers: theirs } : {}) });
      }
      if (sinceRegions < REGION_CHUNK) sinceRegions++;
      done++;
      job.progress(done, total, item.path);
    }
  } finally {
    await Promise.allSettled(window.map((w) => w.encoded));
  }
}

/**
 * The items of a container export, split by split (each in path order, the splits in the order of
 * their first image), or all in path order under null when no image has a split; images without a
 * split while others have one are left out and counted. A streamed selection is paged through the
 * store; a held one is grouped in memory (groupBySplit). Either way the same items in the same order.
 */
export function splitItems(run: ExportRun): { bySplit: boolean; total: number; items: Iterable<ExportItem> } {
  const streamed = run.selection.streamed;
  if (!streamed) {
    const groups = groupBySplit(run, run.selection.items);
    const items = [...groups.values()].flat();
    return { bySplit: !groups.has(null), total: items.length, items };
  }
  const splits = [...streamed.splits.keys()].filter((k): k is SplitName => k !== null);
  if (splits.length === 0) return { bySplit: false, total: streamed.count, items: streamed.items() };
  run.leaveOutNoSplits(streamed.splits.get(null) ?? 0);
  return {
    bySplit: true,
    total: splits.reduce((n, k) => n + streamed.splits.get(k)!, 0),
    items: (function* () {
      for (const split of splits) yield* streamed.items(split);
    })(),
  };
}
