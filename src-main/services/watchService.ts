import fs from 'node:fs';
import path from 'node:path';
import { hasDicomPreamble } from '../dataset/imageMagic.js';
import { IMAGE_TYPES, isDicomExtension } from '../dataset/imageTypes.js';
import { isInside, relativeTo } from '../dataset/pathSafety.js';
import { type DatasetWatcher, watchDataset } from '../dataset/watch.js';
import { indexedFileLookup } from '../store/imageStateRepo.js';
import type { Db } from '../store/openStore.js';
import { startScan } from './datasetsService.js';
import type { Session } from './Session.js';

/**
 * True when every changed path is already what the store says it is: files Lightbox itself just
 * wrote (a capture, a download, a drop) with their rows committed, or files that are not images.
 * Then no rescan is needed, which keeps hold-to-record from rescanning the folder every second.
 */
export function alreadyIndexed(root: string, db: Db, changed: string[]): boolean {
  const indexed = indexedFileLookup(db);
  let budget = 2000;
  const known = (abs: string): boolean => {
    if (--budget < 0) return false;
    if (!isInside(root, abs) || path.basename(abs).startsWith('.')) return true;
    let st: fs.Stats | null = null;
    try {
      st = fs.lstatSync(abs);
    } catch {
      st = null;
    }
    if (st?.isDirectory()) {
      // A new folder (captures/DATE/ on the first frame of the day): known if all it holds is.
      let names: string[];
      try {
        names = fs.readdirSync(abs);
      } catch {
        return false;
      }
      return names.every((n) => known(path.join(abs, n)));
    }
    const ext = path.extname(abs).toLowerCase();
    // A DICOM may have any name (`IM0001`): a file that is not an image by its name is one if it starts like a DICOM.
    if (!(ext in IMAGE_TYPES) && !isDicomExtension(ext) && !(st === null || (st.isFile() && hasDicomPreamble(abs)))) return true;
    const r = indexed(relativeTo(root, abs));
    if (!st) return !r || r.missing === 1; // deleted: known only if the store has no live row for it
    return !!r && r.missing === 0 && r.bytes === st.size && r.mtime === Math.round(st.mtimeMs);
  };
  return changed.every(known);
}

/**
 * Keep the open dataset in step with its folder: when other programs change files, run an
 * incremental scan (which emits `images.changed`). While another job runs (a scan, an import,
 * an export) the scan waits, so two writers never index the same new file at once.
 */
export function startWatching(session: Session, root: string, opts: { debounceMs?: number; forcePolling?: boolean } = {}): DatasetWatcher {
  let retry: NodeJS.Timeout | null = null;
  const busy = () => session.jobs.list().some((j) => j.state === 'running');
  let pending: Set<string> | null = new Set();
  const run = () => {
    if (retry) clearTimeout(retry);
    retry = null;
    const ds = session.dataset;
    if (ds?.root !== root) return;
    if (busy()) {
      retry = setTimeout(run, 1000);
      retry.unref();
      return;
    }
    const changed = pending;
    pending = new Set();
    if (changed && alreadyIndexed(root, ds.db, [...changed])) return;
    startScan(session).promise.catch(() => undefined);
  };
  const onChange = (changed: string[] | null) => {
    if (changed === null || pending === null) pending = null;
    else for (const c of changed) pending.add(c);
    run();
  };
  const watcher = watchDataset(root, onChange, { debounceMs: opts.debounceMs, forcePolling: opts.forcePolling });
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
