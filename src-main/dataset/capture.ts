import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { decode, decodeFailureReason } from '../imaging/sharpSafe.js';
import { deleteLastCapture, liveImagesTagged } from '../store/acquiredImagesRepo.js';
import { getClass } from '../store/classesRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { addTags, upsertImageRow } from './addImage.js';
import { candidateNames, localDate, writeFileAtomic } from './fileNames.js';
import { sha256Buffer } from './hash.js';
import { sniffImage } from './imageMagic.js';

/**
 * Camera frames: re-encoded upright with no metadata (whatever the renderer sent), written to
 * `captures/YYYY-MM-DD/HHMMSS-mmm.jpg` through a temporary name, and recorded with their class
 * and `source='camera'` in one transaction.
 */

export const CAPTURES_DIR = 'captures';

export interface SavedCapture {
  imageId: number;
  path: string;
  classId: number;
  classCount: number;
}

function timeStem(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}-${p(d.getMilliseconds(), 3)}`;
}

/** Images carrying class `classId` as a live tag. */
export function classImageCount(db: Db, classId: number): number {
  return liveImagesTagged(db, classId);
}

export async function saveCapture(
  root: string,
  db: Db,
  frame: { classId: number; format: 'jpeg' | 'png'; data: Buffer },
  author: string | null,
  now = new Date(),
): Promise<SavedCapture> {
  const cls = getClass(db, frame.classId);
  if (cls.archived) throw new LightboxError('CONFLICT', `"${cls.name}" is archived. Restore it before capturing into it.`);
  const kind = sniffImage(frame.data.subarray(0, 32));
  if (kind !== 'jpeg' && kind !== 'png' && kind !== 'webp') {
    throw new LightboxError('BAD_FILE', 'The camera frame is not a JPEG, PNG or WebP image; nothing was saved.');
  }
  let out: Buffer;
  try {
    // rotate() applies any EXIF orientation; sharp writes no metadata unless asked to.
    const pipeline = decode(frame.data).rotate();
    out = await (frame.format === 'png' ? pipeline.png({ compressionLevel: 6 }) : pipeline.jpeg({ quality: 92, mozjpeg: false })).toBuffer();
  } catch (e) {
    throw new LightboxError('BAD_FILE', `The camera frame could not be decoded (${decodeFailureReason(e)}); nothing was saved.`);
  }
  const meta = await decode(out).metadata();
  const dirRel = `${CAPTURES_DIR}/${localDate(now)}`;
  const ext = frame.format === 'png' ? '.png' : '.jpg';
  let rel = '';
  let abs = '';
  // No await from here to the commit, so two frames in the same millisecond get distinct names.
  for (const name of candidateNames(timeStem(now), ext)) {
    abs = path.join(root, ...dirRel.split('/'), name);
    if (fs.existsSync(abs)) continue;
    rel = `${dirRel}/${name}`;
    writeFileAtomic(abs, out);
    break;
  }
  try {
    return writeTx(db, () => {
      const imageId = upsertImageRow(db, {
        rel,
        abs,
        sha256: sha256Buffer(out),
        probe: { width: meta.width ?? 0, height: meta.height ?? 0, orientation: 1, format: meta.format ?? frame.format },
        source: 'camera',
        sourceRef: null,
      });
      addTags(db, imageId, [frame.classId], author);
      return { imageId, path: rel, classId: frame.classId, classCount: classImageCount(db, frame.classId) };
    });
  } catch (e) {
    fs.rmSync(abs, { force: true }); // the row did not commit: leave no unlabeled stray frame
    throw e;
  }
}

/** Remove the most recent camera capture: its row (and labels), then its file. */
export function undoLastCapture(root: string, db: Db): { imageId: number; path: string; classIds: number[] } | null {
  const removed = writeTx(db, () => deleteLastCapture(db));
  if (removed) fs.rmSync(path.join(root, ...removed.path.split('/')), { force: true });
  return removed;
}
