import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportSummary } from '../api/acquire.js';
import { LightboxError, isLightboxError } from '../api/errors.js';
import { probeImage } from '../imaging/probe.js';
import { type JobContext, mapLimit } from '../jobs/JobManager.js';
import { liveImagePaths } from '../store/importsRepo.js';
import { type Db, closeStore, openDatabase } from '../store/openStore.js';
import { importers } from './importers.js';
import { type FromImport, type ImportRequest, importPhase, type ReadyImage, type ReadyRegion, type Skip, type ToImport } from './importProtocol.js';
import { ImportSource } from './importSource.js';
import { imagesByName } from './importedImages.js';
import { beginRegionImport, createClasses, finishRegionImport, ImportTally, placeImages, writeRegionChunk, writeTagChunk } from './importWrite.js';
import type { PlannedImage } from './labeledImport.js';
import { type PlannedRegionImage, readyRegions } from './regionImport.js';

/**
 * The import thread: reads and parses the source (a 200 MB COCO file takes seconds to parse),
 * plans it, probes every image and makes every region ready (checked, in upright pixels), then
 * brings the images in and writes them, chunk by chunk, in short transactions on a connection of
 * its own to the dataset's store. None of it runs on the thread that answers calls: there, a
 * commit under `synchronous=FULL` (an fsync) held answers up by 100 ms and more. The store is
 * opened with the same checks as any open (a newer or damaged store is refused) and every write
 * checks, as the session's do, that the store's files are still the ones opened (STORE_REPLACED).
 * Started by importRun.ts; messages in importProtocol.ts.
 */

const port = parentPort!;
const request = (workerData as { request: ImportRequest }).request;
const post = (m: FromImport) => port.postMessage(m);
const phase = new Int32Array(request.phase);

const abort = new AbortController();
port.on('message', (m: ToImport) => {
  if (m.type === 'cancel') abort.abort();
});

/** Weight of a chunk: images plus region vertices and mask runs, so one chunk is one short write. */
const CHUNK_WEIGHT = 2_500;
const CHUNK_IMAGES = 64;
const weightOf = (r: ReadyRegion) => 1 + (r.shape.kind === 'polygon' ? r.shape.points.length : r.shape.kind === 'mask' ? r.shape.counts.length >> 3 : 0);

/** The job as this thread sees it: progress goes to the job (throttled here too), cancel comes from it. */
function jobContext(): JobContext {
  let last = 0;
  return {
    signal: abort.signal,
    progress(done, total, current = null) {
      const now = Date.now();
      if (now - last >= 100 || done >= total) {
        last = now;
        post({ type: 'progress', done, total, current });
      }
    },
    checkCancelled() {
      if (abort.signal.aborted || Atomics.load(phase, 0) === importPhase.CANCELLED) throw new LightboxError('CANCELLED', 'The job was cancelled.');
    },
  };
}

/** Read, parse and plan the source; probe its images; make its regions ready. Reads only. */
async function plan(db: Db, job: JobContext): Promise<{ ready: ReadyImage[]; declared: string[]; skipped: Skip[]; source: ImportSource }> {
  const importer = importers[request.format];
  const st = fs.statSync(request.from, { throwIfNoEntry: false });
  const source = new ImportSource(st?.isDirectory() ? request.from : path.dirname(request.from));
  const ctx = { datasetRoot: request.datasetRoot, byName: imagesByName(liveImagePaths(db)), source };

  const skipped: Skip[] = [];
  let done = 0;
  const progress = (total: number, current: string) => {
    job.checkCancelled();
    job.progress(++done, total, current);
  };
  if (importer.writes === 'tags') {
    const p = await importer.plan(request.from, ctx);
    skipped.push(...p.skipped);
    const ready = await mapLimit(p.images, 4, async (img: PlannedImage): Promise<ReadyImage> => {
      const probe = await probeImage(img.abs);
      progress(p.images.length, img.ref);
      return { ref: img.ref, abs: img.abs, target: img.target, split: img.split, probe: probe.ok ? probe.probe : null, probeError: probe.ok ? null : probe.reason, labels: img.labels, regions: [] };
    });
    return { ready, declared: [], skipped, source };
  }
  const p = await importer.plan(request.from, ctx);
  skipped.push(...p.skipped);
  // Each entry's key in the source: its ref, numbered when one entry gives several regions.
  const seen = new Map<string, number>();
  const keyOf = (ref: string) => {
    const n = (seen.get(ref) ?? 0) + 1;
    seen.set(ref, n);
    return n === 1 ? ref : `${ref} #${n}`;
  };
  const probes = await mapLimit(p.images, 4, async (img: PlannedRegionImage) => {
    const probe = await probeImage(img.abs);
    progress(p.images.length, img.ref);
    return probe;
  });
  const ready: ReadyImage[] = [];
  done = 0;
  // In plan order, so each entry gets the same key every time the source is imported.
  for (const [i, img] of p.images.entries()) {
    progress(p.images.length, img.ref);
    const pr = probes[i]!;
    const probe = pr.ok ? pr.probe : null;
    const probeError = pr.ok ? null : pr.reason;
    const regions = await readyRegions(img, probe, probeError, skipped, keyOf);
    img.regions = []; // the ready copy is what is kept: a 200 MB source is not held twice
    ready.push({ ref: img.ref, abs: img.abs, target: img.target, split: img.split, probe, probeError, labels: [], regions });
  }
  return { ready, declared: p.classNames ?? [], skipped, source };
}

