import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../dataset/atomicOutput.js';
import { STORE_DIR } from '../store/openStore.js';
import { decode, decodeFailureReason } from './sharpSafe.js';

/**
 * Images derived from the originals and cached in `.lightbox/cache/`: library thumbnails, and the
 * previews the workspace shows for images too large to decode quickly (or in a format browsers do
 * not display, such as TIFF). Keyed by content hash, so a moved or renamed file keeps them.
 */
export const DERIVED = {
  thumbs: { size: 256, quality: 80 },
  previews: { size: 2048, quality: 85 },
} as const;
export type DerivedKind = keyof typeof DERIVED;

export const THUMB_SIZE = DERIVED.thumbs.size;
export const PREVIEW_SIZE = DERIVED.previews.size;

export function derivedPath(root: string, kind: DerivedKind, sha256: string): string {
  return path.join(root, STORE_DIR, 'cache', kind, sha256.slice(0, 2), `${sha256}.jpg`);
}

export function thumbPath(root: string, sha256: string): string {
  return derivedPath(root, 'thumbs', sha256);
}

/**
 * Make the upright `kind` image of `file` unless it is cached. Decoding the whole image here is
 * also what finds a truncated file, so a failure comes back as a reason for the library.
 */
export async function ensureDerived(
  root: string,
  file: string,
  sha256: string,
  kind: DerivedKind,
): Promise<{ ok: true; path: string } | { ok: false; reason: string }> {
  const out = derivedPath(root, kind, sha256);
  if (fs.existsSync(out)) return { ok: true, path: out };
  const { size, quality } = DERIVED[kind];
  try {
    const buf = await decode(file)
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality })
      .toBuffer();
    writeFileAtomic(out, buf);
    return { ok: true, path: out };
  } catch (e) {
    return { ok: false, reason: decodeFailureReason(e) };
  }
}

export function ensureThumbnail(root: string, file: string, sha256: string) {
  return ensureDerived(root, file, sha256, 'thumbs');
}
