import fs from 'node:fs';
import type { ImportSummary, LabeledFormat } from '../api/acquire.js';
import { LightboxError } from '../api/errors.js';
import type { JobContext } from '../jobs/JobManager.js';
import { startThread } from '../jobs/thread.js';
import { type Db, assertStoreInPlace } from '../store/openStore.js';
import { type FromImport, type ImportRequest, importPhase, type ToImport } from './importProtocol.js';
import importThread from './importWorker.js?thread';

/** How often, at most, the dataset is said to have changed while an import writes (the library refreshes on it). */
const CHANGED_EVERY_MS = 2_000;

/**
 * Run one import inside its job. The import thread (importWorker.ts) does all of it: reads,
 * parses and plans the source, copies images in, and writes chunks in short transactions through
 * its own connection to the store. This thread, which answers calls, only relays progress and
 * cancellation, and says when chunks were committed (`changed`). A source that cannot be read
 * fails the job with its message. The job ends only once the thread has stopped writing.
 */
export async function runImport(
  root: string,
  db: Db,
  format: LabeledFormat,
  from: string,
  job: JobContext,
  author: string | null,
  changed: () => void = () => undefined,
): Promise<ImportSummary> {
  // Nothing before the job's id is returned to the caller.
  await new Promise((resolve) => setImmediate(resolve));
  job.checkCancelled();
  // A store whose files were replaced stays refused: the thread would open the new files as sound.
  assertStoreInPlace(db);
  const phase = new Int32Array(new SharedArrayBuffer(4));
  const request: ImportRequest = { format, from, datasetRoot: fs.realpathSync(root), storeFile: db.name, author, phase: phase.buffer as SharedArrayBuffer };
  const worker = startThread(importThread, { request });
  const send = (m: ToImport) => worker.postMessage(m);
  let cancelled: (() => void) | null = null;
  const cancel = () => {
    // Still planning (a large source parses for seconds): nothing is written yet, so stop it now.
    if (Atomics.compareExchange(phase, 0, importPhase.PLANNING, importPhase.CANCELLED) === importPhase.PLANNING) cancelled?.();
    else send({ type: 'cancel' });
  };
  job.signal.addEventListener('abort', cancel);
  let lastChanged = 0;
  try {
    return await new Promise<ImportSummary>((resolve, reject) => {
      cancelled = () => reject(new LightboxError('CANCELLED', 'The job was cancelled.'));
      worker.on('message', (m: FromImport) => {
        switch (m.type) {
          case 'progress':
            job.progress(m.done, m.total, m.current);
            break;
          case 'written': {
            const now = Date.now();
            if (now - lastChanged >= CHANGED_EVERY_MS) {
              lastChanged = now;
              changed();
            }
            break;
          }
          case 'done':
            resolve(m.summary);
            break;
          case 'error':
            reject(new LightboxError(m.code, m.message));
            break;
        }
      });
      worker.on('error', (e) => reject(new LightboxError('INTERNAL', `Something went wrong inside Lightbox while importing: ${String(e?.message ?? e).slice(0, 300)}`)));
      worker.on('exit', () => reject(new LightboxError('INTERNAL', 'The import thread stopped before it finished.')));
    });
  } finally {
    job.signal.removeEventListener('abort', cancel);
    // The outcome is sent as the thread's last act: it has closed its connection or is closing it.
    await worker.terminate();
  }
}
