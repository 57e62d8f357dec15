import fs from 'node:fs';
import path from 'node:path';
import { STORE_DIR } from '../store/openStore.js';
import { decode, decodeFailureReason } from './sharpSafe.js';

export const THUMB_SIZE = 256;

/** Thumbnails are keyed by content hash, so a moved or renamed file keeps its thumbnail. */
export function thumbPath(root: string, sha256: string): string {
  return path.join(root, STORE_DIR, 'cache', 'thumbs', sha256.slice(0, 2), `${sha256}.jpg`);
}

/**
 * Make the upright 256 px thumbnail of `file` unless it is cached. Decoding the whole image here is
 * also what finds a truncated file, so a failure comes back as a reason for the library.
 */
export async function ensureThumbnail(root: string, file: string, sha256: string): Promise<{ ok: true; path: string } | { ok: false; reason: string }> {
  const out = thumbPath(root, sha256);
  if (fs.existsSync(out)) return { ok: true, path: out };
  try {
    const buf = await decode(file)
      .rotate()
      .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality: 80 })
      .toBuffer();
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, buf);
    fs.renameSync(tmp, out);
    return { ok: true, path: out };
  } catch (e) {
    return { ok: false, reason: decodeFailureReason(e) };
  }
}
