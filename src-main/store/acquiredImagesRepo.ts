import type { Db } from './openStore.js';

/**
 * Rows for images that an acquisition (URL import, drop, capture, dataset import) put into the
 * dataset folder, and the image-level tags they arrive with. The writes must run inside the
 * caller's write transaction, together with the label, so an image never appears without it.
 */

export type ImageSource = 'folder' | 'camera' | 'url' | 'import';

/** One row as written. Sizes, mtime (ms since the epoch) and width/height (upright) are the file's. */
export interface AcquiredImageRow {
  rel: string;
  sha256: string;
  bytes: number;
  mtime: number;
  width: number | null;
  height: number | null;
  orientation: number | null;
  format: string | null;
  source: ImageSource;
  sourceRef: string | null;
  split: 'train' | 'val' | 'test' | null;
  error: string | null;
}

/** Insert the row for a file, or take over the row at its path (a scan got there first). Returns the id. */
export function upsertAcquiredImage(db: Db, row: AcquiredImageRow, now: number): number {
  return (
    db
      .prepare(
        `INSERT INTO images (path, sha256, bytes, width, height, orientation, format, mtime, source, source_ref, split, error, missing, added_at, updated_at)
         VALUES (@rel, @sha256, @bytes, @width, @height, @orientation, @format, @mtime, @source, @sourceRef, @split, @error, 0, @now, @now)
         ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes, width = excluded.width, height = excluded.height,
           orientation = excluded.orientation, format = excluded.format, mtime = excluded.mtime, source = excluded.source,
           source_ref = excluded.source_ref, split = COALESCE(excluded.split, images.split), error = excluded.error, missing = 0,
           updated_at = excluded.updated_at
         RETURNING id`,
      )
      .get({ ...row, now }) as { id: number }
  ).id;
}

/** The oldest live image with this content, if any. */
export function liveImageByHash(db: Db, sha256: string): { id: number; path: string; source: ImageSource } | undefined {
  return db.prepare('SELECT id, path, source FROM images WHERE sha256 = ? AND missing = 0 ORDER BY id LIMIT 1').get(sha256) as
    | { id: number; path: string; source: ImageSource }
    | undefined;
}

/** The id of the live image at this dataset-relative path, if any. */
export function liveImageIdByPath(db: Db, rel: string): number | undefined {
  return (db.prepare('SELECT id FROM images WHERE path = ? AND missing = 0').get(rel) as { id: number } | undefined)?.id;
}

/** Add image-level tags the image does not have yet (keeping its others). Returns how many were added. */
export function addMissingTags(db: Db, imageId: number, classIds: readonly number[], author: string | null, now: number): number {
  const add = db.prepare(
    `INSERT INTO annotations (image_id, class_id, kind, author, created_at, updated_at)
     SELECT ?, ?, 'tag', ?, ?, ? WHERE NOT EXISTS
       (SELECT 1 FROM annotations WHERE image_id = ? AND class_id = ? AND kind = 'tag' AND deleted = 0)`,
  );
  let n = 0;
  for (const c of classIds) n += add.run(imageId, c, author, now, now, imageId, c).changes;
  if (n > 0) db.prepare('UPDATE images SET updated_at = ? WHERE id = ?').run(now, imageId);
  return n;
}

/** Live images carrying class `classId` as a live tag. */
export function liveImagesTagged(db: Db, classId: number): number {
  return (
    db
      .prepare(
        `SELECT COUNT(DISTINCT a.image_id) AS n FROM annotations a JOIN images i ON i.id = a.image_id
         WHERE a.class_id = ? AND a.kind = 'tag' AND a.deleted = 0 AND i.missing = 0`,
      )
      .get(classId) as { n: number }
  ).n;
}

/**
 * Delete the most recent live camera capture's row (its annotations go with it). Returns what it
 * was: its id, path and the classes it was tagged with. Must run in a write transaction.
 */
export function deleteLastCapture(db: Db): { imageId: number; path: string; classIds: number[] } | null {
  const row = db.prepare(`SELECT id, path FROM images WHERE source = 'camera' AND missing = 0 ORDER BY added_at DESC, id DESC LIMIT 1`).get() as
    | { id: number; path: string }
    | undefined;
  if (!row) return null;
  const classIds = (db.prepare(`SELECT class_id AS c FROM annotations WHERE image_id = ? AND kind = 'tag' AND deleted = 0`).all(row.id) as { c: number }[]).map(
    (r) => r.c,
  );
  db.prepare('DELETE FROM images WHERE id = ?').run(row.id);
  return { imageId: row.id, path: row.path, classIds };
}

/** Live images a URL import saved, by the address they came from (`source_ref`). */
export function liveUrlImages(db: Db): { id: number; ref: string | null }[] {
  return db.prepare(`SELECT id, source_ref AS ref FROM images WHERE source = 'url' AND missing = 0`).all() as { id: number; ref: string | null }[];
}
