import { LightboxError } from '../api/errors.js';
import type { JobContext } from './JobManager.js';

/**
 * The one loop that long work runs its items through: at most `limit` in flight, results in item
 * order whatever the order of completion. After the first failure no new item starts, and it
 * waits for every started item before it throws, so nothing is still writing once it has failed.
 */
export async function runLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  onDone?: (item: T, done: number) => void,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  const failure: { error?: unknown } = {};
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (!('error' in failure) && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (e) {
        if (!('error' in failure)) failure.error = e;
        return;
      }
      onDone?.(items[i]!, ++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if ('error' in failure) throw failure.error;
  return out;
}

/**
 * Run `fn` over `items` inside a job, `parallel` at a time, reporting progress (with `label` of
 * the item just finished) and stopping at cancel.
 */
export function forEachParallel<T, R>(job: JobContext, items: readonly T[], parallel: number, label: (item: T) => string, fn: (item: T) => Promise<R>): Promise<R[]> {
  job.progress(0, items.length, null);
  return runLimited(
    items,
    parallel,
    (item) => {
      job.checkCancelled();
      return fn(item);
    },
    (item, done) => job.progress(done, items.length, label(item)),
  );
}

/** Run `fn` over `items` with at most `limit` in flight, stopping early once `signal` is aborted. */
export function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  return runLimited(items, limit, (item, i) => {
    if (signal?.aborted) throw new LightboxError('CANCELLED', 'The job was cancelled.');
    return fn(item, i);
  });
}
