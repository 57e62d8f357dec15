import { type Db, writeTx } from './openStore.js';

/**
 * Keyed hashes of the DICOM series of images (table `image_series`, migration 0170): what
 * apply-to-similar groups DICOM images by. The SeriesInstanceUID itself is never stored.
 */

/** A DICOM image whose series key is not known for its current file (never read, or changed since). */
export interface SeriesKeyToRead {
  id: number;
  path: string;
  frame: number | null;
  sha256: string | null;
  mtime: number | null;
}

/**
 * When `imageId` is a DICOM image: it and the readable DICOM images of its size whose series key
 * is missing or stale (what apply-to-similar must read before it groups them). Otherwise none.
 */
export function seriesKeysToRead(db: Db, imageId: number): SeriesKeyToRead[] {
  return db
    .prepare(
      `WITH me AS (SELECT width, height FROM images WHERE id = ? AND format = 'dicom')
       SELECT i.id, i.path, i.frame, i.sha256, i.mtime FROM images i JOIN me ON i.width = me.width AND i.height = me.height
         LEFT JOIN image_series s ON s.image_id = i.id
       WHERE i.format = 'dicom' AND i.missing = 0 AND i.error IS NULL
         AND (s.image_id IS NULL OR s.sha256 IS NOT i.sha256 OR s.mtime IS NOT i.mtime)
       ORDER BY i.path`,
    )
    .all(imageId) as SeriesKeyToRead[];
}

/** Keep the series key read from each image's file (null: the file names no series). */
export function putSeriesKeys(db: Db, rows: readonly (SeriesKeyToRead & { key: string | null })[]): void {
  if (rows.length === 0) return;
  writeTx(db, () => {
    const put = db.prepare('INSERT OR REPLACE INTO image_series (image_id, sha256, mtime, series_key) VALUES (?, ?, ?, ?)');
    // An image removed while its file was read has no row left to key.
    const live = db.prepare('SELECT 1 FROM images WHERE id = ?');
    for (const r of rows) if (live.get(r.id)) put.run(r.id, r.sha256, r.mtime, r.key);
  });
}
