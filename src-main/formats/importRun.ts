import fs from 'node:fs';
import type { ImportSummary, LabeledFormat } from '../api/acquire.js';
import { LightboxError } from '../api/errors.js';
import type { JobContext } from '../jobs/JobManager.js';
import { startThread } from '../jobs/thread.js';
import { liveImagePaths } from '../store/importsRepo.js';
import type { Db } from '../store/openStore.js';
import { importers } from './importers.js';
import type { FromPlanner, ImportRequest, ToPlanner } from './importProtocol.js';
import importThread from './importWorker.js?thread';
import { beginRegionImport, createClasses, finishRegionImport, ImportTally, placeImages, writeRegionChunk, writeTagChunk } from './importWrite.js';

type Progress = { type: 'progress'; done: number; total: number; current: string | null };

/**
 * Run one import inside its job: the source is read, parsed and planned in a worker thread
 * (importWorker.ts), and this thread, which also answers calls, only places images and writes
 * chunks in short transactions. A source that cannot be read fails the job with its message.
 */
export async function runImport(root: string, db: Db, format: LabeledFormat, from: string, job: JobContext, author: string | null): Promise<ImportSummary> {
  // Nothing before the job's id is returned to the caller.
  await new Promise((resolve) => setImmediate(resolve));
  const importer = importers[format];
  const realRoot = fs.realpathSync(root);
  const request: ImportRequest = { format, from, datasetRoot: realRoot, knownPaths: liveImagePaths(db) };
  const worker = startThread(importThread, { request });
  const send = (m: ToPlanner) => worker.postMessage(m);

  // Messages in arrival order; an ended or failed thread ends the wait with its reason.
  const inbox: (FromPlanner | Progress)[] = [];
  let failure: LightboxError | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: FromPlanner | Progress) => {
    inbox.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure ??= new LightboxError('INTERNAL', `Something went wrong inside Lightbox while reading the source: ${String(e?.message ?? e).slice(0, 300)}`);
    notify();
  });
  worker.on('exit', () => {
    failure ??= new LightboxError('INTERNAL', 'The thread reading the source stopped before it finished.');
    notify();
  });
  const cancel = () => {
    failure = new LightboxError('CANCELLED', 'The job was cancelled.');
    void worker.terminate();
    notify();
  };
  job.signal.addEventListener('abort', cancel);

  const next = async (): Promise<Exclude<FromPlanner, { type: 'error' }>> => {
    for (;;) {
      job.checkCancelled();
      const m = inbox.shift();
      if (m?.type === 'progress') {
        job.progress(m.done, m.total, m.current);
        continue;
      }
      if (m?.type === 'error') throw new LightboxError(m.code, m.message);
      if (m) return m;
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };

  try {
    const planned = await next();
    if (planned.type !== 'planned') throw new LightboxError('INTERNAL', 'The thread reading the source sent its images before its plan.');
    const tally = new ImportTally();
    tally.skipped.push(...planned.skipped);
    let importId: number | null = null;
    let resumed = false;
    if (importer.writes === 'regions') {
      const begun = beginRegionImport(db, format, planned.sourceSha256, from);
      if ('alreadyAt' in begun) {
        send({ type: 'stop' });
        return { format, imported: 0, matched: 0, labeled: 0, classesCreated: [], skipped: [], alreadyImportedAt: begun.alreadyAt };
      }
      ({ importId, resumed } = begun);
      createClasses(db, planned.classNames, tally);
    }
    send({ type: 'go' });
    job.progress(0, planned.total);
    for (;;) {
      const m = await next();
      if (m.type === 'end') break;
      if (m.type !== 'chunk') continue;
      tally.skipped.push(...m.skipped);
      const placed = await placeImages(realRoot, db, m.images, tally, job, planned.total);
      job.checkCancelled();
      if (importId === null) writeTagChunk(db, realRoot, placed, tally, author);
      else writeRegionChunk(db, realRoot, placed, tally, author, importId);
      send({ type: 'more' });
      // A whole turn of the event loop between two chunks: calls waiting to be answered go first.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (importId !== null) finishRegionImport(db, importId, author);
    job.progress(planned.total, planned.total);
    return {
      format,
      imported: tally.imported,
      matched: tally.matched,
      labeled: tally.labeled,
      classesCreated: tally.classesCreated,
      skipped: tally.skipped,
      ...(resumed ? { resumed } : {}),
    };
  } finally {
    job.signal.removeEventListener('abort', cancel);
    void worker.terminate();
  }
}