/** The images in chunks of about CHUNK_WEIGHT (an image with many regions is split over several). */
function* chunks(ready: readonly ReadyImage[]): Generator<ReadyImage[]> {
  let chunk: ReadyImage[] = [];
  let weight = 0;
  for (const img of ready) {
    let part: ReadyImage = { ...img, regions: [] };
    chunk.push(part);
    weight += 1;
    for (const r of img.regions) {
      if (weight >= CHUNK_WEIGHT) {
        yield chunk;
        part = { ...img, regions: [], continued: true };
        chunk = [part];
        weight = 1;
      }
      part.regions.push(r);
      weight += weightOf(r);
    }
    if (weight >= CHUNK_WEIGHT || chunk.length >= CHUNK_IMAGES) {
      yield chunk;
      chunk = [];
      weight = 0;
    }
  }
  if (chunk.length > 0) yield chunk;
}

async function run(db: Db): Promise<ImportSummary> {
  const { format, from, datasetRoot, author } = request;
  const importer = importers[format];
  const job = jobContext();
  const { ready, declared, skipped, source } = await plan(db, job);
  // From here on the thread writes: a cancel no longer stops it at once, but between two writes.
  if (Atomics.compareExchange(phase, 0, importPhase.PLANNING, importPhase.WRITING) !== importPhase.PLANNING) job.checkCancelled();
  const tally = new ImportTally();
  tally.skipped.push(...skipped);
  let importId: number | null = null;
  let resumed = false;
  if (importer.writes === 'regions') {
    const begun = beginRegionImport(db, format, source.sha256(), from);
    if ('alreadyAt' in begun) return { format, imported: 0, matched: 0, labeled: 0, classesCreated: [], skipped: [], alreadyImportedAt: begun.alreadyAt };
    ({ importId, resumed } = begun);
    // Classes the source declares and its regions use, in the source's order, before any region.
    const used = new Set(ready.flatMap((r) => r.regions.map((g) => g.label.toLowerCase())));
    createClasses(
      db,
      declared.filter((n) => used.has(n.trim().toLowerCase())),
      tally,
    );
  }
  job.progress(0, ready.length);
  for (const chunk of chunks(ready)) {
    const placed = await placeImages(datasetRoot, db, chunk, tally, job, ready.length);
    job.checkCancelled();
    if (importId === null) writeTagChunk(db, datasetRoot, placed, tally, author);
    else writeRegionChunk(db, datasetRoot, placed, tally, author, importId);
    post({ type: 'written' });
  }
  if (importId !== null) finishRegionImport(db, importId, author);
  job.progress(ready.length, ready.length);
  return {
    format,
    imported: tally.imported,
    matched: tally.matched,
    labeled: tally.labeled,
    classesCreated: tally.classesCreated,
    skipped: tally.skipped,
    ...(resumed ? { resumed } : {}),
  };
}

async function main(): Promise<void> {
  let db: Db | null = null;
  let outcome: FromImport;
  try {
    db = openDatabase(request.storeFile);
    outcome = { type: 'done', summary: await run(db) };
  } catch (e) {
    outcome = isLightboxError(e)
      ? { type: 'error', code: e.code, message: e.message }
      : { type: 'error', code: 'INTERNAL', message: `Something went wrong inside Lightbox while importing: ${String((e as Error)?.message ?? e).slice(0, 300)}` };
  }
  // Closed before the outcome is sent: once the job has it, this thread writes nothing more.
  try {
    if (db) closeStore(db);
  } catch {
    // closing is best effort: every write was committed or rolled back already
  }
  post(outcome);
}

void main();
