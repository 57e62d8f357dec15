import fs from 'node:fs';
import path from 'node:path';
import { walkImages } from './walk.js';

/**
 * Notice files that other programs add, change or remove in an open dataset, and call `onChange`
 * once things settle (debounced). One non-recursive watcher per folder: Node's own recursive
 * watch on Linux puts a watch on every file, which a 100,000-image dataset would exhaust. Hidden
 * entries (`.lightbox/` with the store, temporary `.part` files) are ignored, so Lightbox's own
 * writes never trigger it. Where watching fails (too many folders for the OS limit, a network
 * drive), it falls back to comparing a listing every few seconds.
 */

export interface DatasetWatcher {
  readonly mode: 'events' | 'polling';
  close(): void;
}

export interface WatchOptions {
  /** Quiet time after the last change before `onChange` runs. */
  debounceMs?: number;
  /** Listing interval of the polling fallback. */
  pollMs?: number;
  /** Use polling even where events work (tests, network drives). */
  forcePolling?: boolean;
  /** Most folders watched with events before falling back to polling. */
  maxFolders?: number;
}

function listingSignature(root: string): string {
  let n = 0;
  let acc = 0;
  for (const f of walkImages(root)) {
    n++;
    let h = f.bytes ^ f.mtime;
    for (let i = 0; i < f.rel.length; i++) h = (Math.imul(h, 31) + f.rel.charCodeAt(i)) | 0;
    acc = (acc + h) | 0;
  }
  return `${n}:${acc}`;
}

/**
 * `onChange` gets the absolute paths that changed since the last call, or null when they are not
 * known (polling, too many at once): then everything may have changed.
 */
export type ChangeListener = (changed: string[] | null) => void;

const MAX_TRACKED = 10_000;

export function watchDataset(root: string, onChange: ChangeListener, opts: WatchOptions = {}): DatasetWatcher {
  const debounceMs = opts.debounceMs ?? 700;
  const pollMs = opts.pollMs ?? 3000;
  const maxFolders = opts.maxFolders ?? 20_000;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let changed: Set<string> | null = new Set();
  const fire = (file: string | null) => {
    if (closed) return;
    if (file === null || (changed && changed.size >= MAX_TRACKED)) changed = null;
    else changed?.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const list = changed ? [...changed] : null;
      changed = new Set();
      if (!closed) onChange(list);
    }, debounceMs);
    timer.unref();
  };

  const watchers = new Map<string, fs.FSWatcher>();
  let poller: NodeJS.Timeout | null = null;
  let mode: DatasetWatcher['mode'] = 'events';

  const startPolling = () => {
    mode = 'polling';
    for (const w of watchers.values()) w.close();
    watchers.clear();
    let last = listingSignature(root);
    poller = setInterval(() => {
      if (closed) return;
      let now: string;
      try {
        now = listingSignature(root);
      } catch {
        return; // the folder is gone for now; the next round tries again
      }
      if (now !== last) {
        last = now;
        fire(null);
      }
    }, pollMs);
    poller.unref();
  };

  /** Watch `dir` and every non-hidden folder below it. False when the OS refused a watch. */
  const watchTree = (dir: string): boolean => {
    const stack = [dir];
    while (stack.length > 0) {
      const d = stack.pop()!;
      if (watchers.has(d)) continue;
      if (watchers.size >= maxFolders) return false;
      try {
        const w = fs.watch(d, { persistent: false }, (_event, name) => onEvent(d, name));
        w.on('error', () => {
          w.close();
          watchers.delete(d);
        });
        watchers.set(d, w);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        return false;
      }
      let entries: fs.Dirent[] = [];
      try {
        entries = fs.readdirSync(d, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) stack.push(path.join(d, e.name));
    }
    return true;
  };

  const onEvent = (dir: string, name: string | Buffer | null) => {
    if (closed || mode !== 'events') return;
    const n = name === null ? null : String(name);
    if (n !== null && n.startsWith('.')) return;
    const full = n === null ? null : path.join(dir, n);
    if (full !== null) {
      try {
        if (fs.statSync(full).isDirectory() && !watchTree(full)) startPolling();
      } catch {
        // removed: its watcher reports an error and is dropped
      }
    }
    fire(full);
  };

  if (opts.forcePolling || !watchTree(root)) startPolling();

  return {
    get mode() {
      return mode;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (poller) clearInterval(poller);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
