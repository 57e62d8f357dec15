import { randomUUID } from 'node:crypto';
import type { JobInfo } from '../api/jobs.js';
import { LightboxError, isLightboxError } from '../api/errors.js';

export interface JobContext {
  signal: AbortSignal;
  /** Report progress; events are sent at most every `throttleMs`, and always for the last item. */
  progress(done: number, total: number, current?: string | null): void;
  /** Throws CANCELLED when the job was cancelled; call between items. */
  checkCancelled(): void;
}

export type JobRunner<T> = (ctx: JobContext) => Promise<T>;

/**
 * Long work (scan, thumbnails, import, export) runs as a job: progress as events, cancellable,
 * its outcome kept for `jobs.get` after it ends.
 */
export class JobManager {
  private readonly jobs = new Map<string, { info: JobInfo; abort: AbortController; promise: Promise<unknown> }>();

  constructor(
    private readonly emit: (info: JobInfo) => void,
    private readonly throttleMs = 100,
  ) {}

  start<T>(kind: string, run: JobRunner<T>): { id: string; promise: Promise<T> } {
    const id = randomUUID();
    const abort = new AbortController();
    const info: JobInfo = { id, kind, state: 'running', done: 0, total: 0, current: null };
    let lastEmit = 0;
    const ctx: JobContext = {
      signal: abort.signal,
      progress: (done, total, current = null) => {
        info.done = done;
        info.total = total;
        info.current = current;
        const now = Date.now();
        if (now - lastEmit >= this.throttleMs || done >= total) {
          lastEmit = now;
          this.emit({ ...info });
        }
      },
      checkCancelled: () => {
        if (abort.signal.aborted) throw new LightboxError('CANCELLED', 'The job was cancelled.');
      },
    };
    const promise = (async () => {
      this.emit({ ...info });
      try {
        const result = await run(ctx);
        info.state = 'done';
        info.result = result;
        return result;
      } catch (e) {
        info.state = abort.signal.aborted || (isLightboxError(e) && e.code === 'CANCELLED') ? 'cancelled' : 'failed';
        info.error = isLightboxError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: `Something went wrong inside Lightbox: ${String((e as Error)?.message ?? e).slice(0, 300)}` };
        throw e;
      } finally {
        info.current = null;
        this.emit({ ...info });
      }
    })();
    // The job's failure is reported through its state and events; nobody has to await it.
    promise.catch(() => undefined);
    this.jobs.set(id, { info, abort, promise });
    return { id, promise };
  }

  get(id: string): JobInfo {
    const j = this.jobs.get(id);
    if (!j) throw new LightboxError('NOT_FOUND', `There is no job ${id}.`);
    return { ...j.info };
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info }));
  }

  cancel(id: string): void {
    const j = this.jobs.get(id);
    if (!j) throw new LightboxError('NOT_FOUND', `There is no job ${id}.`);
    j.abort.abort();
  }

  /** Wait for a job to end (tests, the CLI). */
  wait(id: string): Promise<unknown> {
    const j = this.jobs.get(id);
    if (!j) throw new LightboxError('NOT_FOUND', `There is no job ${id}.`);
    return j.promise;
  }

  cancelAll(): Promise<unknown> {
    for (const j of this.jobs.values()) if (j.info.state === 'running') j.abort.abort();
    return Promise.allSettled([...this.jobs.values()].map((j) => j.promise));
  }
}

// The loop over items lives in forEachParallel.ts; scan and imports import it from here.
export { mapLimit } from './forEachParallel.js';
