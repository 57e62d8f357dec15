import type { JobContext } from './JobManager.js';

/**
 * Run `fn` over `items` inside a job, `parallel` at a time, reporting progress (with `label` of
 * the item just finished) and stopping at cancel. Results come back in item order whatever the
 * order of completion. Waits for every started item before it returns or throws, so nothing is
 * still writing after a failure.
 */
export async function forEachParallel<T, R>(
  job: JobContext,
  items: readonly T[],
  parallel: number,
  label: (item: T) => string,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  const failure: { error?: unknown } = {};
  let next = 0;
  let done = 0;
  job.progress(0, items.length, null);
  const worker = async () => {
    while (!('error' in failure) && next < items.length) {
      const i = next++;
      try {
        job.checkCancelled();
        out[i] = await fn(items[i]!);
      } catch (e) {
        if (!('error' in failure)) failure.error = e;
        return;
      }
      done++;
      job.progress(done, items.length, label(items[i]!));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, worker));
  if ('error' in failure) throw failure.error;
  return out;
}
