import Database from 'better-sqlite3';
import { nativeBindingPath } from './nativeBinding.js';
import type { Db } from './openStore.js';

/** What exports read from the store: every image row, the image-level tags, and the class order. */

export interface ExportImageRow {
  id: number;
  path: string;
  status: 'todo' | 'done' | 'skipped';
  split: 'train' | 'val' | 'test' | null;
  error: string | null;
  missing: number;
  format: string | null;
  /** Upright size as indexed (EXIF orientation applied). */
  width: number | null;
  height: number | null;
  /** 1-based frame of a multi-frame file (the row's path is `FILE#N`), else null. */
  frame: number | null;
  /** From `image_meta` (DICOM and 16-bit greyscale images), else null. */
  bitsStored: number | null;
  windowCenter: number | null;
  windowWidth: number | null;
  spacingRow: number | null;
  spacingCol: number | null;
}

const ROW_COLUMNS = `i.id, i.path, i.status, i.split, i.error, i.missing, i.format, i.width, i.height, i.frame,
  m.bits_stored AS bitsStored, m.window_center AS windowCenter, m.window_width AS windowWidth,
  m.spacing_row AS spacingRow, m.spacing_col AS spacingCol`;

/** Every image, in path order (the store's binary order), so every run names and lists files the same way. */
export function exportImageRows(db: Db): ExportImageRow[] {
  return db.prepare(`SELECT ${ROW_COLUMNS} FROM images i LEFT JOIN image_meta m ON m.image_id = i.id ORDER BY i.path`).all() as ExportImageRow[];
}

/**
 * One page of `exportImageRows`: the first `limit` images whose path comes after `after` (null: from
 * the start), in path order, and only those of `split` when it is given (null: without a split).
 * Keyset paging through the path index, so a page costs the same at the end of 100,000 images as
 * at the start; the split is tested on the rows (`+i.split`), not through its own index, so SQLite
 * walks the path index in order instead of sorting a whole split for every page.
 */
export function exportImageRowsPage(db: Db, after: string | null, limit: number, split?: 'train' | 'val' | 'test' | null): ExportImageRow[] {
  const where = [after === null ? null : 'i.path > @after', split === undefined ? null : split === null ? '+i.split IS NULL' : '+i.split = @split'].filter(Boolean);
  return db
    .prepare(`SELECT ${ROW_COLUMNS} FROM images i LEFT JOIN image_meta m ON m.image_id = i.id ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.path LIMIT @limit`)
    .all({ limit, ...(after === null ? {} : { after }), ...(split ? { split } : {}) }) as ExportImageRow[];
}

/** `liveTagsByImage` for a page of images only. */
export function liveTagsOfImages(db: Db, imageIds: readonly number[]): { imageId: number; classId: number; name: string }[] {
  return db
    .prepare(
      `SELECT a.image_id AS imageId, k.id AS classId, k.name FROM annotations a JOIN classes k ON k.id = a.class_id
       WHERE a.image_id IN (SELECT value FROM json_each(?)) AND a.kind = 'tag' AND a.deleted = 0 AND k.redact = 0 ORDER BY a.image_id, k.ord, k.id`,
    )
    .all(JSON.stringify(imageIds)) as { imageId: number; classId: number; name: string }[];
}

/** `annotatedImageIds` among a page of images only. */
export function annotatedAmong(db: Db, imageIds: readonly number[]): Set<number> {
  return new Set(
    (
      db
        .prepare(
          `SELECT DISTINCT a.image_id AS id FROM annotations a JOIN classes k ON k.id = a.class_id
           WHERE a.image_id IN (SELECT value FROM json_each(?)) AND a.deleted = 0 AND k.redact = 0`,
        )
        .all(JSON.stringify(imageIds)) as { id: number }[]
    ).map((r) => r.id),
  );
}

/**
 * Live image-level tags, grouped by image and in class order within an image. Tags of archived
 * classes are included: archiving retires a class from labeling, not its data. Redaction classes
 * are not labels and are left out.
 */
export function liveTagsByImage(db: Db): { imageId: number; classId: number; name: string }[] {
  return db
    .prepare(
      `SELECT a.image_id AS imageId, k.id AS classId, k.name FROM annotations a JOIN classes k ON k.id = a.class_id
       WHERE a.kind = 'tag' AND a.deleted = 0 AND k.redact = 0 ORDER BY a.image_id, k.ord, k.id`,
    )
    .all() as { imageId: number; classId: number; name: string }[];
}

/** Ids of the images with at least one live annotation of any kind (redactions are not labels). */
export function annotatedImageIds(db: Db): Set<number> {
  return new Set(
    (
      db
        .prepare('SELECT DISTINCT a.image_id AS id FROM annotations a JOIN classes k ON k.id = a.class_id WHERE a.deleted = 0 AND k.redact = 0')
        .all() as { id: number }[]
    ).map((r) => r.id),
  );
}

/**
 * Every label class, archived ones too, in class order: exported class indices and folder names
 * follow it. Redaction classes are not labels: no format lists them.
 */
export function classesInOrder(db: Db): { id: number; name: string }[] {
  return db.prepare('SELECT id, name FROM classes WHERE redact = 0 ORDER BY ord, id').all() as { id: number; name: string }[];
}

/** Ids of the redaction classes: their regions are hidden pixels, never labels. */
export function redactClassIds(db: Db): Set<number> {
  return new Set((db.prepare('SELECT id FROM classes WHERE redact = 1').all() as { id: number }[]).map((r) => r.id));
}

/**
 * A second, read-only connection to the store, inside one read transaction: the dataset as it was
 * when the export started, however long it runs, while the app goes on writing through its own
 * connection (WAL keeps the snapshot). A streamed export counts and then pages through its images
 * in it, so both passes see the same images, splits and labels. `close` ends it.
 */
export function openReadSnapshot(db: Db): { db: Db; close(): void } {
  const binding = nativeBindingPath();
  const snap = new Database(db.name, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
  try {
    snap.pragma('busy_timeout = 10000');
    snap.exec('BEGIN');
    // A deferred transaction takes its snapshot at its first read.
    snap.prepare('SELECT COUNT(*) FROM images').pluck().get();
  } catch (e) {
    snap.close();
    throw e;
  }
  return {
    db: snap,
    close: () => {
      if (!snap.open) return;
      if (snap.inTransaction) snap.exec('ROLLBACK');
      snap.close();
    },
  };
}
