import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../dataset/atomicOutput.js';
import { STORE_DIR } from '../store/openStore.js';
import { DicomError } from './dicom/index.js';
import { decode, decodeFailureReason, fromRaw } from './sharpSafe.js';
import { dicomDisplayPixelsOffThread } from './dicomThread.js';
import { type RenderKind, renderOf } from './renderKind.js';
import { grey16DisplayPixels } from './windowedPixels.js';

/**
 * Images derived from the originals and cached in `.lightbox/cache/`: library thumbnails, and the
 * previews the workspace shows for images too large to decode quickly (or in a format browsers do
 * not display, such as TIFF and DICOM). Keyed by content hash, so a moved or renamed file keeps them.
 */
export const DERIVED = {
  thumbs: { size: 256, quality: 80 },
  previews: { size: 2048, quality: 85 },
} as const;
export type DerivedKind = keyof typeof DERIVED;

export const THUMB_SIZE = DERIVED.thumbs.size;
export const PREVIEW_SIZE = DERIVED.previews.size;

/** What a thumbnail or preview is made from. */
export interface DerivedSource {
  /** Absolute path of the file (for a frame row: of the file the frame is in). */
  file: string;
  sha256: string;
  /** 1-based frame of a multi-frame DICOM file, or null for a file that is one image. */
  frame: number | null;
  /** How pixels become 8-bit (renderKind.ts). */
  render: RenderKind;
}

export { renderOf };

export function derivedSource(file: string, row: { sha256: string; frame: number | null; format: string | null; bitsStored: number | null }): DerivedSource {
  return { file, sha256: row.sha256, frame: row.frame, render: renderOf(row) };
}

/**
 * The cache name: the content hash, plus the frame for a frame of a multi-frame file, plus `w`
 * for a 16-bit image (whose earlier, unwindowed thumbnails were black and must not be reused).
 */
function derivedKey(src: Pick<DerivedSource, 'sha256' | 'frame' | 'render'>): string {
  return `${src.sha256}${src.frame !== null ? `-f${src.frame}` : ''}${src.render === 'grey16' ? '-w' : ''}`;
}

export function derivedPath(root: string, kind: DerivedKind, src: string | Pick<DerivedSource, 'sha256' | 'frame' | 'render'>): string {
  const key = typeof src === 'string' ? src : derivedKey(src);
  return path.join(root, STORE_DIR, 'cache', kind, key.slice(0, 2), `${key}.jpg`);
}

export function thumbPath(root: string, src: string | Pick<DerivedSource, 'sha256' | 'frame' | 'render'>): string {
  return derivedPath(root, 'thumbs', src);
}

async function render(src: DerivedSource, size: number, quality: number): Promise<Buffer> {
  if (src.render === 'plain') {
    return decode(src.file)
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality })
      .toBuffer();
  }
  // A DICOM frame is decoded on its own thread: a page of thumbnails must not stall the other requests.
  const px = src.render === 'dicom' ? await dicomDisplayPixelsOffThread(src.file, (src.frame ?? 1) - 1) : await grey16DisplayPixels(src.file, size);
  return fromRaw(px.data, { width: px.width, height: px.height, channels: px.channels })
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .jpeg({ quality })
    .toBuffer();
}

/**
 * Make the upright `kind` image of `src` unless it is cached. Decoding the whole image here is
 * also what finds a truncated file, so a failure comes back as a reason for the library.
 */
export async function ensureDerived(root: string, src: DerivedSource, kind: DerivedKind): Promise<{ ok: true; path: string } | { ok: false; reason: string }> {
  const out = derivedPath(root, kind, src);
  if (fs.existsSync(out)) return { ok: true, path: out };
  const { size, quality } = DERIVED[kind];
  try {
    const buf = await render(src, size, quality);
    writeFileAtomic(out, buf);
    return { ok: true, path: out };
  } catch (e) {
    return { ok: false, reason: e instanceof DicomError ? e.message : decodeFailureReason(e) };
  }
}

export function ensureThumbnail(root: string, src: DerivedSource) {
  return ensureDerived(root, src, 'thumbs');
}
