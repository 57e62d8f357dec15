import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { isLightboxError } from '../api/errors.js';
import { probeImage } from '../imaging/probe.js';
import { mapLimit } from '../jobs/JobManager.js';
import { importers } from './importers.js';
import type { FromPlanner, ImportRequest, ReadyImage, ReadyRegion, Skip, ToPlanner } from './importProtocol.js';
import { ImportSource } from './importSource.js';
import { imagesByName } from './importedImages.js';
import type { PlannedImage } from './labeledImport.js';
import { type PlannedRegionImage, readyRegions } from './regionImport.js';

/**
 * The import thread: reads and parses the source (a 200 MB COCO file takes seconds to parse),
 * plans it, probes every image and makes every region ready (checked, in upright pixels), all
 * away from the thread that answers calls. Then it hands the images over in chunks, one chunk
 * each time the job asks for more (importProtocol.ts). Started by importRun.ts.
 */

const port = parentPort!;
const request = (workerData as { request: ImportRequest }).request;

const inbox: ToPlanner[] = [];
let waiting: ((m: ToPlanner) => void) | null = null;
port.on('message', (m: ToPlanner) => {
  if (waiting) {
    const w = waiting;
    waiting = null;
    w(m);
  } else inbox.push(m);
});
const nextMessage = (): Promise<ToPlanner> => (inbox.length > 0 ? Promise.resolve(inbox.shift()!) : new Promise((resolve) => (waiting = resolve)));
const post = (m: FromPlanner | { type: 'progress'; done: number; total: number; current: string | null }) => port.postMessage(m);

/** Weight of a chunk: images plus region vertices and mask runs, so one chunk is one short write. */
const CHUNK_WEIGHT = 2_500;
const CHUNK_IMAGES = 64;
const weightOf = (r: ReadyRegion) => 1 + (r.shape.kind === 'polygon' ? r.shape.points.length : r.shape.kind === 'mask' ? r.shape.counts.length >> 3 : 0);

async function run(): Promise<void> {
  const importer = importers[request.format];
  const st = fs.statSync(request.from, { throwIfNoEntry: false });
  const source = new ImportSource(st?.isDirectory() ? request.from : path.dirname(request.from));
  const ctx = { datasetRoot: request.datasetRoot, byName: imagesByName(request.knownPaths), source };

  const skipped: Skip[] = [];
  let ready: ReadyImage[];
  let declared: string[] = [];
  let lastProgress = 0;
  let done = 0;
  const progress = (total: number, current: string) => {
    done++;
    const now = Date.now();
    if (now - lastProgress >= 100 || done === total) {
      lastProgress = now;
      post({ type: 'progress', done, total, current });
    }
  };
  if (importer.writes === 'tags') {
    const plan = await importer.plan(request.from, ctx);
    skipped.push(...plan.skipped);
    ready = await mapLimit(plan.images, 4, async (img: PlannedImage) => {
      const p = await probeImage(img.abs);
      progress(plan.images.length, img.ref);
      return { ref: img.ref, abs: img.abs, target: img.target, split: img.split, probe: p.ok ? p.probe : null, probeError: p.ok ? null : p.reason, labels: img.labels, regions: [] };
    });
  } else {
    const plan = await importer.plan(request.from, ctx);
    skipped.push(...plan.skipped);
    declared = plan.classNames ?? [];
    // Each entry's key in the source: its ref, numbered when one entry gives several regions.
    const seen = new Map<string, number>();
    const keyOf = (ref: string) => {
      const n = (seen.get(ref) ?? 0) + 1;
      seen.set(ref, n);
      return n === 1 ? ref : `${ref} #${n}`;
    };
    const probes = await mapLimit(plan.images, 4, async (img: PlannedRegionImage) => {
      const p = await probeImage(img.abs);
      progress(plan.images.length, img.ref);
      return p;
    });
    ready = [];
    done = 0;
    // In plan order, so each entry gets the same key every time the source is imported.
    for (const [i, img] of plan.images.entries()) {
      progress(plan.images.length, img.ref);
      const p = probes[i]!;
      const probe = p.ok ? p.probe : null;
      const probeError = p.ok ? null : p.reason;
      const regions = await readyRegions(img, probe, probeError, skipped, keyOf);
      img.regions = []; // the ready copy is what is kept: a 200 MB source is not held twice
      ready.push({ ref: img.ref, abs: img.abs, target: img.target, split: img.split, probe, probeError, labels: [], regions });
    }
  }
  const used = new Set(ready.flatMap((r) => r.regions.map((g) => g.label.toLowerCase())));
  post({
    type: 'planned',
    sourceSha256: source.sha256(),
    classNames: declared.filter((n) => used.has(n.trim().toLowerCase())),
    total: ready.length,
    skipped,
  });
  if ((await nextMessage()).type !== 'go') return;

  let chunk: ReadyImage[] = [];
  let weight = 0;
  let outstanding = 0;
  const flush = async () => {
    // At most two chunks in flight: the job writes one while the next is on its way.
    while (outstanding >= 2) {
      const m = await nextMessage();
      if (m.type === 'stop') throw new Stop();
      if (m.type === 'more') outstanding--;
    }
    post({ type: 'chunk', images: chunk, skipped: [] });
    outstanding++;
    chunk = [];
    weight = 0;
  };
  for (const img of ready) {
    let part: ReadyImage = { ...img, regions: [] };
    chunk.push(part);
    weight += 1;
    for (const r of img.regions) {
      if (weight >= CHUNK_WEIGHT) {
        await flush();
        part = { ...img, regions: [], continued: true };
        chunk.push(part);
        weight = 1;
      }
      part.regions.push(r);
      weight += weightOf(r);
    }
    if (weight >= CHUNK_WEIGHT || chunk.length >= CHUNK_IMAGES) await flush();
  }
  if (chunk.length > 0) await flush();
  post({ type: 'end' });
}

class Stop extends Error {}

run().catch((e: unknown) => {
  if (e instanceof Stop) return;
  post(
    isLightboxError(e)
      ? { type: 'error', code: e.code, message: e.message }
      : { type: 'error', code: 'INTERNAL', message: `Something went wrong inside Lightbox while reading the source: ${String((e as Error)?.message ?? e).slice(0, 300)}` },
  );
});
