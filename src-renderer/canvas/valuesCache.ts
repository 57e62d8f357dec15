import type { ImageRow } from '../../src-main/api/index.js';
import type { CallApi } from './regionSync.js';
import { ValueImage, decodeValues } from './valueLut.js';

/** A medical image's values, decoded, with what the window presets need. */
export interface LoadedValues {
  image: ValueImage;
  units: string | null;
  autoWindow: { center: number; width: number };
}

/** Grey photometric interpretations (a 16-bit PNG/TIFF has none): colour DICOM has no values to window. */
export function hasValues(row: Pick<ImageRow, 'medical' | 'error'>): boolean {
  const m = row.medical;
  return !row.error && !!m && (m.photometric === null || m.photometric === 'MONOCHROME1' || m.photometric === 'MONOCHROME2');
}

/** Pixels of values kept decoded for the images around the current one (about 128 MB of Int16). */
const KEEP_PIXELS = 64 * 1024 * 1024;

interface Entry {
  pixels: number;
  loaded: Promise<LoadedValues>;
  /** Set once `loaded` has resolved: the view can draw a prefetched image in its first render. */
  done?: LoadedValues;
}

const caches = new WeakMap<CallApi, Map<string, Entry>>();

/**
 * The values of an image if they are already decoded (prefetched while the person looked at the
 * image before), else null: no request is made. Lets "next" draw the new image in the same render
 * that shows its name, instead of a "loading" pass and a promise's turn later.
 */
export function peekValues(api: CallApi, row: Pick<ImageRow, 'id' | 'version'>): LoadedValues | null {
  return caches.get(api)?.get(`${row.id}:${row.version ?? ''}`)?.done ?? null;
}

/**
 * The values of an image, asked for once and kept (newest last) while they fit KEEP_PIXELS, so
 * the next CT's values can be fetched while the person looks at this one. The key carries the
 * content version: a replaced file is asked for again.
 */
export function loadValues(api: CallApi, row: Pick<ImageRow, 'id' | 'version' | 'width' | 'height'>): Promise<LoadedValues> {
  let cache = caches.get(api);
  if (!cache) caches.set(api, (cache = new Map()));
  const key = `${row.id}:${row.version ?? ''}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.loaded;
  }
  const loaded = api.call('images.values', { id: row.id }).then((r) => ({
    image: new ValueImage(decodeValues(r), r.width, r.height, r.min, r.max, r.invert),
    units: r.units,
    autoWindow: r.autoWindow,
  }));
  const entry: Entry = { pixels: (row.width ?? 0) * (row.height ?? 0), loaded };
  cache.set(key, entry);
  loaded.then((v) => (entry.done = v), () => undefined);
  // A refusal is not kept: the next look asks again (the file may have been fixed).
  loaded.catch(() => cache.get(key) === entry && cache.delete(key));
  let total = 0;
  for (const e of cache.values()) total += e.pixels;
  for (const [k, e] of cache) {
    if (total <= KEEP_PIXELS || k === key) break;
    cache.delete(k);
    total -= e.pixels;
  }
  return loaded;
}
