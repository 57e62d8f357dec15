import { type DatasetWatcher, watchDataset } from '../dataset/watch.js';
import { startScan } from './datasetsService.js';
import type { Session } from './Session.js';

/**
 * Keep the open dataset in step with its folder: when other programs change files, run an
 * incremental scan (which emits `images.changed`). While another job runs (a scan, an import,
 * an export) the scan waits, so two writers never index the same new file at once.
 */
export function startWatching(session: Session, root: string, opts: { debounceMs?: number; forcePolling?: boolean } = {}): DatasetWatcher {
  let retry: NodeJS.Timeout | null = null;
  const busy = () => session.jobs.list().some((j) => j.state === 'running');
  const run = () => {
    if (retry) clearTimeout(retry);
    retry = null;
    if (session.dataset?.root !== root) return;
    if (busy()) {
      retry = setTimeout(run, 1000);
      retry.unref();
      return;
    }
    startScan(session).promise.catch(() => undefined);
  };
  const watcher = watchDataset(root, run, { debounceMs: opts.debounceMs, forcePolling: opts.forcePolling });
  return {
    get mode() {
      return watcher.mode;
    },
    close() {
      if (retry) clearTimeout(retry);
      watcher.close();
    },
  };
}
