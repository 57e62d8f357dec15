import { fileOfRow } from '../dataset/imageFrames.js';
import { resolveInside } from '../dataset/pathSafety.js';
import { seriesKeyOfFile } from '../privacy/seriesKeys.js';
import { deidSecret } from '../store/deidRepo.js';
import { putSeriesKeys, seriesKeysToRead } from '../store/imageSeriesRepo.js';
import type { Db } from '../store/openStore.js';

/**
 * Make sure the series keys apply-to-similar groups `imageId` by are known: when it is a DICOM
 * image, the files of it and of every DICOM image of its size not read since they last changed
 * are read (each file once, whatever its frames) and their keys kept. The first apply in a large
 * DICOM dataset pays for the headers; later ones read only what changed.
 */
export async function refreshSeriesKeys(db: Db, root: string, imageId: number): Promise<void> {
  const rows = seriesKeysToRead(db, imageId);
  if (rows.length === 0) return;
  const secret = deidSecret(db);
  const byFile = new Map<string, Promise<string | null>>();
  const keyed = [];
  for (const r of rows) {
    const rel = fileOfRow(r.path, r.frame);
    let key = byFile.get(rel);
    if (!key) {
      key = (async () => seriesKeyOfFile(secret, resolveInside(root, rel)))().catch(() => null);
      byFile.set(rel, key);
    }
    keyed.push({ ...r, key: await key });
  }
  putSeriesKeys(db, keyed);
}
