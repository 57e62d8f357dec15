import { DERIVED_SOURCE, type DerivedSourceRow } from './imageMetaRepo.js';
import type { Db } from './openStore.js';

/**
 * Single facts about one image row that services read or change on their own: its status and
 * split (undo/redo), its upright size (regions must fit it), the file it was indexed from (the
 * watcher, thumbnails). Lists of images are in imagesRepo.ts.
 */

export type ImageStatus = 'todo' | 'done' | 'skipped';
export type ImageSplit = 'train' | 'val' | 'test' | null;

export function imageStatusSplit(db: Db, imageId: number): { status: ImageStatus; split: ImageSplit } | undefined {
  return db.prepare('SELECT status, split FROM images WHERE id = ?').get(imageId) as { status: ImageStatus; split: ImageSplit } | undefined;
}

/** Set status and split and mark the image edited (inside a write transaction). */
export function writeImageStatusSplit(db: Db, imageId: number, status: ImageStatus, split: ImageSplit, now: number): void {
  db.prepare('UPDATE images SET status = ?, split = ?, updated_at = ? WHERE id = ?').run(status, split, now, imageId);
}

/** Set only the status, leaving the edit time alone (seeding the sample's labels). */
export function setImageStatus(db: Db, imageId: number, status: ImageStatus): void {
  db.prepare('UPDATE images SET status = ? WHERE id = ?').run(status, imageId);
}

/** The path and the reason of an image whose file cannot be read, or null when it is readable (or not indexed); prepared once for a loop. */
export function unreadableCheck(db: Db): (imageId: number) => { path: string; error: string } | null {
  const row = db.prepare('SELECT path, error FROM images WHERE id = ? AND error IS NOT NULL');
  return (imageId) => (row.get(imageId) as { path: string; error: string } | undefined) ?? null;
}

/** True when the image has a live region (anything but a tag). */
export function hasLiveRegion(db: Db, imageId: number): boolean {
  return db.prepare(`SELECT 1 FROM annotations WHERE image_id = ? AND kind <> 'tag' AND deleted = 0 LIMIT 1`).get(imageId) !== undefined;
}

/** A test for "is there an image row with this id", prepared once for a loop. */
export function imageExistsCheck(db: Db): (imageId: number) => boolean {
  const has = db.prepare('SELECT 1 FROM images WHERE id = ?');
  return (imageId) => has.get(imageId) !== undefined;
}

/** Upright pixel size (null until probed) and the reason it could not be read, if any. */
export function imageSizeRow(db: Db, imageId: number): { width: number | null; height: number | null; error: string | null } | undefined {
  return db.prepare('SELECT width, height, error FROM images WHERE id = ?').get(imageId) as
    | { width: number | null; height: number | null; error: string | null }
    | undefined;
}

/**
 * What a thumbnail or preview is made from: the dataset-relative path, the frame of a multi-frame
 * DICOM (1-based, its path is `FILE#N`), the content hash (null until hashed), and the format and
 * bits stored (from image_meta) that decide how it is windowed.
 */
export function imageSource(db: Db, imageId: number): DerivedSourceRow | undefined {
  return db.prepare(`${DERIVED_SOURCE} WHERE i.id = ?`).get(imageId) as DerivedSourceRow | undefined;
}

/** What the last scan recorded of the file at a dataset-relative path (bytes, mtime in ms), prepared once for a loop. */
export function indexedFileLookup(db: Db): (relPath: string) => { bytes: number; mtime: number; missing: number } | undefined {
  const row = db.prepare('SELECT bytes, mtime, missing FROM images WHERE path = ?');
  return (relPath) => row.get(relPath) as { bytes: number; mtime: number; missing: number } | undefined;
}
