import path from 'node:path';

/**
 * File names Lightbox makes from outside input (a URL, a dropped file, a host name): safe on
 * Windows, macOS and Linux, never hidden, never a path, and not clobbering a file already there.
 */

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
export const MAX_STEM = 80;

/** A file-name stem (no extension) from `raw`, with anything unsafe replaced by `_`. */
export function safeStem(raw: string, fallback = 'image'): string {
  let s = raw.normalize('NFC');
  s = s.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069<>:"/\\|?*%]/g, '_');
  s = s.replace(/\s+/g, ' ').trim();
  s = s.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (s.length > MAX_STEM) s = s.slice(0, MAX_STEM).replace(/[.\s]+$/, '');
  if (s === '' || /^_+$/.test(s)) s = fallback;
  if (RESERVED.test(s) || RESERVED.test(s.split('.')[0] ?? '')) s = `_${s}`;
  return s;
}

/** The folder name for a URL's host: `example.com`, `127.0.0.1_8080`, `__1_` for `[::1]`. */
export function hostFolder(url: URL): string {
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/:/g, '_');
  return safeStem(url.port ? `${host}_${url.port}` : host, 'host');
}

/** The stem of the last path segment of a URL, percent-decoded when possible. */
export function stemFromUrl(url: URL): string {
  const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // keep it encoded
  }
  const ext = path.extname(name);
  return safeStem(ext ? name.slice(0, -ext.length) : name);
}

/**
 * Candidate names in `dir`: `stem.ext`, `stem-2.ext`, `stem-3.ext`, ... Callers take the first one
 * that is free or already holds the same content (which makes an interrupted run idempotent).
 */
export function* candidateNames(stem: string, ext: string): Generator<string> {
  yield `${stem}${ext}`;
  for (let i = 2; ; i++) yield `${stem}-${i}${ext}`;
}

// Writing through a temporary name lives in atomicOutput.ts; these callers' imports stay as they were.
export { copyFileAtomic, processAlive, removeStalePart, writeFileAtomic } from './atomicOutput.js';

/** Local date as YYYY-MM-DD, for `captures/DATE/` and `added/DATE/`. */
export function localDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
